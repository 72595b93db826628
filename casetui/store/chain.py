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

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from casetui.digest import sha256_hex
from casetui.records import NamedTuple
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
    return sha256_hex(b"casetui case " + case_id.encode())


def event_hash(event: Mapping[str, Any]) -> str:
    return sha256_hex(canonical(event))


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
    what does not match, each problem named by the event it is about: a changed event
    (the next event, or the index for the last one, recorded another checksum for it), a
    removed one (a gap in the ids), a changed link. `head` None: nothing to compare the
    last event with (the index row is missing)."""
    allowed = {(a.event_id, a.before, a.this) for a in accepted}
    breaks: list[int] = []  # positions whose link to the one before does not match
    gaps: set[int] = set()  # positions right after removed events
    problems: list[ChainProblem] = []
    before = genesis(case_id)
    expected_id = 1
    for position, event in enumerate(events):
        event_id = event.get("id")
        this = event_hash(event)
        if not isinstance(event_id, int):
            problems.append(ChainProblem(case_id, None, f"an event has no valid id ({event_id!r})"))
        elif event_id > expected_id:
            gone = (
                f"#{expected_id}"
                if event_id == expected_id + 1
                else f"#{expected_id} to #{event_id - 1}"
            )
            problems.append(
                ChainProblem(case_id, expected_id, f"was removed (events {gone} are missing)")
            )
            gaps.add(position)
        elif event_id < expected_id:
            problems.append(ChainProblem(case_id, event_id, "has the id of another event"))
        if event.get(PREV) != [before] and (event_id, before, this) not in allowed:
            breaks.append(position)
        before = this
        if isinstance(event_id, int):
            expected_id = max(expected_id, event_id + 1)
    last = len(events) - 1
    head_broken = head is not None and bool(events) and before != head
    named: set[int] = set()
    for position in breaks:
        if position in gaps:
            continue  # explained by the events removed before it
        event = events[position]
        own_link = position + 1 in breaks or (position == last and head_broken)
        if position == 0:
            subject, what = position, "does not start this case's chain (changed, or moved here)"
        elif own_link:
            subject, what = (
                position,
                "was changed after it was written (its link to the event before it too)",
            )
        else:
            subject = position - 1
            what = (
                f"was changed after it was written (event #{event.get('id')} recorded "
                "another checksum for it)"
            )
        if subject not in named:
            named.add(subject)
            problems.append(ChainProblem(case_id, _id(events[subject]), what))
    if head_broken and last not in named:
        problems.append(
            ChainProblem(
                case_id,
                _id(events[last]),
                "was changed after it was written, or events after it were removed (the "
                "index recorded another checksum for the last event)",
            )
        )
    return before, problems


def _id(event: Mapping[str, Any]) -> int | None:
    event_id = event.get("id")
    return event_id if isinstance(event_id, int) else None
