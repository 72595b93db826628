"""The ledger on disk behind a small API: cases, customers, index rows, one commit at a time.

Tables (see the package docstring): `case:<id>` (events, doc id = event id), `customer:<id>`
(one document), `index:<id>` (one row: what the ledger derives from the case's events,
plus the chain's `head` and `last` event id), `_meta`.

Reading a case checks its hash chain against the head in its index row: a case read is a
case verified. Writing happens in `transaction()`: the lock is taken, what other processes
committed is folded in (the caller is told what changed, to drop what it cached), the
block runs, and everything it wrote is one journal line. Before a process's first commit a
backup is made; after the last, a big journal is folded into the snapshot (`close`). Both
are housekeeping: when they fail, the writes are still saved and a warning says so.

This is the only module that talks to TinyDB. Documents handed out ARE the cached data
(copying 500k events would cost more than folding them): callers treat them as read-only.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from casetui.errors import CasetuiError, OperationalError
from casetui.records import NamedTuple
from casetui.store import backups as backup_files
from casetui.store import chain
from casetui.store.chain import AcceptedBreak, ChainProblem
from casetui.store.durable import (
    CannotWrite,
    CorruptLedger,
    DiskWriteError,
    describe_os_problem,
    remove_stale_temps,
)
from casetui.store.lock import CommitLock, LedgerLocked
from casetui.store.schema import (
    CASE_PREFIX,
    INDEX_PREFIX,
    META_TABLE,
    SCHEMA_VERSION,
    MigrationContext,
    RowBuilder,
    check_readable,
    migrate,
    version_of,
)
from casetui.store.snapshot import LEGACY, MemorySnapshot, Upto
from casetui.store.storage import Changed, LedgerStorage
from casetui.values import frozen

CUSTOMER_PREFIX = "customer:"
CUSTOMER_SECTION = "customer"
INDEX_SECTION = "index"
CASE_SECTION = "case"

# Fold the journal into the snapshot (at close, or when the app is idle) from this size.
COMPACT_AT_BYTES = 1024 * 1024

RawDoc = Mapping[str, Any]
Row = dict[str, Any]


@frozen
class IndexSpec:
    """How the ledger derives an index row from a case's events, and the stamp (fold
    version and ladder policy) rows built that way carry. Another stamp: rebuilt."""

    stamp: str
    build: RowBuilder


class CaseDamaged(CorruptLedger):
    """A case's events do not match their hash chain or the head in its index row."""

    def __init__(self, message: str, problems: list[ChainProblem]) -> None:
        super().__init__(message)
        self.problems = problems


class CaseRead(NamedTuple):
    events: list[RawDoc]
    row: Row | None
    problems: list[ChainProblem]
    accepted: bool  # it breaks its chain only where a reseal accepted it


def resolve(path: Path) -> Path:
    """The ledger's real path: `--db` through a symlink is the file it points to, so the
    journal, lock and backups sit beside the real file and the link stays a link."""
    return Path(os.path.realpath(path))


def _cannot_open(path: Path, error: OSError, readonly: bool) -> str:
    where = f" ({error.filename})" if error.filename and str(error.filename) != str(path) else ""
    mode = "reading" if readonly else "writing"
    return f"cannot open {path} for {mode}: {error.strerror or error}{where}; nothing was changed"


