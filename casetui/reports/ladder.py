"""Ladder effectiveness: after each step of the chase, how many cases got paid, and how fast.

Steps: the first reminder, the second reminder, the formal notice (letters of that kind),
a call (one we made; the debtor calling us is not a step of ours) and the hand-over. A case
*got* a step on the first day it got it; it counts when that day is in the report's period.

- *Paid in full* is the day the case's balance was cleared by a payment (the day of the last
  payment or credit note that brought it to zero, at least one of them a payment; after a
  settlement, its settled amount), or, for a case closed as paid or settled whose money was
  not recorded, the day it was closed. Written-off and credited cases were not paid.
- *Within 14 / 30 days*: paid in full on or after the step, at most 14 (30) days later,
  counted among the cases whose 14 (30) days are over by the report's last day: a step
  taken last week cannot be judged on 30 days yet. The count, the cases it is of and the
  share are one fraction (paid / past = share) everywhere: the table, the JSON, the app.
  Recent cases already paid within their window are counted apart (`recent_*`).
- *Median days to payment*: over the cases paid in full on or after the step, whenever.
- *Promises kept*: promises made on or after the step, while it was the latest step of
  the case (a later step takes over), judged as `events.PromiseOutcome` says; pending and
  replaced promises are left out of the share.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from casetui.ledger import Ledger
from casetui.model import CloseReason
from casetui.reports.document import Document, Table, document_facts
from casetui.reports.events import RawEvent, live_events, live_money, promise_outcomes
from casetui.reports.passes import count_cases
from casetui.timeline import CaseState

# (key, label): the order of the table.
STEPS = (
    ("reminder", "First reminder"),
    ("second-reminder", "Second reminder"),
    ("formal-notice", "Formal notice"),
    ("call", "Call"),
    ("handover", "Hand-over"),
)
_LETTER_STEPS = frozenset({"reminder", "second-reminder", "formal-notice"})
_PAID_CLOSES = frozenset({CloseReason.PAID, CloseReason.SETTLED})
_STEP_KINDS = frozenset({"letter", "call", "handover"})
_ORDER = itemgetter("date", "id")


@dataclass(frozen=True)
class StepLine:
    key: str
    label: str
    cases: int  # cases that got this step in the period
    paid_14: int
    paid_30: int
    over_14: int  # cases whose 14 days after the step are over
    over_30: int
    paid_14_of_over: int  # of those, paid within 14 (30) days: the shares' numerators
    paid_30_of_over: int
    median_days: float | None
    promises_kept: int
    promises_broken: int

    @property
    def share_14(self) -> float | None:
        return self.paid_14_of_over / self.over_14 if self.over_14 else None

    @property
    def share_30(self) -> float | None:
        return self.paid_30_of_over / self.over_30 if self.over_30 else None

    @property
    def share_kept(self) -> float | None:
        judged = self.promises_kept + self.promises_broken
        return self.promises_kept / judged if judged else None


@dataclass(frozen=True)
class LadderReport:
    since: date | None
    last_day: date
    steps: tuple[StepLine, ...]


def step_of(raw: RawEvent) -> str | None:
    """Which step of the chase an event is, if any."""
    kind = raw["kind"]
    if kind == "letter":
        letter_kind = raw["letter_kind"]
        return letter_kind if letter_kind in _LETTER_STEPS else None
    if kind == "call":
        return "call" if raw.get("direction", "outbound") == "outbound" else None
    if kind == "handover":
        return "handover"
    return None


def paid_in_full_on(state: CaseState) -> date | None:
    """The day the case was paid in full (see the module's notes), or None."""
    closed = state.closed
    if closed is not None and closed.reason not in _PAID_CLOSES:
        return None
    if state.outstanding_minor <= 0:
        money = list(live_money(state))
        if any(raw["kind"] == "payment" for raw in money):
            return date.fromisoformat(max(money, key=_ORDER)["date"])
    return closed.day if closed is not None else None


class _Tally:
    __slots__ = (
        "broken",
        "cases",
        "days",
        "kept",
        "matured_14",
        "matured_30",
        "over_14",
        "over_30",
        "paid_14",
        "paid_30",
    )

    def __init__(self) -> None:
        self.cases = self.paid_14 = self.paid_30 = self.over_14 = self.over_30 = 0
        self.matured_14 = self.matured_30 = 0
        self.kept = self.broken = 0
        self.days: list[int] = []


class LadderCounter:
    """`ladder_report`, a case at a time: the reports screen counts every report in one
    pass over the ledger (`reports.count_all`), each case folded once and not kept."""

    def __init__(self, last_day: date, since: date | None = None) -> None:
        self.last_day, self.since = last_day, since
        self._first = since.isoformat() if since else ""
        self._last = last_day.isoformat()
        self._tallies = {key: _Tally() for key, _ in STEPS}

    def add(self, state: CaseState) -> None:
        first, last, last_day, tallies = self._first, self._last, self.last_day, self._tallies
        # The steps of the case up to the last day, each on the first day it was taken.
        # Stored in id order, which is not always the day's: no loop below needs order but
        # the promises' (which sorts the few cases that have any).
        voided = state.voided_ids
        firsts: dict[str, str] = {}
        steps: list[tuple[str, int, str]] = []  # (day, id, step)
        promised = False
        for raw in state.raw_events:
            kind = raw["kind"]
            if kind in _STEP_KINDS:
                day_text = raw["date"]
                if day_text > last or raw["id"] in voided:
                    continue
                step = step_of(raw)
                if step is not None:
                    steps.append((day_text, raw["id"], step))
                    known = firsts.get(step)
                    if known is None or day_text < known:
                        firsts[step] = day_text
            elif kind == "promise":
                promised = True
        if not firsts:
            return  # never chased: nothing to count (most of a fresh ledger)
        paid_on = paid_in_full_on(state)
        if paid_on is not None and paid_on > last_day:
            paid_on = None  # not known on the report's last day
        for step, day_text in firsts.items():
            if day_text < first:
                continue
            tally = tallies[step]
            tally.cases += 1
            day = date.fromisoformat(day_text)
            waited = (last_day - day).days
            tally.over_14 += waited >= 14
            tally.over_30 += waited >= 30
            if paid_on is not None and paid_on >= day:
                days = (paid_on - day).days
                tally.days.append(days)
                tally.paid_14 += days <= 14
                tally.paid_30 += days <= 30
                tally.matured_14 += days <= 14 and waited >= 14
                tally.matured_30 += days <= 30 and waited >= 30
        if promised:
            steps.sort()
            _count_promises(live_events(state), steps, tallies, first, last_day)

    def report(self) -> LadderReport:
        tallies = self._tallies
        return LadderReport(
            since=self.since,
            last_day=self.last_day,
            steps=tuple(
                StepLine(
                    key=key,
                    label=label,
                    cases=tallies[key].cases,
                    paid_14=tallies[key].paid_14,
                    paid_30=tallies[key].paid_30,
                    over_14=tallies[key].over_14,
                    over_30=tallies[key].over_30,
                    paid_14_of_over=tallies[key].matured_14,
                    paid_30_of_over=tallies[key].matured_30,
                    median_days=(
                        statistics.median(tallies[key].days) if tallies[key].days else None
                    ),
                    promises_kept=tallies[key].kept,
                    promises_broken=tallies[key].broken,
                )
                for key, label in STEPS
            ),
        )


def ladder_report(ledger: Ledger, last_day: date, since: date | None = None) -> LadderReport:
    counter = LadderCounter(last_day, since)
    count_cases(ledger, counter)
    return counter.report()


def _count_promises(
    events: list[RawEvent],
    steps: list[tuple[str, int, str]],
    tallies: dict[str, _Tally],
    first: str,
    last_day: date,
) -> None:
    """Each promise made in the period goes to the case's latest step before it."""
    promises = [raw for raw in events if raw["kind"] == "promise"]
    if not promises:
        return
    for raw, outcome in zip(promises, promise_outcomes(events, last_day), strict=False):
        if raw["date"] < first:
            continue
        made = (raw["date"], raw["id"])
        step = None
        for day, event_id, name in steps:
            if (day, event_id) < made:
                step = name
            else:
                break
        if step is None:
            continue
        if outcome.kept_on is not None:
            tallies[step].kept += 1
        elif outcome.broken_on is not None:
            tallies[step].broken += 1


# --------------------------------------------------------------------------- outputs


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def of_cases(part: int, whole: int) -> str:
    """ "3 of 5": paid in time of the cases whose window is over ("–" when none is yet)."""
    return f"{part} of {whole}" if whole else "–"


def _whole(value: float | None) -> float | int | None:
    """A median as JSON: 24 rather than 24.0; a half day stays (12.5)."""
    return int(value) if value is not None and value == int(value) else value


def _ratio(value: float | None) -> str | None:
    """A share for JSON: a decimal string with four places ("0.3333"), or null."""
    return None if value is None else f"{value:.4f}"


def _median(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}"


def ladder_json(report: LadderReport) -> dict[str, Any]:
    return {
        "since": report.since.isoformat() if report.since else None,
        "until": report.last_day.isoformat(),
        "steps": [
            {
                "step": line.key,
                "label": line.label,
                "cases": line.cases,
                # paid_within_N / cases_past_N = share_paid_within_N: one fraction
                "cases_past_14_days": line.over_14,
                "paid_within_14_days": line.paid_14_of_over,
                "cases_past_30_days": line.over_30,
                "paid_within_30_days": line.paid_30_of_over,
                # steps under 14 (30) days old, already paid within them: not in the share
                "recent_paid_within_14_days": line.paid_14 - line.paid_14_of_over,
                "recent_paid_within_30_days": line.paid_30 - line.paid_30_of_over,
                "share_paid_within_14_days": _ratio(line.share_14),
                "share_paid_within_30_days": _ratio(line.share_30),
                "median_days_to_payment": _whole(line.median_days),
                "promises_kept": line.promises_kept,
                "promises_broken": line.promises_broken,
                "share_promises_kept": _ratio(line.share_kept),
            }
            for line in report.steps
        ],
    }


def ladder_document(report: LadderReport, creditor: str = "") -> Document:
    header = (
        "Step",
        "Cases",
        "Paid in 14 days",
        "Share",
        "Paid in 30 days",
        "Share",
        "Median days to payment",
        "Promises kept",
        "Promises broken",
        "Share kept",
    )
    rows = tuple(
        (
            line.label,
            line.cases,
            of_cases(line.paid_14_of_over, line.over_14),
            _share(line.paid_14_of_over, line.over_14),
            of_cases(line.paid_30_of_over, line.over_30),
            _share(line.paid_30_of_over, line.over_30),
            _median(line.median_days),
            line.promises_kept,
            line.promises_broken,
            _share(line.promises_kept, line.promises_kept + line.promises_broken),
        )
        for line in report.steps
    )
    period = (
        ("Since", report.since.isoformat()) if report.since else ("Since", "the first case"),
        ("Until", report.last_day.isoformat()),
    )
    return Document(
        title="Ladder effectiveness",
        facts=document_facts(creditor, *period),
        tables=(Table("Steps", header, rows, frozenset(range(1, 10))),),
        notes=(
            "Cases: cases that got the step for the first time in the period.",
            "Paid in 14 / 30 days: of the cases whose 14 / 30 days after the step are over "
            '("3 of 5"), those paid in full within them; the share is that fraction. A '
            "step taken more recently is not judged yet.",
            "Median days to payment: of the cases paid in full after the step.",
            "Promises: made after the step, before the next one; the share is of the "
            "promises kept or broken (pending ones are left out).",
        ),
    )
