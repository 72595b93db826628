"""One guarded writer for every file casetui writes for the user (issue 19, item 1).

The bug that started it: `casetui --db L letter CASE -o L` wrote the letter over the ledger.
Every command with `-o` is walked with `-o` at each file the ledger owns.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.cli.registry import COMMANDS
from casetui.errors import InputError, OperationalError
from casetui.store.backups import list_backups
from casetui.store.durable import journal_path
from casetui.store.lock import lock_path
from casetui.store.owned import evidence_dir, ledger_files
from casetui.userfiles import ProtectedFile, write_user_file
from tests.support import TODAY_ISO as TODAY

UBL = Path(__file__).parent / "fixtures" / "ubl" / "base-example.xml"

# The arguments (before `-o FILE`) that make each command with `-o` write a file. A new
# command with `-o` must be added here: the walk below fails until it is.
WRITES_FILE = {
    "export": ["export", "C-2026-0001"],
    "letter": ["letter", "C-2026-0002"],
    "report aging": ["report", "aging"],
    "report collected": ["report", "collected"],
    "report ladder": ["report", "ladder"],
    "report activity": ["report", "activity"],
}


def _with_output(name: str, parser: argparse.ArgumentParser) -> set[str]:
    """`name` if its parser takes `-o`, and its subcommands' names that do."""
    found = set()
    for action in parser._actions:
        if "-o" in action.option_strings:
            found.add(name)
        if isinstance(action, argparse._SubParsersAction):
            for sub, subparser in action.choices.items():
                found |= _with_output(f"{name} {sub}", subparser)
    return found


def commands_with_output() -> set[str]:
    found: set[str] = set()
    for command in COMMANDS:
        parser = argparse.ArgumentParser()
        command.configure_parser(parser)
        found |= _with_output(command.name, parser)
    return found


def test_the_walk_covers_every_command_with_output() -> None:
    assert commands_with_output() == set(WRITES_FILE)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A ledger with every file a ledger can own: snapshot, journal, lock, backups, evidence."""
    folder = tmp_path_factory.mktemp("world")
    db = folder / "ledger.json"
    patch = pytest.MonkeyPatch()
    patch.setenv("CASETUI_CONFIG_DIR", str(folder / "config"))
    patch.delenv("CASETUI_DB", raising=False)
    base = ["--db", str(db), "--today", TODAY]
    assert main([*base, "demo", "--cases", "8"]) == 0
    assert main([*base, "import", str(UBL)]) == 0
    assert main([*base, "log", "C-2026-0001", "note", "a journal line"]) == 0
    assert journal_path(db).stat().st_size and lock_path(db).exists()
    assert list_backups(db) and any(evidence_dir(db).iterdir())
    (folder / "link.json").symlink_to(db)
    yield db
    patch.undo()


def protected_files(db: Path) -> dict[str, Path]:
    return {
        "ledger": db,
        "journal": journal_path(db),
        "lock": lock_path(db),
        "backup": list_backups(db)[0].snapshot,
        "evidence": next(evidence_dir(db).iterdir()),
        "symlink to the ledger": db.parent / "link.json",
    }


def snapshot(db: Path) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for path in db.parent.rglob("*")
        if path.is_file() and not path.is_symlink() and "config" not in path.parts
    }


@pytest.mark.parametrize("command", sorted(WRITES_FILE))
@pytest.mark.parametrize(
    "which", ["ledger", "journal", "lock", "backup", "evidence", "symlink to the ledger"]
)
def test_no_command_writes_over_a_file_of_the_ledger(
    world: Path, command: str, which: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = protected_files(world)[which]
    before = snapshot(world)
    code = main(["--db", str(world), "--today", TODAY, *WRITES_FILE[command], "-o", str(target)])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == "" and err.count("\n") == 1
    assert "belongs to the ledger" in err and str(target) in err
    assert snapshot(world) == before  # the ledger and everything beside it byte-identical


def test_the_letter_that_destroyed_the_ledger(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The letter is produced fine to stdout; `-o` pointed at the ledger is refused."""
    argv = ["--db", str(world), "--today", TODAY, *WRITES_FILE["letter"]]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip()
    before = world.read_bytes()
    assert main([*argv, "-o", str(world)]) == 2
    assert world.read_bytes() == before
    assert main(["--db", str(world), "--today", TODAY, "list"]) == 0  # still a ledger


