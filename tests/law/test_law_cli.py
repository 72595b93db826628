"""`casetui calc` as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

BASE = ["--principal", "5000", "--due", "2024-02-29", "--until", "2024-09-30"]


def calc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casetui", "--today", "2026-11-23", "calc", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_worksheet() -> None:
    run = calc("--regime", "nl-b2b", *BASE)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "2024-03-01  2024-06-30    122   12.50 %" in out
    assert "2024-07-01  2024-09-30     92   12.25 %" in out
    assert "WIK collection costs" in out
    assert "EUR 5,988.29" in out
    assert "Not legal advice" in out
    assert run.stderr == ""


def test_json_output() -> None:
    run = calc("--regime", "uk-b2b", *BASE, "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) >= {
        "regime", "currency", "principal", "interest", "compensation", "total", "days",
        "extrapolated", "periods", "as_of", "warnings", "costs_allowed_from", "daily_interest",
    }  # fmt: skip
    assert data["currency"] == "GBP"
    assert (data["interest"], data["compensation"], data["total"]) == ("388.42", "70.00", "5458.42")
    assert data["periods"][0]["rate"] == "13.25"


def test_live_calculation_shows_the_extrapolation() -> None:
    run = calc("--regime", "nl-b2b", "--principal", "1000", "--due", "2026-05-31", "--json")
    data = json.loads(run.stdout)
    assert data["as_of"] == "2026-11-23"  # --until defaults to --today
    assert data["extrapolated"] is True
    assert data["warnings"][0].startswith("No NL handelsrente for 2026 H2 in the rate table")


def test_payments_letters_and_contract_options() -> None:
    run = calc(
        "--regime", "contract", "--rate", "8,5", "--fee-percent", "10",
        "--principal", "1200", "--due", "2025-01-31", "--until", "2025-06-30",
        "--payment", "2025-03-01=200", "--json",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    # 200 pays the 120.00 fee, then 8.10 interest (1200 x 8.5 % x 29 / 365), then principal.
    assert data["compensation"] == "0.00"
    assert data["principal"] == "1128.10"
    run = calc(
        "--regime", "nl-b2c", "--principal", "1000", "--due", "2024-02-01",
        "--until", "2024-03-22", "--letter", "2024-03-05=post", "--json",
    )  # fmt: skip
    data = json.loads(run.stdout)
    assert data["costs_allowed_from"] == "2024-03-22"
    assert data["compensation"] == "150.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regime", "xx", *BASE], "valid: eu-b2b, be-b2b, be-b2c, nl-b2b"),
        (["--regime", "be-b2b", "--principal", "5000", "--due", "2024-09-30",
          "--until", "2024-02-29"], "before --due"),
        (["--regime", "contract", *BASE], "--rate"),
        (["--regime", "be-b2b", "--principal", "1,234", "--due", "2024-01-01"], "ambiguous"),
        (["--regime", "be-b2b", "--principal", "100", "--due", "03/04/2024"], "YYYY-MM-DD"),
        (["--regime", "be-b2b", *BASE, "--rate", "lots"], "not a percentage"),
        (["--regime", "be-b2b", *BASE, "--payment", "2024-05-01"], "DATE=VALUE"),
        (["--regime", "be-b2b", "--due", "2024-01-01"], "--principal"),
        (["--regime", "be-b2b", "--principal", "100", "--due", "2018-01-01",
          "--until", "2018-06-01"], "no BE B2B rate before 2019-01-01"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    run = calc(*args)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("casetui: ")
    assert message in lines[0]


def test_due_is_the_due_date_itself_in_the_help_and_the_readme() -> None:
    """Issue 18, item 14: a peer who typed the first interest day as `--due` got every period
    shifted by one; the help and the README say `--due` is the due date itself."""
    from pathlib import Path

    run = calc("--help")
    assert "interest runs from the next day" in " ".join(run.stdout.split())
    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text("utf-8").split())
    assert "`--due` is the due date itself, the last day the debtor may pay: interest runs" in (
        readme
    )
    # and the worksheet shows it: due 29 February, the first interest day is 1 March
    assert "interest 2024-03-01 to 2024-09-30" in calc("--regime", "nl-b2b", *BASE).stdout
