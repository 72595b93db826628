"""Backups in `backups/` beside the ledger: complete or absent, listed and restored by name.

A backup is a folder `backups/<stem>-<YYYYmmdd-HHMMSS>Z/` holding

    ledger.json            the snapshot: a hard link to `backups/snapshots/<id>.json` (a
                           real copy where the file system has no links)
    ledger.json.journal    the journal's complete lines at that moment (it is small)
    backup.json            the manifest, written last: when, which snapshot, the journal's
                           length and CRC-32

`backups/snapshots/` holds one private copy of each snapshot, made once when a compaction
writes it (or by the first backup that needs it), checked against its seal. Backups link to
that copy, never to `ledger.json` itself: a link shares the file, and a tool that writes
`ledger.json` in place (`echo {} > ledger.json`, an editor) would change the backup with
it. So a backup costs a link and a small journal copy, not 100 MB, and stays independent.
A copy no backup links to any more is removed when backups are pruned.

It is built as `backups/.partial-*` and renamed into place, so a backup that exists is
whole; one whose files do not match its manifest is not listed and never named. A backup
is made before a process's first commit (so it holds the ledger as the process found it),
unless the newest one already holds the same state. Which stay: the newest `KEEP_RECENT`,
plus the newest of each of the last `KEEP_DAYS` days.

Backups made by casetui 2 and older (`backups/ledger-<stamp>.json` and its `.journal`) are
listed and restored too, as long as no `.partial` file says they were cut short.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import zlib
from datetime import UTC, datetime
from pathlib import Path

import orjson

from casetui.patterns import lazy_pattern
from casetui.store.durable import (
    FILE_MODE,
    CorruptLedger,
    atomic_write,
    fsync_dir,
    journal_path,
)
from casetui.store.journal import decode_line, is_header
from casetui.values import frozen

BACKUP_FOLDER = "backups"
MANIFEST = "backup.json"
PARTIAL = ".partial-"
KEEP_RECENT = 5
KEEP_DAYS = 7

_STAMP = "%Y%m%d-%H%M%SZ"
_LEGACY_STAMP = lazy_pattern(r"^(\d{8})T(\d{6})\d*Z$")


@frozen
class Backup:
    """One complete backup."""

    name: str
    folder: Path  # the backup's folder (for a legacy backup: the backups folder)
    snapshot: Path | None  # the snapshot file in it (None: the ledger had none yet)
    journal: Path | None
    made_at: datetime
    legacy: bool = False
    snapshot_id: str | None = None
    journal_bytes: int = 0
    journal_crc: int = 0
    kept: str = ""  # why it is kept whatever the rotation (`demo --force` replaced the ledger)

    @property
    def day(self) -> str:
        return self.made_at.strftime("%Y%m%d")


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_FOLDER


# --------------------------------------------------------------------------- listing


def list_backups(path: Path) -> list[Backup]:
    """The complete backups of this ledger, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    found: list[Backup] = []
    prefix = f"{path.stem}-"
    for entry in folder.iterdir():
        if not entry.name.startswith(prefix):
            continue
        backup = _read_backup(path, entry) if entry.is_dir() else _read_legacy(path, entry)
        if backup is not None:
            found.append(backup)
    found.sort(key=lambda backup: (backup.made_at, backup.name), reverse=True)
    return found


def newest_backup(path: Path) -> Path | None:
    """The newest complete backup's folder (its snapshot, for an old-style backup)."""
    backups = list_backups(path)
    if not backups:
        return None
    newest = backups[0]
    return newest.snapshot if newest.legacy else newest.folder


def find_backup(path: Path, name: str) -> Backup | None:
    """A backup by its name, or by the unique end of its name (`20261123-101500Z`)."""
    backups = list_backups(path)
    exact = [backup for backup in backups if backup.name == name]
    if exact:
        return exact[0]
    partial = [backup for backup in backups if name and backup.name.endswith(name)]
    return partial[0] if len(partial) == 1 else None


