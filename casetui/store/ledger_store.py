"""The ledger on disk: TinyDB tables over the durable storage, behind a small API.

Tables: `_meta` (schema version); one table per customer, `customer:<id>`, holding its one
document (contact details, edited in place); and one table per case, `case:<id>`, holding
that case's events with the event id as the document id. A case table only ever grows:
events are appended, never changed.

Why so many small tables: TinyDB rewrites a whole table on every insert, and the journal
records whole changed tables, so a write costs the size of the table it touches. Small
tables keep adding a customer or an event O(1) at 50k cases.

This is the only module that talks to TinyDB. Documents handed out ARE the cached data (copying
or wrapping half a million events costs more than folding them): callers must treat them as
read-only. The fold only reads them; everything else works on decoded, frozen events.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from casetui.errors import OperationalError
from casetui.store.backups import make_backup, newest_backup
from casetui.store.durable import CorruptLedger, DurableStorage, remove_stale_temps
from casetui.store.lock import LedgerLock
from casetui.store.schema import (
    META_TABLE,
    SCHEMA_VERSION,
    check_readable,
    migrate,
    read_version,
    set_version,
)

CUSTOMER_PREFIX = "customer:"
CASE_PREFIX = "case:"

# Compact (rewrite the snapshot, empty the journal) on close once the journal is this big.
COMPACT_AT_BYTES = 4 * 1024 * 1024

RawDoc = Mapping[str, Any]


def _cannot_open(path: Path, error: OSError, readonly: bool) -> str:
    where = f" ({error.filename})" if error.filename and str(error.filename) != str(path) else ""
    mode = "reading" if readonly else "writing"
    return f"cannot open {path} for {mode}: {error.strerror or error}{where}; nothing was changed"


class LedgerStore:
    """An open ledger file. Writable instances hold the lock until `close()`."""

    def __init__(
        self, path: Path, *, readonly: bool = False, purpose: str = "", backup: bool = True
    ) -> None:
        self.path = path
        self.readonly = readonly
        self.backup_path: Path | None = None
        try:
            self._lock = None if readonly else LedgerLock(path, purpose)
        except OSError as error:
            raise OperationalError(_cannot_open(path, error, readonly)) from None
        try:
            self._storage = self._open_storage()
            self._prepare(backup)
        except OSError as error:
            self._release()
            raise OperationalError(_cannot_open(path, error, readonly)) from None
        except BaseException:
            self._release()
            raise
        self._db = TinyDB(storage=lambda: self._storage)

    # ----------------------------------------------------------------- opening

    def _open_storage(self) -> DurableStorage:
        if not self.readonly:
            remove_stale_temps(self.path)
        try:
            return DurableStorage(self.path, readonly=self.readonly)
        except CorruptLedger as error:
            backup = newest_backup(self.path)
            hint = f"newest backup: {backup}" if backup else "no backup was found"
            raise CorruptLedger(f"{error}; the file was left untouched ({hint})") from None

    def _prepare(self, backup: bool) -> None:
        storage = self._storage
        tables = storage.read()
        version = read_version(tables)
        check_readable(version, self.path)
        if self.readonly:
            if version < SCHEMA_VERSION:
                storage._data, _ = migrate(tables, version)  # in memory only
            return
        if storage.torn_tail:
            # The last write never completed (it was not acknowledged): cut it off so the
            # next line starts clean.
            os.truncate(storage.journal, storage.journal_bytes)
            storage.torn_tail = False
        if backup:
            self.backup_path = make_backup(self.path)
        if version < SCHEMA_VERSION:
            storage._data, _ = migrate(tables, version)
            storage.compact()
        elif not tables:
            set_version(tables, SCHEMA_VERSION)  # saved with the first real write

    # ----------------------------------------------------------------- reading

    def _raw_table(self, name: str) -> dict[str, Any]:
        return self._storage.read().get(name, {})

    @property
    def is_empty(self) -> bool:
        return not any(name != META_TABLE for name in self._storage.read())

    @property
    def schema_version(self) -> int:
        return read_version(self._storage.read())

    def customers(self) -> list[RawDoc]:
        return [
            table["1"]
            for name, table in self._storage.read().items()
            if name.startswith(CUSTOMER_PREFIX) and "1" in table
        ]

    def case_ids(self) -> list[str]:
        names = self._storage.read()
        return [name[len(CASE_PREFIX) :] for name in names if name.startswith(CASE_PREFIX)]

    def has_case(self, case_id: str) -> bool:
        return CASE_PREFIX + case_id in self._storage.read()

    def case_events(self, case_id: str) -> list[RawDoc]:
        return list(self._raw_table(CASE_PREFIX + case_id).values())

    def iter_cases(self) -> Iterator[tuple[str, list[RawDoc]]]:
        """Every case with its events. Reads the cache directly: at 500k events, TinyDB's
        `all()` (a copy of each document) would cost more than the rest of loading."""
        prefix_length = len(CASE_PREFIX)
        for name, table in self._storage.read().items():
            if name.startswith(CASE_PREFIX):
                yield name[prefix_length:], list(table.values())

    # ----------------------------------------------------------------- writing

    def _writable(self) -> None:
        if self.readonly:
            raise OperationalError(f"{self.path} is open read-only")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything written inside is committed as one durable step, or not at all."""
        self._writable()
        try:
            with self._storage.transaction():
                yield
        except BaseException:
            self._forget_cached_queries()
            raise

    def _forget_cached_queries(self) -> None:
        # The storage reloaded itself from disk; TinyDB's per-table caches must follow.
        self._db.clear_cache()

    def put_customer(self, doc: dict[str, Any]) -> None:
        """Insert a customer, or replace the one with the same `id`."""
        self._writable()
        table = self._db.table(CUSTOMER_PREFIX + doc["id"])

        def replace(stored: dict[str, Any]) -> None:
            stored.clear()
            stored.update(doc)

        try:
            if not table.update(replace, doc_ids=[1]):
                table.insert(Document(dict(doc), doc_id=1))
        except OperationalError:
            self._forget_cached_queries()
            raise

    def append_events(self, case_id: str, events: list[dict[str, Any]]) -> None:
        """Add events to a case's table (creating it for a new case), in one commit."""
        self._writable()
        table = self._db.table(CASE_PREFIX + case_id)
        documents = [Document(dict(event), doc_id=int(event["id"])) for event in events]
        try:
            table.insert_multiple(documents)
        except OperationalError:
            self._forget_cached_queries()
            raise
        except ValueError as error:
            # TinyDB refuses an event id that already exists, before touching the cache.
            raise OperationalError(f"case {case_id}: {error}") from None

    def clear(self) -> None:
        """Empty the ledger (the demo's `--force`); the backup made at open keeps the old one."""
        self._writable()
        with self.transaction():
            self._db.drop_tables()
            self.set_meta(schema=SCHEMA_VERSION)

    def set_meta(self, **values: Any) -> None:
        self._writable()
        table = self._db.table(META_TABLE)
        if table.contains(doc_id=1):
            table.update(values, doc_ids=[1])
        else:
            table.insert(Document({"schema": SCHEMA_VERSION, **values}, doc_id=1))

    def meta(self) -> Mapping[str, Any]:
        return dict(self._raw_table(META_TABLE).get("1", {}))

    # ----------------------------------------------------------------- closing

    def compact(self) -> None:
        self._writable()
        self._storage.compact()

    def close(self) -> None:
        """Fold a big journal into the snapshot, then let go of the lock."""
        try:
            storage = self._storage
            if not self.readonly and (
                storage.journal_bytes >= COMPACT_AT_BYTES
                or (storage.journal_bytes and not self.path.exists())
            ):
                storage.compact()
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> LedgerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
