"""Edit a debtor's own details (`e` on the debtor screen): no case, no invoice.

The form returns the new `Customer` value, or `None` when nothing changed or it was
cancelled; the debtor screen saves it with `ledger.update_customer` (recorded in the
customer's history, so `casetui customer undo` takes it back).
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input

from casetui.ledger import Ledger
from casetui.model import Customer
from casetui.tui.forms.base import FormScreen
from casetui.tui.forms.choices import SelectField
from casetui.tui.forms.customer import (
    VatField,
    compose_details,
    compose_more_details,
    keep_unless_changed,
    read_details,
)
from casetui.tui.forms.edit import customer_law_field
from casetui.tui.forms.fields import TextAreaField, TextField


class DebtorForm(FormScreen[Customer | None]):
    """The debtor's name, contact person, details, address, VAT number, notes and law."""

    FORM_TITLE = "Edit debtor"

    HELP = """
## Edit debtor

The debtor's details, for all of their cases: name, the person to ask for, kind, country,
letter language, e-mail, phone, postal address, VAT or company number, notes and the law
of their contracts (for limitation). The change is kept in the debtor's history
(`casetui customer undo` takes it back).

**tab** and **shift+tab** move between fields, **ctrl+s** saves what changed, **escape**
drops every change.
"""

    def __init__(self, customer: Customer, ledger: Ledger) -> None:
        super().__init__()
        self.customer = customer
        self.ledger = ledger

    def header(self) -> Content:
        return Content.from_markup(
            "[b]$name[/b]  ·  $customer_id", name=self.customer.name, customer_id=self.customer.id
        )

    def compose_fields(self) -> ComposeResult:
        customer = self.customer
        yield TextField("Name", value=customer.name, required=True, rule=self._name_rule, id="name")
        yield TextField(
            "Contact", value=customer.contact, placeholder="the person to ask for", id="contact"
        )
        yield from compose_details(customer)
        yield from compose_more_details(customer)
        yield customer_law_field(customer)

    def on_mount(self) -> None:
        # Existing values are corrected, not retyped (as in the case's edit form).
        for field in self.query(Input):
            field.select_on_focus = False

    def _name_rule(self, name: str) -> str | None:
        other = self.ledger.find_customer(name)
        if other is not None and other.id != self.customer.id:
            return f"{other.id} already has this name"
        return None

    def _text(self, selector: str) -> str:
        field = self.query_one(selector)
        assert isinstance(field, TextField | TextAreaField)
        return field.value

    def build(self) -> Customer | None:
        old = self.customer
        edited = replace(
            old,
            name=keep_unless_changed(old.name, self._text("#name")),
            contact=keep_unless_changed(old.contact, self._text("#contact")),
            address=keep_unless_changed(old.address, self._text("#address")),
            vat=self.query_one("#vat", VatField).checked(),
            notes=keep_unless_changed(old.notes, self._text("#notes")),
            limitation_law=self.query_one("#customer-limitation-law", SelectField).value,
        )
        customer = read_details(self, edited)
        if customer == old:
            self.dismiss(None)  # nothing changed: the same as cancelling
            return None
        return customer
