"""The ledger's schema version and the migrations between versions.

The version lives in the `_meta` table. A migration is a plain function that takes the raw
TinyDB tables of version N (and what it needs from the ledger: how to build an index row)
and returns those of version N+1; they run in order when a writer first opens the ledger,
after a backup, and the result is written as one new snapshot: a crash half-way leaves the
old files as they were. A reader migrates in memory only. A ledger written by a newer
casetui is refused, never "mostly read".

- 1 -> 2: customers in a table each (adding one no longer rewrites them all).
- 2 -> 3: every case's events hash-chained (`chain.py`), one index row per case, and the
  sealed snapshot layout (which the writer gives every schema 3 ledger).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casetui.errors import OperationalError
from casetui.store import chain
from casetui.values import frozen

SCHEMA_VERSION = 3
META_TABLE = "_meta"
CASE_PREFIX = "case:"
INDEX_PREFIX = "index:"

Tables = dict[str, dict[str, Any]]
# How the ledger above builds a case's index row: from its id, its events, and a way to
# read a customer's stored document (a case's limitation follows its customer's law).
CustomerDocs = Callable[[str], "dict[str, Any] | None"]
RowBuilder = Callable[[str, list[dict[str, Any]], CustomerDocs], dict[str, Any]]


@frozen
class MigrationContext:
    """What a migration may need from the ledger above the store."""

    index_stamp: str
    build_row: RowBuilder


Migration = Callable[[Tables, MigrationContext], Tables]


def _customers_in_own_tables(tables: Tables, context: MigrationContext) -> Tables:
    """1 -> 2: the one `customers` table becomes a `customer:<id>` table per customer, so
    that adding a customer no longer rewrites all of them."""
    migrated = {name: table for name, table in tables.items() if name != "customers"}
    for doc in (tables.get("customers") or {}).values():
        migrated[f"customer:{doc['id']}"] = {"1": doc}
    return migrated


def _chained_and_indexed(tables: Tables, context: MigrationContext) -> Tables:
    """2 -> 3: chain every case's events in id order and give every case its index row."""
    migrated = {name: table for name, table in tables.items() if not name.startswith(INDEX_PREFIX)}
    for name, table in tables.items():
        if not name.startswith(CASE_PREFIX):
            continue
        case_id = name[len(CASE_PREFIX) :]
        events = sorted(table.values(), key=_event_id)
        head = chain.link(case_id, events, None) if events else chain.genesis(case_id)
        migrated[name] = {str(event["id"]): event for event in events}
        row = context.build_row(case_id, events, customer_docs_in(migrated))
        row["head"] = head
        row["last"] = events[-1]["id"] if events else 0
        migrated[INDEX_PREFIX + case_id] = {"1": row}
    meta = dict((migrated.get(META_TABLE) or {}).get("1") or {})
    meta["index"] = context.index_stamp
    migrated[META_TABLE] = {"1": meta}
    return migrated


def customer_docs_in(tables: Tables) -> CustomerDocs:
    def customer_doc(customer_id: str) -> dict[str, Any] | None:
        return (tables.get(f"customer:{customer_id}") or {}).get("1")

    return customer_doc


def _event_id(event: dict[str, Any]) -> int:
    event_id = event.get("id")
    if not isinstance(event_id, int):
        raise OperationalError(
            f"an event has no valid id ({event_id!r}): the ledger cannot be read"
        )
    return event_id


# MIGRATIONS[n] turns a version-n ledger into version n+1.
MIGRATIONS: dict[int, Migration] = {1: _customers_in_own_tables, 2: _chained_and_indexed}


class NewerSchema(OperationalError):
    """The ledger was written by a newer casetui."""


def read_version(tables: Tables) -> int:
    meta = tables.get(META_TABLE) or {}
    doc = meta.get("1") or {}
    return int(doc.get("schema", SCHEMA_VERSION if not tables else 1))


def version_of(meta_table: dict[str, Any] | None, *, empty: bool) -> int:
    doc = (meta_table or {}).get("1") or {}
    return int(doc.get("schema", SCHEMA_VERSION if empty else 1))


def set_version(tables: Tables, version: int) -> None:
    meta = dict(tables.get(META_TABLE) or {})
    doc = dict(meta.get("1") or {})
    doc["schema"] = version
    meta["1"] = doc
    tables[META_TABLE] = meta


def check_readable(version: int, path: object) -> None:
    if version > SCHEMA_VERSION:
        raise NewerSchema(
            f"{path} was written by a newer casetui (schema {version}; this version "
            f"understands up to {SCHEMA_VERSION}): upgrade casetui to open it"
        )


def migrate(tables: Tables, version: int, context: MigrationContext) -> tuple[Tables, int]:
    """Bring `tables` from `version` up to SCHEMA_VERSION; returns the new tables and version."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise OperationalError(f"no migration from ledger schema {version} to {version + 1}")
        tables = step(tables, context)
        version += 1
        set_version(tables, version)
    return tables, version
