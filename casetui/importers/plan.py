"""Planning an import: parsed files + the ledger -> an `ImportPlan`. Pure: nothing is written.

Rules (IMPORT.md, issue 6):
- The debtor is recognised by VAT / enterprise number, then Peppol id, then name. A name
  match whose VAT number or Peppol id contradicts the customer's is refused as an error:
  two companies with one name must not share a case list (letters would go to the wrong one).
- An invoice whose customer already has a case with that number updates or skips it; a new
  one opens a case. A UBL invoice is a fixed document: the same file again is "already
  imported", a different one with other amounts or dates is refused (a reused number). A CSV
  row is a balance at export time: a lower balance is a payment, a changed due date an
  amendment, "paid" or zero closes the case as paid.
- A credit note or negative invoice credits the case(s) it names in `refers_to` (number, and
  the issue date when it gives one), and closes them when nothing is left. One that names no
  known case, or a number that belongs to more than one invoice of the customer (another
  invoice with that number was in the import, even a refused one), is skipped and flagged for
  the user: applying money to a guessed case would be worse than applying it by hand.
- All or nothing per file: one error refuses the whole file, and what it would have created
  is forgotten before the next file is planned. Files that contain only credits are planned
  after the others, so a credit note given before its invoice still finds the case.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from casetui.importers.matching import draft_customer
from casetui.importers.plan_credits import PAYMENT_METHOD, CreditPlanner
from casetui.importers.plan_world import (
    CaseView,
    Match,
    World,
    ledger_fingerprint,
    show_amount,
)
from casetui.importers.planned import (
    CaseWrite,
    FilePlan,
    ImportPlan,
    PlannedAction,
    is_new_ref,
)
from casetui.importers.records import FileParse, ImportedDocument, RefusedFile
from casetui.ledger import Ledger
from casetui.model import Amended, Event, Note, Opened
from casetui.model import Payment as PaymentEvent
from casetui.money import Money

__all__ = ["ledger_fingerprint", "plan_import"]


class FilePlanner(CreditPlanner):
    """Plans one file's documents and skipped rows against the world."""

    # ----------------------------------------------------------------- invoices

    def invoice(self, doc: ImportedDocument) -> PlannedAction:
        match = self.world.match(doc.buyer)
        if match.conflict:
            return self._action("error", doc, match.conflict, **self._customer_fields(match))
        if match.ref is not None:
            self.world.saw_invoice(match.ref, doc)
            existing = self.world.case(match.ref, doc.number)
            if existing is not None:
                self._touch(existing)
                return self._existing(doc, existing, match)
        if doc.due_date < doc.issue_date:
            return self._action(
                "error",
                doc,
                f"invoice {doc.number}: the due date {doc.due_date} is before the issue date "
                f"{doc.issue_date}",
            )
        if doc.issue_date > self.today:  # the ledger refuses it (`rules.check_not_in_future`)
            return self._action(
                "error",
                doc,
                f"invoice {doc.number}: issued {doc.issue_date}, after today ({self.today}): "
                "import it once it is issued",
            )
        return self._create(doc, match)

    def _create(self, doc: ImportedDocument, match: Match) -> PlannedAction:
        warnings = list(doc.warnings)
        new_customer = None
        if match.ref is None:
            new_customer, customer_warnings = draft_customer(doc.buyer)
            warnings += customer_warnings
            ref = self.world.add_customer(new_customer)
            self.used.add(ref)
            what = "new case and new customer"
            fields: dict[str, object] = {"customer_ref": ref, "match": "new"}
        else:
            ref = match.ref
            fields = self._customer_fields(match)
            what = f"new case; customer recognised by {match.detail.removeprefix('same ')}"
        self.world.saw_invoice(ref, doc)
        money = Money(doc.invoiced, doc.currency)
        opened = Opened(
            date=self.today,
            invoice=doc.number,
            customer_id=ref,
            issued=doc.issue_date,
            due=doc.due_date,
            amount=money,
            reference=doc.reference or "",
            source=f"import:{doc.sha256}",
        )
        case_ref = self.world.new_ref()
        self.world.put_case(
            CaseView(
                case_ref,
                ref,
                doc.number,
                doc.currency,
                doc.issue_date,
                doc.due_date,
                doc.invoiced,
                doc.amount,
                None,
                {},
                opened.source,
                self.name,
            )
        )
        self.used.add(case_ref)
        due_note = "" if doc.due_source == "read" else " (derived)"
        paid_note = ""
        if doc.prepaid > 0:
            paid_note = f", {Money(doc.prepaid, doc.currency)} of it already paid"
        return self._action(
            "create",
            doc,
            f"{what}: {money}{paid_note}, due {doc.due_date}{due_note}",
            new_customer=new_customer,
            case_ref=case_ref,
            opened=opened,
            writes=(CaseWrite(case_ref, self._opening_notes(doc) + self._prepayment(doc)),),
            warnings=tuple(dict.fromkeys(warnings)),
            **fields,
        )

    def _opening_notes(self, doc: ImportedDocument) -> tuple[Event, ...]:
        what = "UBL credit note" if doc.doc_type == "credit" else "UBL invoice"
        if self.parse.format == "csv":
            what = f"CSV row {doc.line}" + (f", status {doc.status!r}" if doc.status else "")
        lines = [
            f"Imported from {self.name} ({what}). The original file is kept as "
            f"{self.evidence} (named by its SHA-256 checksum)."
        ]
        details = [
            ("Buyer reference", doc.buyer_reference),
            ("Order reference", doc.order_reference),
            ("Payment terms", doc.payment_terms),
            ("Payee", doc.payee_name),
            ("Seller account", doc.seller_account),
            ("Direct-debit mandate", doc.mandate_id),
        ]
        lines += [f"{label}: {value}" for label, value in details if value]
        if doc.amount_derived:
            lines.append("The amount was computed from the file (no outstanding-amount column).")
        lines += [f"Import warning: {warning}" for warning in doc.warnings]
        notes: list[Event] = [Note(date=self.today, text="\n".join(lines))]
        if doc.due_source == "terms":
            terms = " ".join((doc.payment_terms or "").split())
            notes.append(
                Note(
                    date=self.today,
                    text=f"Due date {doc.due_date} derived from the payment terms {terms!r}: "
                    "check it.",
                )
            )
        elif doc.due_source == "default":
            days = (doc.due_date - doc.issue_date).days
            notes.append(
                Note(
                    date=self.today,
                    text=f"Due date {doc.due_date} derived: the file gives no due date or "
                    f"payment terms, so the default term of {days} days after the issue date "
                    "was used. Check it.",
                )
            )
        return tuple(notes)

    def _prepayment(self, doc: ImportedDocument) -> tuple[Event, ...]:
        """What was paid on the invoice before the import, as a payment on the case.

        The file does not say when: it is dated the invoice's issue date (a UBL PrepaidAmount
        was paid before invoicing), so that no interest is ever charged on money paid."""
        if doc.prepaid <= 0:
            return ()
        paid = Money(doc.prepaid, doc.currency)
        what = (
            "PrepaidAmount of the e-invoice"
            if self.parse.format == "ubl"
            else f"{self._where(doc.line)}: total {Money(doc.invoiced, doc.currency)}, "
            f"outstanding {Money(doc.amount, doc.currency)}"
        )
        day = min(doc.issue_date, self.today)
        return (
            PaymentEvent(date=day, amount=paid, method=PAYMENT_METHOD, reference=self.evidence),
            Note(
                date=self.today,
                text=f"{paid} was already paid on invoice {doc.number} before the import "
                f"({what}). The file does not say when: recorded on {day}, the issue date, so "
                "that no interest is charged on it.",
            ),
        )

    def _existing(self, doc: ImportedDocument, case: CaseView, match: Match) -> PlannedAction:
        fields = {**self._customer_fields(match), "case_ref": case.ref}
        label = f"invoice {doc.number} is already {self._case_label(case)}"
        if case.currency != doc.currency:
            return self._action(
                "error",
                doc,
                f"{label} in {case.currency}, but this file says {doc.currency}: a different "
                "invoice reusing the number? Not imported",
                **fields,
            )
        if case.issued != doc.issue_date:
            return self._action(
                "error",
                doc,
                f"{label}, issued {case.issued}, but this file's invoice was issued "
                f"{doc.issue_date}: a different invoice reusing the number? Not imported",
                **fields,
            )
        if self.parse.format == "ubl":
            return self._existing_document(doc, case, label, fields)
        return self._existing_balance(doc, case, fields)

    def _due_change(self, doc: ImportedDocument, case: CaseView) -> CaseWrite | None:
        if doc.due_source != "read" or doc.due_date == case.due or case.closed:
            return None
        amended = Amended(
            date=self.today,
            due=doc.due_date,
            note=f"due date {case.due} -> {doc.due_date} per {self._where(doc.line)}",
        )
        self.world.put_case(case._replace(due=doc.due_date))
        return CaseWrite(case.ref, (amended,))

    def _existing_document(
        self, doc: ImportedDocument, case: CaseView, label: str, fields: dict[str, object]
    ) -> PlannedAction:
        """A UBL invoice whose number the customer already has as a case."""
        if case.source == f"import:{doc.sha256}":
            return self._action(
                "skip", doc, "already imported from this file, unchanged", unchanged=True, **fields
            )
        # A case imported before partly paid invoices kept their total held the payable amount.
        if case.amount not in (doc.invoiced, doc.amount):
            return self._action(
                "error",
                doc,
                f"{label} for {show_amount(case.amount, case.currency)}, but this file says "
                f"{show_amount(doc.invoiced, doc.currency)}: a different document reusing the "
                "number? Not imported",
                **fields,
            )
        change = self._due_change(doc, case)
        if change is not None:
            return self._action(
                "update",
                doc,
                f"{self._case_label(case)}: due date {case.due} -> {doc.due_date}",
                writes=(change,),
                **fields,
            )
        return self._action(
            "skip",
            doc,
            f"already in the ledger as {self._case_label(case)} (same invoice from "
            "another file), unchanged",
            unchanged=True,
            **fields,
        )

    def _existing_balance(
        self, doc: ImportedDocument, case: CaseView, fields: dict[str, object]
    ) -> PlannedAction:
        """A CSV row (the balance at export time) for an invoice the ledger has as a case."""
        shown = self._case_label(case)
        # A credit note listed in the same file has been applied to the case, while the
        # tool may not have deducted it from the invoice's balance yet.
        in_file = sum(
            (amount for number, amount in case.credits.items() if number in self.file_credits),
            Decimal(0),
        )
        owed = doc.amount - in_file
        owed_text = show_amount(owed, doc.currency)
        if in_file:
            owed_text += f" (after the file's credit notes of {show_amount(in_file, doc.currency)})"
        if case.closed:
            if owed <= 0:
                return self._action(
                    "skip", doc, f"already imported as {shown}, unchanged", unchanged=True, **fields
                )
            return self._action(
                "skip",
                doc,
                f"{shown} is closed ({case.closed}), but the file still shows {owed_text} "
                "outstanding: left closed; reopen it by hand if the invoice is still unpaid",
                attention=True,
                **fields,
            )
        writes: list[CaseWrite] = []
        said: list[str] = []
        attention = False
        if (change := self._due_change(doc, case)) is not None:
            writes.append(change)
            said.append(f"due date {case.due} -> {doc.due_date}")
            case = case._replace(due=doc.due_date)
        if owed < case.outstanding:
            paid = case.outstanding - owed
            money = Money(paid, case.currency)
            payment = PaymentEvent(
                date=self.today, amount=money, method=PAYMENT_METHOD, reference=self.evidence
            )
            note = Note(
                date=self.today,
                text=f"{self._where(doc.line)} shows {owed_text} outstanding where the case had "
                f"{show_amount(case.outstanding, case.currency)}: the difference, {money}, was "
                "recorded as a payment on the day of the import.",
            )
            writes.append(CaseWrite(case.ref, (payment, note)))
            said.append(
                f"outstanding {show_amount(case.outstanding, case.currency)} -> {owed_text}: "
                f"payment of {money} recorded"
            )
            self.world.put_case(case._replace(outstanding=owed))
        elif owed > case.outstanding:
            said.append(
                f"the file shows {owed_text} outstanding, the case "
                f"{show_amount(case.outstanding, case.currency)}: not changed (a payment recorded "
                "here but not yet in your invoicing tool?)"
            )
            attention = True
        if writes:
            return self._action(
                "update",
                doc,
                f"{shown}: " + "; ".join(said),
                writes=tuple(writes),
                attention=attention,
                **fields,
            )
        if said:
            return self._action(
                "skip", doc, f"{shown}: " + "; ".join(said), attention=True, **fields
            )
        return self._action(
            "skip", doc, f"already imported as {shown}, unchanged", unchanged=True, **fields
        )

    # ----------------------------------------------------------------- the file

    def plan(self) -> list[PlannedAction]:
        parse = self.parse
        actions = [
            self._action("error", None, problem.reason, line=problem.line)
            for problem in parse.errors
        ]
        # Invoices before credits, so that a credit note finds an invoice of the same file.
        invoices = [doc for doc in parse.documents if doc.amount > 0]
        credits = [doc for doc in parse.documents if doc.amount < 0]
        actions += [self.invoice(doc) for doc in invoices]
        actions += [self.credit(doc) for doc in credits]
        actions += [self.skipped(problem) for problem in parse.skipped]
        return actions


