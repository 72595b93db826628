"""Activity per week: calls by outcome, letters by kind and channel, promises made, kept and
broken, disputes opened and settled.

Weeks run Monday to Sunday; the report starts on the Monday of the week that holds its
first day and ends on its last day. An entry counts in the week of its date; a promise is
kept in the week its money was complete and broken in the week after its date passed
(`events.PromiseOutcome`). Undone (voided) entries do not count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from casetui.ledger import Ledger, gc_paused
from casetui.model import CallOutcome, Channel, LetterKind
from casetui.reports.document import Document, Table, document_facts
from casetui.reports.events import live_events, promise_outcomes

OUTCOMES = tuple(outcome.value for outcome in CallOutcome)
LETTER_KINDS = tuple(kind.value for kind in LetterKind)
CHANNELS = tuple(channel.value for channel in Channel)
_DAY = timedelta(days=1)
_COUNTED = frozenset({"call", "letter", "promise", "dispute", "settled"})


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class Week:
    start: date  # a Monday
    calls: Counter[str] = field(default_factory=Counter)  # by outcome
    letters: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, channel)
    promises_made: int = 0
    promises_kept: int = 0
    promises_broken: int = 0
    disputes_opened: int = 0
    disputes_settled: int = 0

    @property
    def label(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    def letters_of_kind(self, kind: str) -> int:
        return sum(n for (k, _), n in self.letters.items() if k == kind)

    def letters_by_channel(self, channel: str) -> int:
        return sum(n for (_, c), n in self.letters.items() if c == channel)


@dataclass(frozen=True)
class ActivityReport:
    first_day: date  # a Monday
    last_day: date
    weeks: tuple[Week, ...]  # oldest first, every week of the period

    def total(self) -> Week:
        """The whole period as one 'week' (for totals)."""
        whole = Week(self.first_day)
        for week in self.weeks:
            whole.calls.update(week.calls)
            whole.letters.update(week.letters)
            whole.promises_made += week.promises_made
            whole.promises_kept += week.promises_kept
            whole.promises_broken += week.promises_broken
            whole.disputes_opened += week.disputes_opened
            whole.disputes_settled += week.disputes_settled
        return whole


def default_since(last_day: date, weeks: int = 12) -> date:
    """The Monday `weeks` weeks back, so the report covers `weeks` weeks with this one."""
    return week_start(last_day) - timedelta(weeks=weeks - 1)


@gc_paused()
def activity_report(ledger: Ledger, last_day: date, since: date | None = None) -> ActivityReport:
    first = week_start(since if since is not None else default_since(last_day))
    if first > last_day:
        raise ValueError(f"the report starts ({first}) after its last day ({last_day})")
    weeks = {}
    start = first
    while start <= last_day:
        weeks[start] = Week(start)
        start += timedelta(weeks=1)
    first_text, last_text = first.isoformat(), last_day.isoformat()
    by_day: dict[str, Week] = {}  # ISO day -> its week: parsing dates is the slow part

    def week_of(day: date) -> Week | None:
        return weeks.get(week_start(day)) if first <= day <= last_day else None

    for state in ledger.each_case():
        if state.last_activity < first and (
            state.promise is None or state.promise.by < first - _DAY
        ):
            # Nothing happened in the period; only the latest promise could still break in it.
            continue
        voided = state.voided_ids
        for raw in state.raw_events:  # in id order: counting needs none
            kind = raw["kind"]
            if kind not in _COUNTED:
                continue
            text = raw["date"]
            if text < first_text or text > last_text or raw["id"] in voided:
                continue
            week = by_day.get(text)
            if week is None:
                week = by_day[text] = weeks[week_start(date.fromisoformat(text))]
            if kind == "call":
                week.calls[raw["outcome"]] += 1
            elif kind == "letter":
                week.letters[(raw["letter_kind"], raw["channel"])] += 1
            elif kind == "promise":
                week.promises_made += 1
            elif kind == "dispute":
                week.disputes_opened += 1
            else:
                week.disputes_settled += 1
        if state.promise is None:
            continue  # no promise left standing on this case (the fold keeps the latest)
        for outcome in promise_outcomes(live_events(state), last_day):
            if outcome.kept_on is not None and (week := week_of(outcome.kept_on)):
                week.promises_kept += 1
            elif outcome.broken_on is not None and (week := week_of(outcome.broken_on)):
                week.promises_broken += 1
    return ActivityReport(first, last_day, tuple(weeks.values()))


# --------------------------------------------------------------------------- outputs


def _week_json(week: Week) -> dict[str, Any]:
    return {
        "calls": {**{o: week.calls[o] for o in OUTCOMES}, "total": sum(week.calls.values())},
        "letters": {
            **{
                kind: {channel: week.letters[(kind, channel)] for channel in CHANNELS}
                for kind in LETTER_KINDS
            },
            "total": sum(week.letters.values()),
        },
        "promises": {
            "made": week.promises_made,
            "kept": week.promises_kept,
            "broken": week.promises_broken,
        },
        "disputes": {"opened": week.disputes_opened, "settled": week.disputes_settled},
    }


def activity_json(report: ActivityReport) -> dict[str, Any]:
    return {
        "from": report.first_day.isoformat(),
        "until": report.last_day.isoformat(),
        "weeks": [
            {"week": week.label, "from": week.start.isoformat(), **_week_json(week)}
            for week in report.weeks
        ],
        "total": _week_json(report.total()),
    }


_OUTCOME_HEADERS = ("Reached", "No answer", "Voicemail", "Wrong number", "Promised", "Disputed")
_KIND_HEADERS = (
    "Reminder", "Second reminder", "Formal notice", "Settlement", "Hand-over", "Instalment",
)  # fmt: skip
_CHANNEL_HEADERS = ("E-mail", "Post", "Registered")


def activity_document(report: ActivityReport, creditor: str = "") -> Document:
    weeks = report.weeks
    total = report.total()

    def table(title: str, headers: tuple[str, ...], values: Any) -> Table:
        rows = tuple((week.label, week.start.isoformat(), *values(week)) for week in weeks)
        numbers = values(total)
        return Table(
            title,
            ("Week", "From", *headers),
            rows,
            frozenset(range(2, 2 + len(headers))),
            ("Total", "", *numbers),
        )

    tables = (
        table(
            "Summary",
            ("Calls", "Letters", "Promises made", "Kept", "Broken", "Disputes opened", "Settled"),
            lambda w: (
                sum(w.calls.values()),
                sum(w.letters.values()),
                w.promises_made,
                w.promises_kept,
                w.promises_broken,
                w.disputes_opened,
                w.disputes_settled,
            ),
        ),
        table(
            "Calls by outcome",
            (*_OUTCOME_HEADERS, "Total"),
            lambda w: (*(w.calls[o] for o in OUTCOMES), sum(w.calls.values())),
        ),
        table(
            "Letters by kind",
            (*_KIND_HEADERS, "Total"),
            lambda w: (*(w.letters_of_kind(k) for k in LETTER_KINDS), sum(w.letters.values())),
        ),
        table(
            "Letters by channel",
            (*_CHANNEL_HEADERS, "Total"),
            lambda w: (*(w.letters_by_channel(c) for c in CHANNELS), sum(w.letters.values())),
        ),
    )
    return Document(
        title="Activity per week",
        facts=document_facts(
            creditor,
            ("From", report.first_day.isoformat()),
            ("Until", report.last_day.isoformat()),
        ),
        tables=tables,
        notes=(
            "Weeks run Monday to Sunday. A promise is kept in the week its money was complete "
            "and broken in the week after its date passed unpaid; undone entries do not count.",
        ),
    )
