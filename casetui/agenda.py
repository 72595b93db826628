"""Today's agenda: the cases that need action on a given day, why, and in which order.

A case is on the agenda when its next action date (see `casetui.timeline`) is on or before
today. The order is an urgency score that explains itself: every point comes with the words
that earned it, so "why is this first?" always has an answer.

Score (documented here, tested in tests/test_agenda.py):
- the reason itself: promise broken 40, instalment of a payment plan missed 40, claim may
  become time-barred (a limitation warning,
  see `casetui.limitation.cases`) 35, deadline of a letter passed 30, follow-up due 25, snooze
  ended 20, overdue with no reminder 20, step due 20, dispute open 15, hand-over check 10,
  overpaid 8, paid in full 5;
- lateness: 2 per day since the action fell due, at most 20;
- days overdue: 1 per 3 days past the invoice's due date, at most 30;
- amount outstanding, by band: under 100: 2, 500: 5, 1,000: 10, 5,000: 15, 20,000: 20,
  above: 25;
- history: 10 per promise broken before the current one, at most 20.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from casetui.money import currency_exponent, format_grouped, format_minor
from casetui.records import NamedTuple
from casetui.timeline import CaseState, NextAction, Reason

_REASON_POINTS = {
    Reason.PROMISE_BROKEN: 40,
    Reason.INSTALMENT_MISSED: 40,
    Reason.LIMITATION: 35,
    Reason.DEADLINE_PASSED: 30,
    Reason.FOLLOW_UP: 25,
    Reason.SNOOZE_ENDED: 20,
    Reason.OVERDUE_NO_REMINDER: 20,
    Reason.STEP_DUE: 20,
    Reason.DISPUTE_OPEN: 15,
    Reason.HANDOVER_CHECK: 10,
    Reason.OVERPAID: 8,
    Reason.PAID_IN_FULL: 5,
}

_REASON_WORDS = {reason: reason.value.replace("-", " ") for reason in Reason}

# Outstanding-amount bands (upper limit in currency units, points); above the last: 25.
_AMOUNT_BANDS = ((100, 2), (500, 5), (1000, 10), (5000, 15), (20000, 20))

_LETTER_NAMES = {
    "reminder": "reminder",
    "second-reminder": "second reminder",
    "formal-notice": "formal notice",
    "settlement": "settlement",
    "handover": "hand-over",
    "instalment-reminder": "instalment reminder",
}


class ScorePart(NamedTuple):
    """One term of the score in words. (A NamedTuple: the agenda of a big ledger builds
    100,000 of them for `agenda --json`, and a frozen dataclass costs five times more.)"""

    points: int
    why: str


class AgendaItem(NamedTuple):
    """One case on the agenda. Words are made on demand: a 50k-case ledger can have
    thousands of cases due, and a screen shows a few dozen of them. (A NamedTuple because
    building thousands of them is a third of the agenda's cost as dataclasses.)"""

    case: CaseState
    action: NextAction
    score: int
    today: date

    @property
    def reason(self) -> str:
        return explain(self.case, self.action, self.today)

    @property
    def parts(self) -> tuple[ScorePart, ...]:
        return score_parts(self.case, self.action, self.today)

    def explain_score(self) -> str:
        return ", ".join(f"+{part.points} {part.why}" for part in self.parts)


def _ago(day: date, today: date) -> str:
    return _days_ago((today - day).days)


@cache  # a few hundred distinct values, asked for by every item of a long agenda
def _days_ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def explain(case: CaseState, action: NextAction, today: date) -> str:
    """The reason for the next action, in words, as of `today` (future tense if not due).

    A limitation warning that is due while the case is on Today for another reason comes
    first, before that reason: it must not wait behind it (nor be cut off in a narrow
    column).
    """
    text = explain_action(case, action, today)
    alert = case.limitation_alert
    if alert is not None and action.reason is not Reason.LIMITATION and alert.date <= today:
        return f"{alert.words(today)}; {text}"
    return text


def explain_action(case: CaseState, action: NextAction, today: date) -> str:
    """`explain` without a limitation warning put before the reason: for a caller that
    knows the case has no warning due today (`agenda --json` reads its day from the row)."""
    if action.date > today:
        return _explain_waiting(case, action)
    reason = action.reason
    if reason in _WORDS_OF_THE_ACTION:
        return _action_words(action, today)
    if reason is Reason.LIMITATION and case.limitation_alert is not None:
        return case.limitation_alert.words(today)
    if reason is Reason.PROMISE_BROKEN:
        promised = _promised_amount(action.detail, case.currency)
        return f"promise of {promised} broken {_ago(action.arose, today)}"
    if reason is Reason.INSTALMENT_MISSED and (words := case.instalment_words) is not None:
        return words[0]
    if reason is Reason.OVERDUE_NO_REMINDER:
        return _no_reminder_yet(case.days_overdue(today))
    if reason is Reason.DISPUTE_OPEN:
        dispute = case.dispute  # (an index row decodes it on each ask: once)
        since = dispute.since if dispute else action.arose
        suffix = f": {action.detail}" if action.detail else ""
        return f"dispute open for {(today - since).days} days{suffix}"
    if reason is Reason.HANDOVER_CHECK:
        handover = case.handover
        since = handover.day if handover else action.arose
        return f"handed over to {action.detail} {_ago(since, today)}: ask for news"
    over = format_minor(-case.outstanding_minor, case.currency, grouped=True)
    return f"overpaid by {over}: refund or close"


# Reasons whose words (when due) come from the action and the day alone: many cases share
# them (a thousand reminders sent the same day), so they are made once (`_action_words`).
_WORDS_OF_THE_ACTION = frozenset(
    {
        Reason.DEADLINE_PASSED,
        Reason.FOLLOW_UP,
        Reason.SNOOZE_ENDED,
        Reason.STEP_DUE,
        Reason.PAID_IN_FULL,
    }
)


# The same, as the reasons' values (an index row's `agenda` list holds them).
ACTION_WORDS = frozenset(reason.value for reason in _WORDS_OF_THE_ACTION)


@lru_cache(maxsize=4096)
def _action_words(action: NextAction, today: date) -> str:
    reason = action.reason
    if reason is Reason.DEADLINE_PASSED:
        # The case comes back the day after the deadline; the deadline itself is the day before.
        deadline = date.fromordinal(action.arose.toordinal() - 1)
        return f"{_letter(action.detail)} deadline passed {_ago(deadline, today)}"
    if reason is Reason.FOLLOW_UP:
        if action.detail == "reopened":
            return "case reopened"
        if action.detail == "lapsed":
            return "settlement lapsed: chase what is owed"
        late = "" if action.arose == today else f" (since {_ago(action.arose, today)})"
        return f"follow-up due{late}"
    if reason is Reason.SNOOZE_ENDED:
        return "snooze ended" + (f": {action.detail}" if action.detail else "")
    if reason is Reason.STEP_DUE:
        return f"{_letter(action.detail)} stage has run its time: next step due"
    return "paid in full: close the case"


@cache
def _no_reminder_yet(days_overdue: int) -> str:
    return f"{days_overdue} days overdue, no reminder yet"


def _explain_waiting(case: CaseState, action: NextAction) -> str:
    """What a case is waiting for, when its next action lies in the future."""
    on = action.date.isoformat()
    reason = action.reason
    if reason is Reason.PROMISE_BROKEN:
        by = case.promise.by.isoformat() if case.promise else on
        return f"waiting for the promised {_promised(case)} by {by}"
    if reason is Reason.DEADLINE_PASSED:
        return f"waiting: {_letter(action.detail)} deadline runs until {_day_before(action.arose)}"
    if reason is Reason.INSTALMENT_MISSED and (words := case.instalment_words) is not None:
        return f"payment plan: {words[1]}"
    if reason is Reason.FOLLOW_UP:
        return f"follow-up on {on}"
    if reason is Reason.SNOOZE_ENDED:
        return f"snoozed until {on}" + (f": {action.detail}" if action.detail else "")
    if reason is Reason.OVERDUE_NO_REMINDER:
        return f"first reminder from {on}"
    if reason is Reason.STEP_DUE:
        return f"next step from {on}"
    if reason is Reason.DISPUTE_OPEN:
        return f"dispute open: follow up on {on}"
    if reason is Reason.HANDOVER_CHECK:
        return f"handed over to {action.detail}: check on {on}"
    if reason is Reason.LIMITATION and case.limitation_alert is not None:
        alert = case.limitation_alert
        verb = "extinguished" if alert.extinctive else "time-barred"
        return f"limitation warning on {on}: the claim may be {verb} after {alert.last_day}"
    return f"{reason.value.replace('-', ' ')} on {on}"


@lru_cache(maxsize=4096)
def _promised_amount(amount: str, currency: str) -> str:
    """A broken promise's amount, grouped: its action holds it as its detail (plain), so
    the words need no promise decoded (3,000 broken promises on an agenda of 50k cases)."""
    return format_grouped(Decimal(amount), currency)


def _promised(case: CaseState) -> str:
    promise = case.promise  # an index row decodes it on each ask: once
    return "" if promise is None else format_grouped(promise.amount.amount, case.currency)


def _letter(kind: str) -> str:
    return _LETTER_NAMES.get(kind, kind)


def _day_before(day: date) -> str:
    return date.fromordinal(day.toordinal() - 1).isoformat()


def score(case: CaseState, action: NextAction, today: date) -> int:
    """The sum of `score_parts`, without the words: this runs for every case due today.
    tests/test_agenda.py checks that both agree."""
    day = today.toordinal()
    return fixed_points(case, action) + points_for_today(
        day, action.arose.toordinal(), case.due.toordinal()
    )


def fixed_points(case: CaseState, action: NextAction) -> int:
    """The part of the score that does not depend on today: the reason, the amount band and
    the promises broken before. The case index keeps it per case (`casetui.caseindex`)."""
    points = _REASON_POINTS[action.reason]
    outstanding = case.outstanding_minor
    if outstanding > 0:
        points += amount_points(outstanding, case.currency)
    if case.broken_promises:
        points += min(20, 10 * case.broken_promises)
    return points


def points_for_today(day: int, action_day: int, due_day: int) -> int:
    """The part that grows with time, from ordinal days: days since the reason arose (2 per day,
    at most 20) and days past the due date (1 per 3 days from the third, at most 30)."""
    points = 0
    late = day - action_day
    if late > 0:
        points += 20 if late >= 10 else 2 * late
    overdue = day - due_day
    if overdue >= 3:
        points += 30 if overdue >= 90 else overdue // 3
    return points


_BANDS_BY_CURRENCY: dict[str, tuple[tuple[int, int], ...]] = {}


def _bands(currency: str) -> tuple[tuple[int, int], ...]:
    """The amount bands in the currency's minor units (cached per currency)."""
    bands = _BANDS_BY_CURRENCY.get(currency)
    if bands is None:
        unit = 10 ** currency_exponent(currency)
        bands = tuple((limit * unit, points) for limit, points in _AMOUNT_BANDS)
        _BANDS_BY_CURRENCY[currency] = bands
    return bands


def score_parts(case: CaseState, action: NextAction, today: date) -> tuple[ScorePart, ...]:
    """The score, term by term, in words: "+40 promise broken", "+14 due 7 days ago".
    (`score` adds the same points without the words; tests/test_agenda.py checks both.)"""
    day = today.toordinal()
    terms = score_terms(
        action.reason,
        day - action.arose.toordinal(),
        day - case.due.toordinal(),
        case.outstanding_minor,
        case.currency,
        case.broken_promises,
    )
    return tuple(ScorePart(points, why) for points, why in terms)


def score_terms(
    reason: Reason,
    late: int,
    overdue: int,
    outstanding: int,
    currency: str,
    broken: int,
    grouped: str | None = None,
) -> list[tuple[int, str]]:
    """`score_parts` from plain numbers, as (points, words): days since the reason arose
    (`late`) and past the invoice's due date (`overdue`), the balance in minor units (and
    `grouped`, as `format_minor(..., grouped=True)` writes it, when the caller has it), the
    promises broken before. (`agenda --json` calls it with what the index rows hold,
    23,000 times at 50k cases: every term but the amount's is one made once and shared.)"""
    terms = [_reason_term(reason)]
    if late > 0:
        terms.append(_late_term(late))
    if overdue >= 3:
        terms.append(_overdue_term(overdue))
    if outstanding > 0:
        terms.append(amount_term(outstanding, currency, grouped))
    if broken:
        terms.append(_broken_term(broken))
    return terms


def amount_term(outstanding: int, currency: str, grouped: str | None = None) -> tuple[int, str]:
    """The term of a balance above zero (minor units; `grouped` as in `score_terms`)."""
    if grouped is None:
        grouped = format_minor(outstanding, currency, grouped=True)
    return amount_points(outstanding, currency), f"{grouped} outstanding"


def amount_points(outstanding: int, currency: str) -> int:
    """The points of a balance above zero (minor units), by band."""
    for limit, band_points in _BANDS_BY_CURRENCY.get(currency) or _bands(currency):
        if outstanding < limit:
            return band_points
    return 25


@cache
def _reason_term(reason: Reason) -> tuple[int, str]:
    return _REASON_POINTS[reason], _REASON_WORDS[reason]


@cache
def _late_term(days: int) -> tuple[int, str]:
    return 20 if days >= 10 else 2 * days, f"due {_days_ago(days)}"


@cache
def _overdue_term(days: int) -> tuple[int, str]:
    return 30 if days >= 90 else days // 3, f"{days} days overdue"


@cache
def _broken_term(broken: int) -> tuple[int, str]:
    return min(20, 10 * broken), f"{broken} promises broken before"


def item_for(case: CaseState, today: date) -> AgendaItem | None:
    """The agenda entry for one case, or None when it needs nothing today."""
    action = case.next_action
    if action is None or action.date > today:
        return None
    return AgendaItem(case, action, score(case, action, today), today)


def build_agenda(cases: Iterable[CaseState], today: date) -> list[AgendaItem]:
    """Cases that need action on `today`, most urgent first (ties: oldest action, then id)."""
    ranked = []
    for case in cases:
        action = case.next_action
        if action is not None and action.date <= today:
            points = score(case, action, today)
            # Sorting plain tuples is much faster than a key function; ids are unique, so
            # the comparison never reaches the case itself.
            ranked.append((-points, action.date, case.id, case, action, points))
    ranked.sort()
    return [AgendaItem(case, action, points, today) for *_, case, action, points in ranked]


def next_due(cases: Iterable[CaseState], today: date) -> tuple[date, CaseState] | None:
    """The first day after today on which something falls due (for "All done" screens)."""
    best: tuple[date, CaseState] | None = None
    for case in cases:
        action = case.next_action
        if action is not None and action.date > today and (best is None or action.date < best[0]):
            best = (action.date, case)
    return best
