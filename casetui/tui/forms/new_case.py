"""Open a new case: pick the customer by typing a few letters (or create one), then the invoice.

The customer field lists the ledger's customers whose name contains what was typed; **down**
walks the list and **enter** takes the highlighted name, **right** accepts the inline
completion. A name that matches no customer creates a new one: its details appear below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from casetui.checks import check_currency
from casetui.ledger import Ledger
from casetui.model import Customer, CustomerKind, Opened
from casetui.money import Money
from casetui.tui.forms.base import FormScreen
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.customer import (
    PAYMENT_TERM_DAYS,
    CustomerSuggester,
    compose_details,
    currency_for,
    describe_customer,
    read_details,
)
from casetui.tui.forms.fields import AmountField, DateField, Field, FieldNote, TextField, split_tags
from casetui.tui.forms.validators import not_in_future, rule_of


@dataclass(frozen=True)
class NewCase:
    """What the new-case form returns. With `new_customer`, the ledger saves that customer
    and sets `opened.customer_id`; otherwise `opened.customer_id` names an existing one."""

    opened: Opened
    new_customer: Customer | None


# ISO 4217 codes only (casetui.checks), as `add --currency` takes them.
currency_rule = rule_of(check_currency)


class CustomerField(TextField):
    """The customer's name, with the matching customers listed under it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "match(1)", "Next match", id="new_case.next_match", show=False),
        Binding("up", "match(-1)", "Previous match", id="new_case.previous_match", show=False),
    ]

    DEFAULT_CSS = """
    CustomerField OptionList {
        height: auto;
        max-height: 6;
        border: none;
        padding: 0 1;
        background: $surface;
        display: none;
        &.-shown { display: block; }
    }
    """

    def __init__(self, ledger: Ledger, *, id: str | None = None) -> None:
        super().__init__(
            "Customer",
            required=True,
            suggester=CustomerSuggester(ledger),
            placeholder="type a few letters of the name",
            id=id,
        )
        self.ledger = ledger
        self._matches = OptionList(markup=False)
        self._matches.can_focus = False  # driven from the input: down, up, enter

    def compose_control(self) -> ComposeResult:
        yield from super().compose_control()
        yield self._matches

    @property
    def customer(self) -> Customer | None:
        """The existing customer whose name was typed (any case, spaces collapsed)."""
        name = self.value
        return self.ledger.find_customer(name) if name else None

    def show_matches(self) -> None:
        """List the customers matching the name (only while the name is being typed)."""
        matches = self._matches
        matches.clear_options()
        name = self.value
        typing = self.control.has_focus
        found = self.ledger.search_customers(name, limit=5) if name and typing else []
        exact = self.customer
        if exact is not None and len(found) == 1:
            found = []
        for customer in found:
            prompt = Content(customer.name) + Content.styled(
                f"   {describe_customer(customer).plain}", "dim"
            )
            matches.add_option(Option(prompt, id=customer.id))
        matches.highlighted = None
        matches.set_class(bool(found), "-shown")

    @property
    def has_matches(self) -> bool:
        return self._matches.has_class("-shown")

    def action_match(self, step: int) -> None:
        matches = self._matches
        if not matches.has_class("-shown") or not matches.option_count:
            return
        current = matches.highlighted
        if current is None:
            matches.highlighted = 0 if step > 0 else matches.option_count - 1
        else:
            matches.highlighted = max(0, min(matches.option_count - 1, current + step))

    def take_highlighted(self) -> bool:
        """Put the highlighted match's name in the field; False when none is highlighted."""
        matches = self._matches
        index = matches.highlighted
        if index is None or not matches.has_class("-shown"):
            return False
        option_id = matches.get_option_at_index(index).id
        if option_id is None:
            return False
        self.text = self.ledger.customer(option_id).name
        self.control.cursor_position = len(self.text)
        return True

    @on(Input.Submitted)
    def _take_match(self) -> None:
        # Let the event bubble on: the form then moves to the next field.
        self.take_highlighted()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._matches.highlighted = event.option_index
        self.take_highlighted()


