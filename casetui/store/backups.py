"""Rotating backups of the ledger in a `backups/` folder beside it, made when it is opened.

A backup is a copy of the snapshot plus, if it has one, the journal (`.journal` beside it):
copy both back to restore. Which backups stay: the newest `KEEP_RECENT`, plus the newest of
each of the last `KEEP_DAYS` days, so a morning of scripted commands cannot push last
week's copy out. A backup is skipped when nothing changed since the newest one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from casetui.store.durable import FILE_MODE, journal_path

KEEP_RECENT = 5
KEEP_DAYS = 7


def backup_dir(path: Path) -> Path:
    return path.parent / "backups"


def list_backups(path: Path) -> list[Path]:
    """Backups of this ledger, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    stem = path.stem
    found = [p for p in folder.glob(f"{stem}-*{path.suffix}") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def newest_backup(path: Path) -> Path | None:
    backups = list_backups(path)
    return backups[0] if backups else None


def _signature(snapshot: Path) -> tuple[int, int]:
    journal = journal_path(snapshot)
    journal_size = journal.stat().st_size if journal.exists() else 0
    return snapshot.stat().st_size, journal_size


def make_backup(path: Path, now: datetime | None = None) -> Path | None:
    """Copy the ledger into backups/ unless the newest backup already has the same content."""
    if not path.exists():
        return None
    newest = newest_backup(path)
    if newest is not None and _signature(newest) == _signature(path):
        with contextlib.suppress(OSError):
            if _same_bytes(newest, path):
                return None
    folder = backup_dir(path)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    _copy(path, target)
    journal = journal_path(path)
    if journal.exists() and journal.stat().st_size:
        _copy(journal, journal_path(target))
    prune(path)
    return target


def _same_bytes(first: Path, second: Path) -> bool:
    for a, b in ((first, second), (journal_path(first), journal_path(second))):
        if a.exists() != b.exists():
            return False
        if a.exists() and a.read_bytes() != b.read_bytes():
            return False
    return True


def _copy(source: Path, target: Path) -> None:
    temp = target.with_name(target.name + ".partial")
    shutil.copyfile(source, temp)
    os.chmod(temp, FILE_MODE)
    os.replace(temp, target)


def prune(path: Path) -> list[Path]:
    """Remove backups beyond the retention rule; returns what was removed."""
    backups = list_backups(path)
    keep = set(backups[:KEEP_RECENT])
    days_seen: list[str] = []
    for backup in backups:
        day = backup.name[len(path.stem) + 1 :][:8]
        if day not in days_seen:
            days_seen.append(day)
            if len(days_seen) <= KEEP_DAYS:
                keep.add(backup)
    removed = []
    for backup in backups:
        if backup not in keep:
            for file in (backup, journal_path(backup)):
                with contextlib.suppress(FileNotFoundError):
                    file.unlink()
            removed.append(backup)
    return removed