def test_a_letter_written_with_o_is_private(
    world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "letter.md"
    old = os.umask(0)
    try:
        code = main(
            ["--db", str(world), "--today", TODAY, *WRITES_FILE["letter"], "-o", str(target)]
        )
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert f"Written to {target}" in capsys.readouterr().err


# --------------------------------------------------------------------------- the writer


def test_files_are_0600_and_new_folders_0700_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.md"
    old = os.umask(0)
    try:
        written = write_user_file(target, "hello", make_folders=True)
    finally:
        os.umask(old)
    assert written == target.resolve() and target.read_text() == "hello"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["out.md"]  # no temp file left


def test_an_existing_file_is_replaced_whole_and_made_private(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old and longer")
    target.chmod(0o644)
    write_user_file(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_hard_link_and_a_half_written_snapshot_are_the_ledger_too(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.json"
    ledger.write_text("{}")
    os.link(ledger, tmp_path / "other-name.md")
    for target in (tmp_path / "other-name.md", tmp_path / "ledger.json.tmp-123"):
        with pytest.raises(ProtectedFile):
            write_user_file(target, "x", ledgers=[ledger])
    assert ledger.read_text() == "{}"
    assert ledger_files(ledger).owns((tmp_path / "backups" / "x.json").resolve())
    assert not ledger_files(ledger).owns((tmp_path / "notes.md").resolve())


def test_a_missing_folder_is_refused_unless_asked_for(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_user_file(tmp_path / "nope" / "x.md", "x")
    with pytest.raises(InputError, match="is a folder"):
        write_user_file(tmp_path, "x")


def test_a_write_that_fails_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    target.write_text("kept")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("casetui.store.durable.os.replace", full)
    with pytest.raises(OperationalError, match="No space left on device; nothing was written"):
        write_user_file(target, "new")
    assert target.read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_everything_casetui_creates_is_private_under_umask_000(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 10, item 8: under umask 000 the data and config folders came out 0777 and
    `export -o` files 0666."""
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config" / "casetui"))
    db = tmp_path / "data" / "casetui" / "ledger.json"
    old = os.umask(0)
    try:
        base = ["--db", str(db), "--today", TODAY]
        assert main([*base, "demo", "--cases", "3"]) == 0
        assert main([*base, "log", "C-2026-0001", "note", "hello"]) == 0
        assert main([*base, "export", "C-2026-0001", "-o", str(tmp_path / "out.md")]) == 0
    finally:
        os.umask(old)
    created = [path for path in tmp_path.rglob("*")]
    assert len(created) > 8
    for path in created:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_demo_force_over_the_users_ledger_keeps_its_note_private_under_umask_000(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the note naming the backup that holds the user's replaced ledger
    (`demo-config/replaced-ledger-backup`) was written with `write_text`: 0666 under umask
    000, and through a link onto whatever it pointed at."""
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    db = tmp_path / "data" / "ledger.json"
    base = ["--db", str(db), "--today", TODAY]
    add = ["add", "--customer", "Mine", "--invoice", "1", "--amount", "5"]
    assert main([*base, *add, "--issued", "2026-10-01", "--due", "2026-10-31"]) == 0
    old = os.umask(0)
    try:
        assert main([*base, "demo", "--cases", "3", "--force"]) == 0
    finally:
        os.umask(old)
    note = db.parent / "demo-config" / "replaced-ledger-backup"
    assert note.read_text().strip() in {backup.name for backup in list_backups(db)}
    assert stat.S_IMODE(note.stat().st_mode) == 0o600


def test_setup_never_writes_the_profile_through_a_link_onto_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `save_profile` named no ledger to the guarded writer: a profile.toml
    linked onto the ledger's lock file (empty, so a valid empty profile) was replaced."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(config))
    db = tmp_path / "data" / "ledger.json"
    base = ["--db", str(db), "--today", TODAY]
    add = ["add", "--customer", "Mine", "--invoice", "1", "--amount", "5"]
    assert main([*base, *add, "--issued", "2026-10-01", "--due", "2026-10-31"]) == 0
    lock = lock_path(db)
    lock.touch()
    (config / "profile.toml").symlink_to(lock)
    inode = lock.stat().st_ino
    assert main([*base, "setup", "--name", "Me"]) == 2
    assert "belongs to the ledger" in capsys.readouterr().err
    assert lock.stat().st_ino == inode and lock.read_bytes() == b""


def test_the_app_makes_its_data_folder_private(tmp_path: Path) -> None:
    from casetui.tui.app import open_for_app

    old = os.umask(0)
    try:
        ledger, _ = open_for_app(tmp_path / "new" / "ledger.json")
        ledger.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


@pytest.mark.parametrize("command", sorted(WRITES_FILE))
def test_o_says_when_it_replaced_a_file(
    world: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.txt"
    argv = ["--db", str(world), "--today", TODAY, *WRITES_FILE[command], "-o", str(target)]
    assert main(argv) == 0
    assert "(it replaced" not in capsys.readouterr().err  # a new file: nothing to say
    target.write_text("the user's own text")
    assert main(argv) == 0
    assert "(it replaced the file that was there)" in capsys.readouterr().err
    assert target.read_text() != "the user's own text"
