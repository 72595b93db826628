"""Issue 10: where the store lied or lost, each reproduced from outside (files, the command
line, injected disk errors). Every test here fails on casetui 2 (commit 3741d11)."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.model import Note
from casetui.store import ledger_store as ledger_store_module
from casetui.store import list_backups

from .helpers import DAY, cli, ledger_files, make_ledger, notes, one_line

ADD = ["add", "--customer", "Acme BV", "--invoice", "A-1", "--issued", "2026-10-01"]
DUE = ["--due", "2026-10-31"]


@pytest.fixture(autouse=True)
def _no_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CASETUI_DB", raising=False)


def _snapshot_replace_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up just as the journal is being folded into a new ledger.json."""
    real = os.replace

    def replace(source: object, target: object, *args: object, **kwargs: object) -> None:
        if Path(str(target)).name == "ledger.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


# --------------------------------------------------------------------------- 1


def test_1_a_payment_is_not_reported_lost_when_folding_the_journal_fails_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    monkeypatch.setattr(ledger_store_module, "COMPACT_AT_BYTES", 1)  # fold at close
    _snapshot_replace_fails(monkeypatch)
    code, out, err = cli(capsys, db, "log", ids[0], "payment", "100")
    assert code == 0, err
    assert out.startswith(f"{ids[0]}: recorded payment of 100.00 EUR")
    warning = one_line(err)
    assert "nothing was saved" not in warning and "unchanged" not in warning
    assert warning.startswith("casetui: warning: disk full") and "saved" in warning
    monkeypatch.undo()
    # The payment is there, once: nobody needs to record it again.
    code, out, _ = cli(capsys, db, "show", ids[0], "--json")
    payments = [e for e in json.loads(out)["events"] if e["kind"] == "payment"]
    assert code == 0 and [p["amount"] for p in payments] == ["100.00"]


def test_1_a_new_ledger_whose_first_fold_fails_still_holds_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    _snapshot_replace_fails(monkeypatch)
    code, out, err = cli(capsys, db, *ADD, *DUE, "--amount", "1238.91")
    assert (code, out) == (0, "C-2026-0001\n"), err
    assert "nothing was saved" not in err and one_line(err).startswith("casetui: warning: ")
    monkeypatch.undo()
    code, out, _ = cli(capsys, db, "list", "--json")
    assert code == 0 and [row["invoice"] for row in json.loads(out)] == ["A-1"]
    code, _, err = cli(capsys, db, *ADD, *DUE, "--amount", "1238.91")
    assert code == 2 and "already case C-2026-0001" in err  # it was saved the first time


# --------------------------------------------------------------------------- 2


def _backup_journal_copy_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while a backup's copy of the journal is being written."""

    def failing(real):  # type: ignore[no-untyped-def]
        def write(fd: int, *args: object) -> object:
            target = os.readlink(f"/proc/self/fd/{fd}")
            if f"{os.sep}backups{os.sep}" in target and "journal" in target:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, *args)

        return write

    monkeypatch.setattr(os, "write", failing(os.write))
    monkeypatch.setattr(os, "sendfile", failing(os.sendfile))


def test_2_a_backup_is_complete_or_absent_and_only_a_complete_one_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    assert cli(capsys, db, "log", ids[0], "note", "one")[0] == 0  # backed up first: complete
    _backup_journal_copy_fails(monkeypatch)
    code, _, err = cli(capsys, db, "log", ids[0], "note", "two")
    monkeypatch.undo()
    leftovers = [p.name for p in (tmp_path / "backups").rglob("*") if "partial" in p.name]
    assert leftovers == []
    assert code == 0 and "no backup was made" in one_line(err)  # the write itself is saved
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0]) == ["first note", "one", "two"]
    # Every backup listed is whole: restored, each holds what the ledger held then.
    for backup in list_backups(db):
        assert backup.journal is not None and backup.snapshot is not None
    db.write_bytes(b"\x00 damaged")
    code, _, err = cli(capsys, db, "list")
    named = one_line(err).split("newest backup: ")[1].split(",")[0]
    assert code == 1 and named == list_backups(db)[0].name
    assert cli(capsys, db, "restore", named, "--yes")[0] == 0
    with Ledger.open(db, readonly=True) as ledger:
        # the backup as it was before "one", and the journal that continues it (the
        # snapshot was the damaged file): nothing acknowledged is lost
        assert notes(ledger, ids[0]) == ["first note", "one", "two"]