def _read_backup(path: Path, folder: Path) -> Backup | None:
    try:
        manifest = orjson.loads((folder / MANIFEST).read_bytes())
        made_at = datetime.fromisoformat(manifest["made_at"])
        snapshot = manifest.get("snapshot")
        journal = manifest.get("journal")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    snapshot_file = folder / path.name
    journal_file = journal_path(snapshot_file)
    try:
        if snapshot is not None and snapshot_file.stat().st_size != snapshot["bytes"]:
            return None
        if journal is not None:
            data = journal_file.read_bytes()
            if len(data) != journal["bytes"] or zlib.crc32(data) != journal["crc"]:
                return None
    except (OSError, KeyError, TypeError):
        return None
    return Backup(
        folder.name,
        folder,
        snapshot_file if snapshot is not None else None,
        journal_file if journal is not None else None,
        made_at,
        snapshot_id=snapshot.get("id") if snapshot else None,
        journal_bytes=journal["bytes"] if journal else 0,
        journal_crc=journal["crc"] if journal else 0,
        kept=str(manifest.get("kept") or ""),
    )


def _read_legacy(path: Path, file: Path) -> Backup | None:
    if file.suffix != path.suffix or file.name.endswith(".journal"):
        return None
    stamp = file.name[len(path.stem) + 1 : -len(path.suffix) or None]
    match = _LEGACY_STAMP.match(stamp)
    if match is None:
        return None
    journal = journal_path(file)
    if journal.with_name(journal.name + ".partial").exists():
        return None  # its journal was never completely copied
    made_at = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return Backup(
        file.stem,
        file.parent,
        file,
        journal if journal.exists() else None,
        made_at,
        legacy=True,
    )


# --------------------------------------------------------------------------- making


def snapshot_copies(path: Path) -> Path:
    return backup_dir(path) / "snapshots"


