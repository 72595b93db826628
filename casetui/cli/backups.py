"""`casetui backups` and `casetui restore`: the ledger's backups, listed and put back.

Both work on the files alone, so `restore` works when the current ledger does not open
(that is when it is needed most). Restoring keeps the current ledger beside it first,
damaged or not, and takes the commit lock so that no other casetui writes meanwhile.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path


def configure_backups(listing: argparse.ArgumentParser) -> None:
    listing.description = (
        "The complete backups in backups/ beside the ledger, newest first: name, when, how "
        "many cases. A backup is made before the first change of each command (and of each "
        "session of the app); the newest five stay, plus one a day for a week. "
        "`casetui restore NAME` puts one back."
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_backups)


def configure_restore(restore: argparse.ArgumentParser) -> None:
    restore.description = (
        "Restore a backup (see `casetui backups`) in place of the ledger. The current ledger "
        "is kept beside it first, as ledger-replaced-<when>.json, even when it does not "
        "open. Asks first; --yes does not."
    )
    restore.add_argument("name", metavar="NAME", help="the backup's name (or its end: the time)")
    restore.add_argument("--yes", action="store_true", help="restore without asking")
    restore.set_defaults(handler=run_restore)


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def run_backups(args: argparse.Namespace) -> int:
    from casetui.cli.common import ledger_path, print_json
    from casetui.cli.views import table
    from casetui.store.backups import count_cases, list_backups
    from casetui.store.ledger_store import resolve

    path = resolve(ledger_path(args))
    backups = list_backups(path)
    rows = []
    for backup in backups:
        cases = count_cases(path, backup)
        rows.append((backup, cases))
    if args.json:
        print_json(
            [
                {
                    "name": backup.name,
                    "made_at": backup.made_at.isoformat().replace("+00:00", "Z"),
                    "cases": cases,
                    "format": "older" if backup.legacy else "current",
                    "kept": backup.kept or None,
                }
                for backup, cases in rows
            ]
        )
        return 0
    if not rows:
        print(f"No backups of {path} yet (one is made before the first change of a command).")
        return 0
    lines = [
        [
            backup.name,
            _local(backup.made_at),
            "?" if cases is None else f"{cases:,}",
            "; ".join(
                note
                for note in (
                    "older casetui" if backup.legacy else "",
                    f"kept: {backup.kept}" if backup.kept else "",
                )
                if note
            ),
        ]
        for backup, cases in rows
    ]
    print(table(lines, ["NAME", "WHEN", "CASES", "NOTE"], right={2}))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from casetui.cli.common import ledger_path
    from casetui.errors import InputError, OperationalError
    from casetui.store.backups import count_cases, find_backup, restore_files
    from casetui.store.durable import describe_os_problem
    from casetui.store.ledger_store import resolve
    from casetui.store.lock import CommitLock
    from casetui.store.verify import check_backup

    path = resolve(ledger_path(args))
    backup = find_backup(path, args.name.strip())
    if backup is None:
        raise InputError(
            f"restore: no complete backup named {args.name!r} (`casetui backups` lists them)"
        )
    problem = check_backup(path, backup)
    if problem is not None:
        raise OperationalError(
            f"backup {backup.name} does not match its checksums ({problem}); pick another "
            "(`casetui backups`)"
        )
    cases = count_cases(path, backup)
    held = "? cases" if cases is None else f"{cases:,} case{'s' if cases != 1 else ''}"
    if not args.yes:
        if not sys.stdin.isatty():
            raise InputError("restore replaces the ledger: add --yes to restore without asking")
        answer = input(
            f"Put backup {backup.name} ({_local(backup.made_at)}, {held}) in place of "
            f"{path}? The current ledger is kept beside it. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.", file=sys.stderr)
            return 0
    try:
        lock = CommitLock(path, "`restore`")
    except OSError as error:
        raise OperationalError(
            f"cannot restore into {path.parent}: {describe_os_problem(error, 'taking the lock')}"
        ) from None
    try:
        lock.acquire()
        try:
            restored = restore_files(path, backup)
        except OSError as error:
            raise OperationalError(
                describe_os_problem(error, f"restoring {backup.name}")
                + "; run the same restore again (the files that were there are kept: "
                "they are not mixed with the backup's)"
            ) from None
        finally:
            lock.release()
    finally:
        lock.close()
    print(f"Restored {backup.name} ({held}) to {path}.")
    if restored.later_writes:
        print(
            f"The journal continues this backup, so the {restored.later_writes} writes saved "
            "since are kept too (only the snapshot was damaged or missing)."
            if restored.later_writes > 1
            else "The journal continues this backup, so the write saved since is kept too "
            "(only the snapshot was damaged or missing)."
        )
    if restored.kept:
        print(f"casetui: the ledger you had is kept as {restored.kept[0].name}", file=sys.stderr)
    if _drop_demo_config(path, backup.name):
        print(
            "The demo's business profile beside it is removed: this ledger's letters are "
            "signed with your own profile again."
        )
    return 0


def _drop_demo_config(path: Path, restored: str) -> bool:
    """After restoring the user's own ledger that `casetui demo --force` replaced, the
    demo's config folder beside it goes (else its fictional profile would sign the user's
    letters). True when it was removed."""
    import shutil

    from casetui.paths import DEMO_CONFIG, USER_LEDGER_BACKUP

    folder = path.parent / DEMO_CONFIG
    try:
        named = (folder / USER_LEDGER_BACKUP).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    if named != restored:
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return not folder.exists()
