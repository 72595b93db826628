"""Edit a case's invoice data and its customer's details; only what changed comes back.

Invoice corrections become an `Amended` event with just the changed fields set (the timeline
keeps the original). Customer details are edited in place: the form returns the new
`Customer` value and the opener saves it with `ledger.update_customer`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Input, Static

from casetui.claims import proposed_regime
from casetui.law import REGIMES
from casetui.ledger import Ledger
from casetui.model import LIMITATION_LAWS, Amended, ClaimType, Customer
from casetui.money import Money
from casetui.timeline import CaseState
from casetui.tui.forms.base import FormScreen
from casetui.tui.forms.choices import ChoiceField, SelectField
from casetui.tui.forms.customer import (
    VatField,
    compose_details,
    compose_more_details,
    keep_unless_changed,
    read_details,
)
from casetui.tui.forms.fields import (
    AmountField,
    DateField,
    Field,
    FieldNote,
    TextAreaField,
    TextField,
    split_tags,
)
from casetui.tui.forms.validators import not_in_future


@dataclass(frozen=True)
class CaseEdit:
    """What changed: `amended` carries only changed case fields; `customer` is the new value
    of the customer's record. Either is None when that part did not change."""

    amended: Amended | None
    customer: Customer | None


AUTOMATIC = ""  # Opened.regime "" = derived from the contract's law and the customer's kind
_LAW_NAMES = {
    "be": "Belgium",
    "nl": "the Netherlands",
    "ew": "England and Wales",
    "scot": "Scotland",
}


def customer_law_field(customer: Customer) -> SelectField:
    """The limitation law of all of a customer's contracts ("" is automatic, by Rome I):
    the same field in the case's edit form and the debtor's."""
    return SelectField(
        "Their law",
        law_options("Automatic (by Rome I)", customer.limitation_law),
        value=customer.limitation_law,
        hint="the law of all this customer's contracts",
        id="customer-limitation-law",
    )


def law_options(automatic: str, current: str) -> list[tuple[str, str]]:
    """The limitation laws for a drop-down, "" (automatic) first."""
    options = [(automatic, "")]
    options += [(f"{code}  {_LAW_NAMES[code]}", code) for code in LIMITATION_LAWS]
    if current and current not in LIMITATION_LAWS:
        options.append((f"{current} (unknown)", current))
    return options


