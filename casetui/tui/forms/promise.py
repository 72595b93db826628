"""Record a promise to pay: how much, and by when."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.app import ComposeResult

from casetui.model import Acknowledgment, Promise
from casetui.money import Money
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.fields import AmountField, DateField, FieldNote, TextField


class PromiseForm(CaseForm):
    """A promise to pay `amount` by a date (today or later). Pauses the chase until then."""

    FORM_TITLE = "Promise to pay"

    HELP = """
## Promise to pay

**Amount** starts at the outstanding balance; type a smaller amount for a part payment.
**Pay by** is required and cannot be in the past: `2026-03-14`, `+3d`, `+2w`, `fri`...
The chase pauses until that date; the day after, an unpaid promise counts as broken.
**Debtor** says how the promise was made: only one the debtor **signed** (a payment plan)
or **wrote** (an e-mail, a letter) counts as acknowledging the debt for limitation.

**ctrl+s** saves, **escape** drops it.
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
        yield DateField("Pay by", self.today, rule=self._not_before_today, id="by")
        yield TextField("Note", placeholder="optional: how, who promised", id="note")
        yield ChoiceField(
            "Debtor",
            [
                ("", "said it"),
                (Acknowledgment.WRITTEN, "wrote it"),
                (Acknowledgment.SIGNED, "signed it"),
            ],
            value="",
            columns=3,
            hint="wrote or signed: it acknowledges the debt (limitation)",
            id="acknowledged",
        )

    def _not_before_today(self, day: date) -> str | None:
        if day < self.today:
            return f"{day.isoformat()} is in the past: a promise is for today or later"
        return None

    def _describe_amount(self, amount: Decimal) -> FieldNote:
        return self.share_of_balance(amount)

    def build(self) -> EventGroup | None:
        amount = self.query_one("#amount", AmountField).value
        by = self.query_one("#by", DateField).value
        assert amount is not None and by is not None
        note = self.query_one("#note", TextField).value
        written = self.query_one("#acknowledged", ChoiceField).value or None
        return (
            Promise(
                date=self.today,
                amount=Money(amount, self.currency),
                by=by,
                note=note,
                acknowledged=written,
            ),
        )
