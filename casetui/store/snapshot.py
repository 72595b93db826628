"""The snapshot file: reading one table without parsing the rest, and writing it sealed.

The layout and the seal are described in `casetui.store` (the package docstring). Here:

- `SnapshotFile` reads a file in the canonical layout lazily: the seal from the file's
  tail, one table by binary search over its section (`pread`, a few kilobytes), a whole
  section as one byte range checked against its CRC-32.
- `MemorySnapshot` holds a file that had to be parsed whole: not in the canonical layout
  (pretty-printed, edited by hand), or written by casetui 2 and older (no seal), or no file
  at all. A sealed one is checked by encoding it canonically.
- `write_snapshot` streams sorted lines into a new file, computing the seal as it goes, and
  renames it over the old one.

The open file descriptor keeps the snapshot that was opened readable even after a
compaction renames a new one over it: a reader never mixes two snapshots.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import itertools
import mmap
import os
from _thread import allocate_lock, start_new_thread  # (`threading` itself is not needed)
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import orjson

from casetui.records import NamedTuple
from casetui.store import durable
from casetui.store.canon import (
    canonical,
    crc,
    line_key,
    name_key,
    parse_line,
    section_of,
    table_line,
)
from casetui.store.durable import CorruptLedger, replace_with

META_TABLE = "_meta"
SEAL_TABLE = "_seal"
SNAPSHOT_FORMAT = 3
LEGACY = "legacy"  # the id a snapshot of casetui 2 and older goes by (it had none)

Table = dict[str, Any]
Line = tuple[bytes, bytes]  # (encoded table name, the whole line)

_CHUNK = 1 << 20
_SMALL = 1 << 14
# Sections with no hash chain of their own: a table found in one is checked against a CRC
# before it is believed. The seal keeps a CRC per block of about `BLOCK` bytes of whole
# lines, so finding one customer reads and checks one block, not the whole section (4 MB
# at 50,000 cases: 6 to 11 ms of every command). A seal without blocks (older casetui)
# has the whole section read and checked.
CHECKED_WHOLE = frozenset({"customer"})
BLOCK = 1 << 16


class Section(NamedTuple):
    name: str
    start: int
    end: int
    lines: int
    crc: int


_NO_BLOCKS: Mapping[str, Any] = MappingProxyType({})


class Block(NamedTuple):
    """A run of whole lines of a `CHECKED_WHOLE` section, from the end of the block before
    it (or the section's start) to `end`, and its CRC-32."""

    end: int
    crc: int


class Seal(NamedTuple):
    """What a sealed snapshot says about itself."""

    snapshot: str
    sections: tuple[Section, ...]
    made_from: dict[str, Any]  # {"snapshot": id | None | "legacy", "journal_bytes", "journal_crc"}
    made_at: str
    # Per section name: its blocks. An optional key of the seal: older readers ignore it
    # (the seal's own checksum covers it all the same).
    blocks: Mapping[str, tuple[Block, ...]] = _NO_BLOCKS

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "format": SNAPSHOT_FORMAT,
            "snapshot": self.snapshot,
            "made_at": self.made_at,
            "made_from": self.made_from,
            "sections": [list(section) for section in self.sections],
        }
        if self.blocks:
            doc["blocks"] = {
                name: [list(b) for b in blocks] for name, blocks in self.blocks.items()
            }
        doc["check"] = crc(canonical(doc))
        return doc

    @classmethod
    def from_doc(cls, doc: Any, path: Path) -> Seal:
        try:
            body = {key: value for key, value in doc.items() if key != "check"}
            if doc["check"] != crc(canonical(body)):
                raise ValueError("the seal does not match its own checksum")
            if doc["format"] != SNAPSHOT_FORMAT:
                raise ValueError(f"unknown snapshot format {doc['format']!r}")
            sections = tuple(Section(*entry) for entry in doc["sections"])
            blocks = {
                str(name): tuple(Block(*entry) for entry in entries)
                for name, entries in (doc.get("blocks") or {}).items()
            }
            return cls(
                str(doc["snapshot"]), sections, dict(doc["made_from"]), doc["made_at"], blocks
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise CorruptLedger(f"{path}: the seal is damaged ({error})") from None


def new_snapshot_id() -> str:
    """Readable and unique: when it was made, plus randomness."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.urandom(6).hex()}"


class Upto(NamedTuple):
    """A test on a line's bytes: the `len(most)` bytes after the first `marker` in the line
    compare at most `most`, bytewise (ISO days compare so). The marker must occur at most
    once a line, and nowhere but where the value follows (a key; canonical JSON escapes a
    quote inside text, so `"key":["` is found only as that key). A line without it fails."""

    marker: bytes
    most: bytes


def _bodies_upto(data: bytes | mmap.mmap, upto: Upto, first: int = 0) -> dict[str, bytes]:
    """The tables of a section's lines (as `section_bodies`) that pass `upto`: the marker is
    searched for in the section's bytes, from one hit to the next, so a line that fails is
    passed over without being cut out (the agenda of 50,000 rows keeps 23,000). (Faster
    than going line by line, or a regular expression of the days.) `data` holds whole
    lines from `first` on (a mapping of the file may start before the section does)."""
    marker, most = upto
    skip, width = len(marker), len(most)
    bodies: dict[str, bytes] = {}
    find, rfind = data.find, data.rfind
    at = find(marker, first)
    while at >= 0:
        value = at + skip
        if data[value : value + width] > most:
            at = find(marker, value)
            continue
        start = max(rfind(b"\n", first, at) + 1, first)
        end = find(b"\n", value)
        colon = find(b'":', start, at)
        if end < 0 or colon < 0:
            raise ValueError("a line without its end or its name")
        bodies[data[start + 1 : colon].decode()] = data[colon + 2 : end - 1]
        at = find(marker, end)
    return bodies


def _names(data: bytes | mmap.mmap, first: int = 0) -> list[str]:
    """The table names of a section's lines (`data` holds whole lines from `first` on)."""
    names = []
    append, find = names.append, data.find
    at, end = first, len(data)
    while at < end:
        colon = find(b'":', at)
        newline = find(b"\n", colon)
        if colon < 0 or newline < 0:
            raise ValueError("a line without its end or its name")
        append(data[at + 1 : colon].decode())
        at = newline + 1
    return names


_Read = TypeVar("_Read")


def _map(fd: int, start: int, end: int) -> tuple[mmap.mmap, int]:
    """The file's bytes up to `end` from the page `start` lies in, read-only, and where
    `start` falls in them. On Linux the pages are mapped in one go (`MAP_POPULATE`) rather
    than faulted in one by one."""
    if fd < 0:  # (mmap would take -1 for anonymous memory: zeros, not the file)
        raise OSError(errno.EBADF, "the snapshot is closed")
    aligned = start - start % mmap.ALLOCATIONGRANULARITY
    if os.name == "posix":
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        mapped = mmap.mmap(fd, end - aligned, flags, mmap.PROT_READ, offset=aligned)
    else:
        mapped = mmap.mmap(fd, end - aligned, access=mmap.ACCESS_READ, offset=aligned)
    return mapped, start - aligned


def _in_background(work: Callable[[memoryview], int], data: memoryview) -> Callable[[], int]:
    """Start `work(data)` on a thread of its own; the function returned waits for its result
    (and raises what it raised). For work that lets go of the interpreter (a checksum).
    `data` is released once the work is done (so that what it views can be closed)."""
    done = allocate_lock()
    done.acquire()
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(work(data))
        except BaseException as error:  # handed to the waiting thread
            outcome.append(error)
        finally:
            data.release()
            done.release()

    try:
        start_new_thread(run, ())
    except RuntimeError:  # no thread to be had: do it here
        run()

    def result() -> int:
        with done:
            value = outcome[0]
        if isinstance(value, BaseException):
            raise value
        return value  # type: ignore[no-any-return]

    return result


def _damaged(path: Path, what: str) -> CorruptLedger:
    return CorruptLedger(f"{path} does not match what was written: {what}")


# --------------------------------------------------------------------------- reading


class SnapshotFile:
    """A snapshot in the canonical layout, read lazily through one file descriptor."""

    def __init__(self, path: Path, fd: int, size: int, inode: int) -> None:
        self.path = path
        self.fd = fd
        self.size = size
        self.inode = inode
        self.seal = self._read_seal()
        self.id: str | None = self.seal.snapshot
        self._sections = {section.name: section for section in self.seal.sections}
        self._meta: Table | None = None
        self._checked_sections: dict[str, bytes] = {}
        self._users = 0  # readers that must find the file open (streams, frozen views)
        self._retired = False
        self._count_lock = allocate_lock()

    def close(self) -> None:
        """Close the file, or, while a reader still holds it, as soon as the last one lets
        go (a compaction retires the old snapshot under a running `verify`)."""
        with self._count_lock:
            self._retired = True
            if self._users == 0 and self.fd >= 0:
                os.close(self.fd)
                self.fd = -1

    def pin(self) -> None:
        with self._count_lock:
            if self.fd < 0:
                raise OSError("the snapshot is closed")
            self._users += 1

    def unpin(self) -> None:
        with self._count_lock:
            self._users -= 1
            if self._users == 0 and self._retired and self.fd >= 0:
                os.close(self.fd)
                self.fd = -1

    def _pread(self, length: int, offset: int) -> bytes:
        return os.pread(self.fd, length, offset)

    def _read_seal(self) -> Seal:
        tail_length = min(self.size, 1 << 16)
        tail = self._pread(tail_length, self.size - tail_length)
        if not tail.endswith(b"\n}\n"):
            raise ValueError("no canonical ending")
        marker = tail.rfind(b'\n"_seal":')
        if marker < 0:
            raise ValueError("no seal line")
        line = tail[marker + 1 : -2]
        _, table = parse_line(line)
        seal = Seal.from_doc(table.get("1"), self.path)
        position = 2
        for section in seal.sections:
            if section.start != position or section.end < section.start:
                raise ValueError(f"the {section.name} section is not where the seal says")
            blocks = seal.blocks.get(section.name)
            if blocks is not None and (
                [b.end for b in blocks] != sorted({b.end for b in blocks})
                or not blocks
                or blocks[0].end <= section.start
                or blocks[-1].end != section.end
            ):
                raise ValueError(f"the {section.name} section's blocks do not cover it")
            position = section.end
        if position != self.size - tail_length + marker + 1:
            # Lines were added or removed: read it whole, and let the seal say what changed.
            raise ValueError("the seal does not end where the file does")
        return seal

    def meta(self) -> Table:
        if self._meta is None:
            section = self._sections.get(META_TABLE)
            if section is None:
                raise _damaged(self.path, "there is no _meta table")
            data = self._checked(section)
            self._meta = parse_line(data)[1]
        return self._meta

    def count(self, section_name: str) -> int:
        section = self._sections.get(section_name)
        return section.lines if section else 0

    def _checked(self, section: Section) -> bytes:
        data = self._pread(section.end - section.start, section.start)
        if len(data) != section.end - section.start or crc(data) != section.crc:
            raise _damaged(self.path, f"the {section.name} section fails its checksum")
        return data

    def _bodies_upto(self, section: Section, upto: Upto) -> dict[str, bytes]:
        """`_bodies_upto` over the section, checked against the seal (`_read_checked`)."""
        return self._read_checked(section, partial(_bodies_upto, upto=upto))

    def _read_checked(self, section: Section, read: Callable[..., _Read]) -> _Read:
        """`read(data, first)` over the section's bytes (`data` holds its whole lines from
        `first` on), checked against the seal. The section is mapped from the file rather
        than read into memory: the 34 MB index section of 50,000 cases would otherwise be
        copied into pages the process must first fault in, a tenth of the agenda's time.
        (The snapshot is only ever replaced by rename, never changed in place.) Read as
        usual where the file cannot be mapped."""
        try:
            mapped, first = _map(self.fd, section.start, section.end)
        except (OSError, ValueError, OverflowError):
            return read(self._checked(section), first=0)
        try:
            with memoryview(mapped) as view:
                # The checksum is taken on the other core while the lines are read (zlib lets
                # go of the interpreter for it); nothing read is returned before it matches.
                checked = _in_background(crc, view[first:])
                try:
                    result, problem = read(mapped, first=first), ""
                except (ValueError, UnicodeDecodeError) as error:
                    result, problem = None, f"the {section.name} section: {error}"
                finally:
                    matches = checked() == section.crc  # waited for whatever happened
            if not matches:
                problem = f"the {section.name} section fails its checksum"
            if problem:
                raise _damaged(self.path, problem)
            return result  # type: ignore[return-value]
        finally:
            # Interrupted (Ctrl-C) while the checksum's thread still holds its view: the
            # mapping goes when that thread lets go of it, and the interrupt is not hidden.
            with contextlib.suppress(BufferError):
                mapped.close()

    def section_names(self, section_name: str) -> list[str]:
        """The names of a section's tables, checked against the seal, without their
        contents (`next_case_id` at 50,000 cases)."""
        section = self._sections.get(section_name)
        if section is None or section.lines == 0:
            return []
        names = self._read_checked(section, _names)
        if len(names) != section.lines:
            raise _damaged(self.path, f"the {section_name} section has the wrong number of lines")
        return names

    def section_tables(self, section_name: str) -> dict[str, Table]:
        """Every table of a section, checked against the seal (one read, one parse)."""
        section = self._sections.get(section_name)
        if section is None or section.lines == 0:
            return {}
        data = self._checked(section)
        try:
            parsed = orjson.loads(b"{" + data[:-2] + b"}")
        except orjson.JSONDecodeError as error:
            raise _damaged(
                self.path, f"the {section_name} section does not parse ({error})"
            ) from None
        if len(parsed) != section.lines:
            raise _damaged(self.path, f"the {section_name} section has the wrong number of lines")
        return parsed

    def section_bodies(self, section_name: str, upto: Upto | None = None) -> dict[str, bytes]:
        """Every table of a section as its unparsed JSON (`{"1":{...}}`), checked against
        the seal: for rows that are parsed only when they are looked at. With `upto`, only
        the tables whose line has the value after its marker at most `upto.most`
        (`_bodies_upto`)."""
        section = self._sections.get(section_name)
        if section is None or section.lines == 0:
            return {}
        if upto is not None:
            return self._bodies_upto(section, upto)
        data = self._checked(section)
        bodies: dict[str, bytes] = {}
        start = 0
        while start < len(data):
            end = data.index(b"\n", start)
            colon = data.index(b'":', start)
            bodies[data[start + 1 : colon].decode()] = data[colon + 2 : end - 1]
            start = end + 1
        if len(bodies) != section.lines:
            raise _damaged(self.path, f"the {section_name} section has the wrong number of lines")
        return bodies

    def find(self, name: str) -> Table | None:
        """One table by name, or None: a binary search over its section's lines. A case is
        checked by its hash chain when it is read (the store does it); a customer has no
        chain, so the customer section (small: a few megabytes at 50,000 cases) is read and
        checked against its CRC once, and the customer found in it."""
        section = self._sections.get(section_of(name))
        if section is None or not section.lines:
            return None
        blocks = self.seal.blocks.get(section.name)
        if section.name in CHECKED_WHOLE and not blocks:
            return self._find_checked(section, name)
        found = self._locate(section, name_key(name))
        if found is None:
            # A customer the search did not see is looked for in the checked section, so
            # that damage in its bytes is reported, never taken for "no such customer".
            return self._find_checked(section, name) if blocks else None
        position, line = found
        if blocks:
            line = self._checked_line(section, blocks, position, len(line))
        try:
            return parse_line(line)[1]
        except ValueError as error:
            raise _damaged(self.path, f"table {name} does not parse ({error})") from None

    def _locate(self, section: Section, target: bytes) -> tuple[int, bytes] | None:
        """Where the line of table key `target` starts, and the line (unchecked bytes)."""
        low, high = section.start, section.end
        while high - low > _SMALL:
            middle = (low + high) // 2
            start = self._line_start_after(middle, high)
            if start >= high:
                break
            key = line_key(self._pread(512, start))
            if key < target:
                low = start
            else:
                high = start
        position = low
        while position < section.end:
            line = self._line_at(position, section.end)
            key = line_key(line)
            if key == target:
                return position, line
            if key > target:
                return None
            position += len(line)
        return None

    def _checked_line(
        self, section: Section, blocks: tuple[Block, ...], position: int, length: int
    ) -> bytes:
        """The line at `position`, from its block read whole and checked against its CRC."""
        index = bisect.bisect_right([b.end for b in blocks], position)
        if index >= len(blocks) or position + length > blocks[index].end:
            raise _damaged(self.path, f"a line of the {section.name} section crosses its blocks")
        start = blocks[index - 1].end if index else section.start
        data = self._pread(blocks[index].end - start, start)
        if len(data) != blocks[index].end - start or crc(data) != blocks[index].crc:
            raise _damaged(self.path, f"the {section.name} section fails its checksum")
        return data[position - start : position - start + length]

    def _find_checked(self, section: Section, name: str) -> Table | None:
        data = self._checked_sections.get(section.name)
        if data is None:
            data = self._checked_sections[section.name] = self._checked(section)
        key = name_key(name) + b":"
        at = 0 if data.startswith(key) else data.find(b"\n" + key) + 1
        if at <= 0 and not data.startswith(key):
            return None
        end = data.index(b"\n", at)
        try:
            return parse_line(data[at : end + 1])[1]
        except ValueError as error:
            raise _damaged(self.path, f"table {name} does not parse ({error})") from None

    def _line_start_after(self, position: int, limit: int) -> int:
        """The first line start at or after `position` (a line starts after a newline)."""
        probe = position - 1
        while probe < limit:
            data = self._pread(4096, probe)
            if not data:
                return limit
            newline = data.find(b"\n")
            if newline >= 0:
                return probe + newline + 1
            probe += len(data)
        return limit

    def _line_at(self, position: int, limit: int) -> bytes:
        size = 8192
        while True:
            data = self._pread(min(size, limit - position), position)
            newline = data.find(b"\n")
            if newline >= 0:
                return data[: newline + 1]
            if position + len(data) >= limit or not data:
                raise _damaged(self.path, f"a line at byte {position} has no end")
            size *= 4

    def lines(self, only: str | None = None) -> Iterator[Line]:
        """Every table line but _meta and _seal (or those of section `only`), in order;
        each section's checksum is checked as it streams past (CorruptLedger at the end of
        a damaged section)."""
        self.pin()
        try:
            for section in self.seal.sections:
                if section.name == META_TABLE or (only is not None and section.name != only):
                    continue
                running = 0
                count = 0
                for line in self._stream(section.start, section.end):
                    running = crc(line, running)
                    count += 1
                    yield line_key(line), line
                if running != section.crc or count != section.lines:
                    raise _damaged(self.path, f"the {section.name} section fails its checksum")
        finally:
            self.unpin()

    def spans(self, section_name: str, parts: int) -> list[tuple[int, int]]:
        """A section's bytes cut into at most `parts` runs of whole lines of about the same
        size (`verify` checks the cases in parts, in worker processes)."""
        section = self._sections.get(section_name)
        if section is None or not section.lines:
            return []
        size = section.end - section.start
        cuts = [section.start]
        for part in range(1, parts):
            cut = self._line_start_after(section.start + size * part // parts, section.end)
            if cuts[-1] < cut < section.end:
                cuts.append(cut)
        cuts.append(section.end)
        return list(itertools.pairwise(cuts))

    def lines_in(self, start: int, end: int) -> Iterator[Line]:
        """The table lines of one span from `spans`, not checked against the seal: for a
        reader whose caller checks the whole snapshot itself (`verify` in parts)."""
        self.pin()
        try:
            for line in self._stream(start, end):
                yield line_key(line), line
        finally:
            self.unpin()

    def _stream(self, start: int, end: int) -> Iterator[bytes]:
        position = start
        rest = b""
        while position < end:
            data = self._pread(min(_CHUNK, end - position), position)
            if not data:
                raise _damaged(self.path, "the file is shorter than its seal says")
            position += len(data)
            data = rest + data
            lines = data.split(b"\n")
            rest = lines.pop()
            for line in lines:
                yield line + b"\n"
        if rest:
            raise _damaged(self.path, "a section does not end with a whole line")

    def verify(self) -> None:
        """Check every section against the seal (reads the whole file)."""
        for _ in self.lines():
            pass
        self.meta()


class MemorySnapshot:
    """A snapshot held in memory: parsed whole, or none at all (a new ledger)."""

    def __init__(self, path: Path, tables: dict[str, Table], seal: Seal | None, kind: str) -> None:
        self.path = path
        self.tables = tables
        self.seal = seal
        self.kind = kind  # "none", "legacy" (casetui 2 and older), "parsed" (sealed, not canonical)
        self.id: str | None = seal.snapshot if seal else (LEGACY if kind == LEGACY else None)
        self.inode: int | None = None

    def close(self) -> None:
        pass

    def pin(self) -> None:
        pass

    def unpin(self) -> None:
        pass

    def meta(self) -> Table:
        return self.tables.get(META_TABLE) or {}

    def count(self, section_name: str) -> int:
        return sum(1 for name in self.tables if section_of(name) == section_name)

    def section_tables(self, section_name: str) -> dict[str, Table]:
        return {name: t for name, t in self.tables.items() if section_of(name) == section_name}

    def section_bodies(self, section_name: str, upto: Upto | None = None) -> dict[str, Table]:
        return self.section_tables(section_name)  # parsed already; every one (see `upto`)

    def section_names(self, section_name: str) -> list[str]:
        return [name for name in self.tables if section_of(name) == section_name]

    def find(self, name: str) -> Table | None:
        return self.tables.get(name)

    def lines(self, only: str | None = None) -> Iterator[Line]:
        keyed = sorted(
            (name_key(name), name)
            for name in self.tables
            if name not in (META_TABLE, SEAL_TABLE) and (only is None or section_of(name) == only)
        )
        for key, name in keyed:
            yield key, table_line(name, self.tables[name])

    def verify(self) -> None:
        if self.seal is not None:
            check_seal(self.path, self.tables, self.seal)


def check_seal(path: Path, tables: dict[str, Table], seal: Seal) -> None:
    """Check tables parsed from a non-canonical file against their seal, by encoding them
    the canonical way: layout does not matter, content does."""
    memory = MemorySnapshot(path, tables, None, "parsed")
    found: dict[str, list[int]] = {}
    order: list[str] = []
    for key, line in memory.lines():
        name = section_of(orjson.loads(key))
        if name not in found:
            found[name] = [0, 0]
            order.append(name)
        found[name][0] += 1
        found[name][1] = crc(line, found[name][1])
    meta_line = table_line(META_TABLE, tables.get(META_TABLE) or {})
    found[META_TABLE] = [1, crc(meta_line)]
    order.append(META_TABLE)
    expected = [(s.name, s.lines, s.crc) for s in seal.sections]
    actual = [(name, *found[name]) for name in order]
    if expected != actual:
        changed = sorted({entry[0] for entry in set(expected) ^ set(actual)})
        raise _damaged(path, f"the {', '.join(changed)} section(s) changed since it was sealed")


def open_snapshot(path: Path) -> SnapshotFile | MemorySnapshot:
    """The snapshot at `path`, lazily when it is in the canonical layout."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return MemorySnapshot(path, {}, None, "none")
    try:
        info = os.fstat(fd)
        if info.st_size >= 8 and os.pread(fd, 2, 0) == b"{\n":
            try:
                return SnapshotFile(path, fd, info.st_size, info.st_ino)
            except ValueError:
                pass  # not the canonical layout after all: parse it whole
        raw = b""
        while chunk := os.pread(fd, _CHUNK * 16, len(raw)):
            raw += chunk
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    snapshot = parse_whole(path, raw)
    snapshot.inode = info.st_ino
    return snapshot


def parse_whole(path: Path, raw: bytes) -> MemorySnapshot:
    try:
        tables = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptLedger(f"{path} is not a valid ledger ({error})") from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise CorruptLedger(f"{path} is not a casetui ledger (unexpected structure)")
    seal_table = tables.pop(SEAL_TABLE, None)
    if seal_table is not None:
        seal = Seal.from_doc(seal_table.get("1"), path)
        try:
            check_seal(path, tables, seal)
        except CorruptLedger as error:
            where = _first_broken_case(tables)
            raise CorruptLedger(f"{error}{f' ({where})' if where else ''}") from None
        return MemorySnapshot(path, tables, seal, "parsed")
    if not tables:
        raise CorruptLedger(
            f"{path} holds no cases, no customers and no casetui header: it is not a ledger "
            "casetui wrote (was it emptied?)"
        )
    meta = (tables.get(META_TABLE) or {}).get("1") or {}
    schema = meta.get("schema", 1)
    if isinstance(schema, int) and schema >= SNAPSHOT_FORMAT:
        raise CorruptLedger(f"{path} lost its seal (schema {schema} ledgers always have one)")
    return MemorySnapshot(path, tables, None, LEGACY)


def _first_broken_case(tables: dict[str, Table]) -> str:
    """Which case a damaged case section damaged: the first whose chain breaks."""
    from casetui.store import chain

    for name in sorted(tables):
        if not name.startswith("case:"):
            continue
        case_id = name[len("case:") :]
        events = sorted(
            tables[name].values(), key=lambda e: e.get("id", 0) if isinstance(e, dict) else 0
        )
        row = (tables.get(f"index:{case_id}") or {}).get("1") or {}
        try:
            _, problems = chain.check(case_id, events, row.get("head"))
        except (TypeError, AttributeError, ValueError):
            return f"{case_id} cannot be read"
        if problems:
            return str(problems[0])
    return ""


# --------------------------------------------------------------------------- writing


def write_snapshot(
    path: Path,
    lines: Iterable[Line],
    meta: Table,
    made_from: dict[str, Any],
) -> Seal:
    """Write a sealed snapshot from `lines` (sorted by key, _meta and _seal excluded) and
    `meta`, and rename it over `path`. Returns its seal."""
    return replace_with(path, lambda fd: _write_lines(fd, lines, meta, made_from))


def _write_lines(fd: int, lines: Iterable[Line], meta: Table, made_from: dict[str, Any]) -> Seal:
    sections: list[Section] = []
    blocks: dict[str, tuple[Block, ...]] = {}
    block: list[Block] = []  # the blocks of the current section, when it has blocks
    block_start, block_crc = 2, 0
    buffer = bytearray(b"{\n")
    position = 2
    current: list[Any] | None = None  # [name, start, lines, crc]
    previous = b""
    for key, line in lines:
        if key <= previous:
            raise ValueError(f"snapshot lines out of order at {key!r}")
        previous = key
        name = section_of(orjson.loads(key))
        if current is None or current[0] != name:
            if current is not None:
                sections.append(Section(current[0], current[1], position, current[2], current[3]))
                if current[0] in CHECKED_WHOLE:
                    blocks[current[0]] = _closed(block, block_start, position, block_crc)
            current = [name, position, 0, 0]
            block, block_start, block_crc = [], position, 0
        current[2] += 1
        current[3] = crc(line, current[3])
        buffer += line
        position += len(line)
        if name in CHECKED_WHOLE:
            block_crc = crc(line, block_crc)
            if position - block_start >= BLOCK:
                block.append(Block(position, block_crc))
                block_start, block_crc = position, 0
        if len(buffer) >= _CHUNK:
            durable.write_all(fd, bytes(buffer))
            buffer.clear()
    if current is not None:
        sections.append(Section(current[0], current[1], position, current[2], current[3]))
        if current[0] in CHECKED_WHOLE:
            blocks[current[0]] = _closed(block, block_start, position, block_crc)
    meta_line = table_line(META_TABLE, meta)
    sections.append(Section(META_TABLE, position, position + len(meta_line), 1, crc(meta_line)))
    buffer += meta_line
    made_at = f"{datetime.now(UTC):%FT%TZ}"
    seal = Seal(new_snapshot_id(), tuple(sections), made_from, made_at, blocks)
    buffer += table_line(SEAL_TABLE, {"1": seal.to_doc()})[:-2] + b"\n}\n"
    durable.write_all(fd, bytes(buffer))
    return seal


def _closed(blocks: list[Block], start: int, end: int, running: int) -> tuple[Block, ...]:
    """A section's blocks, with the last one if lines are left after the full ones."""
    return (*blocks, Block(end, running)) if end > start else tuple(blocks)
