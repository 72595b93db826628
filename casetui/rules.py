"""The rules every front end follows, one function each: the CLI and the app collect input
and ask here, and `Ledger.append` enforces them again, so no front end can write what
another would refuse.

- the dates casetui takes at all (`check_in_range`);
- what happened is never dated in the future (`check_not_in_future`);
- what a closed case still takes (`closed_case_refuses`);
- a letter reaches the debtor after it was sent, never in the future (`check_receipt`);
- the follow-up a call proposes (`follow_up_after_call`), on the creditor's working days;
- when a case whose deadline passed comes back on the agenda (`back_on_agenda`);
- what a settlement and its payment plan must hold (`check_settlement`), that it is no
  more than is owed (`check_within_claim`), and when a settlement can lapse (`check_lapse`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from casetui.dates import FIRST_DAY, LAST_DAY
from casetui.errors import InputError
from casetui.ladder import LadderPolicy
from casetui.model import CallOutcome, DisputeSettled
from casetui.money import format_money
from casetui.workdays import next_working_day, roll_forward

if TYPE_CHECKING:
    from casetui.timeline import CaseState


# What may still happen to a closed case: money arriving late, notes, reopening, undo,
# corrections of the invoice data, documents attached (proof often arrives after closing).
ALLOWED_WHEN_CLOSED = frozenset(
    {"note", "payment", "credit", "reopened", "voided", "amended", "attached"}
)

# Talked, nothing agreed: look again in a week, so the talk can have its effect.
REACHED_FOLLOW_UP = timedelta(weeks=1)


def check_in_range(day: date, what: str = "date") -> date:
    """`day`, or `InputError` when it is outside the dates casetui takes."""
    if not FIRST_DAY <= day <= LAST_DAY:
        limits = f"({FIRST_DAY.year} to {LAST_DAY.year})"
        raise InputError(f"{what} {day} is out of range {limits}".lstrip())
    return day


def check_not_in_future(day: date, today: date, what: str = "date") -> date:
    """`day`, or `InputError` when it is after `today`: a call, a payment or a letter is
    recorded once it has happened."""
    if day > today:
        raise InputError(f"{what} {day} is in the future (today is {today})".lstrip())
    return day


def check_receipt(sent: date, received: date, today: date) -> date:
    """`received`, or `InputError` when a letter sent on `sent` cannot have reached the
    debtor then (before it was sent, or after today). Limitation counts a Dutch demand from
    this day (art. 3:317, 3:37(3) BW)."""
    if received < sent:
        raise InputError(f"a letter sent on {sent} cannot have been received on {received}")
    return check_not_in_future(received, today, "received")


def closed_case_refuses(kind: str) -> bool:
    """Does a closed case refuse an event of this kind (until it is reopened)?"""
    return kind not in ALLOWED_WHEN_CLOSED


def follow_up_after_call(
    outcome: CallOutcome, today: date, policy: LadderPolicy, promised_by: date | None = None
) -> date | None:
    """The next action a call proposes, by its outcome, on the creditor's working days
    (`policy.country`'s public holidays; weekends only without a country):

    - nobody picked up (no answer, voicemail, wrong number): the next working day;
    - reached, nothing agreed: in a week;
    - promised: the day after the promised date (when the promise would be broken), or
      nothing when no date was given;
    - disputed: the ladder's dispute follow-up (a week by default).
    """
    country = policy.country
    if outcome in (CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL, CallOutcome.WRONG_NUMBER):
        return next_working_day(today, country)
    if outcome is CallOutcome.PROMISED:
        return roll_forward(promised_by + timedelta(days=1), country) if promised_by else None
    if outcome is CallOutcome.DISPUTED:
        return roll_forward(today + timedelta(days=policy.dispute_follow_up_days), country)
    return roll_forward(today + REACHED_FOLLOW_UP, country)


def back_on_agenda(deadline: date, country: str) -> date:
    """The day a case comes back after its deadline passed unpaid: the day after the
    deadline, moved to the creditor's next working day (`country`'s public holidays; weekends
    only without a country). The fold records this day; a letter's preview shows it."""
    return roll_forward(deadline + timedelta(days=1), country)


def check_settlement(settlement: DisputeSettled, currency: str) -> DisputeSettled:
    """A settlement needs its terms; a payment plan's instalments fall on or after the day
    it was agreed, on different days, each more than zero, in the case's currency, and add
    up to the agreed amount when one is given."""
    if not settlement.terms.strip():
        raise InputError("a settlement needs its terms (what was agreed)")
    instalments = settlement.instalments
    if not instalments:
        if settlement.revive:
            raise InputError("a revival clause goes with a payment plan (instalments)")
        return settlement
    days = [item.due for item in instalments]
    if len(set(days)) != len(days):
        raise InputError("two instalments fall on the same day: make them one")
    for item in instalments:
        if item.due < settlement.date:
            raise InputError(
                f"instalment due {item.due} falls before the settlement ({settlement.date})"
            )
        if item.amount.currency != currency:
            raise InputError(f"{item.amount.currency} instalment on a {currency} case")
        if item.amount.amount <= 0:
            raise InputError(f"the instalment due {item.due} must be more than zero")
    total = sum((item.amount.amount for item in instalments), Decimal(0))
    if settlement.amount is not None and settlement.amount.amount != total:
        raise InputError(
            f"the instalments add up to {format_money(total, currency)}, not the agreed "
            f"{format_money(settlement.amount.amount, currency)}"
        )
    return settlement


def agreed_total(settlement: DisputeSettled) -> Decimal | None:
    """What a settlement says the debtor pays from now on: its amount, else its plan's
    instalments added up (as the fold reads it); None when it names neither."""
    if settlement.amount is not None:
        return settlement.amount.amount
    if settlement.instalments:
        return sum((item.amount.amount for item in settlement.instalments), Decimal(0))
    return None


def check_within_claim(settlement: DisputeSettled, owed_today: Decimal, currency: str) -> None:
    """`InputError` when a settlement agrees more than the claim today (principal, interest
    and costs): a compromise gives up part of a claim, it never creates a debt no invoice
    grounds (5000 typed for 50.00 would otherwise be chased). Interest on late instalments
    is claimed when they are late, not agreed in advance."""
    agreed = agreed_total(settlement)
    if agreed is not None and agreed > owed_today:
        what = (
            "the agreed amount is" if settlement.amount is not None else "the instalments add up to"
        )
        raise InputError(
            f"{what} {format_money(agreed, currency)}, more than the "
            f"{format_money(owed_today, currency)} owed today with interest and costs"
        )


def check_lapse(state: CaseState) -> None:
    """A settlement lapses once, and only one that is in force."""
    settlement = state.settlement
    plan = state.plan
    if settlement is None or settlement.lapsed is not None:
        ended = plan is not None and plan.lapsed is not None
        raise InputError(
            f"case {state.id}: the settlement already lapsed on {plan.lapsed}"
            if ended and plan is not None
            else f"case {state.id} has no settlement in force to end"
        )
