"""Files that letters leave behind: an outbox of `.eml` files for the user, and the evidence
kept beside the ledger.

- `keep_evidence`: the exact bytes of a sent e-mail (`.eml`) or of a registered letter
  (`.pdf`) in `evidence/<sha256>.<ext>` beside the ledger, as imports keep their files
  (`casetui.store.evidence`).
- `outbox_name`, `write_outbox`: an `.eml` file for a letter in an outbox folder, written by
  the one guarded writer (`casetui.userfiles`: whole or not at all, 0600, never over a file
  of the ledger's).
"""

from __future__ import annotations

import re
from pathlib import Path

from casetui.store.evidence import store_evidence
from casetui.store.owned import evidence_dir
from casetui.userfiles import write_user_file


def keep_evidence(ledger: Path, data: bytes, sha256: str, extension: str) -> str:
    """Keep `data` as `evidence/<sha256>.<extension>` beside the ledger; returns the name."""
    name = f"{sha256}.{extension}"
    store_evidence(evidence_dir(ledger), name, data, sha256)
    return name


def outbox_name(case_ids: tuple[str, ...], kind: str, sent_on: str) -> str:
    """`C-2026-0040-reminder-2026-11-23.eml` (`-and-2` when it covers more cases)."""
    more = f"-and-{len(case_ids) - 1}" if len(case_ids) > 1 else ""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", case_ids[0])
    return f"{base}{more}-{kind}-{sent_on}.eml"


def letter_name(case_ids: tuple[str, ...], kind: str, sent_on: str, ext: str) -> str:
    """`letter-C-2026-0040-reminder-2026-11-23.pdf`: a letter saved for the user to print
    or keep (`-and-2` when it covers more cases)."""
    more = f"-and-{len(case_ids) - 1}" if len(case_ids) > 1 else ""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", case_ids[0])
    return f"letter-{base}{more}-{kind}-{sent_on}.{ext}"


def write_outbox(folder: Path, name: str, data: bytes, *, ledger: Path | None) -> Path:
    """One `.eml` file into the outbox folder (created 0700 if missing)."""
    ledgers = [ledger] if ledger is not None else []
    return write_user_file(folder / name, data, ledgers=ledgers, make_folders=True, what="--outbox")
