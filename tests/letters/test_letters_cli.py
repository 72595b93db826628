"""`casetui setup`, `casetui letter` and `casetui advance` as a user runs them: subprocesses."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from letters_helpers import build_world

from casetui.cli import main
from casetui.ledger import Ledger
from casetui.letters import prepare_letter
from casetui.model import LetterSent, Stage, StageChanged
from casetui.profile import load_profile, write_demo_profile


@pytest.fixture(scope="module")
def pycache(tmp_path_factory: pytest.TempPathFactory) -> str:
    # Bytecode cached outside the repo: each subprocess would otherwise compile every module.
    return str(tmp_path_factory.mktemp("pycache"))


@pytest.fixture
def env(config_dir: Path, pycache: str) -> dict[str, str]:
    values = dict(os.environ)
    values.pop("PYTHONDONTWRITEBYTECODE", None)
    values["PYTHONPYCACHEPREFIX"] = pycache
    values["CASETUI_CONFIG_DIR"] = str(config_dir)
    return values


@pytest.fixture
def db(tmp_path: Path) -> Path:
    world = build_world(tmp_path)
    world.ledger.close()
    return tmp_path / "ledger.json"


def casetui(
    env, *args: str, db: Path | None = None, stdin: str = ""
) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    head = [sys.executable, "-m", "casetui", "--today", "2026-11-23"]
    if db is not None:
        head += ["--db", str(db)]
    return subprocess.run(
        [*head, *args], capture_output=True, text=True, env=env, input=stdin, timeout=120
    )


def snapshot(db: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in db.parent.iterdir()
        if path.is_file() and path.name.startswith(db.name) and not path.name.endswith(".lock")
    }


def test_setup_from_options(env, config_dir) -> None:
    run = casetui(
        env, "setup", "--name", "Studio Noord BV", "--address", "Kerkstraat 1",
        "--address", "9000 Gent", "--country", "be", "--vat", "0767123411",
        "--iban", "be68 5390 0754 7034", "--bic", "gkccbebb", "--email", "hallo@noord.example",
        "--phone", "+32 9 123 45 67", "--city", "Gent", "--signatory", "Lies", "--lang", "nl",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    path = config_dir / "profile.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    profile = load_profile(path)
    assert profile.address_lines == ("Kerkstraat 1", "9000 Gent")
    assert (profile.country, profile.vat, profile.iban) == (
        "BE",
        "BE 0767.123.411",
        "BE68 5390 0754 7034",
    )
    before = path.read_bytes()
    bad = casetui(env, "setup", "--iban", "BE68 5390 0754 7035")
    assert bad.returncode == 2 and "IBAN" in bad.stderr and len(bad.stderr.splitlines()) == 1
    assert path.read_bytes() == before


def test_setup_without_options_needs_a_terminal_and_show_prints(config_dir, capsys) -> None:
    # In-process (each subprocess costs a second): stdin is not a terminal under pytest.
    write_demo_profile(config_dir)
    assert main(["setup"]) == 2
    assert "options" in capsys.readouterr().err
    assert main(["setup", "--show"]) == 0
    assert 'iban = "BE68 5390 0754 7034"' in capsys.readouterr().out


def test_setup_asks_for_each_value(config_dir, monkeypatch, capsys) -> None:
    from casetui.cli.setup import _ask
    from casetui.profile import Profile

    answers = iter(
        [
            "Studio Zuid",
            "Lange Straat 1 / 2000 Antwerpen",
            "",
            "XX",
            "be",
            "",
            "",
            "BE68 5390 0754 7035",
            "BE68 5390 0754 7034",
            "",
            "",
            "",
            "",
            "fr",
            "gb",  # the law for limitation: be, nl, ew or scot
            "scot",
        ]
    )
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    profile = _ask(Profile())
    assert profile.limitation_law == "scot"
    assert profile.name == "Studio Zuid"
    assert profile.address_lines == ("Lange Straat 1", "2000 Antwerpen")
    assert (profile.country, profile.iban, profile.language) == ("BE", "BE68 5390 0754 7034", "fr")
    out = capsys.readouterr().out
    assert "country 'XX'" in out and "IBAN" in out and "limitation law 'gb'" in out


def test_letter_in_each_format_writes_nothing(env, config_dir, db, tmp_path) -> None:
    write_demo_profile(config_dir)
    before = snapshot(db)
    md = casetui(env, "letter", "C-2026-0001", "formal-notice", "--lang", "fr", db=db)
    assert md.returncode == 0, md.stderr
    assert "Mise en demeure : facture F2026-101" in md.stdout
    assert "+++" in md.stdout and "info: Not legal advice" in md.stderr
    target = tmp_path / "letter.html"
    html = casetui(env, "letter", "C-2026-0001", "--format", "html", "-o", str(target), db=db)
    assert html.returncode == 0, html.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="window right"' in page
    txt = casetui(env, "letter", "F2026-101", "reminder", "--format", "txt", "--all", db=db)
    assert txt.returncode == 0, txt.stderr
    assert txt.stdout.startswith("Rappel de paiement : 2 factures impayées")
    assert "**" not in txt.stdout
    assert snapshot(db) == before


def test_advance_records_exactly_one_letter(env, config_dir, db) -> None:
    write_demo_profile(config_dir)
    with Ledger.open(db, readonly=True) as ledger:  # what `casetui letter` would show
        preview = prepare_letter(
            ledger, "C-2026-0007", profile=load_profile(), sent_on=date(2026, 11, 23)
        ).text
    run = casetui(env, "advance", "C-2026-0007", "--yes", db=db)
    assert run.returncode == 0, run.stderr
    assert "Recorded reminder (email) on C-2026-0007" in run.stdout
    with Ledger.open(db, readonly=True) as ledger:
        state = ledger.case("C-2026-0007")
        letters = [e for e in state.timeline() if isinstance(e, LetterSent)]
        others = [ledger.case(c) for c in ("C-2026-0008", "C-2026-0001")]
        assert all(not other.letters for other in others)
    assert len(letters) == 1
    sent = letters[0]
    assert sent.text == preview
    assert sent.deadline is not None and sent.deadline.isoformat() == "2026-12-07"
    assert sent.date.isoformat() == "2026-11-23"
    assert state.stage.value == "reminder"


def test_advance_asks_first_and_refuses_a_blocked_letter(env, config_dir, db) -> None:
    write_demo_profile(config_dir)
    before = snapshot(db)
    declined = casetui(env, "advance", "C-2026-0001", db=db, stdin="n\n")
    assert declined.returncode == 1 and "Nothing recorded" in declined.stderr
    assert "Rappel de paiement" in declined.stdout
    # A Belgian consumer's free first reminder with a deadline inside the 14-day wait.
    blocked = casetui(env, "advance", "C-2026-0004", "--deadline", "+7d", "--yes", db=db)
    assert blocked.returncode == 2
    assert blocked.stderr.splitlines()[-1].startswith("casetui: the reminder cannot be sent:")
    assert "shorter than the law allows" in blocked.stderr
    assert snapshot(db) == before


def test_bad_input_exits_2_with_one_line(env, config_dir, db) -> None:
    write_demo_profile(config_dir)
    before = snapshot(db)
    for args in (("letter", "C-1999-0001"), ("advance", "C-2026-0001", "--date", "03/04/2026")):
        run = casetui(env, *args, db=db)
        assert run.returncode == 2, (args, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert run.stderr.startswith("casetui: ")
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "args",
    [
        ("letter", "C-2026-0001", "--lang", "es"),
        ("letter", "C-2026-0001", "invoice"),
        ("advance", "C-2026-0001", "--channel", "fax", "--yes"),
        ("advance", "C-2026-0001", "--instalment", "2026-12-01", "--yes"),
        ("letter", "C-2026-0001", "--deadline", "someday"),
    ],
)
def test_more_bad_input_in_process(config_dir, db, capsys, args) -> None:
    write_demo_profile(config_dir)
    before = snapshot(db)
    assert main(["--db", str(db), "--today", "2026-11-23", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("casetui: ") and len(err.strip().splitlines()) == 1, err
    assert snapshot(db) == before


def test_all_leaves_out_a_case_past_the_letters_step(config_dir, db, capsys) -> None:
    """`--all`: a case already at the formal-notice step is named on stderr and not sent
    a reminder again; the others whose next step is the reminder are covered."""
    write_demo_profile(config_dir)
    with Ledger.open(db, backup=False) as ledger:
        ahead = ledger.case("C-2026-0002")
        ledger.append(ahead.id, StageChanged(date=date(2026, 11, 20), stage=Stage.SECOND_REMINDER))
    argv = ["--db", str(db), "--today", "2026-11-23", "letter", "C-2026-0001", "--all"]
    assert main([*argv, "--format", "txt"]) == 0
    out, err = capsys.readouterr()
    assert "info: not in this letter: C-2026-0002 (its next letter is a formal notice)" in err
    assert ahead.invoice not in out