class EditForm(FormScreen[CaseEdit | None]):
    """The case's invoice data and the customer's details in one scrolling form."""

    FORM_TITLE = "Edit case and customer"

    HELP = """
## Edit case and customer

The top half corrects the invoice: number, dates, amount, the legal regime and tags. The
timeline keeps the original and records the correction (with the reason, if you give one).
For limitation: the **law** of the contract (automatic: the customer's, else your country's
for a business and the consumer's for a consumer, Rome I), what the invoice was **for**, and
the day the goods were **delivered** or the work completed (England and Wales count from it).
The bottom half edits the customer's details, for all of their cases.

**tab** and **shift+tab** move between fields (the form scrolls), **enter** or **down**
opens the regime list. **ctrl+s** saves only what changed; **escape** drops every change.
"""

    def __init__(self, case: CaseState, customer: Customer, ledger: Ledger, today: date) -> None:
        super().__init__()
        self.case = case
        self.customer = customer
        self.ledger = ledger
        self.today = today

    def header(self) -> Content:
        return Content.from_markup(
            "[b]$case_id[/b]  ·  [b]$name[/b]  ·  $customer_id",
            case_id=self.case.id,
            name=self.customer.name,
            customer_id=self.customer.id,
        )

    def compose_fields(self) -> ComposeResult:
        case, customer = self.case, self.customer
        yield Static(Content("Case"), classes="form--section")
        yield TextField(
            "Invoice", value=case.invoice, required=True, rule=self._invoice_rule, id="invoice"
        )
        yield DateField(
            "Issued", self.today, value=case.issued, rule=not_in_future(self.today), id="issued"
        )
        yield DateField("Due", self.today, value=case.due, rule=self._due_rule, id="due")
        yield AmountField(
            "Amount", case.currency, value=case.amount.amount, describe=self._describe_amount,
            id="amount",
        )  # fmt: skip
        yield SelectField("Regime", self._regime_options(), value=case.regime, id="regime")
        yield TextField(
            "Tags", value=" ".join(case.tags), placeholder="words separated by spaces", id="tags"
        )
        yield TextField("Why", placeholder="optional: reason for the correction", id="why")
        yield Static(Content("Customer"), classes="form--section")
        yield TextField("Name", value=customer.name, required=True, rule=self._name_rule, id="name")
        yield from compose_details(customer)
        yield from compose_more_details(customer)
        yield Static(Content("Limitation"), classes="form--section")
        yield SelectField(
            "Law",
            law_options(f"Automatic (now {self._automatic_law()})", case.limitation_law),
            value=case.limitation_law,
            hint="this contract's law",
            id="limitation-law",
        )
        yield ChoiceField(
            "For",
            [("", "not said"), *((kind.value, kind.value) for kind in ClaimType)],
            value=case.claim_kind,
            columns=4,
            id="claim-kind",
        )
        yield DateField(
            "Delivered",
            self.today,
            value=case.delivered,
            required=False,
            rule=not_in_future(self.today),
            hint="goods delivered or work completed (optional)",
            id="delivered",
        )
        yield customer_law_field(customer)

    def on_mount(self) -> None:
        # Existing values are corrected, not retyped: tabbing in puts the cursor at the end
        # instead of selecting the whole value (which the next key would replace).
        for field in self.query(Input):
            field.select_on_focus = False

    def _regime_options(self) -> list[tuple[str, str]]:
        creditor = self.ledger.policy.creditor_country
        automatic = proposed_regime(self.case, self.customer, creditor)
        options = [(f"Automatic (now {automatic})", AUTOMATIC)]
        # "BE B2B: Act of 2 August 2002 ..." -> "be-b2b  BE B2B": one line in the list
        options += [
            (f"{code}  {regime.label.split(':')[0]}", code) for code, regime in REGIMES.items()
        ]
        if self.case.regime not in REGIMES and self.case.regime != AUTOMATIC:
            options.append((f"{self.case.regime} (unknown)", self.case.regime))
        return options

    def _automatic_law(self) -> str:
        from casetui.limitation.cases import governing_law

        policy = self.ledger.policy
        law = governing_law("", self.customer, policy.creditor_law).law
        return law.value if law else "unknown"

    # ----------------------------------------------------------------- rules

    def _invoice_rule(self, invoice: str) -> str | None:
        other = self.ledger.find_invoice(self.case.customer_id, invoice)
        if other is not None and other.id != self.case.id:
            return f"this customer's invoice {invoice} is already case {other.id}"
        return None

    def _issued(self) -> date | None:
        try:
            return self.query_one("#issued", DateField).value
        except NoMatches:
            return self.case.issued

    def _due_rule(self, due: date) -> str | None:
        issued = self._issued()
        if issued is not None and due < issued:
            return f"{due.isoformat()} is before the issue date {issued.isoformat()}"
        return None

    def _describe_amount(self, amount: Decimal) -> FieldNote:
        if amount != self.case.amount.amount:
            return f"was {self.case.amount.amount:f}"
        return None

    def _name_rule(self, name: str) -> str | None:
        other = self.ledger.find_customer(name)
        if other is not None and other.id != self.customer.id:
            return f"{other.id} already has this name"
        return None

    @on(Field.Changed, "#issued")
    def _issued_changed(self) -> None:
        self.query_one("#due", DateField).revalidate()

    # ----------------------------------------------------------------- result

    def _amended(self) -> Amended | None:
        case = self.case
        changes: dict[str, Any] = {}
        invoice = self.query_one("#invoice", TextField)
        if invoice.user_edited and invoice.value != case.invoice:
            changes["invoice"] = invoice.value
        issued = self.query_one("#issued", DateField).value
        if issued != case.issued:
            changes["issued"] = issued
        due = self.query_one("#due", DateField).value
        if due != case.due:
            changes["due"] = due
        amount = self.query_one("#amount", AmountField).value
        if amount is not None and amount != case.amount.amount:
            changes["amount"] = Money(amount, case.currency)
        regime = self.query_one("#regime", SelectField).value
        if regime != case.regime:
            changes["regime"] = regime
        law = self.query_one("#limitation-law", SelectField).value
        if law != case.limitation_law:
            changes["limitation_law"] = law
        kind = self.query_one("#claim-kind", ChoiceField).value or ""
        if kind != case.claim_kind and kind:
            changes["claim_kind"] = ClaimType(kind)
        delivered = self.query_one("#delivered", DateField).value
        if delivered is not None and delivered != case.delivered:
            changes["delivered"] = delivered
        tags = self.query_one("#tags", TextField)
        # compared as typed: tags stored with a space in them would not survive a round trip
        if tags.user_edited and split_tags(tags.value) != case.tags:
            changes["tags"] = split_tags(tags.value)
        if not changes:
            return None
        why = self.query_one("#why", TextField).value
        return Amended(date=self.today, note=why, **changes)

    def _customer(self) -> Customer | None:
        old = self.customer
        text = self._text
        edited = replace(
            old,
            name=keep_unless_changed(old.name, text("#name")),
            address=keep_unless_changed(old.address, text("#address")),
            vat=self.query_one("#vat", VatField).checked(),
            notes=keep_unless_changed(old.notes, text("#notes")),
            limitation_law=self.query_one("#customer-limitation-law", SelectField).value,
        )
        customer = read_details(self, edited)
        return None if customer == old else customer

    def _text(self, selector: str) -> str:
        field = self.query_one(selector)
        assert isinstance(field, TextField | TextAreaField)
        return field.value

    def build(self) -> CaseEdit | None:
        amended, customer = self._amended(), self._customer()
        if amended is None and customer is None:
            self.dismiss(None)  # nothing changed: the same as cancelling
            return None
        return CaseEdit(amended=amended, customer=customer)
