"""A TinyDB storage that never loses an acknowledged write and never half-writes the ledger.

Layout beside the ledger file `ledger.json`:

- `ledger.json`: the snapshot, TinyDB's usual `{table: {doc_id: doc}}` document, serialised
  with orjson. It is only ever replaced whole: written to a temp file in the same folder,
  fsynced, renamed over the old one with `os.replace`, and the folder fsynced.
- `ledger.json.journal`: changes since the snapshot, one line per committed write:
  `<crc32 hex> <json>\\n`, where the JSON maps each changed table to its full new content (or
  null when dropped). Appending a line and fsyncing it is the commit. Replaying the journal
  over the snapshot is idempotent, so a crash between "new snapshot" and "empty journal"
  during compaction is harmless.

Why a journal: TinyDB hands the storage the whole database on every write, and rewriting
a 50k-case file costs hundreds of milliseconds. Each case lives in its own small table
(see `casetui.store.ledger_store`), so a commit writes only the tables that changed, which
we detect by identity: TinyDB always builds a new dict for a table it modified.

A line that does not end in a newline, or the last line failing its checksum, is a write that
never completed (the process died, the disk filled up): it was not acknowledged, so it is
ignored. A bad line anywhere else means the file was damaged: we refuse to open it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from casetui.errors import OperationalError

Tables = dict[str, dict[str, Any]]

FILE_MODE = 0o600
TEMP_MARK = ".tmp-"


class CorruptLedger(OperationalError):
    """The ledger (or its journal) does not parse. Nothing was written to it."""


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
    temp = path.with_name(f"{path.name}{TEMP_MARK}{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def remove_stale_temps(path: Path) -> list[Path]:
    """Temp files left by a writer that died mid-way; never part of the ledger."""
    removed = []
    for stale in path.parent.glob(f"{path.name}*{TEMP_MARK}*"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed


def encode_line(change: dict[str, Any]) -> bytes:
    body = orjson.dumps(change)
    return b"%08x %s\n" % (zlib.crc32(body), body)


def _decode_line(line: bytes) -> dict[str, Any] | None:
    """The change on one complete journal line, or None if it is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        change = orjson.loads(body)
    except ValueError:
        return None
    return change if isinstance(change, dict) else None


