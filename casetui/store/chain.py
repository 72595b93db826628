"""Each case's timeline as a hash chain: changing, removing or reordering a past event shows.

Every event stores `prev`, the SHA-256 (hex) of the canonical encoding (`canon.py`) of the
event(s) before it in id order, `prev` included, so each hash covers the whole history up
to that event. The first event links to the case's genesis, the SHA-256 of
`casetui case <case id>`, which ties the chain to its case. The hash of the last event,
the head, is kept in the case's index row, so the last event is covered too.

`prev` is a list: today it always holds one hash, but two timelines written apart (two
machines, later) can be merged by an event naming both heads (DESIGN.md section 4).

A break that `casetui reseal` accepted (an edit made on purpose) is recorded with the
hashes the two events have now; it stays accepted only while both stay as they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from casetui.store.canon import canonical

PREV = "prev"


class ChainProblem(NamedTuple):
    """Something about a case's events that does not match what was written."""

    case_id: str
    event_id: int | None  # None: about the case as a whole
    what: str

    def __str__(self) -> str:
        where = f"{self.case_id} event #{self.event_id}" if self.event_id else self.case_id
        return f"{where}: {self.what}"


class AcceptedBreak(NamedTuple):
    """A link `casetui reseal` accepted: event `event_id` and the one before it, as hashed
    at that moment."""

    event_id: int
    before: str
    this: str


def genesis(case_id: str) -> str:
    return hashlib.sha256(b"casetui case " + case_id.encode()).hexdigest()


def event_hash(event: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def link(case_id: str, events: Iterable[dict[str, Any]], head: str | None) -> str:
    """Give each new event its `prev` (after `head`, the hash of the case's last event, or
    the genesis for a new case); returns the new head."""
    current = head or genesis(case_id)
    for event in events:
        event[PREV] = [current]
        current = event_hash(event)
    return current


def check(
    case_id: str,
    events: Sequence[Mapping[str, Any]],
    head: str | None,
    accepted: Iterable[AcceptedBreak] = (),
) -> tuple[str, list[ChainProblem]]:
    """Walk a case's chain (events in id order). Returns the head the events have now and
    what does not match: a changed, removed or reordered event, or a head other than `head`
    (None: no head to compare, as when the index row is missing)."""
    problems: list[ChainProblem] = []
    allowed = {(a.event_id, a.before, a.this) for a in accepted}
    before = genesis(case_id)
    expected_id = 1
    for event in events:
        event_id = event.get("id")
        this = event_hash(event)
        if not isinstance(event_id, int):
            problems.append(ChainProblem(case_id, None, f"an event has no valid id ({event_id!r})"))
            before = this
            continue
        if event_id > expected_id:
            gone = (
                f"#{expected_id}"
                if event_id == expected_id + 1
                else f"#{expected_id} to #{event_id - 1}"
            )
            problems.append(ChainProblem(case_id, event_id, f"event {gone} is missing (removed)"))
        elif event_id < expected_id:
            problems.append(ChainProblem(case_id, event_id, "event id used twice or out of order"))
        links = event.get(PREV)
        if links != [before] and (event_id, before, this) not in allowed:
            if not isinstance(links, list) or not links:
                what = "has no link to the event before it (prev)"
            elif event_id == 1:
                what = "does not start this case's chain (moved from another case?)"
            elif event_id == expected_id:
                what = (
                    f"event #{event_id - 1} was changed after event #{event_id} was written "
                    f"(#{event_id} recorded another checksum for it)"
                )
            else:
                what = "does not follow from the event before it"
            problems.append(ChainProblem(case_id, event_id, what))
        before = this
        expected_id = max(expected_id, event_id + 1) if isinstance(event_id, int) else expected_id
    if head is not None and before != head and events:
        last = events[-1].get("id")
        problems.append(
            ChainProblem(
                case_id,
                last if isinstance(last, int) else None,
                "the last event was changed after it was written, or events after it were "
                "removed (the index records another checksum)",
            )
        )
    return before, problems
