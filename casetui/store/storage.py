"""The TinyDB storage: tables read on first use from the snapshot with the journal over it,
and every write committed as one journal line.

TinyDB hands its storage the whole database on every read and write. Here `read()` returns
a dict that loads a table the first time TinyDB asks for it (`_Tables.__missing__`), so a
command that touches one case reads one case. TinyDB builds a new dict for every table it
changes, so a commit finds the changed tables by identity and writes just those, in one
journal line, with the lock held (`transaction`).

What the journal holds over the snapshot is kept in `overlay` (table name -> newest
content, or None when dropped). `refresh()` folds in what other processes appended; when
a compaction replaced the files it reopens both, so the snapshot and the journal read
always belong together. A commit bigger than the journal's limit goes straight into a new
snapshot instead (an import of thousands of rows, the demo).
"""

from __future__ import annotations

import contextlib
from _thread import RLock  # `threading` itself is not needed for one lock
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from casetui.errors import OperationalError
from casetui.store.canon import name_key, parse_line, section_of, table_line
from casetui.store.durable import (
    CorruptLedger,
    DiskWriteError,
    describe_os_error,
    journal_path,
)
from casetui.store.journal import Change, Journal, encode_line
from casetui.store.lock import CommitLock
from casetui.store.snapshot import (
    LEGACY,
    META_TABLE,
    SEAL_TABLE,
    Line,
    MemorySnapshot,
    SnapshotFile,
    Upto,
    open_snapshot,
    write_snapshot,
)

Table = dict[str, Any]
Base = SnapshotFile | MemorySnapshot
# What changed since the last look: table names, or None for "everything" (a new snapshot).
Changed = frozenset[str] | None
NOTHING: Changed = frozenset()

# A commit this big is written as a new snapshot rather than a journal line.
BIG_COMMIT_BYTES = 4 * 1024 * 1024

# `read_ahead` parses a whole section (one checked read) once at least one table in this
# many of it is wanted; fewer are found one by one (a binary search each, about 40 times
# slower a table than a share of the section's parse).
READ_WHOLE_EVERY = 16


class _Tables(dict):  # type: ignore[type-arg]
    """TinyDB's view of the ledger: each table is read the first time it is asked for."""

    def __init__(self, storage: LedgerStorage) -> None:
        super().__init__()
        self._storage = storage

    def __missing__(self, name: str) -> Table:
        return self._storage._load_table(name)


