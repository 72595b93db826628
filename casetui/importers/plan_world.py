"""The state an import plans against: the ledger plus what the files planned so far add.

`World` answers "who is this buyer?" and "does this customer have this invoice?" for the
ledger's customers and cases and for those the import itself creates (named `new:N` until
they are written). `PlannerBase` holds what every planning step shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from casetui.importers.matching import number_key, party_numbers, peppol_id, peppol_key
from casetui.importers.planned import (
    NEW_PREFIX,
    Fingerprint,
    MatchKind,
    PlannedAction,
    is_new_ref,
)
from casetui.importers.records import FileParse, ImportedDocument, ImportedParty
from casetui.ledger import Ledger, normalise_name
from casetui.model import Customer
from casetui.money import Money, from_minor
from casetui.records import NamedTuple
from casetui.timeline import CaseState


def ledger_fingerprint(ledger: Ledger | None) -> Fingerprint:
    if ledger is None:
        return (0, 0, 0)
    rows = ledger.rows()  # the case index: no need to fold every case
    return (len(rows), len(ledger.customers()), sum(row.last_event_id for row in rows))


class CustomerView(NamedTuple):
    ref: str
    name: str
    numbers: frozenset[str]
    peppol: str | None


class CaseView(NamedTuple):
    ref: str
    customer_ref: str
    invoice: str
    currency: str
    issued: date
    due: date
    amount: Decimal
    outstanding: Decimal
    closed: str | None  # the close reason, None while open
    # Credit notes applied to the case: casefolded number -> amount credited here.
    credits: Mapping[str, Decimal]
    source: str
    origin: str = ""  # for a case this import opens: the name of the file it comes from


class SeenInvoice(NamedTuple):
    """An invoice document an import read for a customer, whether or not it was imported:
    two different ones with one number make a credit note naming that number ambiguous."""

    issued: date
    invoiced: Decimal
    outstanding: Decimal
    currency: str
    origin: str  # the file it came from

    def same_as(self, case: CaseView) -> bool:
        # A case imported before partly paid invoices kept their total holds the payable.
        return (
            self.issued == case.issued
            and self.currency == case.currency
            and case.amount in (self.invoiced, self.outstanding)
        )


class Match(NamedTuple):
    ref: str | None
    how: MatchKind
    detail: str  # "same VAT/company number BE0123456749", "same Peppol id ...", "same name"
    conflict: str | None = None  # why this name match must not be used
    warning: str | None = None


def case_view(state: CaseState) -> CaseView:
    credits: dict[str, Decimal] = {}
    for raw in state.raw_events:
        if raw["kind"] == "credit" and raw["id"] not in state.voided_ids and raw.get("document"):
            number = str(raw["document"]).casefold()
            amount = from_minor(raw["amount"]["minor"], state.currency)
            credits[number] = credits.get(number, Decimal(0)) + amount
    return CaseView(
        state.id,
        state.customer_id,
        state.invoice,
        state.currency,
        state.issued,
        state.due,
        state.amount.amount,
        state.outstanding.amount,
        state.closed.reason.value if state.closed else None,
        credits,
        state.source,
    )


class World:
    """The ledger as it will be after the files planned so far: ledger data plus an overlay
    of the customers and cases this import creates or changes. Snapshots make a refused
    file's changes disappear."""

    def __init__(self, ledger: Ledger | None) -> None:
        self.ledger = ledger
        self.customers: dict[str, CustomerView] = {}
        self.by_number: dict[str, str] = {}
        self.by_peppol: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self.cases: dict[tuple[str, str], CaseView] = {}
        # Every invoice document read, by (customer, casefolded number), refused files too:
        # a refused file still tells that its number belongs to more than one invoice.
        self.seen: dict[tuple[str, str], list[SeenInvoice]] = {}
        self.counter = 0
        for customer in ledger.customers() if ledger is not None else ():
            self._index(
                CustomerView(
                    customer.id,
                    customer.name,
                    frozenset(filter(None, [number_key(customer.vat)])),
                    peppol_key(customer.peppol_id),
                )
            )

    def _index(self, view: CustomerView) -> None:
        self.customers[view.ref] = view
        for number in view.numbers:
            self.by_number.setdefault(number, view.ref)
        if view.peppol:
            self.by_peppol.setdefault(view.peppol, view.ref)
        self.by_name.setdefault(normalise_name(view.name), view.ref)

    def snapshot(self) -> tuple[object, ...]:
        return (
            dict(self.customers),
            dict(self.by_number),
            dict(self.by_peppol),
            dict(self.by_name),
            dict(self.cases),
            self.counter,
        )

    def restore(self, snapshot: tuple[object, ...]) -> None:
        (
            self.customers,
            self.by_number,
            self.by_peppol,
            self.by_name,
            self.cases,
            self.counter,
        ) = snapshot  # type: ignore[assignment]
        # A customer the refused file created is gone, and its placeholder may be reused.
        for key in [key for key in self.seen if key[0] not in self.customers]:
            del self.seen[key]

    def new_ref(self) -> str:
        self.counter += 1
        return f"{NEW_PREFIX}{self.counter}"

    # ----------------------------------------------------------------- customers

    def match(self, party: ImportedParty) -> Match:
        ref, how, detail = None, "new", "new customer"
        for number in party_numbers(party):
            if (ref := self.by_number.get(number)) is not None:
                how, detail = "vat", f"same VAT/company number {number}"
                break
        peppol = peppol_key(peppol_id(party))
        if ref is None and peppol and (ref := self.by_peppol.get(peppol)) is not None:
            how, detail = "peppol", f"same Peppol id {peppol_id(party)}"
        if ref is not None:
            known = self.customers[ref]
            warning = None
            if normalise_name(known.name) != normalise_name(party.name):
                warning = (
                    f"the file calls the buyer {party.name!r}; recognised as {known.name!r} "
                    f"by the {detail.removeprefix('same ')}"
                )
            return Match(ref, how, detail, warning=warning)  # type: ignore[arg-type]
        ref = self.by_name.get(normalise_name(party.name))
        if ref is None:
            return Match(None, "new", "new customer")
        known = self.customers[ref]
        theirs = party_numbers(party)
        label = "a customer this import creates" if is_new_ref(ref) else f"customer {ref}"
        conflict = None
        if theirs and known.numbers and not set(theirs) & known.numbers:
            conflict = (
                f"VAT/company number {', '.join(sorted(known.numbers))}, while this buyer has "
                f"{theirs[0]}"
            )
        elif peppol and known.peppol and peppol != known.peppol:
            conflict = f"Peppol id {known.peppol}, while this buyer has {peppol_id(party)}"
        if conflict:
            conflict = (
                f"{label} is also called {known.name!r} but has {conflict}: a different "
                "company with the same name? Rename one of them (or correct the number), then "
                "import again"
            )
        return Match(ref, "name", "same name", conflict)

    def add_customer(self, draft: Customer) -> str:
        ref = self.new_ref()
        numbers = frozenset(filter(None, [number_key(draft.vat)]))
        self._index(CustomerView(ref, draft.name, numbers, peppol_key(draft.peppol_id)))
        return ref

    def customer_name(self, ref: str) -> str:
        return self.customers[ref].name

    # ----------------------------------------------------------------- cases

    def case(self, customer_ref: str, invoice: str) -> CaseView | None:
        view = self.cases.get((customer_ref, invoice.casefold()))
        if view is not None or is_new_ref(customer_ref) or self.ledger is None:
            return view
        state = self.ledger.find_invoice(customer_ref, invoice)
        return None if state is None else case_view(state)

    def put_case(self, view: CaseView) -> None:
        self.cases[(view.customer_ref, view.invoice.casefold())] = view

    def saw_invoice(self, customer_ref: str, doc: ImportedDocument) -> None:
        seen = SeenInvoice(
            doc.issue_date, doc.invoiced, doc.amount, doc.currency, file_name(doc.source)
        )
        found = self.seen.setdefault((customer_ref, doc.number.casefold()), [])
        if seen not in found:
            found.append(seen)

    def other_invoices(self, customer_ref: str, case: CaseView) -> list[SeenInvoice]:
        """Invoices read in this import with the case's number for its customer that are not
        the case's own invoice (one of each: the same invoice from two files counts once)."""
        others: dict[tuple[date, Decimal, str], SeenInvoice] = {}
        for seen in self.seen.get((customer_ref, case.invoice.casefold()), ()):
            if not seen.same_as(case):
                others.setdefault((seen.issued, seen.invoiced, seen.currency), seen)
        return list(others.values())


