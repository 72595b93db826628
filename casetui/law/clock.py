"""The legal clock: from which day costs (and for BE consumers, interest) may be charged.

Belgium, Book XIX (be-b2c, LAW.md §5.2): after the free first reminder the consumer has 14
calendar days. Day 1 is the day after an e-mail, or the third working day after posting (post
and registered mail; working days exclude Saturday, Sunday and, by default, BE public holidays).
Day 14 is day 1 + 13; interest and damages may be charged from day 15.

Netherlands, 14-day letter (nl-b2c, LAW.md §6.4): a posted letter is presumed delivered on the
second day after sending, where Sundays, Mondays and public holidays count as neither the
in-between day nor the delivery day D. An e-mail is taken as delivered on the day it is sent
(our choice; LAW.md is silent). The term runs D+1 to D+14; if its last day is a Saturday,
Sunday or holiday it is extended to the next working day (Algemene termijnenwet, a setting,
default on). Costs from the day after the term.

B2B regimes, `contract` and `none` are not limited: costs are due without a reminder.
The earliest qualifying letter counts (a later compliant letter cannot be needed once an
earlier one has run).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from casetui.errors import InputError
from casetui.law.options import ClaimOptions
from casetui.law.records import LetterRecord
from casetui.law.regimes import get_regime
from casetui.values import frozen
from casetui.workdays import add_business_days, is_holiday, roll_forward

STATUTORY_TERM_DAYS = 30


@frozen
class CostsClock:
    """Whether costs are limited by a statutory letter, and from when they may be charged.

    - not `limited`: costs are due without a reminder (`allowed_from` is None).
    - `limited` with `allowed_from`: the qualifying letter and its term are known.
    - `limited` without `allowed_from`: no qualifying letter yet; `reason` says which is needed.
    """

    limited: bool
    allowed_from: date | None
    reason: str
    letter: LetterRecord | None = None
    delivered: date | None = None  # NL: presumed delivery day D
    term_start: date | None = None
    term_end: date | None = None

    def allows(self, day: date) -> bool:
        if not self.limited:
            return True
        return self.allowed_from is not None and day >= self.allowed_from


def costs_allowed_from(
    regime: str,
    letters: Sequence[LetterRecord],
    *,
    options: ClaimOptions | None = None,
) -> CostsClock:
    """The clock for `regime` given the letters sent so far."""
    spec = get_regime(regime)
    opts = options or ClaimOptions()
    if spec.clock is None:
        return CostsClock(False, None, "Due without reminder")
    qualifying = sorted((letter for letter in letters if letter.statutory), key=lambda x: x.day)
    if spec.clock == "be-xix":
        if not qualifying:
            return CostsClock(
                True,
                None,
                "No interest or damages yet: no statutory first reminder (art. XIX.2) recorded",
            )
        return _belgian_wait(qualifying[0], opts)
    if not qualifying:
        return CostsClock(
            True,
            None,
            "No collection costs yet: no compliant 14-day letter (art. 6:96(6) BW) recorded",
        )
    return _dutch_term(qualifying[0], opts)


def _belgian_wait(letter: LetterRecord, opts: ClaimOptions) -> CostsClock:
    if letter.channel == "email":
        first = letter.day + timedelta(days=1)
        how = "the day after the e-mail"
    else:
        first = add_business_days(letter.day, 3, "BE", count_holidays=opts.be_count_holidays)
        how = "the third working day after posting"
    last = first + timedelta(days=13)
    allowed = last + timedelta(days=1)
    reason = (
        f"First reminder sent {letter.day.isoformat()} by {letter.channel}; the 14-day wait runs "
        f"{first.isoformat()} ({how}) to {last.isoformat()}; interest and damages from "
        f"{allowed.isoformat()}"
    )
    return CostsClock(True, allowed, reason, letter, None, first, last)


def presumed_delivery(sent: date) -> date:
    """NL: second day after sending, skipping Sundays, Mondays and public holidays."""
    counted = 0
    cursor = sent
    while counted < 2:
        cursor += timedelta(days=1)
        if cursor.weekday() not in (0, 6) and not is_holiday(cursor, "NL"):
            counted += 1
    return cursor


def _dutch_term(letter: LetterRecord, opts: ClaimOptions) -> CostsClock:
    delivered = letter.day if letter.channel == "email" else presumed_delivery(letter.day)
    first = delivered + timedelta(days=1)
    last = delivered + timedelta(days=14)
    if opts.nl_extend_term:
        last = roll_forward(last, "NL")
    allowed = last + timedelta(days=1)
    reason = (
        f"14-day letter sent {letter.day.isoformat()} by {letter.channel}, delivered "
        f"{delivered.isoformat()} (presumed); term {first.isoformat()} to {last.isoformat()}; "
        f"collection costs from {allowed.isoformat()}"
    )
    return CostsClock(True, allowed, reason, letter, delivered, first, last)


def statutory_due_date(regime: str, received: date) -> date:
    """Due date when none was agreed: 30 days after receipt of the invoice (B2B regimes).

    Directive art. 3(3)(b), art. 6:119a(2) BW, Act of 2 August 2002, UK 1998 Act s.4: the
    30-day period starts the day after receipt, so interest runs from receipt + 31 days
    (EU-DATE-01: received 2024-01-10, due 2024-02-09, interest from 2024-02-10).
    """
    spec = get_regime(regime)
    if spec.consumer or spec.engine in ("agreed", "none"):
        raise InputError(
            f"{spec.code} has no statutory payment term: use the agreed due date or the end of "
            "the term given in a notice"
        )
    return received + timedelta(days=STATUTORY_TERM_DAYS)
