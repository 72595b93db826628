"""Limitation (prescription) of claims: periods, what interrupts them, the last day to act.

Pure core, like the interest engines: no ledger, no UI. Start with `compute_limitation`;
`casetui.limitation` feeds it a case's timeline.
"""

from casetui.law.limitation.engine import (
    ESTIMATE_NOTE,
    InterestLimit,
    Limitation,
    LimitationEvent,
    anniversary,
    compute_limitation,
)
from casetui.law.limitation.rules import (
    ClaimKind,
    EventKind,
    Law,
    Nature,
    parse_claim,
    parse_event_kind,
    parse_law,
)
from casetui.law.limitation.settings import Settings, load_settings

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
