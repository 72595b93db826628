"""The files and folders that belong to a ledger, in one place.

Whatever writes a file for the user (an export, a letter, a saved copy) asks here first, so
that no `-o` can replace the ledger, its journal or lock, a backup or a piece of evidence.
When the store keeps a new kind of file beside the ledger, it joins `ledger_files` and every
writer refuses it from then on.
"""

from __future__ import annotations

import os
from pathlib import Path

from casetui.store.backups import backup_dir
from casetui.store.durable import TEMP_MARK, journal_path
from casetui.store.lock import lock_path
from casetui.values import frozen

EVIDENCE_FOLDER = "evidence"


def evidence_dir(ledger: Path) -> Path:
    """Imported files kept as evidence (`evidence/<sha256>.xml`), beside the ledger."""
    return ledger.parent / EVIDENCE_FOLDER


@frozen
class LedgerFiles:
    """A ledger's own files and folders, links resolved."""

    files: frozenset[Path]
    folders: frozenset[Path]
    # Files kept beside the ledger by name: `<stem>-replaced-<when>.json` (and its journal),
    # the ledger `casetui restore` put aside.
    kept_prefixes: frozenset[Path] = frozenset()

    def owns(self, path: Path) -> bool:
        """Is `path` (resolved) one of them, inside one of the folders, a temp file of the
        ledger's, a ledger a restore kept, or another name (a hard link) for one of them?"""
        if path in self.files or any(folder in path.parents for folder in self.folders):
            return True
        if any(
            path.parent == kept.parent and path.name.startswith(kept.name)
            for kept in self.kept_prefixes
        ):
            return True
        if any(
            path.parent == owned.parent and path.name.startswith(owned.name + TEMP_MARK)
            for owned in self.files
        ):
            return True  # a snapshot being written
        return any(_same_file(path, owned) for owned in self.files)


def ledger_files(ledger: Path) -> LedgerFiles:
    """The snapshot, journal and lock of the ledger at `ledger`, its backups (with the
    private snapshot copies backups link to) and evidence folders, and the ledgers a
    restore kept beside it."""
    resolved = ledger.expanduser().resolve()
    return LedgerFiles(
        files=frozenset({resolved, journal_path(resolved), lock_path(resolved)}),
        folders=frozenset({backup_dir(resolved).resolve(), evidence_dir(resolved).resolve()}),
        kept_prefixes=frozenset({replaced_prefix(resolved)}),
    )


def replaced_prefix(ledger: Path) -> Path:
    """Where `casetui restore` keeps the ledger it replaced: `<stem>-replaced-<when>...`."""
    return ledger.with_name(f"{ledger.stem}-replaced-")


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist
        return False
