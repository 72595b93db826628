"""Open a dispute (what the debtor contests), or settle the open one (terms, agreed amount,
a payment plan); `SettlementForm` agrees a settlement or payment plan without a dispute."""

from __future__ import annotations

from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from casetui.errors import InputError
from casetui.model import DisputeOpened, DisputeSettled, PlanInstalment, SettlementLapsed
from casetui.money import Money
from casetui.rules import check_settlement, check_within_claim
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.choices import CheckField
from casetui.tui.forms.fields import AmountField, Field, FieldNote, TextAreaField, money_text
from casetui.tui.forms.instalments import InstalmentsField


class DisputeForm(CaseForm):
    """Opens a dispute when the case has none; settles it when it has one."""

    HELP = """
## Dispute

**Open**: say what the debtor contests (required). A dispute pauses the ladder; the case
comes back after a week to see where it stands.

**Settle**: write the terms agreed (required) and, if the claim changes, the **agreed
amount**: what the debtor still pays from now on, replacing the claim (principal,
interest and costs); the line under it says what it waives of what is owed today. Leave
it empty when the claim stays as it is, interest and costs included. **Payments** makes
it a payment plan: one instalment a line (`2026-12-15 250.00`); they add up to the agreed
amount (without one, their total is what is agreed), each is watched, and a missed one
brings the case back. A settlement for more than is owed today is refused.
**Revival**: the settlement says a missed instalment revives the original claim.
**ctrl+s** saves (a refused save keeps what you typed), **escape** drops it.
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
        if dispute is not None:
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
            hint="optional: what they pay from now on; empty: the claim as it is, or the payments",
            # An empty one-line box is invisible on some terminals: the placeholder shows it.
            placeholder=f"amount in {self.currency}",
            id="agreed",
        )
        payments = InstalmentsField(self.today, self.currency, id="instalments")
        payments.owed_today = self.owed_today  # a plan for less says what it waives
        yield payments
        yield CheckField("Revival", "a missed instalment revives the original claim", id="revive")

    @on(Field.Changed, "#agreed")
    def _agreed_changed(self) -> None:
        """The payments are checked against the agreed amount as it is typed."""
        payments = self.query_one("#instalments", InstalmentsField)
        payments.agreed = self.query_one("#agreed", AmountField).value
        payments.refresh_message()

    def _describe_agreed(self, amount: Decimal) -> FieldNote:
        """What the agreed amount gives up: of the claim today (interest and costs
        included) when the case screen knows it, else of the invoice balance."""
        owed = self.owed_today if self.owed_today is not None else self.case.outstanding.amount
        what = (
            f"{money_text(owed, self.currency)} owed today"
            if self.owed_today is not None
            else "balance"
        )
        if amount < owed:
            waived = money_text(owed - amount, self.currency)
            return (f"they still pay this; {waived} of the {what} is waived", "warning")
        if amount == owed:
            return "all that is owed today" if self.owed_today is not None else "the whole balance"
        return (f"more than the {what}", "error")

    def build(self) -> EventGroup | None:
        if not self.settling:
            reason = self.query_one("#reason", TextAreaField).value
            return (DisputeOpened(date=self.today, reason=reason),)
        terms = self.query_one("#terms", TextAreaField).value
        agreed = self.query_one("#agreed", AmountField).value
        amount = Money(agreed, self.currency) if agreed is not None else None
        plan = tuple(
            PlanInstalment(due, Money(value, self.currency))
            for due, value in self.query_one("#instalments", InstalmentsField).plan
        )
        revive = bool(self.query_one("#revive", CheckField).value) and bool(plan)
        settled = DisputeSettled(
            date=self.today, terms=terms, amount=amount, instalments=plan, revive=revive
        )
        # The core's rules, before closing: a refused save keeps the form and what was typed.
        payments = self.query_one("#instalments", InstalmentsField)
        try:
            check_settlement(settled, self.currency)
            if self.owed_today is not None:
                check_within_claim(settled, self.owed_today, self.currency)
        except InputError as error:
            self.refuse(payments if plan else self.query_one("#agreed", AmountField), str(error))
            return None
        return (settled,)


class SettlementForm(DisputeForm):
    """A settlement or payment plan agreed without a dispute first (a debtor who cannot
    pay at once); on a case whose settlement is in force, ending it (it lapses)."""

    @property
    def settling(self) -> bool:
        return True

    @property
    def ending(self) -> bool:
        settlement = self.case.settlement
        return settlement is not None and settlement.lapsed is None

    def form_title(self) -> str:
        if self.ending:
            return "End the settlement"
        return "Settle the dispute" if self.case.disputed else "Settlement or payment plan"

    def compose_fields(self) -> ComposeResult:
        if not self.ending:
            yield from super().compose_fields()
            return
        settlement = self.case.settlement
        assert settlement is not None
        comes_back = (
            "its revival clause brings the original claim back: principal, interest from "
            "the original due date and costs, less what was paid"
            if settlement.revive
            else "without a revival clause, the unpaid rest of the settlement is owed"
        )
        yield Static(
            Content.from_markup(
                "Settlement of $day: $terms\nEnding it: $comes_back.",
                day=settlement.day.isoformat(),
                terms=settlement.terms,
                comes_back=comes_back,
            ),
            id="lapse-effect",
            classes="form--info",
        )
        yield TextAreaField("Note", placeholder="why the plan ends (optional)", id="note")

    def build(self) -> EventGroup | None:
        if not self.ending:
            return super().build()
        note = self.query_one("#note", TextAreaField).value
        return (SettlementLapsed(date=self.today, note=note),)
