"""Wrong input on the command line: one clear line on stderr, the right exit code, nothing
written.

These call `casetui.cli.main([...])` in-process: it is exactly the code path
`python -m casetui` runs (`casetui/__main__.py` is `sys.exit(main())`), a hundred times
faster than a subprocess. tests/test_cli.py proves the same on real processes for a
representative subset, the lock and file-system failures included.

At the end: bugs found below the CLI (in the ledger and the store), now fixed there.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.errors import InputError, OperationalError
from casetui.ledger import Ledger
from casetui.model import DisputeSettled, Note
from casetui.store import lock as lock_module
from tests.support import CLOSED, DISPUTED, OPEN, TODAY, customer, eur, opened

from .test_cli import assert_one_line_error, assert_unchanged, files_of


def run(
    db: Path, capsys: pytest.CaptureFixture[str], *argv: str, db_option: bool = True
) -> tuple[int, str, str]:
    before = files_of(db.parent)
    prefix = ["--db", str(db)] if db_option else []
    code = main([*prefix, "--today", TODAY.isoformat(), *argv])
    out, err = capsys.readouterr()
    assert_unchanged(before, files_of(db.parent))
    return code, out, err


ADD = ["add", "--customer", "New Customer", "--invoice", "N-1"]
DATES = ["--issued", "2026-10-01", "--due", "2026-10-31"]

WRONG = [
    # usage: commands, options, choices (argparse, turned into one line by the CLI)
    (["ad"], "invalid choice: 'ad'"),
    ([*ADD, "--amount", "10", "--issued", "2026-10-01"], "required: --due"),
    (["log", OPEN], "required: WHAT"),
    (["log", OPEN, "call"], "required: --outcome"),
    (["log", OPEN, "call", "--outcome", "maybe"], "invalid choice: 'maybe'"),
    (["log", OPEN, "close", "done"], "invalid choice: 'done'"),
    (["log", OPEN, "letter", "--kind", "reminder", "--channel", "fax"], "invalid choice: 'fax'"),
    (["log", OPEN, "promise", "100"], "required: --by"),
    (["list", "--stage", "foo"], "--stage: no stage 'foo'"),
    (["export", OPEN, "--format", "pdf"], "invalid choice: 'pdf'"),
    (["demo", "--cases", "abc"], "invalid int value: 'abc'"),
    (["demo", "--cases", "0"], "--cases: between 1 and 200000, not 0"),
    (["demo", "--cases", "10"], "already has 3 cases; add --force"),
    # regression: --events had no bound: twenty nines ran until memory or the disk ran out
    (["demo", "--cases", "3", "--events", "9" * 20], "--events: between 0 and 1000, not 9999"),
    (["demo", "--cases", "3", "--events", "-5"], "--events: between 0 and 1000, not -5"),
    (["--today", "2026-13-01", "list"], "argument --today"),
    # amounts
    ([*ADD, "--amount", "-5", *DATES], "--amount: the amount must be positive: '-5'"),
    ([*ADD, "--amount", "1.234,567", *DATES], "'1.234,567' has more decimals than EUR"),
    ([*ADD, "--amount", "1,234", *DATES], "ambiguous amount '1,234'"),
    ([*ADD, "--amount", "0", *DATES], "--amount: the invoice amount must be more than zero"),
    ([*ADD, "--amount", "abc", *DATES], "--amount: not an amount: 'abc'"),
    ([*ADD, "--amount", "", *DATES], "--amount: not an amount: ''"),
    ([*ADD, "--amount", "12", "--currency", "EURO", *DATES], "--currency: not a currency"),
    (["log", OPEN, "payment", "100,001"], "payment: ambiguous amount '100,001'"),
    (["log", OPEN, "payment", "12.345"], "ambiguous amount '12.345'"),
    (["log", OPEN, "payment", "0"], "the amount must be more than zero"),
    (["log", OPEN, "payment", "12.5.5"], "payment: not an amount"),
    (["log", OPEN, "promise", "-1", "--by", "+3d"], "must be positive"),
    (["log", OPEN, "call", "--outcome", "promised", "--amount", "x", "--by", "+1d"], "--amount"),
    # dates
    ([*ADD, "--amount", "10", "--issued", "03/04/2026", "--due", "2026-10-31"], "ambiguous date"),
    ([*ADD, "--amount", "10", "--issued", "2026-02-30", "--due", "2026-10-31"], "not a real"),
    ([*ADD, "--amount", "10", "--issued", "next week", "--due", "2026-10-31"], "not a date"),
    ([*ADD, "--amount", "10", "--issued", "2026-10-31", "--due", "2026-10-01"],
     "--due 2026-10-01 is before --issued 2026-10-31"),
    ([*ADD, "--amount", "10", "--issued", "tomorrow", "--due", "+30d"],
     "--issued 2026-11-24 is in the future"),
    # regression: a case due 9999-12-31 was saved, then no command could load the ledger
    ([*ADD, "--amount", "10", "--issued", "2026-10-01", "--due", "9999-12-31"],
     "--due 9999-12-31 is out of range (1900 to 2199)"),
    ([*ADD, "--amount", "10", "--issued", "2026-10-01", "--due", "+9999m"], "out of range"),
    ([*ADD, "--amount", "10", "--issued", "0001-01-01", "--due", "2026-10-01"], "out of range"),
    (["log", OPEN, "snooze", "--until", "9999-12-31"], "--until 9999-12-31 is out of range"),
    (["log", OPEN, "promise", "1", "--by", "9999-12-31"], "--by 9999-12-31 is out of range"),
    (["log", OPEN, "payment", "10", "--date", "03/04/2026"], "--date: ambiguous date"),
    (["log", OPEN, "payment", "10", "--date", "tomorrow"], "--date 2026-11-24 is in the future"),
    (["log", OPEN, "note", "x", "--date", "+1w"], "is in the future"),
    (["log", OPEN, "promise", "10", "--by", "yesterday"], "cannot be made on 2026-11-23"),
    (["log", OPEN, "promise", "10", "--by", "3/4"], "--by: not a date"),
    (["log", OPEN, "snooze", "--until", "today"], "pick a date after 2026-11-23"),
    (["log", OPEN, "snooze", "--until", "2026-11-01"], "pick a date after"),
    (["log", OPEN, "call", "--outcome", "reached", "--next", "yesterday"], "before the call"),
    (["log", OPEN, "letter", "--kind", "reminder", "--channel", "email", "--deadline", "-1d"],
     "before the letter"),
    # other values
    ([*ADD, "--amount", "10", *DATES, "--country", "Belgium"], "--country: use a two-letter"),
    ([*ADD, "--amount", "10", *DATES, "--lang", "es"], "--lang: letters exist in"),
    (["add", "--customer", "  ", "--invoice", "1", "--amount", "1", *DATES], "--customer:"),
    (["add", "--customer", "X", "--invoice", " ", "--amount", "1", *DATES], "--invoice:"),
    (["log", OPEN, "note", "  "], "note: text is required"),
    (["log", OPEN, "dispute", "--reason", ""], "--reason: text is required"),
    (["log", OPEN, "letter", "--kind", "reminder", "--channel", "email", "--tracking", "1"],
     "--tracking goes with --channel registered"),
    (["log", OPEN, "call", "--outcome", "reached", "--by", "+3d"], "go with --outcome promised"),
    (["log", OPEN, "call", "--outcome", "promised", "--amount", "10"], "--by: a promise needs"),
    # the state of the case
    (["log", "C-2026-0404", "note", "hello"], "no case 'C-2026-0404'"),
    (["show", "F-404"], "no case 'F-404'"),
    (["export", "nope"], "no case 'nope'"),
    (["undo", OPEN], f"nothing to undo on {OPEN}"),
    (["log", OPEN, "settle", "--terms", "half"], "settle: give --amount"),
    (["log", OPEN, "reopen"], f"case {OPEN} is not closed"),
    (["log", CLOSED, "call", "--outcome", "reached"], f"case {CLOSED} is closed; reopen it"),
    (["log", CLOSED, "promise", "5", "--by", "+3d"], f"case {CLOSED} is closed"),
    (["log", CLOSED, "close", "paid"], f"case {CLOSED} is closed"),
    (["log", DISPUTED, "dispute", "--reason", "again"], "is already disputed since 2026-11-23"),
    (["add", "--customer", "brasserie de klok bv", "--invoice", "f-1", "--amount", "5", *DATES],
     f"invoice 'f-1' of this customer is already case {OPEN}"),
    # regression: 26 nines overflowed the ledger's 64-bit minor units: a traceback
    (["log", OPEN, "payment", "9" * 26], "payment: '99999999999999999999999999' is more than"),
    ([*ADD, "--amount", "1000000000000", *DATES], "--amount: '1000000000000' is more than"),
    # regression: 29 digits ran out of Decimal's 28 in `quantize`: InvalidOperation tracebacks
    (["log", OPEN, "payment", "9" * 29], "payment: '99999999999999999999999999999' is more than"),
    (["log", OPEN, "credit", "9" * 29], "is more than casetui takes"),
    (["log", OPEN, "promise", "9" * 29, "--by", "+3d"], "is more than casetui takes"),
    (["log", OPEN, "settle", "--terms", "x", "--amount", "9" * 29], "--amount: '9999"),
    (["log", OPEN, "settle", "--terms", "x", "--instalment", "+1m=" + "9" * 29], "--instalment"),
    (["edit", OPEN, "--amount", "9" * 29], "--amount: '9999"),
    (["letter", OPEN, "--instalment", "+1m=" + "9" * 29], "is more than casetui takes"),
    (["calc", "--regime", "be-b2b", "--principal", "9" * 29, "--due", "2026-01-01"],
     "is more than casetui takes"),
    (["list", "amount>" + "9" * 29], "is more than casetui takes"),
    # regression: an argument typed in another encoding ("C-\xff" arrives as "C-\udcff") as
    # a case id or a profile value: TypeError and UnicodeEncodeError tracebacks
    (["show", "C-\udcff"], "case: 'C-\\udcff' is not valid text (it holds bytes that are not"),
    (["log", "C-\udcff", "note", "x"], "case: 'C-\\udcff' is not valid text"),
    (["undo", "C-\udcff"], "case: 'C-\\udcff' is not valid text"),
    (["verify", "C-\udcff"], "verify: no case 'C-\\udcff'"),
    (["setup", "--name", "caf\udce9"], "name: 'caf\\udce9' is not valid text"),
    # regression: calc and bank took any three letters (casetui.money's shape check), where
    # add, import and the forms refuse what is not ISO 4217 (casetui.checks)
    (["calc", "--regime", "be-b2b", "--principal", "100", "--due", "2026-01-01", "--currency",
      "XYZ"], "'XYZ' is not an ISO 4217 currency code"),
    (["bank", "--currency", "XYZ", "/nonexistent.csv"], "'XYZ' is not an ISO 4217 currency code"),
    # regression: a --max-mb that is no size came out of int() as a ValueError or an
    # OverflowError traceback (import and bank each checked only "more than 0")
    (["import", "--max-mb", "nan", "x.csv"], "--max-mb: more than 0 and at most 10,000, not nan"),
    (["import", "--max-mb", "1e308", "x.csv"], "--max-mb: more than 0 and at most 10,000"),
    (["bank", "--max-mb", "inf", "x.csv"], "--max-mb: more than 0 and at most 10,000, not inf"),
    (["bank", "--max-mb", "0", "x.csv"], "--max-mb: more than 0 and at most 10,000, not 0"),
    # files
    (["export", OPEN, "-o", "/nonexistent/x.md"], "-o: the folder /nonexistent does not exist"),
    # regression: the letter was set and its findings printed before the missing folder showed
    (["letter", OPEN, "-o", "/nonexistent/x.md"], "-o: the folder /nonexistent does not exist"),
    (["export", OPEN, "--format", "zip", "-o", "/nonexistent/x.zip"], "-o: the folder /nonex"),
    # regression: paths the system cannot take at all were tracebacks
    (["export", OPEN, "-o", "a\x00b.md"], "-o: a path cannot contain a NUL character"),
    (["export", OPEN, "-o", "x" * 300], "-o: cannot use 'xxxxx"),
    (["export", OPEN, "-o", "~no-such-user-here/x.md"], "-o: Could not determine home"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "fragment"), WRONG, ids=lambda v: " ".join(v)[:60])
def test_wrong_input_is_refused_in_one_line_with_exit_2(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, out, err = run(db, capsys, *argv)
    assert (code, out) == (2, "")
    line = assert_one_line_error(err)
    assert fragment in line


def test_export_never_overwrites_the_ledger(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: `export -o ledger.json` replaced the ledger with Markdown."""
    backups = db.parent / "backups"
    backups.mkdir(exist_ok=True)
    monkeypatch.chdir(db.parent)
    for target in (
        str(db),
        "ledger.json",
        "./ledger.json.journal",
        "ledger.json.lock",
        str(backups / "ledger-20261123T000000000000Z.json"),
    ):
        code, out, err = run(db, capsys, "export", OPEN, "-o", target)
        assert (code, out) == (2, "")
        assert assert_one_line_error(err).endswith(
            "belongs to the ledger (its data, journal, lock, backups or evidence); "
            "write to another file"
        )
    # A symlink to the ledger is the ledger too.
    (db.parent.parent / "link.md").symlink_to(db)
    code, _, err = run(db, capsys, "export", OPEN, "-o", str(db.parent.parent / "link.md"))
    assert code == 2 and "belongs to the ledger" in err
    with Ledger.open(db, readonly=True) as ledger:
        assert len(ledger) == 3


