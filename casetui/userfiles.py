"""The one way casetui writes a file for the user: exports, letters, saved copies, outboxes.

`write_user_file` refuses any file the ledger owns (the snapshot, journal, lock, a backup, a
piece of evidence, also through a symbolic or hard link: `casetui letter C -o ledger.json`
must never destroy every case), writes the file whole or not at all (a temp file beside it,
fsync, rename, fsync of the folder), readable by the user only (0600: letters and exports
name people and what they owe) whatever the umask, creates missing folders 0700 when asked,
and returns where it wrote so the caller can say so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from casetui.errors import InputError, OperationalError
from casetui.store.durable import atomic_write
from casetui.store.owned import ledger_files

FOLDER_MODE = 0o700


class ProtectedFile(InputError):
    """The target is one of the ledger's own files (exit code 2: nothing was written)."""

    def __init__(self, target: Path, what: str) -> None:
        prefix = f"{what}: " if what else ""
        super().__init__(
            f"{prefix}{target} belongs to the ledger (its data, journal, lock, backups or "
            "evidence); write to another file"
        )
        self.target = target


def write_user_file(
    target: Path,
    content: str | bytes,
    *,
    ledgers: Iterable[Path] = (),
    make_folders: bool = False,
    what: str = "",
) -> Path:
    """Write `content` to `target` for the user and return the path written (links
    resolved). `ledgers`: the ledger(s) whose files must never be replaced. `what` names
    the option or action in messages (`-o`)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    prefix = f"{what}: " if what else ""
    resolved = check_target(target, ledgers=ledgers, what=what, make_folders=make_folders)
    try:
        if make_folders:
            make_private_folders(resolved.parent)
        atomic_write(resolved, data)  # the store's own way: temp, fsync, rename, fsync
    except OSError as error:
        raise OperationalError(
            f"{prefix}cannot write {target}: {error.strerror or error}; nothing was written"
        ) from None
    return resolved


def check_target(
    target: Path, *, ledgers: Iterable[Path] = (), what: str = "", make_folders: bool = False
) -> Path:
    """The resolved path `write_user_file` would write, or the reason it would not
    (`ProtectedFile`, a folder, a folder to write in that is not there): commands check
    `-o` before doing any work."""
    prefix = f"{what}: " if what else ""
    try:
        resolved = target.expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as error:
        raise InputError(f"{prefix}cannot use {str(target)!r}: {error}") from None
    for ledger in ledgers:
        if ledger_files(ledger).owns(resolved):
            raise ProtectedFile(target, what)
    if resolved.is_dir():
        raise InputError(f"{prefix}{target} is a folder; name a file")
    if not make_folders and not resolved.parent.is_dir():
        raise InputError(f"{prefix}the folder {resolved.parent} does not exist")
    return resolved


def make_private_folders(folder: Path) -> None:
    """`mkdir -p`, each folder it creates readable by the user only (0700, whatever the
    umask); folders that exist are left as they are. `OperationalError` if it cannot."""
    missing: list[Path] = []
    cursor = folder
    while not cursor.exists():
        missing.append(cursor)
        cursor = cursor.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=FOLDER_MODE)
            os.chmod(new, FOLDER_MODE)
        except FileExistsError:  # another process made it meanwhile
            continue
        except OSError as error:
            raise OperationalError(
                f"cannot create the folder {new}: {error.strerror or error}; nothing was changed"
            ) from None
