"""Limitation (prescription) of claims: periods, what interrupts them, the last day to act.

The calculator is pure core, like the interest engines: no ledger, no UI, and light enough to
load with any command that folds a ledger (no rate tables). Start with `compute_limitation`
(`engine`); `rules` holds the periods and what each event does, `settings` the points the
research could not verify, `report` the plain-text report. `cases` feeds the calculator a
case's timeline (ledger -> limitation), as `casetui.claims` does for interest.
"""

from casetui.limitation.engine import (
    ESTIMATE_NOTE,
    InterestLimit,
    Limitation,
    LimitationEvent,
    anniversary,
    compute_limitation,
)
from casetui.limitation.rules import (
    ClaimKind,
    EventKind,
    Law,
    Nature,
    parse_claim,
    parse_event_kind,
    parse_law,
)
from casetui.limitation.settings import Settings, load_settings

__all__ = [
    "ESTIMATE_NOTE",
    "ClaimKind",
    "EventKind",
    "InterestLimit",
    "Law",
    "Limitation",
    "LimitationEvent",
    "Nature",
    "Settings",
    "anniversary",
    "compute_limitation",
    "load_settings",
    "parse_claim",
    "parse_event_kind",
    "parse_law",
]
