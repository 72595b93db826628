"""The head of a case's hash chain, as a bundle's manifest names it.

The chain itself (issue 17: every event carries the SHA-256 of the one before) belongs to
the store. When the ledger provides it, the head of a case (the hash of its last event) is
read from the case's index row (`Ledger.row(case_id).head`); a ledger without a chain gives
None, and the manifest then says the case has no chain head.
"""

from __future__ import annotations

from typing import Any


def chain_head(ledger: Any, case_id: str) -> str | None:
    """The hash of the case's last event in its chain, or None when the ledger keeps none."""
    row = getattr(ledger, "row", None)
    if row is None:
        return None  # a ledger from before the hash chain
    head = getattr(row(case_id), "head", "")
    return head or None
