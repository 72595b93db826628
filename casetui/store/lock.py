"""One writer at a time: an exclusive `flock` on `ledger.json.lock`, held while open.

The holder writes who it is into the lock file, so that a second instance can say who has
the ledger instead of a bare "locked". The kernel drops the lock when the holder dies, so a
stale lock file never blocks anyone.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import os
import socket
from pathlib import Path

from casetui.dates import utc_now_iso
from casetui.errors import OperationalError


class LedgerLocked(OperationalError):
    """Another casetui process holds the ledger: `holder` says which one (who, where,
    since when), for a front end to show without taking the message apart."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(
            f"{path} is in use by {holder}; close it there first "
            "(read-only commands such as `list`, `show` and `agenda` still work)"
        )
        self.path = path
        self.holder = holder


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _whoami(purpose: str) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry in some containers
        user = "?"
    where = f"{user}@{socket.gethostname()}"
    what = f"casetui {purpose}" if purpose else "casetui"
    return f"{what} (pid {os.getpid()}, {where}, since {utc_now_iso()})"


class LedgerLock:
    """An exclusive lock on a ledger, released by `release()` or process exit."""

    def __init__(self, path: Path, purpose: str = "") -> None:
        self.path = lock_path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise LedgerLocked(path, holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, _whoami(purpose).encode())
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing drops the flock
        self._fd = None


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 400, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "another casetui process"
