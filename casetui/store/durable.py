"""Writing files so that a crash or a full disk never leaves half of one, and the errors
the store raises.

A file is replaced whole: written to a temp file in the same folder, fsynced, renamed over
the old one (`os.replace`), and the folder fsynced. Temp files carry `TEMP_MARK` and the
writer's pid; one left by a writer that died is removed by the next writer.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from casetui.errors import OperationalError

T = TypeVar("T")

FILE_MODE = 0o600
TEMP_MARK = ".tmp-"


class CorruptLedger(OperationalError):
    """The ledger (or its journal) does not parse, or does not match its checksums.
    Nothing was written to it."""


class CannotWrite(OperationalError):
    """The ledger's folder or files cannot be written (permissions, a read-only disk):
    it can still be opened to read."""


class DiskWriteError(OperationalError):
    """A write failed (disk full, read-only filesystem...). The ledger is unchanged."""


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is out (a short write is legal for regular files too)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temp file, fsync, rename, fsync of the folder."""
    replace_with(path, lambda fd: write_all(fd, data))


def replace_with(path: Path, write: Callable[[int], T]) -> T:
    """Replace `path` whole by what `write(fd)` writes into a temp file beside it: fsync,
    rename over `path`, fsync of the folder; on any failure the temp file goes and `path`
    is as it was. Returns what `write` returned."""
    temp = path.with_name(f"{path.name}{TEMP_MARK}{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        try:
            result = write(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)
    return result


def remove_stale_temps(path: Path) -> list[Path]:
    """Temp files left by a writer that died mid-way; never part of the ledger."""
    removed = []
    for stale in path.parent.glob(f"{path.name}*{TEMP_MARK}*"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed


def describe_os_problem(error: OSError, action: str) -> str:
    """What went wrong, without claiming anything about the ledger."""
    if error.errno == errno.ENOSPC:
        return f"disk full while {action}"
    if error.errno == errno.EROFS:
        return f"read-only filesystem while {action}"
    return f"{error.strerror or error} while {action}"


def describe_os_error(error: OSError, action: str) -> str:
    """What went wrong with a write that did not happen: nothing was changed."""
    if error.errno == errno.ENOSPC:
        return f"disk full while {action}; nothing was saved and the ledger is unchanged"
    if error.errno == errno.EROFS:
        return f"read-only filesystem while {action}; the ledger is unchanged"
    return f"{error.strerror or error} while {action}; the ledger is unchanged"
