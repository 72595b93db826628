"""Open a dispute (what the debtor contests), or settle the open one (terms, agreed amount)."""

from __future__ import annotations

from decimal import Decimal

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from casetui.model import DisputeOpened, DisputeSettled
from casetui.money import Money
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.fields import AmountField, FieldNote, TextAreaField, money_text


class DisputeForm(CaseForm):
    """Opens a dispute when the case has none; settles it when it has one."""

    HELP = """
## Dispute

**Open**: say what the debtor contests (required). A dispute pauses the ladder; the case
comes back after a week to see where it stands.

**Settle**: write the terms agreed (required) and, if the claim changes, the **agreed
amount**: what the debtor still pays from now on. Leave it empty when the claim stays
as it is. **ctrl+s** saves, **escape** drops it.
"""

    @property
    def settling(self) -> bool:
        return self.case.disputed

    def form_title(self) -> str:
        return "Settle the dispute" if self.settling else "Open a dispute"

    def compose_fields(self) -> ComposeResult:
        if not self.settling:
            yield TextAreaField(
                "Reason",
                required=True,
                required_message="say what the debtor disputes",
                placeholder="what the debtor contests",
                id="reason",
            )
            return
        dispute = self.case.dispute
        assert dispute is not None
        yield Static(
            Content.from_markup(
                "Disputed since $since: $reason",
                since=dispute.since.isoformat(),
                reason=dispute.reason or "(no reason given)",
            ),
            id="dispute-reason",
            classes="form--info",
        )
        yield TextAreaField(
            "Terms",
            required=True,
            required_message="write down the terms agreed",
            placeholder="what was agreed",
            id="terms",
        )
        yield AmountField(
            "Agreed",
            self.currency,
            required=False,
            describe=self._describe_agreed,
            hint="optional: the amount they still pay; empty keeps the claim as it is",
            id="agreed",
        )

    def _describe_agreed(self, amount: Decimal) -> FieldNote:
        outstanding = self.case.outstanding.amount
        if amount < outstanding:
            waived = money_text(outstanding - amount, self.currency)
            return f"they still pay this; {waived} is waived"
        if amount == outstanding:
            return "the whole balance"
        return ("more than the outstanding balance", "warning")

    def build(self) -> EventGroup | None:
        if not self.settling:
            reason = self.query_one("#reason", TextAreaField).value
            return (DisputeOpened(date=self.today, reason=reason),)
        terms = self.query_one("#terms", TextAreaField).value
        agreed = self.query_one("#agreed", AmountField).value
        amount = Money(agreed, self.currency) if agreed is not None else None
        return (DisputeSettled(date=self.today, terms=terms, amount=amount),)