class NewCaseForm(FormScreen[NewCase | None]):
    """A new case for an existing or a new customer."""

    FORM_TITLE = "New case"

    HELP = """
## New case

**Customer**: type a few letters. Matching customers are listed under the field: **down**
and **up** walk the list, **enter** takes the highlighted one; **right** accepts the
grey completion. A name that matches nobody creates a new customer: fill in kind,
country (two letters), language, e-mail and phone.

**Amount**: `1234.56`, `1234,56` or `1.234,56`. **Currency** follows the customer (GBP
for the UK, else EUR) until you type another. **Issued** is today unless you type a day;
**Due** is proposed 30 days later for a business, 14 for a consumer. **Tags**: words
separated by spaces or commas.

**enter** or **tab** moves to the next field, **ctrl+s** saves, **escape** drops it all.
"""

    def __init__(self, ledger: Ledger, today: date) -> None:
        super().__init__()
        self.ledger = ledger
        self.today = today

    def header(self) -> Content:
        return Content.from_markup(
            "Will be case [b]$case_id[/b]", case_id=self.ledger.next_case_id(self.today.year)
        )

    def compose_fields(self) -> ComposeResult:
        yield CustomerField(self.ledger, id="customer")
        yield Static(Content(""), id="customer-info", classes="form--info")
        with Vertical(id="new-customer"):
            yield from compose_details(None)
        yield TextField(
            "Invoice",
            required=True,
            rule=self._invoice_rule,
            placeholder="its number",
            id="invoice",
        )
        yield AmountField("Amount", "EUR", id="amount")
        yield TextField(
            "Currency", value="EUR", required=True, rule=currency_rule, max_length=3, id="currency"
        )
        yield DateField(
            "Issued", self.today, value=self.today, rule=not_in_future(self.today), id="issued"
        )
        yield DateField(
            "Due",
            self.today,
            value=self.today + timedelta(days=PAYMENT_TERM_DAYS[CustomerKind.BUSINESS]),
            rule=self._due_rule,
            describe=self._describe_due,
            id="due",
        )
        yield TextField("Tags", placeholder="optional: words, separated by spaces", id="tags")

    def on_mount(self) -> None:
        self._customer_changed()

    # ----------------------------------------------------------------- customer

    @property
    def customer_field(self) -> CustomerField:
        return self.query_one("#customer", CustomerField)

    def _kind(self) -> CustomerKind:
        existing = self.customer_field.customer
        if existing is not None:
            return existing.kind
        return self.query_one("#kind", ChoiceField).value or CustomerKind.BUSINESS

    def _country(self) -> str:
        existing = self.customer_field.customer
        if existing is not None:
            return existing.country
        return self.query_one("#country", TextField).value

    @on(Field.Changed, "#customer")
    def _customer_changed(self) -> None:
        field = self.customer_field
        field.show_matches()
        self._show_customer()
        self._follow_customer()
        self.query_one("#invoice", TextField).revalidate()

    @on(Input.Blurred)
    def _customer_left(self, event: Input.Blurred) -> None:
        if event.input is self.customer_field.control:
            self.customer_field.show_matches()
            self._show_customer()

    def _show_customer(self) -> None:
        """Say whether the name is an existing customer; ask for a new one's details once
        the user stops choosing among the matches (none left, or they moved on)."""
        field = self.customer_field
        existing = field.customer
        choosing = field.has_matches and field.control.has_focus
        info = self.query_one("#customer-info", Static)
        if existing is not None:
            info.update(Content("existing customer: ") + describe_customer(existing))
        elif choosing:
            info.update(Content("down and enter pick a customer; a new name creates one"))
        elif field.value:
            info.update(Content("new customer: kind, country and contact details below"))
        info.display = bool(field.value)
        new = existing is None and bool(field.value) and not choosing
        self.query_one("#new-customer").display = new

    @on(Field.Changed, "#kind")
    @on(Field.Changed, "#country")
    def _follow_customer(self) -> None:
        self.query_one("#currency", TextField).propose(currency_for(self._country()))
        self.query_one("#due", DateField).propose_date(self._proposed_due())

    # ----------------------------------------------------------------- invoice

    def _invoice_rule(self, invoice: str) -> str | None:
        try:
            existing = self.customer_field.customer
        except NoMatches:  # validated while the form is still being built
            return None
        if existing is None:
            return None
        case = self.ledger.find_invoice(existing.id, invoice)
        if case is not None:
            return f"this customer's invoice {invoice} is already case {case.id}"
        return None

    @on(Field.Changed, "#currency")
    def _currency_changed(self) -> None:
        currency = self.query_one("#currency", TextField)
        if currency.is_valid:
            self.query_one("#amount", AmountField).currency = check_currency(currency.value)

    @on(Field.Changed, "#issued")
    def _issued_changed(self) -> None:
        due = self.query_one("#due", DateField)
        due.propose_date(self._proposed_due())
        due.revalidate()

    def _issued(self) -> date | None:
        try:
            return self.query_one("#issued", DateField).value
        except NoMatches:  # validated while the form is still being built
            return self.today

    def _proposed_due(self) -> date | None:
        issued = self._issued()
        if issued is None:
            return None
        return issued + timedelta(days=PAYMENT_TERM_DAYS[self._kind()])

    def _due_rule(self, due: date) -> str | None:
        issued = self._issued()
        if issued is not None and due < issued:
            return f"{due.isoformat()} is before the issue date {issued.isoformat()}"
        return None

    def _describe_due(self, due: date) -> FieldNote:
        issued = self._issued()
        if issued is None:
            return None
        return f"{(due - issued).days} days after issue"

    # ----------------------------------------------------------------- result

    def build(self) -> NewCase | None:
        field = self.customer_field
        existing = field.customer
        new_customer = None
        if existing is None:
            new_customer = read_details(self, Customer(id="", name=field.value))
        issued = self.query_one("#issued", DateField).value
        due = self.query_one("#due", DateField).value
        amount = self.query_one("#amount", AmountField).value
        assert issued is not None and due is not None and amount is not None
        currency = check_currency(self.query_one("#currency", TextField).value)
        opened = Opened(
            date=self.today,
            invoice=self.query_one("#invoice", TextField).value,
            customer_id=existing.id if existing is not None else "",
            issued=issued,
            due=due,
            amount=Money(amount, currency),
            tags=split_tags(self.query_one("#tags", TextField).value),
            source="manual",
        )
        return NewCase(opened=opened, new_customer=new_customer)