def file_name(source: str) -> str:
    return PurePath(source).name or source


def show_amount(value: Decimal, currency: str) -> str:
    return str(Money(value, currency))


class PlannerBase:
    """What planning one file needs everywhere: the world, the file, building actions."""

    def __init__(self, world: World, parse: FileParse, today: date) -> None:
        self.world = world
        self.parse = parse
        self.today = today
        self.name = file_name(parse.source)
        ext = "xml" if parse.format == "ubl" else "csv"
        self.evidence = f"evidence/{parse.sha256}.{ext}"
        self.used: set[str] = set()  # refs of customers and cases this file's actions touch
        # The file's own credit notes: an invoice row's balance does not count them yet.
        self.file_credits = {doc.number.casefold() for doc in parse.documents if doc.amount < 0}

    # ----------------------------------------------------------------- helpers

    def _where(self, line: int | None) -> str:
        return f"{self.name} line {line}" if line is not None else self.name

    def _action(
        self, kind: str, doc: ImportedDocument | None, reason: str, **fields
    ) -> PlannedAction:
        if doc is not None:
            fields.setdefault("line", doc.line)
            fields.setdefault("invoice", doc.number)
            fields.setdefault("customer", doc.buyer.name)
            fields.setdefault("amount", Money(doc.amount, doc.currency))
            if kind != "skip":  # a skip writes nothing: the file's remarks are beside the point
                fields.setdefault("warnings", doc.warnings)
        fields.setdefault("line", None)
        match_warning = fields.pop("match_warning", None)
        if match_warning is not None and kind != "skip":
            fields["warnings"] = (match_warning, *fields.get("warnings", ()))
        return PlannedAction(
            kind=kind,  # type: ignore[arg-type]
            source=self.parse.source,
            reason=reason,
            document=doc,
            **fields,
        )

    def _customer_fields(self, match: Match) -> dict[str, object]:
        if match.ref is None:
            return {}
        self.used.add(match.ref)
        fields: dict[str, object] = {
            "customer": self.world.customer_name(match.ref),
            "customer_ref": match.ref,
            "match": match.how,
        }
        if match.warning:
            fields["match_warning"] = match.warning
        return fields

    def _touch(self, view: CaseView) -> None:
        self.used.add(view.ref)

    def _case_label(self, case: CaseView) -> str:
        """`case C-2026-0001`, or `the new case from x.csv` for one this import opens."""
        return f"the new case from {case.origin}" if is_new_ref(case.ref) else f"case {case.ref}"
