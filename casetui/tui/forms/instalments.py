"""A settlement's payments typed one a line (`2026-12-15 250.00`): the letter preview's
"Payments" and the settlement form's payment plan."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from casetui.dates import parse_user_date
from casetui.errors import InputError
from casetui.money import parse_amount
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
    """A settlement's payments, one a line; empty means one payment of the whole balance."""

    def __init__(self, today: date, currency: str, *, id: str | None = None) -> None:
        super().__init__(
            "Payments",
            hint="one a line: 2026-12-15 250.00; empty: one payment",
            placeholder="DATE AMOUNT",
            id=id,
        )
        self.today = today
        self.currency = currency

    @property
    def plan(self) -> tuple[tuple[date, Decimal], ...]:
        try:
            return parse_instalments(self.text, self.today, self.currency)
        except InputError:
            return ()

    def evaluate(self) -> tuple[bool, str, Tone]:
        try:
            plan = parse_instalments(self.text, self.today, self.currency)
        except InputError as error:
            return False, str(error), "error"
        if not plan:
            return True, self.hint, "info"
        total = sum((amount for _, amount in plan), Decimal(0))
        count = f"{len(plan)} payment{'s' if len(plan) != 1 else ''}"
        return True, f"{count}, {money_text(total, self.currency)} in total", "ok"
