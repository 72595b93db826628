"""`casetui limitation` as a user runs it: one real subprocess, the rest in-process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from casetui.cli import main

FIELDS = {"last_day", "hard_last_day", "kind", "basis", "risks", "act_by", "interest", "note"}


def test_text_and_json_in_a_real_process() -> None:
    run = subprocess.run(
        [
            sys.executable, "-m", "casetui", "--today", "2026-01-10", "limitation",
            "--law", "nl", "--claim", "contract", "--from", "2021-03-15",
            "--event", "notice=2023-06-01", "--event", "reminder=2022-01-05",
        ],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0 and run.stderr == ""
    out = run.stdout
    assert out.startswith("Limitation under Dutch law, a contract claim (estimated, conservative)")
    assert "Last day      2028-06-01 (Thu), art. 3:319 BW; 873 days from 2026-01-10" in out
    assert "To keep it    send a written demand" in out
    assert "art. 3:307 BW (performance of a contract): from 2021-03-15 + 5 years" in out
    assert out.rstrip().endswith("the facts and their proof can change it.")
    assert "Estimated, conservative; take advice close to the date." in out


def test_json_has_the_calculators_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--today", "2025-01-01", "limitation", "--law", "be", "--claim",
                 "trader-goods", "--from", "2024-03-20", "--json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and set(data) >= FIELDS
    assert (data["last_day"], data["hard_last_day"], data["kind"]) == (
        "2025-03-20", "2034-03-20", "presumptive",
    )  # fmt: skip
    assert data["days_left"] == 78
    assert all(isinstance(line, str) for line in data["basis"] + data["risks"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--law", "uk", "--claim", "contract", "--from", "2020-01-01"],
         "unknown limitation law 'uk': use be, nl, ew, scot (England and Wales is ew"),
        (["--law", "nl", "--claim", "goods", "--from", "2020-01-01"],
         "unknown claim kind 'goods': use contract, consumer-goods, trader-goods, periodic"),
        (["--law", "nl", "--claim", "contract", "--from", "2020-13-01"], "--from"),
        (["--law", "nl", "--claim", "contract", "--from", "2020-01-01", "--event", "notice"],
         "--event wants KIND=DATE"),
        (["--law", "nl", "--claim", "contract", "--from", "2020-01-01", "--event",
          "letter=2021-01-01"], "unknown limitation event 'letter'"),
        (["--law", "nl", "--claim", "contract", "--from", "2020-01-01", "--event",
          "notice=someday"], "--event notice"),
        (["--law", "nl", "--claim", "contract"], "required: --from"),
    ],
)  # fmt: skip
def test_wrong_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--today", "2026-01-10", "limitation", *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_needs_no_ledger(tmp_path, monkeypatch, capsys) -> None:
    missing = tmp_path / "nowhere" / "ledger.json"
    monkeypatch.setenv("CASETUI_DB", str(missing))
    assert main(["limitation", "--law", "ew", "--claim", "contract", "--from", "2019-05-01"]) == 0
    assert "2025-05-01" in capsys.readouterr().out
    assert not missing.parent.exists()


def test_scotlands_weekend_extension_is_a_step_of_the_basis(capsys) -> None:
    """s.14(1)(d): 2024-06-01 is a Saturday; the last day is the Monday, and the basis
    says why rather than stopping at the Saturday."""
    code = main(["limitation", "--law", "scot", "--claim", "contract", "--from", "2019-06-01",
                 "--json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["last_day"] == "2024-06-03"
    assert data["basis"][-1] == (
        "s.14(1)(d) Prescription and Limitation (Scotland) Act 1973: 2024-06-01 is a "
        "Saturday, the period runs to the next day that is not a holiday (s.14(2)) → 2024-06-03"
    )


def test_no_extension_step_when_the_last_day_is_a_working_day(capsys) -> None:
    code = main(["limitation", "--law", "scot", "--claim", "contract", "--from", "2019-06-03",
                 "--json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["last_day"] == "2024-06-03"
    assert not any("s.14(1)(d)" in line for line in data["basis"])
