"""The attachments' check for `casetui verify` (registered by the store with
`register_check`): a missing or changed attached file is named by case and event."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casetui.dossier.attach import attach_files
from casetui.dossier.checks import AttachmentProblem, attachment_check, attachment_problems
from casetui.ledger import Ledger
from casetui.store.owned import evidence_dir
from tests.support import OPEN, TODAY


@dataclass
class Context:
    """The shape of the store's `VerifyContext`: what extra checks are given."""

    ledger: Path
    evidence_events: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)


def attached_events(db: Path) -> list[tuple[str, int, dict[str, Any]]]:
    with Ledger.open(db, readonly=True) as ledger:
        return [
            (state.id, raw["id"], dict(raw)) for state in ledger.cases() for raw in state.raw_events
        ]


def test_intact_changed_and_missing_attachments(db: Path, tmp_path: Path) -> None:
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (tmp_path / name).write_bytes(f"%PDF {name}".encode())
    with Ledger.open(db, today=TODAY) as ledger:
        done = attach_files(
            ledger, OPEN, [tmp_path / n for n in ("a.pdf", "b.pdf", "c.pdf")], today=TODAY
        )
    _, b, c = done.attached
    assert list(attachment_problems(db.parent, attached_events(db))) == []

    (evidence_dir(db) / b.stored).write_bytes(b"%PDF edited afterwards")
    (evidence_dir(db) / c.stored).unlink()
    problems = list(attachment_problems(db.parent, attached_events(db)))
    assert problems == [
        AttachmentProblem(
            f"the attached file 'b.pdf' (evidence/{b.stored}) does not match its checksum "
            "(it changed)",
            OPEN,
            b.id,
        ),
        AttachmentProblem(
            f"the attached file 'c.pdf' (evidence/{c.stored}) is missing", OPEN, c.id
        ),
    ]
    assert (
        str(problems[1])
        == f"{OPEN} event #{c.id}: the attached file 'c.pdf' (evidence/{c.stored}) is missing"
    )
    assert problems[0].to_json() == {
        "case": OPEN, "event": b.id, "kind": "evidence", "what": problems[0].what,
    }  # fmt: skip

    # In the shape of the store's extra checks: the ledger's path and the context.
    context = Context(db, attached_events(db))
    assert list(attachment_check(db, context)) == problems
    assert list(attachment_check(db, Context(db))) == []


def test_an_event_naming_no_valid_file_is_a_problem(tmp_path: Path) -> None:
    forged = {"kind": "attached", "name": "x", "stored": "../../ledger.json", "sha256": "0" * 64}
    (problem,) = attachment_problems(tmp_path, [(OPEN, 5, forged)])
    assert "names no valid evidence file" in problem.what and problem.event_id == 5
    symlinked = tmp_path / "evidence"
    symlinked.mkdir()
    (tmp_path / "elsewhere.pdf").write_bytes(b"x")
    digest = "a" * 64
    (symlinked / f"{digest}.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    linked = {"kind": "attached", "name": "y", "stored": f"{digest}.pdf", "sha256": digest}
    (problem,) = attachment_problems(tmp_path, [(OPEN, 6, linked)])
    assert "is missing" in problem.what  # a link is not the kept file
