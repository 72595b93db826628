"""The attachments' part of verifying a ledger: every attached file must still be in
`evidence/` with the checksum its `attached` event recorded.

`attachment_problems` is the check itself, over the attached events as stored (case id,
event id, the event's fields). `attachment_check` has the shape of the store's extra checks
(`casetui.store.verify.register_check`: the ledger's path and the verification's context,
whose `evidence_events` lists those events), so the store registers it as it is.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from casetui.records import NamedTuple
from casetui.store.owned import EVIDENCE_FOLDER

_STORED = re.compile(r"[0-9a-f]{64}\.[A-Za-z0-9]{1,8}")


class AttachmentProblem(NamedTuple):
    """An attached file that is missing or changed; named like the store's `Problem`."""

    what: str
    case_id: str
    event_id: int
    kind: str = "evidence"

    def __str__(self) -> str:
        return f"{self.case_id} event #{self.event_id}: {self.what}"

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_id, "event": self.event_id, "kind": self.kind, "what": self.what}


def attachment_problems(
    folder: Path, attached: Iterable[tuple[str, int, Mapping[str, Any]]]
) -> Iterator[AttachmentProblem]:
    """Problems with the files of `attached` events kept in `folder` (the ledger's folder):
    missing, not a plain file, or not the bytes the event recorded. Events of other kinds
    are skipped, so the whole list of evidence events may be passed."""
    evidence = folder / EVIDENCE_FOLDER
    for case_id, event_id, fields in attached:
        if fields.get("kind") != "attached":
            continue
        stored, sha256 = str(fields.get("stored", "")), str(fields.get("sha256", ""))
        name = fields.get("name", stored)
        if not _STORED.fullmatch(stored) or not stored.startswith(sha256 + "."):
            yield AttachmentProblem(
                f"the attachment {name!r} names no valid evidence file ({stored!r})",
                case_id,
                event_id,
            )
            continue
        path = evidence / stored
        if path.is_symlink() or not path.is_file():
            yield AttachmentProblem(
                f"the attached file {name!r} (evidence/{stored}) is missing", case_id, event_id
            )
            continue
        if _sha256(path) != sha256:
            yield AttachmentProblem(
                f"the attached file {name!r} (evidence/{stored}) does not match its checksum "
                "(it changed)",
                case_id,
                event_id,
            )


def attachment_check(ledger: Path, context: Any) -> Iterator[AttachmentProblem]:
    """For `register_check`: the attachments among `context.evidence_events`, checked
    beside the ledger at `ledger`."""
    return attachment_problems(ledger.parent, getattr(context, "evidence_events", ()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