def test_2_demo_force_keeps_the_ledger_it_replaces_in_a_backup_that_does_not_rotate_away(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    assert cli(capsys, db, "demo", "--cases", "40", "--seed", "3")[0] == 0
    code, out, _ = cli(capsys, db, "list", "--all", "--json")
    replaced = {row["id"]: row["invoice"] for row in json.loads(out)}
    assert code == 0 and len(replaced) == 40
    code, _, err = cli(capsys, db, "demo", "--cases", "12", "--force")
    assert code == 0
    for number in range(8):  # more writes than backups are kept
        assert cli(capsys, db, "log", "C-2026-0001", "note", f"later {number}")[0] == 0
    holding = []
    for candidate in sorted((tmp_path / "backups").rglob("*.json")):
        try:
            with Ledger.open(candidate, readonly=True) as old:
                if {row.id: row.invoice for row in old.rows()} == replaced:
                    holding.append(candidate)
        except Exception:  # a manifest, a snapshot copy without its journal
            continue
    assert holding, "the 40 cases demo --force replaced are in no backup any more"
    kept = [backup for backup in list_backups(db) if backup.kept]
    assert len(kept) == 1 and kept[0].name in err
    assert cli(capsys, db, "restore", kept[0].name, "--yes")[0] == 0
    code, out, _ = cli(capsys, db, "list", "--all", "--json")
    assert {row["id"]: row["invoice"] for row in json.loads(out)} == replaced


def test_restoring_the_users_ledger_after_demo_force_takes_the_demo_profile_away(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "profile.toml").write_text('[business]\nname = "My Own BV"\ncountry = "BE"\n')
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(config))
    db = tmp_path / "books" / "ledger.json"
    db.parent.mkdir()
    ids = make_ledger(db)
    assert cli(capsys, db, "demo", "--cases", "5", "--force")[0] == 0
    assert "demo-config" in cli(capsys, db, "setup", "--show")[1]
    kept = next(backup for backup in list_backups(db) if backup.kept)
    code, out, _ = cli(capsys, db, "restore", kept.name, "--yes")
    assert code == 0 and "signed with your own profile again" in out
    code, out, _ = cli(capsys, db, "setup", "--show")
    assert "demo-config" not in out and "My Own BV" in out
    assert not (db.parent / "demo-config").exists()
    with Ledger.open(db, readonly=True) as ledger:
        assert [row.id for row in ledger.rows()] == ids
    # A demo replaced by another demo keeps its profile when restored: it is a demo too.
    assert cli(capsys, db, "demo", "--cases", "5", "--force")[0] == 0
    assert cli(capsys, db, "demo", "--cases", "3", "--force")[0] == 0
    newest_kept = next(backup for backup in list_backups(db) if backup.kept)
    code, out, _ = cli(capsys, db, "restore", newest_kept.name, "--yes")
    assert code == 0 and "own profile again" not in out, _
    assert (db.parent / "demo-config").is_dir()


# --------------------------------------------------------------------------- 3


@pytest.mark.parametrize("damage", ["emptied", "deleted", "deleted with its journal"])
def test_3_an_emptied_or_missing_snapshot_is_refused_never_taken_for_a_new_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db) as ledger:  # a later write, in the journal (and a backup first)
        ledger.append(ids[1], Note(date=DAY, text="after the snapshot"))
    if damage == "emptied":
        db.write_bytes(b"{}")
    else:
        db.unlink()
        if damage == "deleted with its journal":
            db.with_name("ledger.json.journal").unlink()
    before = ledger_files(db)
    for argv in (
        ["list"],
        ["show", ids[0]],
        [*ADD, *DUE, "--amount", "10"],
        ["log", ids[2], "note", "hello"],
    ):
        code, out, err = cli(capsys, db, *argv)
        assert (code, out) == (1, ""), (argv, out, err)
        line = one_line(err)
        assert "restore" in line, line
    assert ledger_files(db) == before  # nothing was written, no case number handed out


# --------------------------------------------------------------------------- 4