def read_journal(path: Path) -> tuple[list[dict[str, Any]], int, bool]:
    """The journal's changes, the byte length of its good part, and whether a tail was torn."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], 0, False
    changes: list[dict[str, Any]] = []
    good = 0
    lines = data.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline
    for number, line in enumerate(lines, start=1):
        change = _decode_line(line)
        if change is None:
            if number == len(lines) and not tail:
                return changes, good, True  # the last write was cut short on its way to disk
            raise CorruptLedger(f"{path}: journal line {number} is damaged")
        changes.append(change)
        good += len(line) + 1
    return changes, good, bool(tail)


def describe_os_error(error: OSError, action: str) -> str:
    if error.errno == errno.ENOSPC:
        return f"disk full while {action}; nothing was saved and the ledger is unchanged"
    if error.errno == errno.EROFS:
        return f"read-only filesystem while {action}; the ledger is unchanged"
    return f"{error.strerror or error} while {action}; the ledger is unchanged"


class DurableStorage(Storage):
    """Snapshot + journal storage with a read cache. One writer at a time (see `lock`).

    `read()` returns the cached tables, which TinyDB mutates before calling `write()`; if a
    write fails, the cache is rebuilt from disk so memory never claims what the disk lacks.
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.journal = journal_path(path)
        self.readonly = readonly
        self._data: Tables = {}
        self._persisted: dict[str, Any] = {}  # table name -> the dict object last saved
        self._journal_size = 0
        self._journal_lines = 0
        self._in_transaction = 0
        self._dirty = False
        self.torn_tail = False
        self._load()

    # ----------------------------------------------------------------- reading

    def _load(self) -> None:
        """Read snapshot and journal into the cache (retrying if a compaction raced us).
        Callers loading big ledgers pause the garbage collector around this (see Ledger)."""
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                data: Tables = {}
                inode = None
            else:
                with os.fdopen(fd, "rb") as handle:
                    inode = os.fstat(handle.fileno()).st_ino
                    raw = handle.read()
                data = self._parse_snapshot(raw)
            changes, good, torn = read_journal(self.journal)
            current = self._inode()
            if current == inode:
                break
        else:  # pragma: no cover - a writer compacting five times in a row
            raise OperationalError(f"{self.path} keeps changing while being read; try again")
        for change in changes:
            _apply(data, change)
        self._data = data
        self._persisted = dict(data)
        self._journal_size = good
        self._journal_lines = len(changes)
        self.torn_tail = torn

    def _inode(self) -> int | None:
        try:
            return os.stat(self.path).st_ino
        except FileNotFoundError:
            return None

    def _parse_snapshot(self, raw: bytes) -> Tables:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise CorruptLedger(f"{self.path} is not a valid ledger ({error})") from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise CorruptLedger(f"{self.path} is not a casetui ledger (unexpected structure)")
        return data

    def read(self) -> Tables:
        return self._data

    def reload(self) -> None:
        """Drop the cache and read the files again (after a failed write)."""
        self._in_transaction = 0
        self._dirty = False
        self._load()

    # ----------------------------------------------------------------- writing

    def write(self, data: Tables) -> None:
        if self.readonly:
            raise OperationalError(f"{self.path} is open read-only")
        self._data = data
        if self._in_transaction:
            self._dirty = True
            return
        self._commit()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several TinyDB writes into one journal line: all of them or none."""
        self._in_transaction += 1
        try:
            yield
        except BaseException:
            self.reload()
            raise
        self._in_transaction -= 1
        if not self._in_transaction and self._dirty:
            self._dirty = False
            self._commit()

    def _changed_tables(self) -> dict[str, Any]:
        change: dict[str, Any] = {}
        for name, table in self._data.items():
            if self._persisted.get(name) is not table:
                change[name] = table
        for name in self._persisted.keys() - self._data.keys():
            change[name] = None
        return change

    def _commit(self) -> None:
        change = self._changed_tables()
        if not change:
            return
        try:
            line = encode_line(change)
        except (TypeError, ValueError) as error:
            # Nothing reached the disk, but TinyDB already changed the cache: undo that.
            self.reload()
            raise OperationalError(f"could not save: {error}; the ledger is unchanged") from None
        try:
            self._append(line)
        except OSError as error:
            self._undo_append()
            self.reload()
            raise DiskWriteError(describe_os_error(error, f"saving to {self.journal}")) from None
        for name, table in change.items():
            if table is None:
                self._persisted.pop(name, None)
            else:
                self._persisted[name] = table
        self._journal_size += len(line)
        self._journal_lines += 1

    def _append(self, line: bytes) -> None:
        new_file = not self.journal.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            write_all(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        if new_file:
            fsync_dir(self.journal.parent)

    def _undo_append(self) -> None:
        """Cut a half-written line off the journal (best effort: replay ignores it anyway)."""
        with contextlib.suppress(OSError):
            os.truncate(self.journal, self._journal_size)

    # ----------------------------------------------------------------- compaction

    @property
    def journal_bytes(self) -> int:
        return self._journal_size

    def compact(self) -> None:
        """Write the whole cache as the new snapshot and start an empty journal."""
        if self.readonly:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, orjson.dumps(self._data))
            atomic_write(self.journal, b"")
        except OSError as error:
            # The old snapshot and journal are still whole: the cache matches them.
            raise DiskWriteError(describe_os_error(error, f"compacting {self.path}")) from None
        self._persisted = dict(self._data)
        self._journal_size = 0
        self._journal_lines = 0
        self.torn_tail = False

    def close(self) -> None:
        pass


def _apply(data: Tables, change: dict[str, Any]) -> None:
    for name, table in change.items():
        if table is None:
            data.pop(name, None)
        else:
            data[name] = table
