"""A settlement's payments typed one a line (`2026-12-15 250.00`): the letter preview's
"Payments" and the settlement form's payment plan."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from casetui.dates import parse_user_date
from casetui.errors import InputError
from casetui.model import DisputeSettled, PlanInstalment
from casetui.money import Money, parse_amount
from casetui.rules import check_settlement, check_within_claim
from casetui.tui.forms.fields import TextAreaField, Tone, money_text


def parse_instalments(text: str, today: date, currency: str) -> tuple[tuple[date, Decimal], ...]:
    """One payment a line: `2026-12-15 250.00`, `2026-12-15=250,00` or `+2w 250`."""
    plan: list[tuple[date, Decimal]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = re.split(r"\s*[=:;]\s*|\s+", line, maxsplit=1)
        if len(parts) != 2 or not parts[1].strip():
            raise InputError(f"line {number}: a date and an amount, e.g. 2026-12-15 250.00")
        try:
            day = parse_user_date(parts[0], today)
            amount = parse_amount(parts[1].strip(), currency)
        except InputError as error:
            raise InputError(f"line {number}: {error}") from None
        if amount <= 0:
            raise InputError(f"line {number}: the amount must be more than zero")
        plan.append((day, amount))
    return tuple(sorted(plan))


class InstalmentsField(TextAreaField):
    """A settlement's payments, one a line; empty means one payment of the whole balance.

    In the settlement form it is checked against the core's rules as typed: the form sets
    `agreed` (the agreed amount typed beside it) and `owed_today` (the claim today, interest
    and costs included), and the note says a sum that differs from the agreed amount, a
    plan for more than is owed, and what a plan for less gives up."""

    def __init__(self, today: date, currency: str, *, id: str | None = None) -> None:
        super().__init__(
            "Payments",
            hint="one a line: 2026-12-15 250.00; empty: one payment",
            placeholder="DATE AMOUNT",
            id=id,
        )
        self.today = today
        self.currency = currency
        self.agreed: Decimal | None = None
        self.owed_today: Decimal | None = None

    @property
    def plan(self) -> tuple[tuple[date, Decimal], ...]:
        try:
            return parse_instalments(self.text, self.today, self.currency)
        except InputError:
            return ()

    def settlement(self, terms: str = "") -> DisputeSettled:
        """The settlement the fields describe (terms aside: the form's own field)."""
        return DisputeSettled(
            date=self.today,
            terms=terms,
            amount=Money(self.agreed, self.currency) if self.agreed is not None else None,
            instalments=tuple(
                PlanInstalment(due, Money(amount, self.currency)) for due, amount in self.plan
            ),
        )

    def evaluate(self) -> tuple[bool, str, Tone]:
        try:
            plan = parse_instalments(self.text, self.today, self.currency)
        except InputError as error:
            return False, str(error), "error"
        if not plan:
            return True, self.hint, "info"
        try:
            # The core's rules for a plan (the terms are checked by their own field).
            settlement = check_settlement(self.settlement(terms="-"), self.currency)
            if self.owed_today is not None:
                check_within_claim(settlement, self.owed_today, self.currency)
        except InputError as error:
            return False, str(error), "error"
        total = sum((amount for _, amount in plan), Decimal(0))
        count = f"{len(plan)} payment{'s' if len(plan) != 1 else ''}"
        said = f"{count}, {money_text(total, self.currency)} in total"
        if self.owed_today is not None and total < self.owed_today:
            given_up = money_text(self.owed_today - total, self.currency)
            owed = money_text(self.owed_today, self.currency)
            return True, f"{said}; {given_up} of the {owed} owed today is waived", "warning"
        return True, said, "ok"
