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

from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.timeline import CaseState, fold

# Event kinds that correct the record rather than tell what happened on their day.
_CORRECTIONS = frozenset({"opened", "amended", "voided"})


def owed_minor(state: CaseState) -> int:
    """What is still owed, in minor units: the balance of an open case, never below zero."""
    if state.closed is not None or state.outstanding_minor <= 0:
        return 0
    return state.outstanding_minor


def as_of(state: CaseState, day: date, policy: LadderPolicy = DEFAULT_POLICY) -> CaseState | None:
    """The case at the end of `day`, or None if its invoice was issued after that day."""
    if state.issued > day:
        return None
    if state.last_activity <= day:
        return state  # nothing happened since: the state is the same (the common case)
    cutoff = day.isoformat()
    known = [
        raw for raw in state.raw_events if raw["date"] <= cutoff or raw["kind"] in _CORRECTIONS
    ]
    return fold(state.id, known, policy)