class LedgerStorage(Storage):
    """Snapshot + journal, read lazily, written one commit at a time under the lock."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.journal = Journal(journal_path(path))
        self._guard = RLock()
        self._depth = 0
        self._reset = False
        self.base: Base = MemorySnapshot(path, {}, None, "none")
        self.overlay: dict[str, Table | None] = {}
        self._data = _Tables(self)
        self._persisted: dict[str, Table] = {}
        self._journal_folded = False  # the journal on disk is already in the snapshot
        # Called with the lock held just before a commit writes anything (the backup).
        self.before_commit: Callable[[], None] | None = None
        # Called with each new snapshot a compaction wrote (to keep a backup copy of it).
        self.after_snapshot: Callable[[Base], None] | None = None
        self._open()

    # ----------------------------------------------------------------- opening

    def _open(self) -> None:
        """Read the snapshot and the journal that goes with it (again, if a compaction
        raced us: the snapshot we opened stays readable through its descriptor)."""
        for attempt in range(5):
            base = open_snapshot(self.path)
            try:
                changes = self.journal.load()
                folded = self._pair(base)
            except CorruptLedger:
                base.close()
                if attempt < 4 and self._snapshot_moved(base):
                    continue
                raise
            except BaseException:
                base.close()
                raise
            break
        old = self.base
        self.base = base
        self.overlay = {}
        if not folded:
            for change in changes:
                self.overlay.update(change)
        self._journal_folded = folded
        self._data = _Tables(self)
        self._persisted = {}
        if old is not base:
            old.close()

    def _snapshot_moved(self, base: Base) -> bool:
        try:
            return self.path.stat().st_ino != base.inode
        except FileNotFoundError:
            return base.inode is not None

    def journal_identity(self) -> str | None:
        """Which snapshot the journal on disk extends (LEGACY: a journal without header)."""
        journal = self.journal
        if journal.header is not None:
            return journal.snapshot
        return LEGACY if journal.exists else None

    def _pair(self, base: Base) -> bool:
        """Check that the journal belongs to `base`; True when `base` already holds it (a
        compaction was interrupted before it could start a new journal)."""
        journal = self.journal
        names = journal.snapshot if journal.header is not None else None
        if base.id is None:  # no snapshot yet: a new ledger
            if journal.header is not None and names is not None:
                raise CorruptLedger(
                    f"{self.path} is missing, but its journal holds writes made after "
                    f"snapshot {names}: the ledger was moved or deleted; restore a backup "
                    "(casetui backups, casetui restore)"
                )
            return False
        if base.id == LEGACY:
            if journal.header is not None:
                raise CorruptLedger(
                    f"{journal.path} was not written for {self.path} (it names snapshot "
                    f"{names}); restore a backup (casetui backups, casetui restore)"
                )
            return False
        if journal.header is not None and names == base.id:
            return False
        made_from = base.seal.made_from if base.seal else {}
        if (
            (journal.exists or made_from.get("journal_bytes") is None)
            and made_from.get("snapshot") == self.journal_identity()
            and made_from.get("journal_bytes") == journal.size
            and made_from.get("journal_crc") == journal.crc
        ):
            return True
        if not journal.exists:
            raise CorruptLedger(
                f"{journal.path} is missing: it holds what was written since {self.path} was "
                "last compacted; restore a backup (casetui backups, casetui restore), or "
                "`casetui reseal` to accept the ledger without it"
            )
        what = f"snapshot {names}" if journal.header is not None else "an older ledger"
        raise CorruptLedger(
            f"{journal.path} was written for {what}, but {self.path} is snapshot {base.id}: "
            "they do not belong together (was one of them replaced?); restore a backup "
            "(casetui backups, casetui restore)"
        )

    # ----------------------------------------------------------------- reading

    def read(self) -> dict[str, Table]:
        return self._data

    def _load_table(self, name: str) -> Table:
        with self._guard:
            if self._reset:
                raise KeyError(name)
            table = self.overlay[name] if name in self.overlay else self.base.find(name)
            if table is None:
                raise KeyError(name)
            self._data[name] = table
            self._persisted[name] = table
            return table

    def table(self, name: str) -> Table | None:
        try:
            return self._data[name]
        except KeyError:
            return None

    def read_ahead(self, names: Iterable[str]) -> None:
        """Load these tables now, as `table` would one by one: where many of a section are
        wanted, with one read of the whole section (checked against its seal) instead of a
        binary search each. For a writer about to touch thousands of cases at once."""
        with self._guard:
            if self._reset:
                return
            wanted: dict[str, list[str]] = {}
            for name in names:
                if (
                    name in self.overlay
                    or name in self._persisted
                    or dict.__contains__(self._data, name)
                ):
                    continue  # in the journal (cheap), read already, or dropped
                wanted.setdefault(section_of(name), []).append(name)
            for section, missing in wanted.items():
                if len(missing) * READ_WHOLE_EVERY < self.base.count(section):
                    continue  # a few: each is found when it is asked for
                tables = self.base.section_tables(section)
                for name in missing:
                    table = tables.get(name)
                    if table is not None:
                        self._data[name] = table
                        self._persisted[name] = table

    def section(self, section: str) -> dict[str, Table]:
        """Every table of a section as it stands (snapshot, journal, this transaction)."""
        with self._guard:
            tables = {} if self._reset else self.base.section_tables(section)
            return self._layered(section, tables)

    def section_bodies(self, section: str, upto: Upto | None = None) -> dict[str, Table | bytes]:
        """Like `section`, but a table the snapshot holds (and the journal did not change)
        is its unparsed JSON, checked: rows for lists, parsed when looked at. With `upto`
        (`casetui.store.snapshot.Upto`), the snapshot's tables that fail it may be left
        out; a table the journal or this transaction holds is always in."""
        with self._guard:
            tables: dict[str, Table | bytes] = (
                {} if self._reset else dict(self.base.section_bodies(section, upto))
            )
            return self._layered(section, tables)

    def _layered(self, section: str, tables: dict[str, Any]) -> dict[str, Any]:
        """`tables` (what the snapshot holds of a section) with the journal's changes and this
        transaction's laid over it. Called with the guard held."""
        for name, table in self.overlay.items():
            if section_of(name) == section:
                if table is None:
                    tables.pop(name, None)
                else:
                    tables[name] = table
        for name, table in dict.items(self._data):
            if section_of(name) == section:
                tables[name] = table
        for name in self._persisted.keys() - dict.keys(self._data):
            tables.pop(name, None)  # dropped in this transaction
        return tables

    def section_names(self, section: str) -> set[str]:
        """The names of a section's tables as it stands (snapshot, journal, this
        transaction), without reading their contents."""
        with self._guard:
            names = dict.fromkeys(() if self._reset else self.base.section_names(section))
            return set(self._layered(section, names))

    def has_section(self, section: str) -> bool:
        """Does the ledger hold any table of this section? (Cheap: no parsing.)"""
        with self._guard:
            if not self._reset and self.base.count(section):
                return True
            names = [n for n, t in self.overlay.items() if t is not None]
            return any(section_of(name) == section for name in (*names, *dict.keys(self._data)))

    def iter_section(self, section: str) -> Iterator[tuple[str, Table]]:
        """Every table of a section as it stands, streamed (the snapshot is read once, one
        line at a time; its section checksum is checked on the way)."""
        with self.frozen() as view:
            yield from view.iter_section(section)

    def frozen(self) -> View:
        """The ledger as it stands now, unchanged by later commits or compactions: for
        long reads in the background (verify), which must not see half of a write."""
        with self._guard:
            newer = dict(self.overlay)
            newer.update(dict.items(self._data))
            for name in self._persisted.keys() - dict.keys(self._data):
                newer[name] = None
            return View(None if self._reset else self.base, newer)

    def meta(self) -> Table:
        table = self.table(META_TABLE)
        if table is not None:
            return table
        return {} if self._reset else self.base.meta()

    # ----------------------------------------------------------------- other processes

    def changed_on_disk(self) -> bool:
        """Cheap (two `stat`s): did another process commit or compact since we looked?"""
        try:
            stat = self.journal.path.stat()
        except FileNotFoundError:
            return self.journal.inode is not None or self._snapshot_moved(self.base)
        if stat.st_ino != self.journal.inode or stat.st_size != self.journal.seen:
            return True
        return self._snapshot_moved(self.base)

    def refresh(self) -> Changed:
        """Fold in what other processes committed; returns what changed."""
        with self._guard:
            if self._depth and self._is_dirty():
                raise OperationalError("refresh in the middle of a transaction")
            if self.journal.replaced() or self._snapshot_moved(self.base):
                self._open()
                return None
            if self._journal_folded:
                return NOTHING
            changes = self.journal.read_more()
            names: set[str] = set()
            for change in changes:
                self.overlay.update(change)
                names.update(change)
            for name in names:
                dict.pop(self._data, name, None)
                self._persisted.pop(name, None)
            return frozenset(names)

    # ----------------------------------------------------------------- writing

    def write(self, data: dict[str, Table]) -> None:
        if self.readonly:
            raise OperationalError(f"{self.path} is open read-only")
        if data is not self._data:
            raise OperationalError("the ledger is written through its tables, not replaced")
        if not self._depth:
            raise OperationalError("a ledger write outside a transaction")

    def put_table(self, name: str, table: Table) -> None:
        """Set a whole table in the current transaction: what a TinyDB write comes down to,
        without its two passes re-keying every document of the table (a statement writes
        thousands of cases and their rows in one commit)."""
        if self.readonly:
            raise OperationalError(f"{self.path} is open read-only")
        if not self._depth:
            raise OperationalError("a ledger write outside a transaction")
        self._data[name] = table

    @contextlib.contextmanager
    def transaction(self, lock: CommitLock) -> Iterator[Changed]:
        """Hold the lock, fold in what others committed, run the block, commit it as one
        journal line. On an exception nothing is written and memory is read again."""
        if self.readonly:
            raise OperationalError(f"{self.path} is open read-only")
        with lock.held() as outermost:
            changed: Changed = NOTHING
            if outermost:
                changed = self.refresh()
            self._depth += 1
            try:
                yield changed
            except BaseException:
                self._depth -= 1
                self.rollback()
                raise
            self._depth -= 1
            if outermost:
                self._commit()

    def _is_dirty(self) -> bool:
        if self._reset:
            return True
        persisted = self._persisted
        if any(persisted.get(name) is not table for name, table in dict.items(self._data)):
            return True
        return bool(persisted.keys() - dict.keys(self._data))

    def _changes(self) -> Change:
        persisted = self._persisted
        change: Change = {
            name: table
            for name, table in dict.items(self._data)
            if persisted.get(name) is not table
        }
        for name in persisted.keys() - dict.keys(self._data):
            change[name] = None
        return change

    def rollback(self) -> None:
        """Forget what this transaction changed: memory is what the disk says."""
        with self._guard:
            self._reset = False
            self._data = _Tables(self)
            self._persisted = {}

    def _commit(self) -> None:
        if not self._is_dirty():
            return
        change = self._changes()
        if self.before_commit is not None:
            self.before_commit()
        try:
            line = encode_line(change)
        except (TypeError, ValueError) as error:
            # Nothing reached the disk, but memory holds the change: forget it.
            self.rollback()
            raise OperationalError(f"could not save: {error}; the ledger is unchanged") from None
        if self._reset or len(line) > BIG_COMMIT_BYTES:
            self._commit_as_snapshot(change)
            return
        try:
            self._start_journal()
            self.journal.append(line)
        except OSError as error:
            self.rollback()
            self._reread_journal()
            raise DiskWriteError(
                describe_os_error(error, f"saving to {self.journal.path}")
            ) from None
        with self._guard:
            for name, table in change.items():
                self.overlay[name] = table
                if table is None:
                    self._persisted.pop(name, None)
                else:
                    self._persisted[name] = table

    def _start_journal(self) -> None:
        """Before the first line after a compaction (or of a new ledger): a journal naming
        the snapshot. A journal without header that holds lines is casetui 2's, which a
        writer migrates at open: never write after it."""
        journal = self.journal
        if self._journal_folded or not journal.exists or journal.size == 0:
            journal.reset(self.base.id)
            self._journal_folded = False
        elif journal.header is None:
            raise OperationalError(f"{journal.path} is from an older casetui; open it again")

    def _reread_journal(self) -> None:
        """After a failed append: the journal on disk is what it was (the torn line cut)."""
        with contextlib.suppress(CorruptLedger, OSError):
            self._open()

    def _commit_as_snapshot(self, change: Change) -> None:
        """Commit by writing a new snapshot that holds the change (the rename is the
        commit): for clearing the ledger and for very big commits."""
        overlay = {} if self._reset else dict(self.overlay)
        overlay.update(change)
        try:
            self._write_new_snapshot(overlay, base_lines=not self._reset)
        except OSError as error:
            self.rollback()
            raise DiskWriteError(describe_os_error(error, f"saving to {self.path}")) from None
        except BaseException:
            self.rollback()
            raise
        with self._guard:
            self._reset = False
            self._persisted = {name: t for name, t in dict.items(self._data)}

    # ----------------------------------------------------------------- compaction

    @property
    def journal_bytes(self) -> int:
        """What compaction would fold in: the journal's size (0 when already folded)."""
        return 0 if self._journal_folded else self.journal.size

    @property
    def pending_commits(self) -> int:
        """Commits in the journal that the snapshot does not hold yet."""
        if self._journal_folded:
            return 0
        return self.journal.lines - (1 if self.journal.header is not None else 0)

    def compact(self) -> None:
        """Write the snapshot with the journal folded in, then start an empty journal.
        The lock must be held and the journal read to its end (`refresh`)."""
        if self.readonly:
            raise OperationalError(f"{self.path} is open read-only")
        self._write_new_snapshot(dict(self.overlay), base_lines=True)

    def _write_new_snapshot(self, overlay: dict[str, Table | None], *, base_lines: bool) -> None:
        base = self.base
        if META_TABLE in overlay:
            meta = overlay[META_TABLE] or {}
        else:
            meta = base.meta() if base_lines else {}
        made_from = {
            "snapshot": self.journal_identity(),
            "journal_bytes": self.journal.size,
            "journal_crc": self.journal.crc,
        }
        lines = _merged(base.lines() if base_lines else iter(()), overlay)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        seal = write_snapshot(self.path, lines, meta, made_from)
        # The new snapshot holds everything: a crash from here on leaves a journal the
        # snapshot says it already folded (made_from), which is then dropped.
        fresh = open_snapshot(self.path)
        with self._guard:
            self.base = fresh
            self.overlay = {}
            self._journal_folded = True
        base.close()
        self.journal.reset(seal.snapshot)
        self._journal_folded = False
        if self.after_snapshot is not None:
            self.after_snapshot(fresh)

    def rewrite(self, tables: dict[str, Table]) -> None:
        """Replace the whole ledger by `tables` as a new snapshot (a migration; the lock
        is held and the journal read)."""
        self._write_new_snapshot(dict(tables), base_lines=False)
        self.rollback()

    def hold_in_memory(self, tables: dict[str, Table]) -> None:
        """Read from `tables` instead of the files (a reader's in-memory migration)."""
        with self._guard:
            inode = self.base.inode
            self.base.close()
            self.base = MemorySnapshot(self.path, tables, None, "migrated")
            self.base.inode = inode
            self.overlay = {}
            self._journal_folded = True
            self._data = _Tables(self)
            self._persisted = {}

    def clear(self) -> None:
        """Drop every table in the current transaction (committed as a new snapshot)."""
        if not self._depth:
            raise OperationalError("clearing the ledger outside a transaction")
        with self._guard:
            self._reset = True
            self._data = _Tables(self)

    def close(self) -> None:
        self.base.close()


