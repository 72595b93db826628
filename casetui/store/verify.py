"""Every integrity check in one place: `casetui verify`, the app's background check, and the
"newest good backup" that error messages name.

What is checked (`verify_ledger`):
- the snapshot's seal: every section against its CRC-32, the seal against its own;
- the journal: every line against its CRC-32 (done when it is read), and that it belongs to
  the snapshot;
- every case's hash chain (`chain.py`) and that its index row's head is the chain's head;
- every index row against a fresh fold of its case (the row builder of the ledger), and
  that every case has a row and every row a case;
- every customer a case names exists;
- the extra checks registered with `register_check`: today the files kept as evidence by
  imports (`evidence/<sha256>.<ext>` must hash to its name); issue 17's attachments add
  theirs the same way.

Problems name the case, the event and what does not match. Checks that only say something
is worth knowing (an index built with other ladder waits, a break a reseal accepted) are
notices, not problems.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casetui.store.backups import Backup, list_backups
from casetui.store.durable import CorruptLedger


@dataclass(frozen=True)
class Problem:
    """Something that does not match what was written."""

    what: str
    case_id: str | None = None
    event_id: int | None = None
    kind: str = "damage"  # damage | index | evidence | file

    def __str__(self) -> str:
        where = self.case_id or ""
        if self.case_id and self.event_id:
            where += f" event #{self.event_id}"
        return f"{where}: {self.what}" if where else self.what

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_id, "event": self.event_id, "kind": self.kind, "what": self.what}


@dataclass
class Report:
    """What `verify` found."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, what: str, number: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + number


# An extra check: given the ledger's path and the case ids with their raw events (streamed),
# yields problems. Registered checks run after the built-in ones.
ExtraCheck = Callable[[Path, "VerifyContext"], Iterable[Problem]]
_EXTRA_CHECKS: list[ExtraCheck] = []


@dataclass
class VerifyContext:
    """What extra checks may look at: the ledger folder, and each case's opening source
    and events as the built-in pass saw them (event kind and fields)."""

    ledger: Path
    sources: dict[str, str] = field(default_factory=dict)  # case id -> Opened.source
    evidence_events: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)


def register_check(check: ExtraCheck) -> ExtraCheck:
    """Add a check to `verify` (usable as a decorator). Attachments (issue 17) register
    one that hashes every attached file against its event's checksum."""
    if check not in _EXTRA_CHECKS:
        _EXTRA_CHECKS.append(check)
    return check


def extra_checks() -> tuple[ExtraCheck, ...]:
    return tuple(_EXTRA_CHECKS)


_EVIDENCE_NAME = re.compile(r"^([0-9a-f]{64})\.[A-Za-z0-9]{1,8}$")


@register_check
def evidence_files(ledger: Path, context: VerifyContext) -> Iterator[Problem]:
    """Files kept as evidence are named by their SHA-256: the name must be the content's,
    and a case opened from an import must still have its file."""
    folder = ledger.parent / "evidence"
    present: dict[str, Path] = {}
    if folder.is_dir():
        for file in sorted(folder.iterdir()):
            match = _EVIDENCE_NAME.match(file.name)
            if match is None or not file.is_file():
                continue
            present[match[1]] = file
            digest = _sha256_file(file)
            if digest != match[1]:
                yield Problem(
                    f"evidence file {file.name} does not match its checksum (it changed)",
                    kind="evidence",
                )
    for case_id, source in sorted(context.sources.items()):
        if source.startswith("import:"):
            digest = source.removeprefix("import:")
            if re.fullmatch(r"[0-9a-f]{64}", digest) and digest not in present:
                yield Problem(
                    f"the imported file it was opened from (evidence/{digest}.*) is missing",
                    case_id=case_id,
                    kind="evidence",
                )


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- backups


def check_backup(ledger: Path, backup: Backup) -> str | None:
    """None when a backup opens and matches every checksum; otherwise what is wrong."""
    from casetui.store.storage import LedgerStorage

    snapshot = backup.snapshot or (backup.folder / ledger.name)
    try:
        storage = LedgerStorage(snapshot, readonly=True)
    except (CorruptLedger, OSError) as error:
        return str(error)
    try:
        storage.base.verify()
    except (CorruptLedger, OSError) as error:
        return str(error)
    finally:
        storage.close()
    return None


def newest_good_backup(ledger: Path) -> Backup | None:
    """The newest complete backup that opens and matches its checksums."""
    for backup in list_backups(ledger):
        if check_backup(ledger, backup) is None:
            return backup
    return None
