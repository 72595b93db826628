"""What the reports read from a case's timeline: its live events in order, and its promises.

Reports count what happened as it is known today: an undone (voided) entry never happened,
so it is left out everywhere, as the fold leaves it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from casetui.records import NamedTuple
from casetui.timeline import CaseState

RawEvent = dict[str, Any]

_ORDER = itemgetter("date", "id")


def live_money(state: CaseState) -> Iterator[RawEvent]:
    """The case's payments and credit notes that count, in no particular order."""
    voided = state.voided_ids
    for raw in state.raw_events:
        kind = raw["kind"]
        if (kind == "payment" or kind == "credit") and raw["id"] not in voided:
            yield raw


def live_events(state: CaseState) -> list[RawEvent]:
    """The case's events that count (not voided, no `voided` markers), by (date, id)."""
    voided = state.voided_ids
    if voided:
        events = [
            raw for raw in state.raw_events if raw["id"] not in voided and raw["kind"] != "voided"
        ]
    else:
        events = list(state.raw_events)
    # Stored in id order, which is nearly always date order: checking beats sorting.
    previous = ""
    for raw in events:
        day = raw["date"]
        if day < previous:
            events.sort(key=_ORDER)
            break
        previous = day
    return events


class PromiseOutcome(NamedTuple):
    """One promise to pay and what became of it, as of the report's last day.

    The rules are the fold's (`casetui.timeline`): payments and credits count from the day
    the promise was made until a newer promise replaces it. It is *kept* the day they reach
    the promised amount; *broken* the day after its date when they had not by then and it
    was not replaced before that date; otherwise it was replaced, or is still pending.
    A broken promise that is paid later counts as kept, as the case screen shows it.
    """

    made_on: date
    by: date
    amount_minor: int
    kept_on: date | None
    broken_on: date | None


def promise_outcomes(events: list[RawEvent], until: date) -> Iterator[PromiseOutcome]:
    """Every live promise of one case (events from `live_events`), judged as of `until`."""
    current: RawEvent | None = None
    paid = 0
    kept_on: str | None = None
    last = until.isoformat()
    for raw in events:
        kind = raw["kind"]
        day = raw["date"]
        if day > last:
            break
        if kind == "payment" or kind == "credit":
            if current is not None and day >= current["date"]:
                paid += raw["amount"]["minor"]
                if kept_on is None and paid >= current["amount"]["minor"]:
                    kept_on = day
        elif kind == "promise":
            if current is not None:
                yield _outcome(current, kept_on, replaced_on=day, until=last)
            current, paid, kept_on = raw, 0, None
    if current is not None:
        yield _outcome(current, kept_on, replaced_on=None, until=last)


def _outcome(
    promise: RawEvent, kept_on: str | None, *, replaced_on: str | None, until: str
) -> PromiseOutcome:
    by = promise["by"]
    broken_on = None
    if kept_on is None and (replaced_on or until) > by:
        broken_on = date.fromisoformat(by) + timedelta(days=1)
    return PromiseOutcome(
        date.fromisoformat(promise["date"]),
        date.fromisoformat(by),
        promise["amount"]["minor"],
        date.fromisoformat(kept_on) if kept_on else None,
        broken_on,
    )