def keep_snapshot(path: Path, snapshot_id: str, source_fd: int) -> Path:
    """The private copy of snapshot `snapshot_id`, made from `source_fd` (the snapshot as
    this process opened and checked it) unless it exists. Checked against its seal before
    it is put in place."""
    from casetui.store.snapshot import open_snapshot

    folder = snapshot_copies(path)
    target = folder / f"{snapshot_id}{path.suffix}"
    if target.exists():
        return target
    _private_folders(folder)
    temp = folder / f"{PARTIAL}{snapshot_id}{path.suffix}"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            offset = 0
            while chunk := os.pread(source_fd, 1 << 22, offset):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
                offset += len(chunk)
        finally:
            os.close(fd)
        copy = open_snapshot(temp)
        try:
            if copy.id != snapshot_id:
                raise CorruptLedger(f"{path} is not snapshot {snapshot_id} any more")
            copy.verify()
        finally:
            copy.close()
        os.rename(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


def make_backup(
    path: Path,
    *,
    snapshot_id: str | None,
    journal_bytes: int,
    journal_crc: int,
    source_fd: int | None = None,
    now: datetime | None = None,
    keep: str = "",
) -> Backup | None:
    """Back up the ledger as it is now (call with the lock held): the snapshot's private
    copy linked (made first if needed, from `source_fd`, or a plain copy of a snapshot of
    an older casetui), the journal's first `journal_bytes` copied. Nothing when the newest
    backup holds the same, unless it is to be kept whatever the rotation (`keep`: why)."""
    snapshot_exists = path.exists()
    if not snapshot_exists and not journal_bytes:
        return None
    existing = list_backups(path)
    newest = next(iter(existing), None)
    if (
        not keep
        and newest is not None
        and not newest.legacy
        and newest.snapshot_id == snapshot_id
        and newest.journal_bytes == journal_bytes
        and newest.journal_crc == journal_crc
        and (newest.snapshot is not None) == snapshot_exists
    ):
        return None
    folder = backup_dir(path)
    _private_folders(folder)
    _remove_partials(folder)
    made_at = now or datetime.now(UTC)
    name = _free_name(folder, f"{path.stem}-{made_at.strftime(_STAMP)}")
    building = folder / f"{PARTIAL}{name}"
    building.mkdir(mode=0o700)
    try:
        manifest: dict[str, object] = {
            "format": 1,
            "made_at": made_at.isoformat(),
            "ledger": path.name,
            "snapshot": None,
            "journal": None,
        }
        if keep:
            manifest["kept"] = keep
        if snapshot_exists:
            if snapshot_id is not None and snapshot_id != "legacy" and source_fd is not None:
                private = keep_snapshot(path, snapshot_id, source_fd)
                _link_or_copy(private, building / path.name)
            else:
                _write_private(building / path.name, path.read_bytes())
            manifest["snapshot"] = {
                "id": snapshot_id,
                "bytes": (building / path.name).stat().st_size,
            }
        if journal_bytes:
            with open(journal_path(path), "rb") as source:
                data = source.read(journal_bytes)
            if len(data) != journal_bytes or zlib.crc32(data) != journal_crc:
                raise CorruptLedger(f"{journal_path(path)} changed while it was backed up")
            _write_private(journal_path(building / path.name), data)
            manifest["journal"] = {"bytes": journal_bytes, "crc": journal_crc}
        _write_private(building / MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
        os.rename(building, folder / name)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    made = _read_backup(path, folder / name)
    # The list read above, with the new one first: listing reads every backup's manifest
    # and checks its journal, on every first write of a command.
    prune(path, snapshot_id, [made, *existing] if made is not None else existing)
    return made


def _free_name(folder: Path, name: str) -> str:
    candidate, number = name, 1
    while (folder / candidate).exists():
        number += 1
        candidate = f"{name}-{number}"
    return candidate


def _remove_partials(folder: Path) -> None:
    """Backups cut short by a crash or a full disk (we hold the lock: nobody is making one)."""
    for entry in [*folder.glob(f"{PARTIAL}*"), *folder.glob(f"snapshots/{PARTIAL}*")]:
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
    for entry in folder.glob("*.partial"):  # casetui 2 left these behind
        with contextlib.suppress(OSError):
            entry.unlink()


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK, errno.EACCES):
            raise
        _write_private(target, source.read_bytes())


def _write_private(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def prune(path: Path, keep_id: str | None, backups: list[Backup]) -> list[Backup]:
    """Remove `backups` (the complete ones, newest first, as `list_backups` gives them)
    beyond the retention rule, and the snapshot copies only they used (`keep_id`: the
    current snapshot, whose copy the next backup will link); returns what was removed."""
    keep = {backup.name for backup in backups[:KEEP_RECENT]}
    keep.update(backup.name for backup in backups if backup.kept)
    days: list[str] = []
    for backup in backups:
        if backup.day not in days:
            days.append(backup.day)
            if len(days) <= KEEP_DAYS:
                keep.add(backup.name)
    removed = []
    for backup in backups:
        if backup.name in keep:
            continue
        if backup.legacy:
            for file in (backup.snapshot, backup.journal):
                if file is not None:
                    with contextlib.suppress(FileNotFoundError):
                        file.unlink()
        else:
            shutil.rmtree(backup.folder, ignore_errors=True)
        removed.append(backup)
    _prune_copies(path, keep_id, [backup for backup in backups if backup.name in keep])
    return removed


def _prune_copies(path: Path, keep_id: str | None, kept: list[Backup]) -> None:
    """Private snapshot copies no kept backup links to, except the current snapshot's."""
    folder = snapshot_copies(path)
    if not folder.is_dir():
        return
    linked = {backup.snapshot_id for backup in kept if backup.snapshot_id is not None}
    for copy in folder.iterdir():
        snapshot_id = copy.name.removesuffix(path.suffix)
        if copy.name.startswith(PARTIAL) or snapshot_id in linked or snapshot_id == keep_id:
            continue
        with contextlib.suppress(OSError):
            if copy.stat().st_nlink == 1:
                copy.unlink()


# --------------------------------------------------------------------------- restoring


@frozen
class Restored:
    """What a restore did: the files of the ledger it replaced, kept beside it, and how many
    writes the replaced journal held after the backup that were carried over."""

    kept: list[Path]
    later_writes: int = 0


def later_journal(path: Path, backup: Backup) -> tuple[bytes, int] | None:
    """The current journal, when restoring `backup` should keep it whole: the ledger does
    not open as it is (its snapshot emptied, removed or damaged), its journal was written
    over the very snapshot the backup holds, begins with the backup's journal, and every
    complete line checks out. Then it is the backup's journal plus the writes acknowledged
    since, and restoring with it loses nothing. Returns its bytes (up to its last complete
    line) and how many writes it adds; None when a restore should take the backup as is
    (a healthy ledger is restored to go back in time)."""
    from casetui.store.storage import LedgerStorage

    if backup.legacy or backup.snapshot_id is None:
        return None
    try:
        storage = LedgerStorage(path, readonly=True)
    except (CorruptLedger, OSError):
        pass
    else:
        storage.close()
        return None  # the ledger is sound: restoring goes back to the backup
    try:
        current = journal_path(path).read_bytes()
    except OSError:
        return None
    backup_data = backup.journal.read_bytes() if backup.journal is not None else b""
    complete = current[: current.rfind(b"\n") + 1]
    lines = complete.splitlines()
    if not lines or not complete.startswith(backup_data):
        return None
    changes = [decode_line(line) for line in lines]
    if any(change is None for change in changes):
        return None
    header = changes[0]
    if header is None or not is_header(header) or header.get("snapshot") != backup.snapshot_id:
        return None
    later = len(lines) - len(backup_data.splitlines())
    return (complete, later) if later > 0 else None


def restore_files(path: Path, backup: Backup, now: datetime | None = None) -> Restored:
    """Put `backup` in place of the ledger (call with the lock held), after keeping the
    current files beside it as `<stem>-replaced-<stamp>.json` (+ journal). The snapshot is
    copied, not linked: the restored ledger and the backup stay independent files. When
    the ledger does not open and its journal continues the backup's (`later_journal`), the
    restored ledger keeps that journal: no acknowledged write is lost.
    A crash half-way leaves a snapshot and a journal that do not name each other, which
    is refused, never mixed: restoring again finishes it."""
    from casetui.store.owned import replaced_prefix

    stamp = (now or datetime.now(UTC)).strftime(_STAMP)
    prefix = replaced_prefix(path)
    kept_snapshot = prefix.with_name(f"{prefix.name}{stamp}{path.suffix}")
    number = 1
    while kept_snapshot.exists() or journal_path(kept_snapshot).exists():  # twice a second
        number += 1
        kept_snapshot = prefix.with_name(f"{prefix.name}{stamp}-{number}{path.suffix}")
    kept: list[Path] = []
    carried = later_journal(path, backup)
    # 1. Keep what is there now, damaged or not, byte for byte.
    if path.exists():
        _link_or_copy(path, kept_snapshot)
        kept.append(kept_snapshot)
    if journal_path(path).exists():
        target = journal_path(kept_snapshot)
        _write_private(target, journal_path(path).read_bytes())
        kept.append(target)
    fsync_dir(path.parent)
    # 2. The backup's files in place, each by rename.
    if backup.snapshot is not None:
        atomic_write(path, backup.snapshot.read_bytes())
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    journal_data = backup.journal.read_bytes() if backup.journal is not None else b""
    if carried is not None:
        journal_data = carried[0]
    if journal_data or not backup.legacy:
        atomic_write(journal_path(path), journal_data)
    else:
        with contextlib.suppress(FileNotFoundError):
            journal_path(path).unlink()
    return Restored(kept, carried[1] if carried else 0)


def count_cases(path: Path, backup: Backup) -> int | None:
    """How many cases a backup holds (None when it cannot be read). A backup of this
    casetui is counted from its seal and journal without parsing; an older one by
    counting its case tables in the raw bytes."""
    from casetui.store.storage import LedgerStorage

    if backup.legacy:
        if backup.snapshot is None:
            return None
        try:
            raw = backup.snapshot.read_bytes()
        except OSError:
            return None
        # A table name follows `{` or `,`; inside text a quote is always escaped.
        return raw.count(b'{"case:') + raw.count(b',"case:')
    snapshot = backup.snapshot or (backup.folder / path.name)
    try:
        storage = LedgerStorage(snapshot, readonly=True)
    except (CorruptLedger, OSError):
        return None
    try:
        count = storage.base.count("case")
        for name, table in storage.overlay.items():
            if not name.startswith("case:"):
                continue
            before = storage.base.find(name) is not None
            count += (table is not None) - before
        return count
    finally:
        storage.close()


def _private_folders(folder: Path) -> None:
    """`mkdir -p` for backups: each folder it makes is the user's alone (0700, whatever the
    umask), like the data folder it sits in; an `OSError` is the caller's to word."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            new.mkdir(mode=0o700)
            os.chmod(new, 0o700)