class LedgerStore:
    """An open ledger file. Holds no lock between commits."""

    def __init__(
        self,
        path: Path,
        *,
        index: IndexSpec,
        readonly: bool = False,
        purpose: str = "",
        backup: bool = True,
        lock_wait: float | None = None,
    ) -> None:
        self.path = resolve(path)
        self.readonly = readonly
        self.index = index
        self.warnings: list[str] = []
        self.backup_made: backup_files.Backup | None = None
        self._backup_pending = backup and not readonly
        self._verified: dict[str, tuple[object, object]] = {}
        self._repaired: dict[str, Row] = {}
        self._memory_rows: dict[str, Row] | None = None
        # What others committed that our own housekeeping folded in, not yet reported up.
        self._unreported: Changed = frozenset()
        try:
            self._lock = None if readonly else CommitLock(self.path, purpose, lock_wait)
        except OSError as error:
            raise CannotWrite(_cannot_open(self.path, error, readonly)) from None
        try:
            self._storage = self._open_storage()
            self._storage.before_commit = self._before_first_commit
            if backup and not readonly:
                self._storage.after_snapshot = self._keep_snapshot_copy
            self._db = TinyDB(storage=lambda: self._storage)
            if self._storage.base.id is None and not self._storage.journal.exists:
                self._refuse_to_start_over()
            self._prepare()
            if self._lock is not None and self._lock.try_acquire():
                try:
                    remove_stale_temps(self.path)
                finally:
                    self._lock.release()
        except OSError as error:
            self._release()
            failure = OperationalError if readonly else CannotWrite
            raise failure(_cannot_open(self.path, error, readonly)) from None
        except BaseException:
            self._release()
            raise

    # ----------------------------------------------------------------- opening

    def _open_storage(self) -> LedgerStorage:
        try:
            return LedgerStorage(self.path, readonly=self.readonly)
        except CorruptLedger as error:
            raise CorruptLedger(f"{error}; the files were left untouched ({self.hint()})") from None

    def hint(self) -> str:
        """Where to turn when the ledger cannot be used: the newest backup that checks out."""
        from casetui.store.verify import newest_good_backup

        good = newest_good_backup(self.path)
        if good is None:
            return "no complete backup was found"
        return f"newest backup: {good.name}, `casetui restore {good.name}` puts it back"

    def _prepare(self) -> None:
        """Schema checks and, for a ledger of an older casetui, its migration."""
        storage = self._storage
        empty = storage.base.id is None and not storage.overlay
        version = version_of(storage.table(META_TABLE), empty=empty)
        check_readable(version, self.path)
        if version >= SCHEMA_VERSION and storage.base.id != LEGACY:
            return
        context = MigrationContext(self.index.stamp, self.index.build)
        if self.readonly:
            tables, _ = migrate(self._all_tables(), version, context)
            storage.hold_in_memory(tables)
            return
        assert self._lock is not None
        with self._lock.held():
            if storage.refresh() is None:  # someone else got here first
                version = version_of(storage.table(META_TABLE), empty=False)
                if version >= SCHEMA_VERSION and storage.base.id != LEGACY:
                    return
            self._backup_now()
            tables, _ = migrate(self._all_tables(), version, context)
            storage.rewrite(tables)

    def save_stale_index(self) -> None:
        """Save the rows this writer built again in memory because another fold or ladder
        built the saved ones (a newer casetui, profile.toml edited by hand). The app does it
        when it ends, whether or not anything was written: left to the next write, every
        command that only reads built them again until then (some 8 s each at 50,000 cases;
        a command that writes saves them with its write, one that only reads never writes).
        When they cannot be saved (a full disk, another writer's long commit) they are left
        to be built again, with a warning."""
        if self.readonly or self._memory_rows is None or self.index_current:
            return
        try:
            self.rebuild_index()
        except CasetuiError as error:  # a full disk, a lock held, the files replaced...
            self.warnings.append(f"the case index was not saved, it is built in memory: {error}")

    def _check_still_current(self) -> None:
        """The files were replaced while we had them open (a restore, another casetui)."""
        storage = self._storage
        version = version_of(storage.table(META_TABLE), empty=storage.base.id is None)
        check_readable(version, self.path)
        if version < SCHEMA_VERSION or storage.base.id == LEGACY:
            raise OperationalError(
                f"{self.path} was replaced by a ledger of an older casetui while it was open; "
                "nothing was written: open it again"
            )

    def _all_tables(self) -> dict[str, dict[str, Any]]:
        base = self._storage.base
        tables = dict(base.tables) if isinstance(base, MemorySnapshot) else {}
        for name, table in self._storage.overlay.items():
            if table is None:
                tables.pop(name, None)
            else:
                tables[name] = table
        return tables

    # ----------------------------------------------------------------- reading

    @property
    def is_empty(self) -> bool:
        return not self._storage.section(CASE_SECTION) and not self.customers()

    @property
    def schema_version(self) -> int:
        return version_of(self._storage.table(META_TABLE), empty=False)

    def meta(self) -> Mapping[str, Any]:
        return dict((self._storage.meta() or {}).get("1", {}))

    def customers(self) -> list[RawDoc]:
        tables = self._storage.section(CUSTOMER_SECTION)
        return [table["1"] for table in tables.values() if "1" in table]

    def customer(self, customer_id: str) -> RawDoc | None:
        table = self._storage.table(CUSTOMER_PREFIX + customer_id)
        return table.get("1") if table else None

    def has_case(self, case_id: str) -> bool:
        return self._storage.table(CASE_PREFIX + case_id) is not None

    def row(self, case_id: str) -> Row | None:
        if case_id in self._repaired:
            return self._repaired[case_id]
        if self._memory_rows is not None and not self.index_current:
            return self._memory_rows.get(case_id)
        table = self._storage.table(INDEX_PREFIX + case_id)
        return table.get("1") if table else None

    @property
    def index_current(self) -> bool:
        return self.meta().get("index") == self.index.stamp

    def rows(self) -> dict[str, Row]:
        """Every case's index row (case id -> row). When the rows were built by another fold
        or ladder (their stamp), they are built again in memory; the next write saves them
        (reading never writes)."""
        if not self.index_current and self._storage.has_section(INDEX_SECTION):
            if self._memory_rows is None:
                self._memory_rows = self._built_rows()
            return dict(self._memory_rows)
        tables = self._storage.section(INDEX_SECTION)
        rows = {name[len(INDEX_PREFIX) :]: table["1"] for name, table in tables.items()}
        rows.update(self._repaired)
        return rows

    def row_sources(self, upto: Upto | None = None) -> dict[str, Row | bytes]:
        """Every case's index row, as `rows()`, but those the snapshot holds unparsed (the
        bytes of `{"1":{...}}`, checked): `casetui.caseindex.CaseRow` parses on first use.
        With `upto`, the snapshot's rows that fail it are left out (the agenda looks at the
        23,000 rows due of 50,000, found by their bytes); the journal's rows, rows built
        again in memory and repaired ones are all in, whatever they hold."""
        if not self.index_current and self._storage.has_section(INDEX_SECTION):
            return dict(self.rows())
        bodies = self._storage.section_bodies(INDEX_SECTION, upto)
        prefix = len(INDEX_PREFIX)
        sources: dict[str, Row | bytes] = {
            name[prefix:]: body if body.__class__ is bytes else body["1"]  # type: ignore[index]
            for name, body in bodies.items()
        }
        sources.update(self._repaired)
        return sources

    def case_ids(self) -> list[str]:
        """Every case's id, from the names of the index rows alone (no row is read) while
        the rows are current; else as `rows()` has them."""
        if not self.index_current and self._storage.has_section(INDEX_SECTION):
            return list(self.rows())
        prefix = len(INDEX_PREFIX)
        return [name[prefix:] for name in self._storage.section_names(INDEX_SECTION)]

    def accepted_breaks(self, case_id: str) -> list[AcceptedBreak]:
        entries = (self.meta().get("accepted") or {}).get(case_id) or []
        return [AcceptedBreak(*entry) for entry in entries]

    def read_case(self, case_id: str) -> CaseRead | None:
        """A case's events in id order with what does not match its chain (None: no case)."""
        table = self._storage.table(CASE_PREFIX + case_id)
        if table is None:
            return None
        row = self.row(case_id)
        cached = self._verified.get(case_id)
        events = sorted(table.values(), key=_event_order)
        if cached is not None and cached[0] is table and cached[1] is row:
            return CaseRead(events, row, [], False)
        problems = [
            ChainProblem(case_id, event.get("id"), f"is stored as event #{key}")
            for key, event in table.items()
            if str(event.get("id")) != key
        ]
        accepted = self.accepted_breaks(case_id)
        head, chain_problems = chain.check(
            case_id, events, row.get("head") if row else None, accepted
        )
        problems += chain_problems
        if row is None:
            problems.append(ChainProblem(case_id, None, "has no index row"))
        elif problems and self._row_is_behind(case_id, events, row, problems):
            row = self._repair_row(case_id, events, head)
            problems = []
        if not problems:
            self._verified[case_id] = (table, row)
        return CaseRead(events, row, problems, bool(accepted))

    def _row_is_behind(
        self, case_id: str, events: list[RawDoc], row: Row, problems: list[ChainProblem]
    ) -> bool:
        """The chain holds, and the row's head is that of an earlier event: events were
        added without their row (an interrupted older casetui). The row can be rebuilt."""
        if len(problems) != 1 or problems[0].event_id != events[-1].get("id"):
            return False
        last = row.get("last")
        earlier = next((e for e in events if e.get("id") == last), None)
        return (
            earlier is not None
            and last != events[-1].get("id")
            and (chain.event_hash(earlier) == row.get("head"))
        )

    def _repair_row(self, case_id: str, events: list[RawDoc], head: str) -> Row:
        row = self._build_row(case_id, list(events))
        row["head"], row["last"] = head, events[-1]["id"]
        self._repaired[case_id] = row
        if not self.readonly:
            with contextlib.suppress(OperationalError):
                with self.transaction():
                    self._put_row(case_id, row)
                self._repaired.pop(case_id, None)
        return row

    def read_ahead(self, case_ids: Iterable[str]) -> None:
        """Read these cases' events and index rows now, in one pass over each section when
        they are many (a bank statement writing to thousands of cases): what `read_case`
        and a write then look up is in memory. The events are still checked against their
        chain when the case is read."""
        names = []
        for case_id in case_ids:
            names += (CASE_PREFIX + case_id, INDEX_PREFIX + case_id)
        self._storage.read_ahead(names)

    def case_events(self, case_id: str) -> list[RawDoc]:
        """A case's events, verified: raises `CaseDamaged` when they do not match what was
        written. An unknown case has no events."""
        read = self.read_case(case_id)
        if read is None:
            return []
        if read.problems:
            raise self.damaged(read.problems)
        return read.events

    def damaged(self, problems: list[ChainProblem]) -> CaseDamaged:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return CaseDamaged(
            f"{self.path} does not match what was written: {first}{more}; {self.hint()}; "
            "if you changed the file on purpose, `casetui reseal` shows the changes and "
            "accepts them",
            problems,
        )

    def iter_cases(self) -> Iterator[tuple[str, list[RawDoc]]]:
        """Every case with its events in id order, read as one pass over the snapshot
        (for rebuilding the index, `verify`, and `Ledger.cases()`). Not chain-checked."""
        for name, table in self._storage.iter_section(CASE_SECTION):
            yield name[len(CASE_PREFIX) :], sorted(table.values(), key=_event_order)

    # ----------------------------------------------------------------- other processes

    def changed_on_disk(self) -> bool:
        return self._unreported != frozenset() or self._storage.changed_on_disk()

    def refresh(self) -> Changed:
        """Fold in what other processes committed since we looked; what changed (None:
        everything, the files were replaced)."""
        changed = self._storage.refresh()
        self._forget(changed)
        if changed is None:
            self._prepare()
        return self._with_unreported(changed)

    def _absorb(self) -> None:
        """Fold in what others committed for our own housekeeping (a compaction): what
        changed is kept for the next `refresh` or transaction to report to the ledger."""
        changed = self._storage.refresh()
        self._forget(changed)
        unreported = self._unreported
        if changed is None or unreported is None:
            self._unreported = None
        else:
            self._unreported = unreported | changed

    def _with_unreported(self, changed: Changed) -> Changed:
        unreported, self._unreported = self._unreported, frozenset()
        if changed is None or unreported is None:
            return None
        return changed | unreported

    def _forget(self, changed: Changed) -> None:
        if changed is None:
            self._verified.clear()
            self._repaired.clear()
            self._memory_rows = None
            self._db.clear_cache()
            return
        for name in changed:
            case_id = name.partition(":")[2]
            self._verified.pop(case_id, None)
            self._repaired.pop(case_id, None)
        if self._memory_rows is not None:
            if META_TABLE in changed:
                self._memory_rows = None  # the index may be current now
                return
            for case_id in {n.partition(":")[2] for n in changed if n.startswith(CASE_PREFIX)}:
                self._rebuild_memory_row(case_id)

    def _rebuild_memory_row(self, case_id: str) -> None:
        """Another process wrote to a case while our rows are built in memory: that one row
        is built again."""
        assert self._memory_rows is not None
        table = self._storage.table(CASE_PREFIX + case_id)
        if table is None:
            self._memory_rows.pop(case_id, None)
            return
        events = sorted(table.values(), key=_event_order)
        row = self._build_row(case_id, events)
        row["head"], row["last"] = chain.event_hash(events[-1]), events[-1]["id"]
        self._memory_rows[case_id] = row

    # ----------------------------------------------------------------- writing

    def _writable(self) -> None:
        if self.readonly:
            raise OperationalError(f"{self.path} is open read-only")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Changed]:
        """Everything written inside is committed as one durable step, or not at all.
        Yields what other processes committed since we last looked (only to the outermost
        block; inner ones get nothing)."""
        self._writable()
        assert self._lock is not None
        try:
            with self._storage.transaction(self._lock) as changed:
                self._forget(changed)
                if changed is None:
                    self._check_still_current()
                yield self._with_unreported(changed)
        except BaseException:
            self._db.clear_cache()
            raise

    def _before_first_commit(self) -> None:
        """A backup of the ledger as this process found it, just before its first write
        (so a command that fails writes nothing at all, not even a backup)."""
        storage = self._storage
        if storage.base.id is None and not storage.journal.exists:
            self._refuse_to_start_over()
        if self._backup_pending:
            self._backup_pending = False
            self._backup_quietly()

    def _keep_snapshot_copy(self, base: object) -> None:
        """A compaction wrote a new snapshot: keep the private copy backups will link to
        (while its bytes are fresh). A failure is a warning; a backup copies it later."""
        snapshot_id, fd = getattr(base, "id", None), getattr(base, "fd", -1)
        if snapshot_id is None or fd < 0:
            return
        try:
            backup_files.keep_snapshot(self.path, snapshot_id, fd)
        except (OSError, OperationalError) as error:
            reason = (
                describe_os_problem(error, "copying it") if isinstance(error, OSError) else error
            )
            self.warnings.append(f"no backup copy of the new snapshot ({reason})")

    def _refuse_to_start_over(self) -> None:
        """A new ledger where backups of one exist: the ledger was deleted or moved. A
        ledger that existed never silently becomes an empty one."""
        existing = backup_files.list_backups(self.path)
        if existing:
            name = existing[0].name
            folder = backup_files.backup_dir(self.path)
            raise OperationalError(
                f"there is no ledger at {self.path}, but {folder} holds backups of one "
                f"(newest: {name}): `casetui restore {name}` puts it back; to start a new "
                f"ledger here, move {folder} away first"
            )

    def _backup_now(self, keep: str = "") -> backup_files.Backup | None:
        storage = self._storage
        self._backup_pending = False
        base = storage.base
        made = backup_files.make_backup(
            self.path,
            snapshot_id=base.id,
            journal_bytes=storage.journal.size,
            journal_crc=storage.journal.crc,
            source_fd=getattr(base, "fd", None),
            keep=keep,
        )
        if made is not None:
            self.backup_made = made
        return made

    def keep_backup(self, why: str) -> backup_files.Backup | None:
        """A backup of the ledger as it is now that rotation never removes (before
        `demo --force` replaces it). Raises when it cannot be made: the caller was about
        to drop everything and must not go on without it."""
        with self.transaction():
            try:
                return self._backup_now(keep=why)
            except OSError as error:
                raise OperationalError(
                    f"no backup could be made ({describe_os_problem(error, 'backing up')}); "
                    "nothing was changed"
                ) from None

    def _backup_quietly(self) -> None:
        try:
            self._backup_now()
        except (OSError, OperationalError) as error:
            reason = (
                describe_os_problem(error, "backing up")
                if isinstance(error, OSError)
                else str(error)
            )
            self.warnings.append(f"no backup was made ({reason}); your changes are saved")

    def put_customer(self, doc: dict[str, Any]) -> None:
        """Insert a customer, or replace the one with the same `id`."""
        with self.transaction():
            table = self._db.table(CUSTOMER_PREFIX + doc["id"])
            table.truncate()
            table.insert(Document(dict(doc), doc_id=1))

    def append_events(self, case_id: str, events: list[dict[str, Any]], row: Row) -> str:
        """Add events to a case (creating it) and set its index row, in one commit. The
        events are chained here (their `prev` is set); returns the new head."""
        with self.transaction():
            self._ensure_index_current()
            return self._append(case_id, events, row)

    def append_many(self, writes: Iterable[tuple[str, list[dict[str, Any]], Row]]) -> None:
        """`append_events` for many cases (case id, events, row), in one commit."""
        with self.transaction():
            self._ensure_index_current()
            for case_id, events, row in writes:
                self._append(case_id, events, row)

    def _append(self, case_id: str, events: list[dict[str, Any]], row: Row) -> str:
        read = self.read_case(case_id)
        if read is not None and read.problems:
            raise self.damaged(read.problems)
        previous = read.row if read is not None else None
        if read is not None and previous is None:
            raise self.damaged([ChainProblem(case_id, None, "has no index row")])
        head = chain.link(case_id, events, previous.get("head") if previous else None)
        name = CASE_PREFIX + case_id
        table = dict(self._storage.table(name) or {})
        for event in events:
            key = str(int(event["id"]))
            if key in table:  # refused before anything changed
                raise OperationalError(f"case {case_id}: event #{key} already exists")
            table[key] = dict(event)
        self._storage.put_table(name, table)
        row = dict(row)
        row["head"], row["last"] = head, events[-1]["id"]
        self._put_row(case_id, row)
        self._repaired.pop(case_id, None)
        return head

    def update_row(self, case_id: str, row: Row) -> None:
        """Replace a case's index row with one folded again (its customer changed), keeping
        the chain head and last event id the old row recorded."""
        with self.transaction():
            self._ensure_index_current()
            old = self.row(case_id)
            if old is None:
                raise self.damaged([ChainProblem(case_id, None, "has no index row")])
            row = dict(row)
            row["head"], row["last"] = old.get("head"), old.get("last")
            self._put_row(case_id, row)
            self._verified.pop(case_id, None)

    def _put_row(self, case_id: str, row: Row) -> None:
        self._storage.put_table(INDEX_PREFIX + case_id, {"1": dict(row)})

    def _ensure_index_current(self) -> None:
        if self.index_current:
            return
        if self._storage.has_section(INDEX_SECTION) or self._storage.has_section(CASE_SECTION):
            self.rebuild_index()
        else:
            self.set_meta(index=self.index.stamp)

    def rebuild_index(self) -> None:
        """Build every row again with the current fold and ladder (a writer; in one commit,
        which for a big ledger is a new snapshot)."""
        self._writable()
        with self.transaction():
            if self.index_current:
                return
            rows = self._memory_rows if self._memory_rows is not None else self._built_rows()
            for case_id, row in rows.items():
                self._put_row(case_id, row)
            self.set_meta(index=self.index.stamp)
            self._memory_rows = None

    def _built_rows(self) -> dict[str, Row]:
        """Rows from a fresh fold of every case, each case's chain checked first against
        the head its old row recorded (a rebuild must not bless damage)."""
        old = {
            name[len(INDEX_PREFIX) :]: table.get("1") or {}
            for name, table in self._storage.section(INDEX_SECTION).items()
        }
        rows: dict[str, Row] = {}
        problems: list[ChainProblem] = []
        customers = {doc.get("id"): doc for doc in self.customers()}  # read once, not per case
        for case_id, events in self.iter_cases():
            head, found = chain.check(
                case_id, events, (old.get(case_id) or {}).get("head"), self.accepted_breaks(case_id)
            )
            problems += found
            row = dict(self.index.build(case_id, events, customers.get))
            row["head"], row["last"] = head, events[-1]["id"] if events else 0
            rows[case_id] = row
        if problems:
            raise self.damaged(problems)
        return rows

    def _build_row(self, case_id: str, events: list[Any]) -> Row:
        return dict(self.index.build(case_id, events, self.customer))

    def clear(self) -> None:
        """Empty the ledger (the demo's `--force`) in the current transaction; the backup
        made before it keeps the old one."""
        self._writable()
        with self.transaction():
            self._storage.clear()
            self._verified.clear()
            self._repaired.clear()
            self._db.clear_cache()
            self.set_meta(schema=SCHEMA_VERSION, index=self.index.stamp)

    def set_meta(self, **values: Any) -> None:
        with self.transaction():
            doc = dict(self.meta())
            doc.setdefault("schema", SCHEMA_VERSION)
            doc.update(values)
            table = self._db.table(META_TABLE)
            table.truncate()
            table.insert(Document(doc, doc_id=1))

    # ----------------------------------------------------------------- folding the journal

    @property
    def wants_compaction(self) -> bool:
        storage = self._storage
        if self.readonly or not storage.pending_commits:
            return False
        return storage.journal_bytes >= COMPACT_AT_BYTES or storage.base.id is None

    def compact(self) -> None:
        """Fold the journal into a new snapshot (with the lock held, after a refresh).
        Raises `DiskWriteError` when it cannot be written: the journal still holds every
        write and the old snapshot is untouched."""
        self._writable()
        assert self._lock is not None
        with self._lock.held():
            self._absorb()
            try:
                self._storage.compact()
            except OSError as error:
                raise DiskWriteError(self._compaction_failed(error)) from None

    def _compaction_failed(self, error: OSError | OperationalError) -> str:
        if isinstance(error, OSError):
            reason = describe_os_problem(error, f"folding the journal into {self.path.name}")
        else:
            reason = str(error)
        journal = self._storage.journal.path.name
        return f"{reason}; every change is saved in {journal}, which is folded in later"

    def compact_quietly(self, *, wait: float = 1.0) -> bool:
        """Compact if it is due and the lock comes free soon; a failure is a warning (the
        journal still holds every write). Returns True when it compacted."""
        if not self.wants_compaction:
            return False
        assert self._lock is not None
        try:
            self._lock.acquire(wait=wait)
        except LedgerLocked:
            return False  # another writer is busy; one of us will fold it later
        try:
            self._absorb()
            self._storage.compact()
            return True
        except (OSError, OperationalError) as error:
            self.warnings.append(self._compaction_failed(error))
            return False
        finally:
            self._lock.release()

    def close(self) -> None:
        """Fold a big journal into the snapshot, then let go of the files."""
        try:
            if not self.readonly:
                self.compact_quietly()
        finally:
            self._release()

    def _release(self) -> None:
        storage = getattr(self, "_storage", None)
        if storage is not None:
            storage.close()
        if getattr(self, "_lock", None) is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> LedgerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _event_order(event: RawDoc) -> int:
    event_id = event.get("id")
    return event_id if isinstance(event_id, int) else -1