def test_an_unwritable_export_target_is_one_line_exit_1(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a PermissionError while writing `-o` came out as a traceback."""
    from casetui import userfiles

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(userfiles, "atomic_write", refuse)
    target = db.parent.parent / "out.md"
    code, out, err = run(db, capsys, "export", OPEN, "-o", str(target))
    assert (code, out) == (1, "")
    assert assert_one_line_error(err) == (
        f"casetui: -o: cannot write {target}: Permission denied; nothing was written"
    )


def test_a_ledger_the_user_may_not_write_is_one_line_exit_1(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a lock file that cannot be created (read-only folder) was a traceback.
    (tests/test_cli.py checks it on a real read-only folder when it can.)"""
    monkeypatch.setattr(lock_module, "os", _NoCreate())
    code, out, err = run(db, capsys, "log", OPEN, "note", "hello")
    assert (code, out) == (1, "")
    assert assert_one_line_error(err) == (
        f"casetui: cannot open {db} for writing: Permission denied ({db}.lock); nothing was changed"
    )


def test_commands_that_need_cases_create_nothing_on_a_missing_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `log`/`undo` on a mistyped --db left a new folder and a lock file."""
    missing = tmp_path / "typo" / "ledger.json"
    for argv in (["log", OPEN, "note", "x"], ["undo", OPEN], ["show", OPEN], ["export", OPEN]):
        code, out, err = run(missing, capsys, *argv)
        assert (code, out) == (2, "")
        assert_one_line_error(err)
    # `add` with bad input checks it before creating anything either.
    code, _, err = run(missing, capsys, *ADD, "--amount", "0", *DATES)
    assert code == 2 and "more than zero" in err
    assert not missing.parent.exists()


def test_an_empty_db_option_does_not_fall_back_to_the_real_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: `--db ""` (an unset shell variable) silently used the default ledger."""
    real = tmp_path / "real" / "ledger.json"
    monkeypatch.setenv("CASETUI_DB", str(real))
    assert main(["--db", "", "--today", "2026-11-23", *ADD, "--amount", "5", *DATES]) == 2
    assert assert_one_line_error(capsys.readouterr().err) == "casetui: --db: the path is empty"
    assert not real.parent.exists()


def test_verify_and_reseal_on_a_ledger_that_cannot_be_read_say_so_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: both read the file themselves (reseal's plan) and only caught a missing
    file: a link loop (or no permission) ended in an OSError traceback."""
    loop = tmp_path / "ledger.json"
    loop.symlink_to(tmp_path / "other.json")
    (tmp_path / "other.json").symlink_to(loop)
    base = ["--db", str(loop), "--today", TODAY.isoformat()]
    assert main([*base, "reseal", "--yes"]) == 1
    assert assert_one_line_error(capsys.readouterr().err) == (
        f"casetui: cannot read {loop}: Too many levels of symbolic links"
    )
    assert main([*base, "verify"]) == 1
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [["verify"], ["reseal", "--yes"], ["backups"], ["restore", "x", "--yes"], ["list"]]
)
def test_a_db_option_naming_a_folder_is_bad_input_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """Regression: `verify` and `reseal` read `--db` without opening the ledger and ended in
    an IsADirectoryError traceback; `backups` said "no backups yet" with exit 0."""
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main(["--db", str(folder), "--today", TODAY.isoformat(), *argv]) == 2
    assert assert_one_line_error(capsys.readouterr().err) == (
        f"casetui: {folder} is a folder; --db wants the ledger file, e.g. {folder}/ledger.json"
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("a\x00b.json", "--db: a path cannot contain a NUL character"),
        ("x" * 300, "--db: cannot use 'xxx"),
        ("~no-such-user-here/ledger.json", "--db: Could not determine home directory"),
    ],
)
def test_a_db_path_the_system_cannot_take_is_bad_input(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    fragment: str,
) -> None:
    """Regression: these were tracebacks (ValueError, OSError ENAMETOOLONG, RuntimeError)."""
    monkeypatch.chdir(tmp_path)
    for argv in (["list"], [*ADD, "--amount", "5", *DATES]):
        assert main(["--db", path, "--today", "2026-11-23", *argv]) == 2
        assert fragment in assert_one_line_error(capsys.readouterr().err)
    monkeypatch.setenv("CASETUI_DB", "~no-such-user-here/ledger.json")
    assert main(["--today", "2026-11-23", "list"]) == 2
    assert "$CASETUI_DB: Could not determine home" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_list_by_closed_stage_shows_closed_cases(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `list --stage closed` answered "No open cases." without --all."""
    code, out, _ = run(db, capsys, "list", "--stage", "closed")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:-1]] == [CLOSED]
    code, out, _ = run(db, capsys, "list", "--stage", "handed-over")
    assert (code, out) == (0, "No cases at stage handed-over.\n")