class View:
    """A snapshot and the tables committed over it, as they were at one moment."""

    def __init__(self, base: Base | None, newer: dict[str, Table | None]) -> None:
        if base is not None:
            base.pin()  # stays readable after a compaction until the view is closed
        self.base = base
        self.newer = newer

    def close(self) -> None:
        if self.base is not None:
            self.base.unpin()
            self.base = None

    def __enter__(self) -> View:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def section(self, section: str) -> dict[str, Table]:
        tables = self.base.section_tables(section) if self.base is not None else {}
        for name, table in self.newer.items():
            if section_of(name) == section:
                if table is None:
                    tables.pop(name, None)
                else:
                    tables[name] = table
        return tables

    def iter_section(
        self,
        section: str,
        damage: list[CorruptLedger] | None = None,
        span: tuple[int, int] | None = None,
    ) -> Iterator[tuple[str, Table]]:
        """Every table of a section. With a `damage` list (verify), a section that fails its
        checksum, or a line that does not parse, is noted there and the reading goes on:
        every table that can be read is, so each case can be checked on its own.

        With `span` (one part of the section, from `SnapshotFile.spans`): only the tables of
        those lines, not checked against the seal (the caller checks the snapshot whole),
        and none of those only the journal holds (`journal_tables` has them)."""
        newer = self.journal_tables(section)
        if self.base is None:
            lines: Iterator[Line] = iter(())
        elif span is None:
            lines = self.base.lines(only=section)
        else:
            lines = self.base.lines_in(*span)  # type: ignore[union-attr]
        try:
            for key, line in lines:
                name = orjson.loads(key)
                if name in newer:
                    table = newer.pop(name)
                    if table is not None:
                        yield name, table
                    continue
                try:
                    yield parse_line(line)
                except ValueError:
                    if damage is None:
                        raise
                    damage.append(CorruptLedger(f"a line of the {section} section does not parse"))
        except CorruptLedger as error:
            if damage is None:
                raise
            damage.append(error)
        if span is not None:
            return
        for name, table in newer.items():
            if table is not None:
                yield name, table

    def journal_tables(self, section: str) -> dict[str, Table | None]:
        """The tables of a section committed over the snapshot (None: dropped)."""
        return {name: t for name, t in self.newer.items() if section_of(name) == section}

    def section_bodies(self, section: str) -> dict[str, Table | bytes]:
        """Like `section`, but a table the snapshot holds (and the journal did not change)
        is its unparsed JSON (`{"1":{...}}`), checked against the seal: CorruptLedger when
        the section fails its checksum."""
        tables: dict[str, Table | bytes] = (
            dict(self.base.section_bodies(section)) if self.base is not None else {}
        )
        for name, table in self.journal_tables(section).items():
            if table is None:
                tables.pop(name, None)
            else:
                tables[name] = table
        return tables

    def readable_section(self, section: str, damage: list[CorruptLedger]) -> dict[str, Table]:
        """`section` as far as it can be read, its damage noted in `damage` (verify)."""
        return dict(self.iter_section(section, damage))


def _merged(base_lines: Iterator[Line], overlay: dict[str, Table | None]) -> Iterator[Line]:
    """The snapshot's lines with the journal's tables in their place, in order."""
    pending = sorted(
        (name_key(name), name) for name in overlay if name not in (META_TABLE, SEAL_TABLE)
    )
    index = 0
    for key, line in base_lines:
        while index < len(pending) and pending[index][0] < key:
            new_key, name = pending[index]
            index += 1
            if (table := overlay[name]) is not None:
                yield new_key, table_line(name, table)
        if index < len(pending) and pending[index][0] == key:
            index += 1
            if (table := overlay[pending[index - 1][1]]) is not None:
                yield key, table_line(pending[index - 1][1], table)
        else:
            yield key, line
    for new_key, name in pending[index:]:
        if (table := overlay[name]) is not None:
            yield new_key, table_line(name, table)
