"""One writer at a time: an exclusive `flock` on `ledger.json.lock`, held only while a
write commits (SQLite's model). Readers never take it.

A writer that finds the lock taken waits for it, a few seconds at most, then gives up with a
message naming the holder: the holder writes who it is into the lock file while it holds
it. The kernel drops the lock when its holder dies, so a stale lock file blocks no one.
Within one process the lock is re-entrant and shared by threads one at a time (the app
writes from a worker thread).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from _thread import RLock  # `threading` itself is not needed for one lock
from collections.abc import Iterator
from pathlib import Path

from casetui.dates import utc_now_iso
from casetui.errors import OperationalError

# How long a writer waits for another one to finish its commit; `CASETUI_LOCK_WAIT`
# (seconds) changes it, for a slow network folder.
LOCK_WAIT_SECONDS = 5.0
LOCK_WAIT_ENV = "CASETUI_LOCK_WAIT"


def default_wait() -> float:
    text = os.environ.get(LOCK_WAIT_ENV, "").strip()
    try:
        return max(0.0, float(text)) if text else LOCK_WAIT_SECONDS
    except ValueError:
        return LOCK_WAIT_SECONDS


class LedgerLocked(OperationalError):
    """Another casetui process held the ledger's lock for longer than we could wait:
    `holder` says which one (who, where, since when), for a front end to show without
    taking the message apart."""

    def __init__(self, path: Path, holder: str, waited: float) -> None:
        within = f"within {waited:g} s" if waited else "yet"
        super().__init__(
            f"{path} is busy: {holder} is writing to it and did not finish {within}; "
            "nothing was written, try again"
        )
        self.path = path
        self.holder = holder
        self.waited = waited


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _whoami(purpose: str) -> str:
    user = _user_name()
    what = f"casetui {purpose}" if purpose else "casetui"
    host = os.uname().nodename  # what socket.gethostname() says, without importing socket
    return f"{what} (pid {os.getpid()}, {user}@{host}, since {utc_now_iso()})"


def _user_name() -> str:
    """Who holds the lock, as `getpass.getuser()` finds it (without importing it for one
    name): the login variables, then the password database."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if name := os.environ.get(variable):
            return name
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):  # no passwd entry in some containers
        return "?"


class CommitLock:
    """The commit lock of one ledger. Opening it creates the lock file (so a folder that
    cannot take one fails at open, before anything is asked of the user); `held()` takes
    and releases the lock itself."""

    def __init__(self, ledger: Path, purpose: str = "", wait: float | None = None) -> None:
        self.ledger = ledger
        self.path = lock_path(ledger)
        self.purpose = purpose
        self.wait = default_wait() if wait is None else wait
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        self._depth = 0
        self._threads = RLock()

    @property
    def is_held(self) -> bool:
        return self._depth > 0

    @contextlib.contextmanager
    def held(self) -> Iterator[bool]:
        """Hold the lock for the block; yields True when this is the outermost hold."""
        self.acquire()
        try:
            yield self._depth == 1
        finally:
            self.release()

    def acquire(self, *, wait: float | None = None) -> None:
        self._threads.acquire()
        try:
            if self._depth == 0:
                self._take(self.wait if wait is None else wait)
        except BaseException:
            self._threads.release()
            raise
        self._depth += 1

    def try_acquire(self) -> bool:
        """Take the lock if it is free right now (housekeeping that can wait)."""
        if not self._threads.acquire(blocking=False):
            return False
        try:
            if self._depth == 0:
                self._take(0.0)
        except LedgerLocked:
            self._threads.release()
            return False
        self._depth += 1
        return True

    def _take(self, wait: float) -> None:
        deadline = time.monotonic() + wait
        pause = 0.002
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LedgerLocked(self.ledger, _read_holder(self._fd), wait) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
        who = _whoami(self.purpose).encode()
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, who, 0)

    def release(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing drops a lock still held
            self._fd = -1


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 400, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "another casetui process"
