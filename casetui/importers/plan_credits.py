"""Planning credit notes, negative invoices and "paid" rows: money that reduces a case.

A credit is applied to the case(s) its document names (`refers_to`, with the issue date when
it gives one) for the same customer; one that names no known case, or a number more than one
of the customer's invoices carries, is skipped and flagged, never applied to a guessed case. A CSV
row that says an invoice is paid (or has nothing outstanding) closes its open case as paid,
recording the rest as a payment on the day of the import.
"""

from __future__ import annotations

from decimal import Decimal

from casetui.importers.plan_world import CaseView, PlannerBase, show_amount
from casetui.importers.planned import CaseWrite, PlannedAction
from casetui.importers.records import ImportedDocument, RowProblem
from casetui.model import Closed, CloseReason, Credit, Event
from casetui.model import Payment as PaymentEvent
from casetui.money import Money

PAYMENT_METHOD = "import"


class CreditPlanner(PlannerBase):
    """Credit notes, negative invoices, and skipped rows that may close a case."""

    def credit(self, doc: ImportedDocument) -> PlannedAction:
        label = "credit note" if doc.doc_type == "credit" else "negative invoice"
        credit_amount = -doc.amount
        shown = show_amount(credit_amount, doc.currency)
        match = self.world.match(doc.buyer)
        if match.conflict:
            return self._action("error", doc, match.conflict, **self._customer_fields(match))
        if match.ref is None:
            return self._action(
                "skip",
                doc,
                f"{label} {doc.number} ({shown}): {doc.buyer.name} is not a customer in the "
                "ledger, so there is no case to reduce; not applied",
                attention=True,
            )
        fields = self._customer_fields(match)
        if not doc.refers_to:
            return self._action(
                "skip",
                doc,
                f"{label} {doc.number} ({shown}) names no invoice it corrects: not applied; "
                "record it by hand on the right case",
                attention=True,
                **fields,
            )
        found = {ref: self.world.case(match.ref, ref) for ref in doc.refers_to}
        known = [view for view in found.values() if view is not None]
        missing = [ref for ref, view in found.items() if view is None]
        if not known:
            names = ", ".join(doc.refers_to)
            return self._action(
                "skip",
                doc,
                f"{label} {doc.number} ({shown}) is for invoice {names}, which is not a case "
                f"of {self.world.customer_name(match.ref)}: not applied; import the invoice "
                "first, then this file again",
                attention=True,
                **fields,
            )
        for view in known:
            self._touch(view)
        unclear = self._unclear(doc, label, shown, known, match.ref)
        if unclear is not None:
            return self._action(
                "skip", doc, unclear, case_ref=known[0].ref, attention=True, **fields
            )
        number = doc.number.casefold()
        applied = [view for view in known if number in view.credits]
        if applied:
            return self._action(
                "skip",
                doc,
                f"{label} {doc.number} already applied to {self._case_label(applied[0])}",
                case_ref=applied[0].ref,
                unchanged=True,
                **fields,
            )
        wrong = [view for view in known if view.currency != doc.currency]
        if wrong:
            return self._action(
                "skip",
                doc,
                f"{label} {doc.number} is in {doc.currency}, case "
                f"{self._case_label(wrong[0])} in {wrong[0].currency}: not applied",
                case_ref=wrong[0].ref,
                attention=True,
                **fields,
            )
        open_cases = [view for view in known if view.closed is None]
        if not open_cases:
            return self._action(
                "skip",
                doc,
                f"{label} {doc.number} ({shown}): {self._case_label(known[0])} is already "
                f"closed ({known[0].closed}); not applied (if the customer paid in full, the "
                "credit may be owed back to them)",
                case_ref=known[0].ref,
                attention=True,
                **fields,
            )
        return self._apply_credit(doc, label, credit_amount, open_cases, missing, fields)

    def _unclear(
        self,
        doc: ImportedDocument,
        label: str,
        shown: str,
        known: list[CaseView],
        customer_ref: str,
    ) -> str | None:
        """Why the credit cannot be told to belong to the cases it names, or None.

        A credit belongs to the invoice it names: the number, and the issue date when the
        document gives one. When the import read another invoice of the customer under the
        same number (even one it refused as a reused number), the number alone does not say
        which one is meant."""
        issued = dict(doc.refers_to_issued)
        for case in known:
            day = issued.get(case.invoice)
            if day is not None and day != case.issued:
                return (
                    f"{label} {doc.number} ({shown}) is for invoice {case.invoice} of {day}, "
                    f"but {self._case_label(case)} is invoice {case.invoice} of {case.issued}: "
                    "not applied; record it by hand if it is the same invoice"
                )
            others = self.world.other_invoices(customer_ref, case)
            if day is not None:
                others = [seen for seen in others if seen.issued == day]
            if others:
                also = "; ".join(
                    f"{seen.origin}: {show_amount(seen.invoiced, seen.currency)} of {seen.issued}"
                    for seen in others
                )
                return (
                    f"{label} {doc.number} ({shown}) names invoice {case.invoice}, but more "
                    f"than one invoice of {self.world.customer_name(customer_ref)} has that "
                    f"number ({self._case_label(case)}: "
                    f"{show_amount(case.amount, case.currency)} of {case.issued}; {also}): "
                    "which one it corrects is not clear, so it is not applied; record it by "
                    "hand on the right case"
                )
        return None

    def _apply_credit(
        self,
        doc: ImportedDocument,
        label: str,
        credit_amount: Decimal,
        open_cases: list[CaseView],
        missing: list[str],
        fields: dict[str, object],
    ) -> PlannedAction:
        """Spread the credit over the open cases it names, in order, each up to what it
        still owes; whatever is left goes on the last one."""
        currency = doc.currency
        credit_day = min(doc.issue_date, self.today)
        writes: list[CaseWrite] = []
        said: list[str] = []
        warnings = list(doc.warnings)
        remaining = credit_amount
        for index, case in enumerate(open_cases):
            last = index == len(open_cases) - 1
            part = remaining if last else min(remaining, max(case.outstanding, Decimal(0)))
            if part <= 0:
                continue
            remaining -= part
            left = case.outstanding - part
            events: list[Event] = [
                Credit(
                    date=credit_day,
                    amount=Money(part, currency),
                    document=doc.number,
                    note=f"{label} {doc.number} from {self._where(doc.line)}; the original "
                    f"is kept as {self.evidence}",
                )
            ]
            closed = None
            if left <= 0:
                closed = CloseReason.CREDITED.value
                note = f"{label} {doc.number} brought the balance to {show_amount(left, currency)}"
                if left < 0:
                    note += ": the credit exceeds what was owed; the customer may be owed a refund"
                    warnings.append(
                        f"the credit exceeds what {self._case_label(case)} still owed by "
                        f"{show_amount(-left, currency)}: the customer may be owed a refund"
                    )
                events.append(Closed(date=self.today, reason=CloseReason.CREDITED, note=note))
            writes.append(CaseWrite(case.ref, tuple(events)))
            said.append(
                f"invoice {case.invoice} credited {show_amount(part, currency)}, "
                + (
                    "closed (credited)"
                    if closed
                    else f"{show_amount(left, currency)} still outstanding"
                )
            )
            self.world.put_case(
                case._replace(
                    outstanding=left,
                    closed=closed,
                    credits={
                        **case.credits,
                        doc.number.casefold(): case.credits.get(doc.number.casefold(), Decimal(0))
                        + part,
                    },
                )
            )
        if missing:
            warnings.append(
                f"also names invoice {', '.join(missing)}, which is not a case of this customer"
            )
        return self._action(
            "credit",
            doc,
            f"{label} {doc.number}: " + "; ".join(said),
            case_ref=writes[0].case_ref,
            writes=tuple(writes),
            warnings=tuple(dict.fromkeys(warnings)),
            **fields,
        )

    # ----------------------------------------------------------------- paid rows

    def skipped(self, problem: RowProblem) -> PlannedAction:
        base = {"line": problem.line, "invoice": problem.number or ""}
        if problem.buyer is not None:
            base["customer"] = problem.buyer.name
        if problem.outcome is None or problem.buyer is None or problem.number is None:
            return self._action("skip", None, problem.reason, **base)
        match = self.world.match(problem.buyer)
        if match.ref is None or match.conflict:
            return self._action("skip", None, problem.reason, **base)
        case = self.world.case(match.ref, problem.number)
        if case is None:
            return self._action("skip", None, problem.reason, **base)
        self._touch(case)
        fields = {**base, **self._customer_fields(match), "case_ref": case.ref}
        shown = self._case_label(case)
        if case.closed:
            return self._action(
                "skip",
                None,
                f"{problem.reason}; {shown} is already closed ({case.closed})",
                unchanged=True,
                **fields,
            )
        if problem.issued != case.issued:
            issued = f"issued {problem.issued}" if problem.issued else "with no readable issue date"
            return self._action(
                "skip",
                None,
                f"{problem.reason}; {shown} (issued {case.issued}) is not this invoice "
                f"({issued}): left open",
                attention=True,
                **fields,
            )
        if problem.outcome == "cancelled":
            return self._action(
                "skip",
                None,
                f"{problem.reason}; {shown} is still open for "
                f"{show_amount(case.outstanding, case.currency)}: close it by hand if the invoice "
                "was cancelled",
                attention=True,
                **fields,
            )
        events: list[Event] = []
        said = f"{problem.reason}: {shown} closed as paid"
        if case.outstanding > 0:
            money = Money(case.outstanding, case.currency)
            events.append(
                PaymentEvent(
                    date=self.today, amount=money, method=PAYMENT_METHOD, reference=self.evidence
                )
            )
            said = f"{problem.reason}: payment of {money} recorded, {shown} closed as paid"
        events.append(
            Closed(
                date=self.today,
                reason=CloseReason.PAID,
                note=f"paid in full according to {self._where(problem.line)}",
            )
        )
        self.world.put_case(case._replace(outstanding=Decimal(0), closed=CloseReason.PAID.value))
        return self._action(
            "update",
            None,
            said,
            writes=(CaseWrite(case.ref, tuple(events)),),
            **fields,
        )
