"""What a debtor still owes on a case: one definition for every total, list and report.

A case's *balance* (`CaseState.outstanding`) is the invoice amount after amendments, less
payments and credit notes; after a dispute settled at an amount, that amount less what was
paid since. What is *owed* is that balance while the case is open, and nothing once it is
closed (paid, settled, written off, credited) or when more came in than was due. Totals of
"outstanding" add up what is owed (issue 18: one meaning everywhere).

`as_of(state, day)` is the case as it stood at the end of an earlier day: the fold of the
events dated up to that day. Corrections are not history, so they always apply: amendments
(a wrong amount or due date) and voided entries (an undone payment never happened). A case
whose invoice was issued after that day did not exist yet.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.money import Money, format_grouped, from_minor
from casetui.records import NamedTuple
from casetui.timeline import CaseState, balance, fold

# Event kinds that correct the record rather than tell what happened on their day.
_CORRECTIONS = frozenset({"opened", "amended", "voided"})
# Event kinds that change what is owed or whether it is disputed (see `owed_on`).
_BALANCE_KINDS = frozenset({"payment", "credit", "settled", "dispute", "closed", "reopened"})


def owed_minor(state: CaseState) -> int:
    """What is still owed, in minor units: the balance of an open case, never below zero."""
    return _owed(state.outstanding_minor, state.is_closed)


def _owed(balance_minor: int, closed: bool) -> int:
    return 0 if closed or balance_minor <= 0 else balance_minor


def owed(state: CaseState) -> Money:
    """What is still owed (`owed_minor`) as money: the figure every "outstanding" shows."""
    return Money(from_minor(owed_minor(state), state.currency), state.currency)


def left_at_close(state: CaseState) -> Money | None:
    """The balance a closed case gave up (written off, or waived by a settlement that closed
    it), so a screen can say where it went; None when the case is open or nothing was left."""
    if state.closed is None or state.outstanding_minor <= 0:
        return None
    return state.outstanding


def closed_words(state: CaseState) -> str:
    """How a closed case ended: `written off on 2026-10-07 (13,000.11 EUR left unpaid)`."""
    assert state.closed is not None
    words = f"{state.closed.reason.value.replace('-', ' ')} on {state.closed.day.isoformat()}"
    left = left_at_close(state)
    if left is not None:
        words += f" ({format_grouped(left.amount, state.currency)} {state.currency} left unpaid)"
    elif state.outstanding_minor < 0:  # more came in than was owed: to give back
        over = format_grouped(from_minor(-state.outstanding_minor, state.currency), state.currency)
        words += f" ({over} {state.currency} overpaid: to refund)"
    return words


def as_of(state: CaseState, day: date, policy: LadderPolicy = DEFAULT_POLICY) -> CaseState | None:
    """The case at the end of `day`, or None if its invoice was issued after that day."""
    if state.issued > day:
        return None
    if state.last_activity <= day:
        return state  # nothing happened since: the state is the same (the common case)
    return fold(state.id, _known_on(state, day.isoformat()), policy)


def owed_on(state: CaseState, day: date, policy: LadderPolicy = DEFAULT_POLICY) -> OwedOn | None:
    """What was owed on the case at the end of `day`, and whether it was disputed then;
    None if its invoice was issued after that day.

    The same as `owed_minor(as_of(state, day))`, quicker for reports over a whole ledger:
    when nothing after `day` changed the balance or the dispute (a later note, call or
    letter), the case is not folded again; when something did, only its balance is.
    """
    if state.issued > day:
        return None
    if state.last_activity > day:
        cutoff = day.isoformat()
        voided = state.voided_ids
        for raw in state.raw_events:
            if raw["date"] > cutoff and raw["kind"] in _BALANCE_KINDS and raw["id"] not in voided:
                then = balance(state.id, _known_on(state, cutoff), policy)
                return OwedOn(_owed(then.outstanding_minor, then.closed), then.disputed)
    return OwedOn(owed_minor(state), state.dispute is not None)


class OwedOn(NamedTuple):
    minor: int
    disputed: bool


def _known_on(state: CaseState, cutoff: str) -> list[dict[str, Any]]:
    return [raw for raw in state.raw_events if raw["date"] <= cutoff or raw["kind"] in _CORRECTIONS]
