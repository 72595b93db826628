"""The ledger's schema version and the migrations between versions.

The version lives in the `_meta` table. A migration is a plain function that takes the raw
TinyDB tables of version N and returns those of version N+1; they run in order at open,
after a backup. A ledger written by a newer casetui is refused, never "mostly read".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casetui.errors import OperationalError

SCHEMA_VERSION = 2
META_TABLE = "_meta"

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables], Tables]


def _customers_in_own_tables(tables: Tables) -> Tables:
    """1 -> 2: the one `customers` table becomes a `customer:<id>` table per customer, so
    that adding a customer no longer rewrites all of them."""
    migrated = {name: table for name, table in tables.items() if name != "customers"}
    for doc in (tables.get("customers") or {}).values():
        migrated[f"customer:{doc['id']}"] = {"1": doc}
    return migrated


# MIGRATIONS[n] turns a version-n ledger into version n+1.
MIGRATIONS: dict[int, Migration] = {1: _customers_in_own_tables}


class NewerSchema(OperationalError):
    """The ledger was written by a newer casetui."""


def read_version(tables: Tables) -> int:
    meta = tables.get(META_TABLE) or {}
    doc = meta.get("1") or {}
    return int(doc.get("schema", SCHEMA_VERSION if not tables else 1))


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


def migrate(tables: Tables, version: int) -> tuple[Tables, int]:
    """Bring `tables` from `version` up to SCHEMA_VERSION; returns the new tables and version."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise OperationalError(f"no migration from ledger schema {version} to {version + 1}")
        tables = step(tables)
        version += 1
        set_version(tables, version)
    return tables, version
