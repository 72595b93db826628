"""Durable storage of the ledger: the only package that imports TinyDB.

What is promised, and how (the rest of this package implements it):

1. **An acknowledged write is never lost.** A write is committed when its journal line is
   on disk (appended, `fsync`ed). Everything after that (folding the journal into the
   snapshot, a backup) may fail: it is then a warning, never "nothing was saved".
2. **What was written is what is read.** Every byte is covered by a checksum: journal lines
   by their CRC-32, snapshot sections by the CRC-32s in its seal, each case's events by a
   SHA-256 hash chain whose head is kept in the case's index row. A mismatch is refused
   like a file that does not parse (the newest complete backup is named); only a journal
   line without its newline is a torn, unacknowledged write.
3. **One writer at a time, many over time.** The lock is held only while a write commits;
   before writing, a process folds in what others appended. Readers never lock.
4. **A write costs the same at 50,000 cases as at 50.** One case's events, one customer, one
   index row are found without parsing the rest of the file.

## Files beside `ledger.json` (the path is resolved once: a symlink stays a link)

    ledger.json            the snapshot (`snapshot.py`), replaced only by rename
    ledger.json.journal    what was committed since (`journal.py`); its first line names
                           the snapshot it applies to
    ledger.json.lock       the commit lock and who holds it (`lock.py`)
    backups/               complete backups, each a folder (`backups.py`)
    evidence/              files kept as evidence (imports), checked by `verify`

## The snapshot: TinyDB's JSON document, one table per line

The whole file is one JSON object `{table: {doc_id: document}}` (TinyDB's own shape, so any
JSON tool reads it), written in a canonical layout:

    {
    "case:C-2026-0001":{"1":{...},"2":{...}},      one line per table, sorted by name,
    ...                                            grouped in sections by the name's prefix:
    "customer:CUS-0001":{"1":{...}},               case, customer, index
    ...
    "index:C-2026-0001":{"1":{...}},
    ...
    "_meta":{"1":{"schema":3,"index":{...}}},      schema version, index stamp, reseals
    "_seal":{"1":{"snapshot":"...","sections":[...],"blocks":{"customer":[...]},
                  "made_from":{...},"check":...}}
    }

Each table line is `canonical(name):canonical(table),` (`canon.py`: sorted keys, no spaces,
UTF-8). The seal gives every section's byte range, line count and CRC-32, the snapshot's
own id, and what it was made from (the previous snapshot and the journal bytes folded in);
its `check` covers the seal itself. So one case is found by a binary search over its
section's lines (`pread`, no parse of the rest), and checked by its hash chain; a customer
(no chain) is found the same way and believed once its block (about 64 KiB of whole lines,
whose end and CRC-32 the seal's `blocks` give) matches its CRC; the index is read as one
byte range and checked against its CRC. A seal without `blocks` (casetui before them) has
the customer section checked whole; older versions ignore the key. A file that is not in this layout
(pretty-printed, reordered by hand, or written by casetui 2 and older) is parsed whole and
its seal checked over the canonical encoding of what it holds: reformatting changes
nothing, changing a value is refused until `casetui reseal` accepts it.

## Tables

- `case:<id>`: the case's events, doc id = event id, in id order; never changed, only
  appended to. Every event stores `prev`: the SHA-256 of the event(s) before it
  (`chain.py`), a list so that two timelines written apart can one day merge.
- `customer:<id>`: one document, the customer's details (edited in place; not chained).
- `index:<id>`: one row per case, derived from the folded case (`casetui.caseindex`) plus
  the chain's head and last event id. Written in the same commit as the events.
  `_meta.index` stamps the fold version and ladder policy the rows were built with; a
  different stamp rebuilds them.
- `_meta`: schema version, index stamp, accepted reseals. `_seal`: see above.

## The journal

    <crc32> {"casetui_journal":3,"snapshot":"<snapshot id>"}     header: the snapshot it extends
    <crc32> {"case:C-2026-0001":{...},"index:C-2026-0001":{...}}  one line per commit

A line maps each changed table to its full new content (null: dropped). It is replayed only
over the snapshot it names. Compaction writes a new snapshot (a streaming merge: unchanged
lines are copied byte for byte, after their section's CRC was checked) and then a new
journal naming it; a crash between the two leaves a journal the new snapshot says it
already holds (same length and CRC), which is then dropped. A journal naming any other
snapshot, or a snapshot that went missing, is refused: a ledger that existed never
silently becomes empty.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casetui.store.backups import Backup, list_backups, newest_backup
    from casetui.store.durable import CorruptLedger, DiskWriteError
    from casetui.store.ledger_store import CaseDamaged, IndexSpec, LedgerStore
    from casetui.store.lock import LedgerLocked
    from casetui.store.schema import SCHEMA_VERSION, NewerSchema

# Where each name below lives. They are imported when first asked for (PEP 562): code that
# needs one module of the store (`userfiles` its atomic write) does not load TinyDB and the
# rest, which the app's first frame would otherwise wait for.
_HOMES = {
    "Backup": "backups",
    "list_backups": "backups",
    "newest_backup": "backups",
    "CorruptLedger": "durable",
    "DiskWriteError": "durable",
    "CaseDamaged": "ledger_store",
    "IndexSpec": "ledger_store",
    "LedgerStore": "ledger_store",
    "LedgerLocked": "lock",
    "SCHEMA_VERSION": "schema",
    "NewerSchema": "schema",
}

__all__ = [
    "SCHEMA_VERSION",
    "Backup",
    "CaseDamaged",
    "CorruptLedger",
    "DiskWriteError",
    "IndexSpec",
    "LedgerLocked",
    "LedgerStore",
    "NewerSchema",
    "list_backups",
    "newest_backup",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"casetui.store.{home}"), name)
    globals()[name] = value
    return value
