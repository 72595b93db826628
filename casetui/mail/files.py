"""Files that letters leave behind: copies for the user (`-o`, an outbox of `.eml` files) and
the evidence kept beside the ledger.

- `write_user_file`: a file the user asked for, written whole or not at all (temp file,
  fsync, rename), mode 0600 (it names a customer and what they owe). It refuses to replace
  the ledger, its journal, lock, backups or evidence, after resolving links: `-o ledger.json`
  must never destroy the cases. (The one place letters and mail write user files; the
  project's shared guarded writer takes its place when it lands.)
- `keep_evidence`: the exact bytes of a sent e-mail (`.eml`) or of a registered letter
  (`.pdf`) in `evidence/<sha256>.<ext>` beside the ledger, as imports keep their files.
- `outbox_name`: the `.eml` file name for a letter in an outbox folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from casetui.errors import InputError, OperationalError
from casetui.importers.evidence import evidence_dir, store_evidence
from casetui.store.backups import backup_dir
from casetui.store.durable import atomic_write, describe_os_error, journal_path
from casetui.store.lock import lock_path


def _protected(ledger: Path) -> tuple[set[Path], tuple[Path, ...]]:
    ledger = ledger.resolve()
    files = {ledger, journal_path(ledger), lock_path(ledger)}
    folders = (backup_dir(ledger).resolve(), evidence_dir(ledger).resolve())
    return files, folders


def refuse_ledger_files(target: Path, ledger: Path | None, what: str) -> None:
    """`InputError` if `target` is one of the ledger's own files."""
    if ledger is None:
        return
    resolved = target.resolve()
    files, folders = _protected(ledger)
    same = any(
        resolved == path or (resolved.exists() and path.exists() and resolved.samefile(path))
        for path in files
    )
    if same or resolved.parent in folders:
        raise InputError(f"{what}: {target} is part of the ledger; write to another file")


def write_user_file(target: Path, data: bytes, *, ledger: Path | None, what: str = "-o") -> Path:
    """Write `data` to `target` (whole or not at all, mode 0600); returns the path."""
    if target.is_dir():
        raise InputError(f"{what}: {target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise InputError(f"{what}: the folder {target.parent} does not exist")
    refuse_ledger_files(target, ledger, what)
    try:
        atomic_write(target, data)
    except OSError as error:
        raise OperationalError(
            f"{what}: cannot write {target}: {error.strerror or error}; nothing was written"
        ) from None
    return target


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


def write_outbox(folder: Path, name: str, data: bytes, *, ledger: Path | None) -> Path:
    """One `.eml` file into the outbox folder (created if missing)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise OperationalError(describe_os_error(error, f"creating the outbox {folder}")) from None
    return write_user_file(folder / name, data, ledger=ledger, what="--outbox")
