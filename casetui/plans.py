"""Payment plans: a settlement in instalments, watched instalment by instalment.

A settlement (`DisputeSettled`) with instalments is a plan. The fold (`casetui.timeline`)
hands this module the plan's instalments and the money that came in since it was agreed
(payments and credit notes, oldest first); it applies that money to the instalments in the
order they fall due, and works out when each one was paid in full.

What an instalment's status is depends on the day you look (`today`), so the state keeps
facts (amounts, due dates, when paid) and answers the status on demand:

- `paid`: paid in full (on its due date or later);
- `open`: not paid in full, and its due date has not passed;
- `late`: its due date has passed, within the grace period (`instalment_grace_days` in the
  business profile, 3 days by default);
- `missed`: not paid in full by the end of the grace period. The case comes back on Today
  the day after it (on the creditor's next working day), and the user reminds the debtor
  (letter `instalment-reminder`) or ends the plan (`SettlementLapsed`).

When the last instalment is paid, the case is closed as settled in the same action as the
payment (`closing_reason`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from casetui.model import Closed, CloseReason
from casetui.money import format_grouped, from_minor
from casetui.records import NamedTuple

if TYPE_CHECKING:
    from casetui.timeline import CaseState

PAID = "paid"
OPEN = "open"
LATE = "late"
MISSED = "missed"
STATUSES = (PAID, OPEN, LATE, MISSED)

DEFAULT_GRACE_DAYS = 3


class InstalmentState(NamedTuple):
    number: int  # 1-based, in the order they fall due
    due: date
    amount_minor: int
    paid_minor: int  # what the money since the plan covered of this instalment
    paid_on: date | None  # the day it was paid in full, if it was

    @property
    def unpaid_minor(self) -> int:
        return self.amount_minor - self.paid_minor

    @property
    def is_paid(self) -> bool:
        return self.paid_minor >= self.amount_minor


class PlanState(NamedTuple):
    """A payment plan as the timeline leaves it (derived from the events, never stored)."""

    event_id: int  # the settlement that agreed it
    day: date
    currency: str
    instalments: tuple[InstalmentState, ...]
    revive: bool
    grace_days: int
    lapsed: date | None  # the day the creditor ended it

    @property
    def count(self) -> int:
        return len(self.instalments)

    @property
    def total_minor(self) -> int:
        return sum(item.amount_minor for item in self.instalments)

    @property
    def paid_minor(self) -> int:
        return sum(item.paid_minor for item in self.instalments)

    @property
    def completed(self) -> bool:
        return all(item.is_paid for item in self.instalments)

    @property
    def running(self) -> bool:
        return self.lapsed is None and not self.completed

    def first_unpaid(self) -> InstalmentState | None:
        return next((item for item in self.instalments if not item.is_paid), None)

    def missed_from(self, item: InstalmentState) -> date:
        """The first day `item` counts as missed: the day after its grace period."""
        return item.due + timedelta(days=self.grace_days + 1)

    def status_of(self, item: InstalmentState, today: date) -> str:
        if item.is_paid:
            return PAID
        if today <= item.due:
            return OPEN
        if today < self.missed_from(item):
            return LATE
        return MISSED

    def status(self, today: date) -> str:
        """`completed`, `lapsed`, `behind` (an instalment missed) or `running`."""
        if self.completed:
            return "completed"
        if self.lapsed is not None:
            return "lapsed"
        if any(self.status_of(item, today) == MISSED for item in self.instalments):
            return "behind"
        return "running"

    def money(self, minor: int) -> str:
        return format_grouped(from_minor(minor, self.currency), self.currency)

    def describe(self, item: InstalmentState) -> str:
        """ "instalment 2 of 4 (250.00, due 2026-12-15)"."""
        return (
            f"instalment {item.number} of {self.count} "
            f"({self.money(item.amount_minor)}, due {item.due.isoformat()})"
        )

    def not_paid_words(self, item: InstalmentState) -> str:
        """ "instalment 2 of 4 (250.00, due 2026-12-15) not paid", or what is short."""
        if item.paid_minor:
            return f"{self.describe(item)} not paid in full: {self.money(item.unpaid_minor)} short"
        return f"{self.describe(item)} not paid"


def allocate(
    instalments: Sequence[tuple[str, int]], money: Iterable[tuple[str, int]]
) -> tuple[InstalmentState, ...]:
    """Apply `money` ((ISO day, minor), oldest first) to `instalments` ((ISO due, minor)) in
    the order they fall due: the first is filled before the second gets anything."""
    ordered = sorted(instalments)
    targets = []  # cumulative amount that pays each instalment in full
    running = 0
    for _, amount in ordered:
        running += amount
        targets.append(running)
    paid_on: list[date | None] = [None] * len(ordered)
    total = 0
    pending = 0  # index of the first instalment not yet paid in full
    for day, minor in money:
        total += minor
        while pending < len(targets) and total >= targets[pending]:
            paid_on[pending] = date.fromisoformat(day)
            pending += 1
    states = []
    before = 0
    for index, (due, amount) in enumerate(ordered):
        covered = min(amount, max(0, total - before))
        states.append(
            InstalmentState(index + 1, date.fromisoformat(due), amount, covered, paid_on[index])
        )
        before += amount
    return tuple(states)


def closing_reason(state: CaseState, amount_minor: int) -> CloseReason | None:
    """How a payment (or credit) of `amount_minor` closes an open case: `settled` when it
    pays what a settlement left owed (the last instalment of a plan), `paid` when it pays
    the balance of an invoice, None when something is still owed (or the case is closed)."""
    if state.closed is not None or state.outstanding_minor <= 0:
        return None
    if amount_minor < state.outstanding_minor:
        return None
    settlement = state.settlement
    if settlement is not None and settlement.amount is not None and settlement.lapsed is None:
        return CloseReason.SETTLED
    return CloseReason.PAID


def closing_event(state: CaseState, amount_minor: int, day: date, how: str = "") -> Closed | None:
    """The closing that goes with a payment of `amount_minor` (`closing_reason`), or None.
    More than was owed still closes the case as paid (issue 12), and the note keeps the
    over-payment in sight: what is to be refunded is never left as a negative balance on
    an open case."""
    reason = closing_reason(state, amount_minor)
    if reason is None:
        return None
    notes = [how] if how else []
    over = amount_minor - state.outstanding_minor
    if over > 0:
        amount = format_grouped(from_minor(over, state.currency), state.currency)
        notes.append(f"overpaid by {amount} {state.currency}: to refund")
    return Closed(date=day, reason=reason, note="; ".join(notes))
