"""Evidence kept beside the ledger: the exact files its cases point at.

An imported invoice file, a bank statement, an e-mail as it was sent (`.eml`), a registered
letter's PDF: each is stored once under its SHA-256, `<ledger folder>/evidence/<sha256>.<ext>`
(`casetui.store.owned.evidence_dir`), written atomically with mode 0600 (it holds personal
data), so an agency or a lawyer can be given the exact document. The folder belongs to the
ledger: no file written for the user may replace anything in it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from casetui.errors import InputError, OperationalError
from casetui.store.durable import atomic_write, describe_os_error


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