def _flip_first(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes inside the file, in place (as a bad sector or a slip in an editor)."""
    data = path.read_bytes()
    at = data.index(old)
    with open(path, "r+b") as handle:
        handle.seek(at)
        handle.write(new)


def test_4_a_digit_changed_in_the_snapshot_is_refused_and_never_believed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, amount="1238.91")
    with Ledger.open(db) as ledger:  # a backup of the good ledger, made before this write
        ledger.append(ids[1], Note(date=DAY, text="later"))
    _flip_first(db, b"123891", b"923891")  # the invoice now says 9,238.91
    code, out, err = cli(capsys, db, "show", ids[0])
    assert (code, out) == (1, "")
    line = one_line(err)
    assert ids[0] in line and "newest backup" in line and "reseal" in line
    for argv in (["list", "--json"], ["agenda", "--json"], ["export", ids[0]]):
        code, out, err = cli(capsys, db, *argv)
        assert "9238.91" not in out and "9,238.91" not in out, argv
        assert code in (0, 1) and (code == 0 or one_line(err)), argv


def test_4_a_digit_changed_in_the_index_is_refused_by_the_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, amount="1238.91")
    _flip_first(db, b'"outstanding":123891', b'"outstanding":923891')
    for argv in (["list"], ["agenda"]):
        code, out, err = cli(capsys, db, *argv)
        assert (code, out) == (1, ""), argv
        assert "index section fails its checksum" in one_line(err)
    assert cli(capsys, db, "show", ids[0])[0] == 0  # the case itself is intact


def test_4_a_deliberate_edit_is_resealed_after_showing_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, amount="1238.91")
    with Ledger.open(db) as ledger:
        ledger.append(ids[1], Note(date=DAY, text="later"))
    _flip_first(db, b"123891", b"923891")
    code, out, err = cli(capsys, db, "reseal")
    assert code == 2 and "--yes" in one_line(err)  # not on a pipe without being told
    assert f"{ids[0]} event #1 (opened): amount.minor 123891 -> 923891" in out
    code, out, _ = cli(capsys, db, "reseal", "--yes")
    assert code == 0 and "Sealed" in out
    code, out, _ = cli(capsys, db, "show", ids[0], "--json")
    assert code == 0 and json.loads(out)["amount"] == "9238.91"
    code, out, _ = cli(capsys, db, "verify")
    assert code == 0 and f"note: {ids[0]} events #1-#2: changed outside casetui" in out
    with Ledger.open(db) as ledger:  # and it takes writes again
        ledger.append(ids[0], Note(date=DAY, text="after the reseal"))
    assert cli(capsys, db, "verify")[0] == 0


# --------------------------------------------------------------------------- 5


def test_5_a_complete_journal_line_that_fails_its_checksum_is_damage_not_a_torn_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, backup=False) as ledger:
        ledger.append(ids[0], Note(date=DAY, text="acknowledged"))
    journal = db.with_name("ledger.json.journal")
    data = journal.read_bytes()
    assert data.endswith(b"\n")
    at = data.rindex(b"acknowledged")
    journal.write_bytes(data[:at] + b"X" + data[at + 1 :])  # same length, newline kept
    before = ledger_files(db)
    code, out, err = cli(capsys, db, "show", ids[0])
    assert (code, out) == (1, "") and "journal line" in one_line(err)
    code, out, err = cli(capsys, db, "log", ids[0], "note", "next")
    assert (code, out) == (1, "") and "journal line" in one_line(err)
    assert ledger_files(db) == before  # the damaged line was not cut off


def test_5_a_line_without_its_newline_is_still_a_torn_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    journal = db.with_name("ledger.json.journal")
    journal.write_bytes(journal.read_bytes() + b'0000abcd {"case:C-2026-0001": {"1":')
    assert cli(capsys, db, "show", ids[0])[0] == 0
    assert cli(capsys, db, "log", ids[0], "note", "after")[0] == 0
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0]) == ["first note", "after"]


# --------------------------------------------------------------------------- 6


def test_6_a_ledger_reached_through_a_symlink_is_one_ledger_and_the_link_stays_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real" / "ledger.json"
    real.parent.mkdir()
    link = tmp_path / "elsewhere" / "ledger.json"
    link.parent.mkdir()
    link.symlink_to(real)
    assert cli(capsys, link, *ADD, *DUE, "--amount", "10")[0] == 0
    assert cli(capsys, real, *ADD[:4], "A-2", *ADD[5:], *DUE, "--amount", "20")[0] == 0
    assert cli(capsys, link, "log", "C-2026-0001", "note", "through the link")[0] == 0
    assert link.is_symlink() and link.resolve() == real
    assert sorted(p.name for p in link.parent.iterdir()) == ["ledger.json"]  # nothing else
    assert {"ledger.json.journal", "ledger.json.lock", "backups"} <= {
        p.name for p in real.parent.iterdir()
    }
    for path in (link, real):
        code, out, _ = cli(capsys, path, "list", "--json")
        assert code == 0 and sorted(row["invoice"] for row in json.loads(out)) == ["A-1", "A-2"]


# --------------------------------------------------------------------------- 9


def test_9_an_event_without_a_date_is_a_clear_message_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    data = db.read_bytes()
    at = data.index(b'"date":"2026-10-01",', data.index(b'"case:C-2026-0001"'))
    db.write_bytes(data[:at] + data[at + len(b'"date":"2026-10-01",') :])
    for argv in (["list"], ["agenda"], ["show", ids[0]], ["export", ids[0]]):
        code, _, err = cli(capsys, db, *argv)
        assert code in (0, 1), (argv, err)
        if code:
            assert one_line(err)
    code, _, err = cli(capsys, db, "verify")
    assert code == 1 and "Traceback" not in err
    code, _, err = cli(capsys, db, "show", ids[0])
    assert code == 1 and ids[0] in one_line(err)
    # A write to another case goes on, but the damaged file is never copied into backups.
    cli(capsys, db, "log", ids[1], "note", "elsewhere")
    from casetui.store.verify import check_backup

    assert all(check_backup(db, backup) is None for backup in list_backups(db))


def test_9_a_today_beyond_the_calendar_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    code, out, err = cli(capsys, db, "show", ids[0], today="9999-12-31")
    assert (code, out) == (2, "") and "out of range" in one_line(err)


def test_9_text_that_is_not_utf8_is_bad_input_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    before = ledger_files(db)
    # How Python hands over an argument typed in Latin-1 on a UTF-8 system: "caf\xe9".
    code, out, err = cli(capsys, db, "log", ids[0], "note", "caf\udce9")
    assert (code, out) == (2, "") and "not valid text" in one_line(err)
    assert ledger_files(db) == before


def test_9_an_event_of_an_unknown_kind_is_the_ledgers_problem_in_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    data = db.read_bytes()
    db.write_bytes(data.replace(b'"kind":"note"', b'"kind":"memo"', 1))
    for argv in (["show", ids[0]], ["export", ids[0]], ["log", ids[0], "note", "x"]):
        code, out, err = cli(capsys, db, *argv)
        assert (code, out) == (1, ""), argv  # the ledger's problem, not bad input (2)
        assert ids[0] in one_line(err)
    for argv in (["list"], ["agenda"]):
        code, _, err = cli(capsys, db, *argv)
        assert code in (0, 1) and "Traceback" not in err


def test_9_undo_after_an_import_takes_back_everything_it_did_to_the_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    header = "Invoice Number,Customer Name,Invoice Date,Due Date,Currency Code,Total,Balance\n"
    first = tmp_path / "first.csv"
    first.write_text(header + "INV-1,Acme BV,2026-09-01,2026-10-01,EUR,500.00,500.00\n")
    assert cli(capsys, db, "import", str(first))[0] == 0
    # A new case: its opening (with the import's notes) is not undone; close it instead.
    code, _, err = cli(capsys, db, "undo", "C-2026-0001")
    assert code == 2 and "nothing to undo" in err
    again = tmp_path / "again.csv"
    again.write_text(header + "INV-1,Acme BV,2026-09-01,2026-10-15,EUR,500.00,300.00\n")
    assert cli(capsys, db, "import", str(again))[0] == 0
    code, out, _ = cli(capsys, db, "show", "C-2026-0001", "--json")
    assert (json.loads(out)["outstanding"], json.loads(out)["due"]) == ("300.00", "2026-10-15")
    assert cli(capsys, db, "undo", "C-2026-0001")[0] == 0
    code, out, _ = cli(capsys, db, "show", "C-2026-0001", "--json")
    shown = json.loads(out)
    assert (shown["outstanding"], shown["due"]) == ("500.00", "2026-10-01")
    undone = [e for e in shown["events"] if e["kind"] not in ("opened", "voided", "note")]
    assert undone and all(e["voided"] for e in undone)