class _NoCreate:
    """`os` for the lock module, as on a folder the user may not write to."""

    def __getattr__(self, name: str) -> object:
        import os

        return getattr(os, name)

    @staticmethod
    def open(path: object, flags: int, mode: int = 0o777) -> int:
        raise PermissionError(13, "Permission denied", str(path))


# --------------------------------------------------------------------------- found below the CLI


def test_a_bad_today_option_says_which_format_it_wants(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(db, capsys, "--today", "tomorrow", "list", db_option=False)
    assert code == 2
    assert "YYYY-MM-DD" in assert_one_line_error(err)


def test_usage_errors_name_the_program_once(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(db, capsys, "add", "--customer", "X")
    assert code == 2
    assert not assert_one_line_error(err).startswith("casetui: casetui")


def test_the_ledger_settles_without_a_dispute_but_not_without_terms(tmp_path: Path) -> None:
    # A settlement needs no dispute first (a payment plan), but it needs its terms.
    with Ledger.open(tmp_path / "ledger.json") as ledger:
        case = ledger.open_case(opened(), new_customer=customer())
        with pytest.raises(InputError, match="terms"):
            ledger.append(case.id, DisputeSettled(date=TODAY, terms=" ", amount=eur("500")))
        ledger.append(case.id, DisputeSettled(date=TODAY, terms="half", amount=eur("500")))
        assert ledger.case(case.id).outstanding == eur("500")


def test_the_ledger_refuses_a_case_it_cannot_fold(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    with Ledger.open(path) as ledger:
        late = opened(issued=date(2026, 10, 1), due=date(9999, 12, 31))
        with pytest.raises(InputError):
            ledger.open_case(late, new_customer=customer())
    with Ledger.open(path, readonly=True) as again:
        assert len(again) == 0


def test_a_write_that_cannot_be_encoded_leaves_the_ledger_usable(tmp_path: Path) -> None:
    from decimal import Decimal

    from casetui.model import Payment
    from casetui.money import Money

    with Ledger.open(tmp_path / "ledger.json") as ledger:
        case = ledger.open_case(opened(), new_customer=customer()).id
        huge = Payment(date=TODAY, amount=Money(Decimal("1" + "0" * 25), "EUR"))
        with pytest.raises((InputError, OperationalError)):
            ledger.append(case, huge)
        ledger.append(case, Note(date=TODAY, text="still works"))
    with Ledger.open(tmp_path / "ledger.json", readonly=True) as again:
        assert [e.kind for e in again.case(case).timeline()] == ["opened", "note"]


def test_opening_a_ledger_in_a_read_only_folder_is_an_operational_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.json"
    with Ledger.open(path) as ledger:
        ledger.open_case(opened(), new_customer=customer())
    monkeypatch.setattr(lock_module, "os", _NoCreate())
    with pytest.raises(OperationalError):
        Ledger.open(path)


def test_notes_and_late_money_still_reach_a_closed_case(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a closed case still takes is not an error (and `-2d` is a date, not an option)."""
    argv = ["--db", str(db), "--today", "2026-11-23", "log", CLOSED]
    assert main([*argv, "note", "Thanked them", "--date", "-2d"]) == 0
    assert main([*argv, "payment", "12,50"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        f"{CLOSED}: recorded note; outstanding 1,250.00 EUR; closed (paid)",
        f"{CLOSED}: recorded payment of 12.50 EUR; outstanding 1,237.50 EUR; closed (paid)",
    ]
    with Ledger.open(db, readonly=True) as ledger:
        notes = [e for e in ledger.case(CLOSED).timeline() if isinstance(e, Note)]
    assert [(n.date, n.text) for n in notes] == [(date(2026, 11, 21), "Thanked them")]


def test_negative_offsets_are_dates_not_options(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `--issued -30d` failed with "expected one argument" (argparse took it for
    an option); only `--issued=-30d` worked."""
    argv = ["--db", str(db), "--today", "2026-11-23"]
    assert main([*argv, *ADD, "--amount", "10", "--issued", "-30d", "--due", "-1w"]) == 0
    assert main([*argv, "log", OPEN, "call", "--outcome", "reached", "--date", "- 2d"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("C-2026-0004\n")
    with Ledger.open(db, readonly=True) as ledger:
        added = ledger.case("C-2026-0004")
        assert (added.issued, added.due) == (date(2026, 10, 24), date(2026, 11, 16))
        assert ledger.case(OPEN).timeline()[-1].date == date(2026, 11, 21)
