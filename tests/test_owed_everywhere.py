"""One meaning of "outstanding" everywhere (issue 18, item 6): what is still owed on open
cases. A written-off case of 13,000.11 showed "13,000.11" on its row while the totals said
"nothing outstanding"; `list --all` added it; `show` and the export called it outstanding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.export import history_markdown
from casetui.filters import Facts, parse
from casetui.ledger import Ledger
from casetui.model import Closed, CloseReason
from tests.support import TODAY, customer, opened


@pytest.fixture
def written_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CASETUI_DB", raising=False)
    path = tmp_path / "ledger.json"
    with Ledger.open(path) as ledger:
        gone = ledger.open_case(opened(invoice="F-1", amount="13000.11"), new_customer=customer())
        ledger.open_case(opened(invoice="F-2", amount="250.00", customer_id=gone.customer_id))
        ledger.append(gone.id, Closed(date=TODAY, reason=CloseReason.WRITTEN_OFF))
    return path


def cli(path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(["--db", str(path), "--today", TODAY.isoformat(), *argv]) == 0
    return capsys.readouterr().out


def test_list_rows_and_totals_say_the_same(
    written_off: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = cli(written_off, capsys, "list", "--stage", "closed")
    assert "13,000.11" not in closed.splitlines()[1]  # the row: nothing is owed
    assert "closed: written-off" in closed
    assert closed.splitlines()[-1] == (
        "1 case, nothing outstanding (EUR 13,000.11 left unpaid on closed cases)"
    )
    everything = cli(written_off, capsys, "list", "--all").splitlines()[-1]
    assert everything.startswith("2 cases, outstanding EUR 250.00 (")
    rows = json.loads(cli(written_off, capsys, "list", "--all", "--json"))
    assert {row["invoice"]: row["outstanding"] for row in rows} == {"F-1": "0.00", "F-2": "250.00"}
    assert {row["invoice"]: row["balance"] for row in rows}["F-1"] == "13000.11"


def test_show_and_the_export_say_what_was_written_off(
    written_off: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = cli(written_off, capsys, "show", "C-2026-0001")
    assert "outstanding 0.00 EUR" in shown
    assert f"Closed    written off on {TODAY} (13,000.11 EUR left unpaid)" in shown
    assert "days overdue" not in shown
    with Ledger.open(written_off) as ledger:
        state = ledger.case("C-2026-0001")
        text = history_markdown(state, ledger.customer(state.customer_id), TODAY)
        facts = Facts(state, "Brasserie De Klok BV", TODAY)
    assert "| Outstanding | **0.00 EUR** |" in text
    assert "| Closed | written off on 2026-11-23 (13,000.11 EUR left unpaid) |" in text
    assert not parse("amount>500").matches(facts)  # the filter's amount is what is owed
