"""The imported files themselves, kept beside the ledger as evidence.

Each file is stored once under its SHA-256, `<ledger folder>/evidence/<sha256>.xml` (UBL) or
`.csv`, written atomically with mode 0600 (it holds personal data). Cases point at it by
checksum (`Opened.source = "import:<sha256>"` and a note naming the file), so an agency or a
lawyer can be given the exact document the case was opened from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from casetui.errors import InputError, OperationalError
from casetui.store.durable import atomic_write, describe_os_error
from casetui.store.owned import EVIDENCE_FOLDER, evidence_dir

__all__ = ["EVIDENCE_FOLDER", "evidence_dir", "store_evidence"]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_evidence(folder: Path, name: str, data: bytes, sha256: str) -> Path:
    """Write `data` as `folder/name` unless an intact copy is there already.

    Raises `InputError` if `data` is not the content the plan was made from (the file changed
    on disk in between) and `OperationalError` if it cannot be written (disk full...).
    """
    if _digest(data) != sha256:
        raise InputError("the file changed since it was read; import it again")
    path = folder / name
    try:
        if path.is_file() and _digest(path.read_bytes()) == sha256:
            return path
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as error:
        raise OperationalError(describe_os_error(error, f"keeping a copy in {folder}")) from None
    return path
