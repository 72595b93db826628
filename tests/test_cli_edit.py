"""`casetui edit`: corrections are amended events, checked, and undone like any action.

In-process through `casetui.cli.main`, the code path `python -m casetui` runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casetui.cli import main
from tests.support import OPEN

from .test_cli_errors import TODAY, run


def show(db: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["--db", str(db), "--today", TODAY.isoformat(), "show", OPEN, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_edit_sets_the_regime_and_corrects_the_invoice(
    db: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert show(db, capsys)["regime"] == "be-b2b"  # derived from a Belgian business
    argv = ["--db", str(db), "--today", TODAY.isoformat(), "edit", OPEN]
    assert main([*argv, "--regime", "eu-b2b", "--amount", "1000,00", "--note", "typo"]) == 0
    assert "amended; outstanding 1,000.00 EUR" in capsys.readouterr().out
    case = show(db, capsys)
    assert (case["regime"], case["amount"], case["claim"]["regime"]) == (
        "eu-b2b",
        "1000.00",
        "eu-b2b",
    )
    assert case["events"][-1]["kind"] == "amended"
    assert main(["--db", str(db), "--today", TODAY.isoformat(), "undo", OPEN]) == 0
    capsys.readouterr()
    assert show(db, capsys)["regime"] == "be-b2b"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "nothing to change"),
        (["--regime", "mars-b2b"], "--regime: one of auto"),
        (["--due", "2026-09-01"], "before the issue date"),
        (["--amount", "1,234"], "ambiguous"),
    ],
)
def test_edit_refuses_what_makes_no_sense(
    db: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    code, _, err = run(db, capsys, "edit", OPEN, *options)
    assert code == 2
    assert message in err
