"""Backups a person can use: `casetui backups` lists the complete ones, `casetui restore`
puts one back (also when the ledger does not open) after keeping the current one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.model import Note
from casetui.store import backups as backups_module
from casetui.store import list_backups
from casetui.store.backups import snapshot_copies

from .helpers import DAY, cli, make_ledger, notes, one_line


@pytest.fixture(autouse=True)
def _no_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))


def _write(db: Path, case_id: str, text: str) -> None:
    with Ledger.open(db) as ledger:
        ledger.append(case_id, Note(date=DAY, text=text))


def test_backups_are_listed_newest_first_with_when_and_how_many_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    code, out, _ = cli(capsys, db, "backups")
    assert code == 0 and out.startswith("No backups of")
    ids = make_ledger(db)
    _write(db, ids[0], "one")
    with Ledger.open(db) as ledger:
        from tests.support import opened

        ledger.open_case(opened(invoice="F-9", customer_id="CUS-0001"))
    code, out, _ = cli(capsys, db, "backups", "--json")
    listed = json.loads(out)
    assert code == 0 and [entry["cases"] for entry in listed] == [3, 3]
    assert listed[0]["made_at"] >= listed[1]["made_at"] and listed[0]["format"] == "current"
    names = [backup.name for backup in list_backups(db)]
    assert [entry["name"] for entry in listed] == names
    code, out, _ = cli(capsys, db, "backups")
    assert out.splitlines()[0].split() == ["NAME", "WHEN", "CASES", "NOTE"]
    assert out.splitlines()[1].startswith(names[0])


def test_restore_puts_a_backup_back_and_keeps_the_ledger_it_replaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    _write(db, ids[0], "one")  # backed up: the ledger without "one"
    _write(db, ids[0], "two")  # backed up: the ledger with "one"
    newest = list_backups(db)[0]
    current = {
        name: (tmp_path / name).read_bytes() for name in ("ledger.json", "ledger.json.journal")
    }
    code, out, err = cli(capsys, db, "restore", newest.name[-16:], "--yes")  # its end will do
    assert code == 0 and out.startswith(f"Restored {newest.name} (3 cases)")
    kept = one_line(err).split("kept as ")[1]
    assert (tmp_path / kept).read_bytes() == current["ledger.json"]
    assert (tmp_path / f"{kept}.journal").read_bytes() == current["ledger.json.journal"]
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0]) == ["first note", "one"]
    assert cli(capsys, db, "verify")[0] == 0
    _write(db, ids[0], "after the restore")


def test_restore_works_when_the_ledger_does_not_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    _write(db, ids[0], "one")
    db.write_bytes(b"not json at all")
    code, _, err = cli(capsys, db, "show", ids[0])
    name = one_line(err).split("`casetui restore ")[1].split("`")[0]
    assert code == 1
    code, out, _ = cli(capsys, db, "restore", name, "--yes")
    assert code == 0 and "the write saved since is kept too" in out
    replaced = next(tmp_path.glob("ledger-replaced-*.json"))
    assert replaced.read_bytes() == b"not json at all"
    with Ledger.open(db, readonly=True) as ledger:
        # The journal was written over the backup's snapshot: "one" was acknowledged, and
        # restoring as the damage message says keeps it.
        assert notes(ledger, ids[0]) == ["first note", "one"]
    assert cli(capsys, db, "verify")[0] == 0


@pytest.mark.parametrize("damage", ["emptied", "removed"])
def test_restoring_as_the_damage_message_says_keeps_every_acknowledged_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    _write(db, ids[0], "one")
    _write(db, ids[1], "two")
    if damage == "emptied":
        db.write_text("{}")
    else:
        db.unlink()
    code, _, err = cli(capsys, db, "list")
    assert code == 1
    name = one_line(err).split("`casetui restore ")[1].split("`")[0]
    code, out, _ = cli(capsys, db, "restore", name, "--yes")
    assert code == 0 and "the write saved since is kept too" in out  # "two"
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0]) == ["first note", "one"]
        assert notes(ledger, ids[1])[-1] == "two"
    assert cli(capsys, db, "verify")[0] == 0


def test_a_damaged_journal_is_not_carried_over_a_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    _write(db, ids[0], "one")
    journal = tmp_path / "ledger.json.journal"
    data = journal.read_bytes()
    journal.write_bytes(data.replace(b'"one"', b'"One"'))  # a complete line, changed
    db.write_text("{}")
    name = list_backups(db)[0].name
    code, out, err = cli(capsys, db, "restore", name, "--yes")
    assert code == 0 and "kept too" not in out and "kept as" in err
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0]) == ["first note"]


def test_restore_asks_and_refuses_what_it_cannot_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    _write(db, ids[0], "one")
    before = db.read_bytes()
    code, _, err = cli(capsys, db, "restore", list_backups(db)[0].name)
    assert code == 2 and "--yes" in one_line(err)  # not on a pipe without being told
    code, _, err = cli(capsys, db, "restore", "no-such-backup", "--yes")
    assert code == 2 and "casetui backups" in one_line(err)
    damaged = list_backups(db)[0]
    assert damaged.snapshot is not None
    data = damaged.snapshot.read_bytes()
    at = data.index(b"Customer 0")
    with open(damaged.snapshot, "r+b") as handle:  # same size: still listed, but not good
        handle.seek(at)
        handle.write(b"K")
    code, _, err = cli(capsys, db, "restore", damaged.name, "--yes")
    assert code == 1 and "does not match its checksums" in one_line(err)
    assert db.read_bytes() == before


def test_a_backup_links_a_private_copy_so_an_edit_in_place_never_reaches_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    _write(db, ids[0], "one")
    _write(db, ids[0], "two")
    first, second = list_backups(db)[1], list_backups(db)[0]
    assert first.snapshot is not None and second.snapshot is not None
    assert first.snapshot.stat().st_ino == second.snapshot.stat().st_ino  # one copy, linked
    assert first.snapshot.stat().st_ino != db.stat().st_ino  # never the live file
    good = first.snapshot.read_bytes()
    with open(db, "r+b") as handle:  # `echo {} > ledger.json`, or an editor saving in place
        handle.truncate(0)
        handle.write(b"{}")
    assert first.snapshot.read_bytes() == good
    assert cli(capsys, db, "restore", second.name, "--yes")[0] == 0
    with Ledger.open(db, readonly=True) as ledger:
        # the backup holds "one"; "two", in the journal that continues it, is kept too
        assert notes(ledger, ids[0]) == ["first note", "one", "two"]


def test_old_snapshot_copies_go_when_no_backup_needs_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    monkeypatch.setattr(backups_module, "KEEP_RECENT", 2)
    monkeypatch.setattr(backups_module, "KEEP_DAYS", 1)
    for round_number in range(5):
        with Ledger.open(db) as ledger:
            ledger.append(ids[0], Note(date=DAY, text=f"round {round_number}"))
            ledger.store.compact()  # a new snapshot each time
    kept = {backup.snapshot_id for backup in list_backups(db)}
    copies = {path.name.removesuffix(".json") for path in snapshot_copies(db).iterdir()}
    current = Ledger.open(db, readonly=True)
    try:
        current_id = current.store._storage.base.id
    finally:
        current.close()
    assert len(list_backups(db)) == 2
    assert copies == kept | {current_id}


def test_backups_of_casetui_2_are_listed_and_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    fixture = Path(__file__).parent.parent / "fixtures" / "store" / "schema2"
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "ledger-20261120T101010123456Z.json").write_bytes(
        (fixture / "ledger.json").read_bytes()
    )
    (folder / "ledger-20261120T101010123456Z.json.journal").write_bytes(
        (fixture / "ledger.json.journal").read_bytes()
    )
    (folder / "ledger-20261121T101010123456Z.json").write_bytes(b"{}")  # cut short:
    (folder / "ledger-20261121T101010123456Z.json.journal.partial").write_bytes(b"")
    code, out, _ = cli(capsys, db, "backups", "--json")
    (listed,) = json.loads(out)
    assert listed == {
        "name": "ledger-20261120T101010123456Z",
        "made_at": "2026-11-20T10:10:10Z",
        "cases": 12,
        "format": "older",
        "kept": None,
    }
    assert cli(capsys, db, "restore", listed["name"], "--yes")[0] == 0
    code, out, _ = cli(capsys, db, "list", "--all", "--json")
    then = json.loads((fixture / "list.json").read_text())
    assert code == 0 and [(r["id"], r["outstanding"]) for r in json.loads(out)] == [
        (r["id"], r["outstanding"]) for r in then
    ]


def test_two_restores_in_one_second_keep_both_ledgers_they_replaced(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from casetui.store.backups import restore_files

    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    _write(db, ids[0], "one")
    backup = list_backups(db)[0]
    now = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    first = restore_files(db, backup, now=now)
    _write(db, ids[0], "two")
    second = restore_files(db, backup, now=now)
    assert first.kept[0] != second.kept[0]
    assert all(path.exists() for path in first.kept + second.kept)
