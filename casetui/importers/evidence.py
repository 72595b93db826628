"""The imported files themselves, kept beside the ledger as evidence.

Each file is stored once under its SHA-256, `<ledger folder>/evidence/<sha256>.xml` (UBL) or
`.csv`, by the store (`casetui.store.evidence`, which also keeps statements and sent letters).
Cases point at it by checksum (`Opened.source = "import:<sha256>"` and a note naming the
file), so an agency or a lawyer can be given the exact document the case was opened from.
"""

from __future__ import annotations

from casetui.store.evidence import store_evidence
from casetui.store.owned import EVIDENCE_FOLDER, evidence_dir

__all__ = ["EVIDENCE_FOLDER", "evidence_dir", "store_evidence"]
