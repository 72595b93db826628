"""The journal: one line per committed write, appended and fsynced before a write is done.

    <crc32 hex> {"casetui_journal":3,"snapshot":"<id>"}       the header
    <crc32 hex> {"<table>":{...} or null, ...}                 one line per commit

The header names the snapshot the lines apply to (null for a ledger that has no snapshot
yet). Journals written by casetui 2 and older have no header; they are read only over a
snapshot of that age (see `storage.py`).

A line is complete when it ends in a newline. A complete line whose checksum fails is
damage and refused; only a tail without its newline is a torn write, which was never
acknowledged: readers stop before it and the next writer (holding the lock, so the one
who tore it is gone) cuts it off.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from pathlib import Path
from typing import Any

import orjson

from casetui.store import durable
from casetui.store.durable import FILE_MODE, CorruptLedger, atomic_write, fsync_dir

JOURNAL_FORMAT = 3
HEADER_KEY = "casetui_journal"

Change = dict[str, Any]


def encode_line(change: Change) -> bytes:
    """A journal line. Raises TypeError for values JSON cannot hold (undecodable text)."""
    body = orjson.dumps(change)
    return b"%08x %s\n" % (zlib.crc32(body), body)


def header_line(snapshot_id: str | None) -> bytes:
    return encode_line({HEADER_KEY: JOURNAL_FORMAT, "snapshot": snapshot_id})


def decode_line(line: bytes) -> Change | None:
    """The change on one complete line (without its newline), or None if it is damaged."""
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


def is_header(change: Change) -> bool:
    return HEADER_KEY in change


class Journal:
    """The journal file of one ledger and how far it has been read.

    `size` and `crc` cover the complete lines read or written so far (header included):
    the next read starts there, and a compaction records them as what it folded in.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.exists = False
        self.header: Change | None = None  # None: no header (a legacy or missing journal)
        self.size = 0
        self.crc = 0
        self.lines = 0
        self.inode: int | None = None
        self.torn = False  # bytes after the last complete line
        self.seen = 0  # the file's length when last read or written

    @property
    def snapshot(self) -> str | None:
        return self.header.get("snapshot") if self.header else None

    def load(self) -> list[Change]:
        """Read the whole journal from the start; returns its changes (header excluded)."""
        self.exists = False
        self.header = None
        self.size = self.crc = self.lines = self.seen = 0
        self.inode = None
        self.torn = False
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return []
        with os.fdopen(fd, "rb") as handle:
            self.inode = os.fstat(handle.fileno()).st_ino
            data = handle.read()
        self.exists = True
        self.seen = len(data)
        changes = self._take(data)
        if changes and is_header(changes[0]):
            self.header = changes.pop(0)
        return changes

    def replaced(self) -> bool:
        """True when the file on disk is not the one read (a compaction replaced it, or
        it was removed)."""
        try:
            return os.stat(self.path).st_ino != self.inode
        except FileNotFoundError:
            return self.inode is not None

    def read_more(self) -> list[Change]:
        """The changes appended since the last read (the same file: check `replaced()`)."""
        if self.inode is None:
            return []
        with open(self.path, "rb") as handle:
            handle.seek(self.size)
            data = handle.read()
        self.seen = self.size + len(data)
        return self._take(data)

    def _take(self, data: bytes) -> list[Change]:
        changes: list[Change] = []
        start = 0
        while True:
            end = data.find(b"\n", start)
            if end < 0:
                break
            line = data[start:end]
            change = decode_line(line)
            if change is None:
                raise CorruptLedger(
                    f"{self.path}: journal line {self.lines + 1} is damaged (it does not "
                    "match its checksum)"
                )
            changes.append(change)
            self.crc = zlib.crc32(data[start : end + 1], self.crc)
            self.size += end + 1 - start
            self.lines += 1
            start = end + 1
        self.torn = start < len(data)
        return changes

    # ----------------------------------------------------------------- writing (locked)

    def append(self, line: bytes) -> None:
        """Append one complete line and fsync it: the commit. Called with the lock held,
        after `read_more()`, so anything past `size` is a torn line of a dead writer."""
        created = not self.path.exists()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            length = os.fstat(fd).st_size
            if length != self.size:
                self._cut_torn_tail(fd, length)
            durable.write_all(fd, line)
            os.fsync(fd)
            if created:
                self.inode = os.fstat(fd).st_ino
                self.exists = True
        except BaseException:
            # Best effort: a half-written line is torn anyway and readers skip it.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self.size)
            raise
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.path.parent)
        self.size += len(line)
        self.seen = self.size
        self.crc = zlib.crc32(line, self.crc)
        self.lines += 1
        self.torn = False

    def _cut_torn_tail(self, fd: int, length: int) -> None:
        tail = os.pread(fd, length - self.size, self.size) if length > self.size else b""
        if b"\n" in tail or length < self.size:
            # Complete lines we have not read, or a file shorter than what we read: some
            # other writer did not respect the lock. Never cut what may be acknowledged.
            raise CorruptLedger(
                f"{self.path} changed while this process held the lock; nothing was written"
            )
        os.ftruncate(fd, self.size)

    def reset(self, snapshot_id: str | None) -> None:
        """Replace the journal by a header-only one naming `snapshot_id` (after a compaction)."""
        header = header_line(snapshot_id)
        atomic_write(self.path, header)
        self.exists = True
        self.header = {HEADER_KEY: JOURNAL_FORMAT, "snapshot": snapshot_id}
        self.size = self.seen = len(header)
        self.crc = zlib.crc32(header)
        self.lines = 1
        self.torn = False
        self.inode = os.stat(self.path).st_ino

    def start(self, snapshot_id: str | None) -> None:
        """Give a new ledger's journal its header (before its first line)."""
        if self.exists and self.size:
            return
        self.reset(snapshot_id)
