"""Terminal escapes in user text are shown, never run (issue 10, item 7): every text output
of the CLI makes control characters visible; the ledger and `--json` keep them as typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casetui.cli import main
from casetui.controls import has_controls, show_controls
from tests.support import TODAY_ISO as TODAY

NAME = "ACME\x1b[2J\x1b]52;c;aGk=\x07 Ltd"
INVOICE = "INV\x1b[31m-1"
NOTE = "called\x9b31m back\rover"


def test_each_kind_of_control_has_a_visible_stand_in() -> None:
    assert show_controls("a\x1b[2Jb") == "a␛[2Jb"
    assert show_controls("bell\x07 nul\x00 del\x7f") == "bell␇ nul␀ del␡"
    assert show_controls("csi\x9b1m") == "csi\\x9b1m"
    assert show_controls("line\nnext\ttab\r") == "line\nnext\ttab␍"
    assert show_controls("line\nnext", keep="") == "line␊next"
    assert show_controls("עברית 🧾 ü") == "עברית 🧾 ü"
    assert has_controls(NAME) and not has_controls(show_controls(NAME))


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    path = tmp_path / "ledger.json"
    base = ["--db", str(path), "--today", TODAY]
    assert main([*base, "demo", "--cases", "4"]) == 0
    assert main(
        [*base, "add", "--customer", NAME, "--invoice", INVOICE, "--amount", "100",
         "--issued", "2026-10-01", "--due", "2026-10-20", "--country", "BE"]
    ) == 0  # fmt: skip
    assert main([*base, "log", "C-2026-0005", "note", NOTE]) == 0
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["show", "C-2026-0005"],
        ["agenda"],
        ["export", "C-2026-0005"],
        ["export", "C-2026-0005", "--format", "html"],
        ["letter", "C-2026-0005", "reminder"],
        ["show", INVOICE],
    ],
)
def test_text_output_shows_controls_visibly(
    db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    main(["--db", str(db), "--today", TODAY, *argv])
    out, err = capsys.readouterr()
    assert not has_controls(out) and not has_controls(err), (out + err)[:400]
    assert "␛" in out + err  # the text is there, visibly


def test_import_dry_run_shows_controls_visibly(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "invoices.csv"
    csv.write_text(
        "invoice_number,customer_name,issue_date,due_date,total\n"
        f"X-9,{NAME},2026-10-01,2026-10-31,100.00\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    main(["--db", str(db), "--today", TODAY, "import", str(csv), "--dry-run"])
    out, err = capsys.readouterr()
    assert not has_controls(out) and not has_controls(err)


def test_json_and_the_ledger_keep_the_text_as_typed(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--db", str(db), "--today", TODAY, "show", "C-2026-0005", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["customer"]["name"] == NAME and data["invoice"] == INVOICE
    assert NOTE in [event.get("text") for event in data["events"]]


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "aging", "--format", "csv"],
        ["report", "aging", "--by", "case", "--format", "csv"],
        ["report", "collected", "--format", "csv"],
        ["report", "ladder", "--format", "csv"],
        ["report", "activity", "--format", "csv"],
    ],
)
def test_a_csv_on_stdout_keeps_its_line_ends_and_shows_controls_in_cells(
    db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--db", str(db), "--today", TODAY, *argv]) == 0
    out = capsys.readouterr().out
    lines = out.split("\r\n")
    assert len(lines) > 2 and lines[-1] == ""  # every row ends in CR LF, as CSV's do
    assert "␍" not in out
    assert not has_controls("\n".join(lines))


def test_a_lone_carriage_return_stays_visible_across_writes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sys

    from casetui.cli import _visible_output

    with _visible_output(as_typed=False):
        sys.stdout.write("50%\r")
        sys.stdout.write("\n")  # a CR then an LF written apart: still a line end
        sys.stdout.write("over\r")
        sys.stdout.write("written")
        sys.stdout.write("end\r")
    assert capsys.readouterr().out == "50%\r\nover␍writtenend␍"


def test_a_json_report_keeps_the_text_as_typed(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    argv = ["--db", str(db), "--today", TODAY, "report", "aging", "--format", "json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert NAME in [customer["name"] for customer in data["customers"]]


@given(st.text(), st.sampled_from(["\n\t", "", "\n"]))
def test_the_quick_paths_give_what_the_full_table_gives(text: str, keep: str) -> None:
    """ASCII text, text with nothing to show, and text with controls: one answer."""
    from casetui.controls import _table

    assert show_controls(text, keep=keep) == text.translate(_table(keep))
    assert has_controls(text, keep=keep) == (text.translate(_table(keep)) != text)
