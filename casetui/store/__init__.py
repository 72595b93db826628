"""Durable storage of the ledger: TinyDB over a snapshot + journal, a writer lock, backups
and a schema version. The only package that imports TinyDB."""

from casetui.store.backups import list_backups, newest_backup
from casetui.store.durable import CorruptLedger, DiskWriteError
from casetui.store.ledger_store import LedgerStore
from casetui.store.lock import LedgerLocked
from casetui.store.schema import SCHEMA_VERSION, NewerSchema

__all__ = [
    "SCHEMA_VERSION",
    "CorruptLedger",
    "DiskWriteError",
    "LedgerLocked",
    "LedgerStore",
    "NewerSchema",
    "list_backups",
    "newest_backup",
]
