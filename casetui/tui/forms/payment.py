"""Record a payment; a payment that clears the balance offers to close the case as paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.suggester import SuggestFromList

from casetui.errors import InputError
from casetui.model import Closed, CloseReason, Payment
from casetui.money import Money
from casetui.rules import check_not_in_future
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.choices import CheckField
from casetui.tui.forms.fields import AmountField, DateField, Field, FieldNote, TextField, money_text

PAYMENT_METHODS = ("bank transfer", "direct debit", "card", "cash", "cheque", "PayPal")


class PaymentForm(CaseForm):
    """Money received: amount, day, method, reference; optionally closes the case as paid."""

    FORM_TITLE = "Record a payment"

    HELP = """
## Record a payment

**Amount** starts at the outstanding balance: type what arrived (a part payment is fine;
more than the balance is allowed and flagged as an overpayment).
Amounts: `1234.56`, `1234,56`, `1 234,56` or `1.234,56` (never `1,234`: ambiguous).

**Paid on** is today unless you type another day; it cannot be in the future.
**Method** completes as you type (press **right** to accept), e.g. *bank transfer*.

When the payment covers the balance, **close the case as paid** is ticked; untick it
(**space**) to keep the case open. **ctrl+s** saves, **escape** drops it.
"""

    def compose_fields(self) -> ComposeResult:
        outstanding = self.case.outstanding.amount
        yield AmountField(
            "Amount",
            self.currency,
            value=outstanding if outstanding > 0 else None,
            describe=self._describe_amount,
            id="amount",
        )
        yield DateField("Paid on", self.today, value=self.today, rule=self._not_future, id="day")
        yield TextField(
            "Method",
            value=PAYMENT_METHODS[0],
            suggester=SuggestFromList(PAYMENT_METHODS, case_sensitive=False),
            id="method",
        )
        yield TextField("Reference", placeholder="bank statement line, receipt...", id="reference")
        closes = self._covers(outstanding) if outstanding > 0 else False
        close = CheckField("Close", "close the case as paid", value=closes, id="close")
        close.display = not self.case.is_closed
        yield close

    def _not_future(self, day: date) -> str | None:
        try:
            check_not_in_future(day, self.today, "")
        except InputError as error:
            return f"{error}: record money once it has arrived"
        return None

    def _covers(self, amount: Decimal) -> bool:
        return amount >= self.case.outstanding.amount

    def _describe_amount(self, amount: Decimal) -> FieldNote:
        outstanding = self.case.outstanding.amount
        if self.case.is_closed:
            return "the case is closed: recorded as a late payment"
        if outstanding <= 0:
            return ("nothing is outstanding: this is an overpayment", "warning")
        if amount == outstanding:
            return "pays the balance in full"
        if amount < outstanding:
            left = money_text(outstanding - amount, self.currency)
            return f"part payment, leaves {left}"
        over = money_text(amount - outstanding, self.currency)
        return (f"more than the balance: overpays {over}", "warning")

    @on(Field.Changed, "#amount")
    def _amount_changed(self) -> None:
        amount = self.query_one("#amount", AmountField).value
        if amount is not None and self.case.outstanding.amount > 0:
            self.query_one("#close", CheckField).propose(self._covers(amount))

    def build(self) -> EventGroup | None:
        amount = self.query_one("#amount", AmountField).value
        day = self.query_one("#day", DateField).value
        assert amount is not None and day is not None
        payment = Payment(
            date=day,
            amount=Money(amount, self.currency),
            method=self.query_one("#method", TextField).value,
            reference=self.query_one("#reference", TextField).value,
        )
        close = self.query_one("#close", CheckField)
        if close.value and not self.case.is_closed:
            return (payment, Closed(date=day, reason=CloseReason.PAID))
        return (payment,)
