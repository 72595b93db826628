"""`casetui reseal`: accept a ledger that was changed on purpose outside casetui.

A snapshot that does not match its seal is refused like damage, because that is what it
usually is. A person who edited `ledger.json` deliberately first sees what changed (compared
with the newest backup that still checks out, field by field), then seals it as it is:

- the seal's checksums are computed again (a new snapshot is written, a new journal names it);
- every index row is built again from the events;
- a case whose hash chain the edit broke is not silently re-chained: each broken link is
  recorded as accepted in `_meta` (`accepted`), with the hashes the two events have now,
  and the reseal itself in `_meta.reseals`. `verify` and the app keep saying that the
  history was changed outside casetui, and where; a later change to the same events breaks
  the chain again.

What cannot be sealed is refused with what to fix: an event of an unknown kind, one the
fold cannot read (no date...), an event stored under another id. A journal that was not
written for this snapshot is refused too: its writes cannot be applied to another file;
restore a backup instead.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from casetui.errors import InputError, OperationalError
from casetui.store import chain
from casetui.store.backups import Backup
from casetui.store.durable import CorruptLedger, journal_path
from casetui.store.journal import Journal
from casetui.store.schema import (
    CASE_PREFIX,
    INDEX_PREFIX,
    META_TABLE,
    SCHEMA_VERSION,
    customer_docs_in,
)
from casetui.store.snapshot import SEAL_TABLE, MemorySnapshot, Seal, check_seal, write_snapshot

Tables = dict[str, dict[str, Any]]


@dataclass
class ResealPlan:
    """What sealing the ledger as it is would do."""

    tables: Tables
    journal_size: int
    journal_crc: int
    journal_id: str | None
    compared_with: Backup | None = None
    changes: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)  # what the seal and chains say
    chain_problems: list[chain.ChainProblem] = field(default_factory=list)
    breaks: dict[str, list[chain.AcceptedBreak]] = field(default_factory=dict)

    @property
    def needed(self) -> bool:
        return bool(self.mismatches or self.breaks)


def plan_reseal(path: Path, build_row: Any) -> ResealPlan:
    """Read the ledger without trusting its seal and work out what sealing it would do.
    Raises `InputError` for what cannot be sealed, `OperationalError` for what reseal is
    not for."""
    try:
        tables = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise OperationalError(f"there is no ledger at {path} to seal") from None
    except OSError as error:  # a link loop, no permission: verify and reseal both read here
        raise OperationalError(f"cannot read {path}: {error.strerror or error}") from None
    except orjson.JSONDecodeError as error:
        raise InputError(f"{path} is not valid JSON ({error}): fix it before sealing") from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise InputError(f"{path} is not a casetui ledger (unexpected structure)")
    seal_table = tables.pop(SEAL_TABLE, None)
    if seal_table is None:
        raise OperationalError(
            f"{path} has no seal: a ledger of an older casetui opens (and is migrated) as it "
            "is; reseal is for ledgers this casetui sealed"
        )
    mismatches = []
    try:
        seal: Seal | None = Seal.from_doc(seal_table.get("1"), path)
    except CorruptLedger:
        seal = None
        mismatches.append(f"{path}: its seal is damaged")
    if seal is not None:
        try:
            check_seal(path, tables, seal)
        except CorruptLedger as error:
            mismatches.append(str(error))
    plan = _with_journal(path, tables, seal)
    plan.mismatches += mismatches
    _check_cases(plan, build_row)
    return plan


def _with_journal(path: Path, tables: Tables, seal: Seal | None) -> ResealPlan:
    journal = Journal(journal_path(path))
    try:
        changes = journal.load()
    except CorruptLedger as error:
        raise OperationalError(f"{error}: restore a backup instead (casetui backups)") from None
    snapshot_id = seal.snapshot if seal else None
    names = journal.snapshot if journal.header is not None else None
    identity = names if journal.header is not None else ("legacy" if journal.exists else None)
    plan = ResealPlan(dict(tables), journal.size, journal.crc, identity)
    made_from = seal.made_from if seal else {}
    folded = (
        made_from.get("snapshot") == (names if journal.header is not None else "legacy")
        and made_from.get("journal_bytes") == journal.size
        and made_from.get("journal_crc") == journal.crc
    )
    if journal.exists and journal.header is not None and names == snapshot_id and snapshot_id:
        for change in changes:
            for name, table in change.items():
                if table is None:
                    plan.tables.pop(name, None)
                else:
                    plan.tables[name] = table
    elif journal.exists and not folded:
        raise OperationalError(
            f"{journal.path} was not written for this {path.name} (it names snapshot "
            f"{names}): its writes cannot be sealed into another file; restore a backup "
            "instead (casetui backups, casetui restore)"
        )
    return plan


def _check_cases(plan: ResealPlan, build_row: Any) -> None:
    meta = (plan.tables.get(META_TABLE) or {}).get("1") or {}
    accepted = meta.get("accepted") or {}
    for name, table in plan.tables.items():
        if not name.startswith(CASE_PREFIX):
            continue
        case_id = name[len(CASE_PREFIX) :]
        for key, event in table.items():
            if not isinstance(event, dict) or str(event.get("id")) != key:
                raise InputError(
                    f"cannot seal: {case_id} holds an event stored as #{key} that says it is "
                    f"#{event.get('id') if isinstance(event, dict) else '?'}: make them agree"
                )
        events = sorted(table.values(), key=lambda event: event["id"])
        try:
            build_row(case_id, events, customer_docs_in(plan.tables))
        except CorruptLedger as error:
            raise InputError(f"cannot seal: {error}; fix it first") from None
        row = (plan.tables.get(INDEX_PREFIX + case_id) or {}).get("1") or {}
        known = [chain.AcceptedBreak(*entry) for entry in accepted.get(case_id) or []]
        _, problems = chain.check(case_id, events, row.get("head"), known)
        plan.mismatches += [str(problem) for problem in problems]
        plan.chain_problems += problems
        before = chain.genesis(case_id)
        for event in events:
            this = chain.event_hash(event)
            brk = chain.AcceptedBreak(event["id"], before, this)
            if event.get(chain.PREV) != [before] and brk not in known:
                plan.breaks.setdefault(case_id, []).append(brk)
            before = this


# --------------------------------------------------------------------------- what changed


def load_tables(snapshot: Path) -> Tables:
    """Every table of a ledger that checks out (a backup), snapshot and journal together."""
    from casetui.store.canon import parse_line
    from casetui.store.storage import LedgerStorage

    storage = LedgerStorage(snapshot, readonly=True)
    try:
        base = storage.base
        if isinstance(base, MemorySnapshot):
            tables = dict(base.tables)
        else:
            tables = dict(parse_line(line) for _, line in base.lines())
            tables[META_TABLE] = base.meta()
        for name, table in storage.overlay.items():
            if table is None:
                tables.pop(name, None)
            else:
                tables[name] = table
        return tables
    finally:
        storage.close()


def describe_changes(plan: ResealPlan, backup_tables: Tables) -> list[str]:
    """What changed since the backup, table by table and field by field (index rows, which
    are derived, and the seal aside)."""
    lines: list[str] = []
    now = {n: t for n, t in plan.tables.items() if not n.startswith(INDEX_PREFIX)}
    then = {n: t for n, t in backup_tables.items() if not n.startswith(INDEX_PREFIX)}
    for name in sorted(now.keys() | then.keys()):
        old, new = then.get(name), now.get(name)
        if old == new:
            continue
        label = _label(name)
        if old is None:
            lines.append(f"{label}: added ({_size(new)})")
        elif new is None:
            lines.append(f"{label}: removed ({_size(old)})")
        elif name.startswith(CASE_PREFIX):
            lines += _event_changes(label, old, new)
        else:
            lines += [f"{label}: {change}" for change in _field_changes(old, new)]
    return lines


def _label(name: str) -> str:
    section, _, key = name.partition(":")
    return {"case": key, "customer": f"customer {key}"}.get(section, name)


def _size(table: dict[str, Any] | None) -> str:
    count = len(table or {})
    return f"{count} event{'s' if count != 1 else ''}" if count != 1 else "1 document"


def _event_changes(label: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    lines = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (len(k), k)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        kind = (after or before or {}).get("kind", "?")
        where = f"{label} event #{key} ({kind})"
        if before is None:
            lines.append(f"{where}: added")
        elif after is None:
            lines.append(f"{where}: removed")
        else:
            lines += [f"{where}: {change}" for change in _field_changes(before, after)]
    return lines


def _field_changes(old: Any, new: Any, prefix: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        changes = []
        for key in sorted(old.keys() | new.keys()):
            if key == chain.PREV and prefix == "":
                continue  # follows from the changes above it
            changes += _field_changes(old.get(key), new.get(key), f"{prefix}{key}.")
        return changes
    if old == new:
        return []
    name = prefix[:-1] or "value"
    return [f"{name} {_show(old)} -> {_show(new)}"]


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    text = orjson.dumps(value).decode()
    return text if len(text) <= 80 else text[:77] + "..."


# --------------------------------------------------------------------------- sealing


def apply_reseal(path: Path, plan: ResealPlan, build_row: Any, index_stamp: str) -> Seal:
    """Write the ledger as it is now, sealed (the lock is held by the caller)."""
    tables = {n: t for n, t in plan.tables.items() if not n.startswith(INDEX_PREFIX)}
    meta = dict((tables.get(META_TABLE) or {}).get("1") or {})
    accepted = {case: list(entries) for case, entries in (meta.get("accepted") or {}).items()}
    for case_id, breaks in plan.breaks.items():
        accepted.setdefault(case_id, []).extend(list(brk) for brk in breaks)
    for name, table in plan.tables.items():
        if name.startswith(CASE_PREFIX):
            case_id = name[len(CASE_PREFIX) :]
            events = sorted(table.values(), key=lambda event: event["id"])
            row = dict(build_row(case_id, events, customer_docs_in(plan.tables)))
            row["head"] = chain.event_hash(events[-1]) if events else chain.genesis(case_id)
            row["last"] = events[-1]["id"] if events else 0
            tables[INDEX_PREFIX + case_id] = {"1": row}
    reseals = list(meta.get("reseals") or [])
    reseals.append(
        {
            "at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "changes": plan.changes[:200],
            "cases": sorted(plan.breaks),
        }
    )
    meta.update(schema=SCHEMA_VERSION, index=index_stamp, accepted=accepted, reseals=reseals)
    tables[META_TABLE] = {"1": meta}
    made_from = {
        "snapshot": plan.journal_id,
        "journal_bytes": plan.journal_size,
        "journal_crc": plan.journal_crc,
    }
    memory = MemorySnapshot(path, tables, None, "parsed")
    seal = write_snapshot(path, memory.lines(), tables[META_TABLE], made_from)
    journal = Journal(journal_path(path))
    with contextlib.suppress(CorruptLedger):
        journal.load()
    journal.reset(seal.snapshot)
    return seal