def _bad_row(action: PlannedAction) -> PlannedAction:
    return dataclasses.replace(
        action, kind="skip", bad=True, attention=True, writes=(), warnings=()
    )


def _credit_only(item: FileParse | RefusedFile) -> bool:
    return (
        isinstance(item, FileParse)
        and bool(item.documents)
        and all(doc.amount < 0 for doc in item.documents)
    )


def plan_import(
    ledger: Ledger | None,
    parses: Sequence[FileParse | RefusedFile],
    *,
    today: date,
    contents: dict[str, bytes] | None = None,
    skip_bad: bool = False,
) -> ImportPlan:
    """What importing these files into `ledger` would do. Writes nothing.

    All or nothing per file by default; with `skip_bad`, what would refuse a file (a bad
    row, a due date before the issue date, a reused number) is a skip marked `bad` instead,
    and the rest of the file is imported.

    `parses` are the files in the order given (`parse_files(...).items`); a `RefusedFile`
    becomes a refused file plan. `ledger` None plans against an empty ledger. `contents`
    (file bytes by SHA-256) lets `apply_import` store the evidence copies without reading the
    files again.
    """
    world = World(ledger)
    ordered = sorted(parses, key=_credit_only)  # stable: credit-only files last
    files: list[FilePlan] = []
    created_by_file: dict[str, str] = {}
    for item in ordered:
        if isinstance(item, RefusedFile):
            files.append(FilePlan(item.source, refused=item.reason))
            continue
        snapshot = world.snapshot()
        planner = FilePlanner(world, item, today)
        actions = planner.plan()
        if skip_bad:
            # Safe to keep the rest: the planner checks before it changes the world.
            actions = [_bad_row(action) if action.kind == "error" else action for action in actions]
        refused = any(action.kind == "error" for action in actions)
        if refused:
            world.restore(snapshot)
        depends_on = sorted(
            {
                created_by_file[ref]
                for ref in planner.used
                if ref in created_by_file and created_by_file[ref] != item.source
            }
        )
        if not refused:
            for ref in planner.used:
                if is_new_ref(ref):
                    created_by_file.setdefault(ref, item.source)
        files.append(
            FilePlan(
                item.source,
                item.format,
                item.sha256,
                tuple(actions),
                item.warnings,
                depends_on=tuple(depends_on),
                parse=item,
            )
        )
    kept = {sha: data for sha, data in (contents or {}).items()}
    return ImportPlan(today, tuple(files), ledger_fingerprint(ledger), kept)
