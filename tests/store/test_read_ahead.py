"""Reading many cases ahead of a big write (a bank statement): one pass over a section
instead of a binary search per case, with the same tables, the journal's over the snapshot's,
and damage still refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.model import Note
from casetui.store import CorruptLedger
from casetui.store.snapshot import SnapshotFile

from .helpers import DAY, make_ledger, notes


def _names_asked(monkeypatch: pytest.MonkeyPatch, method: str) -> list[str]:
    """Record every name the snapshot's `method` is asked for (`find`: one table at a
    time; `section_tables`: a whole section)."""
    asked: list[str] = []
    original = getattr(SnapshotFile, method)

    def counting(self: SnapshotFile, name: str):  # type: ignore[no-untyped-def]
        asked.append(name)
        return original(self, name)

    monkeypatch.setattr(SnapshotFile, method, counting)
    return asked


def test_cases_read_ahead_are_written_without_a_lookup_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, cases=40)
    asked = _names_asked(monkeypatch, "find")
    with Ledger.open(db, backup=False) as ledger, ledger.transaction():
        ledger.read_ahead(ids)
        for case_id in ids:
            ledger.append(case_id, Note(date=DAY, text=f"read ahead {case_id}"))
    assert not [name for name in asked if name.startswith(("case:", "index:"))]
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0]) == ["first note", f"read ahead {ids[0]}"]
        assert all(notes(ledger, case_id)[-1] == f"read ahead {case_id}" for case_id in ids)
        assert not ledger.verify().problems


def test_a_few_cases_are_looked_up_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, cases=40)
    whole_reads = _names_asked(monkeypatch, "section_tables")
    with Ledger.open(db, backup=False) as ledger, ledger.transaction():
        ledger.read_ahead(ids[:2])
        ledger.append(ids[1], Note(date=DAY, text="one of a few"))
    assert "case" not in whole_reads and "index" not in whole_reads
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[1])[-1] == "one of a few"


def test_what_the_journal_holds_wins_over_the_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, cases=20)
    with Ledger.open(db, backup=False) as writer:
        writer.append(ids[3], Note(date=DAY, text="in the journal only"))
    with Ledger.open(db, backup=False) as ledger, ledger.transaction():
        ledger.read_ahead(ids)
        ledger.append(ids[3], Note(date=DAY, text="after it"))
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[3])[-2:] == ["in the journal only", "after it"]
        assert not ledger.verify().problems


def test_a_damaged_section_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, cases=20)
    raw = db.read_bytes()
    target = b'"text":"first note"'
    assert raw.count(target) == 1
    db.write_bytes(raw.replace(target, b'"text":"first nose"'))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    ledger = Ledger.open(db, backup=False)
    try:
        with pytest.raises(CorruptLedger), ledger.transaction():
            ledger.read_ahead(ids)
            ledger.append(ids[5], Note(date=DAY, text="never written"))
    finally:
        ledger.close()
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.endswith(".lock")
    }
