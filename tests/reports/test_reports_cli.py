"""`casetui report ...` on the hand-built ledger, in-process (the path `python -m casetui`
runs), and on wrong input: one line on stderr, exit 2, the ledger untouched."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.profile import write_demo_profile
from tests.reports.hand_ledger import REPORT_DAY
from tests.test_cli import assert_unchanged, files_of


@pytest.fixture
def db(hand_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the hand-built ledger, with the demo business profile (the creditor)."""
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CASETUI_DB", raising=False)
    write_demo_profile(tmp_path / "config")
    folder = tmp_path / "ledger"
    folder.mkdir()
    for source in hand_file.parent.iterdir():
        if source.is_file() and not source.name.endswith(".lock"):
            (folder / source.name).write_bytes(source.read_bytes())
    return folder / hand_file.name


def run(db: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    before = files_of(db.parent)
    code = main(["--db", str(db), "--today", REPORT_DAY.isoformat(), "report", *argv])
    out, err = capsys.readouterr()
    assert_unchanged(before, files_of(db.parent))
    return code, out, err


def test_aging_json_as_of(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(db, capsys, "aging", "--as-of", "2026-06-30", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["as_of"] == "2026-06-30"
    assert data["currencies"]["EUR"]["total"] == "3900.00"  # as in test_reports_aging
    assert [c["total"] for c in data["customers"]] == ["2700.00", "1200.00", "1000.00"]


def test_aging_table_names_the_creditor_and_totals(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(db, capsys, "aging", "--as-of", "2026-06-30")
    assert code == 0
    lines = out.splitlines()
    assert lines[:4] == [
        "Aged receivables",
        "Creditor: Studio Noord BV",
        "As of: 2026-06-30",
        "Per: customer",
    ]
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split() == [
        "Total",
        "4",
        "600.00",
        "700.00",
        "600.00",
        "0.00",
        "2,000.00",
        "3,900.00",
        "2,000.00",
    ]


def test_collected_csv_to_a_file(
    db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "collected.csv"
    code, out, err = run(
        db, capsys, "collected", "--months", "3", "--format", "csv", "-o", str(target)
    )
    assert (code, out) == (0, "")
    assert err == f"Wrote the collected report to {target}\n"
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[:4] == [
        ["Payments and credits received"],
        ["Creditor", "Studio Noord BV"],
        ["From", "2026-05-01"],
        ["Until", "2026-07-15"],
    ]
    assert ["2026-06", "700.00", "0.00", "700.00", "2"] in rows


def test_ladder_and_activity_markdown(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(db, capsys, "ladder", "--since", "2026-05-01", "--format", "md")
    assert code == 0
    assert out.startswith("# Ladder effectiveness\n\n- Creditor: Studio Noord BV\n")
    assert "| Formal notice | 1 | 1 of 1 | 100% | 1 of 1 | 100% | 13 | 0 | 0 | – |" in out
    code, out, _ = run(db, capsys, "activity", "--since", "-6w", "--format", "json")
    assert code == 0
    assert json.loads(out)["from"] == "2026-06-01"  # 6 weeks before Wednesday 07-15


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "required: REPORT"),
        (["aging", "--as-of", "tomorrow"], "--as-of 2026-07-16 is in the future"),
        (["aging", "--as-of", "2026-02-30"], "--as-of: not a real date"),
        (["aging", "--by", "month"], "invalid choice: 'month'"),
        (["aging", "--format", "xlsx"], "invalid choice: 'xlsx'"),
        (["collected", "--months", "0"], "--months: between 1 and 120, not 0"),
        (["collected", "--months", "many"], "invalid int value: 'many'"),
        (["ladder", "--since", "next week"], "--since:"),
        (["activity", "--since", "+1d"], "is in the future"),
        (["aging", "-o", "/no/such/folder/a.md"], "-o: the folder /no/such/folder does not exist"),
    ],
)
def test_wrong_input(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(db, capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("casetui: ")
    assert message in err


def test_output_never_replaces_the_ledger(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(db, capsys, "aging", "-o", str(db))
    assert code == 2
    assert "belongs to the ledger" in err
