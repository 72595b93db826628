"""A missing country no longer means zero interest without a word (issue 18, item 9): the
claim says why nothing is charged and how to set it, in `show` and on the case screen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from casetui.claims import claim_for_case, why_no_regime
from casetui.cli import main
from casetui.ledger import Ledger
from casetui.model import CustomerKind
from tests.support import TODAY, customer, opened


def test_the_claim_says_why_nothing_is_charged() -> None:
    from casetui.timeline import fold_events

    state = fold_events("C-1", [replace(opened(), id=1)])
    nowhere = replace(customer(), country="")
    claim = claim_for_case(state, nowhere, TODAY)
    assert claim.regime == "none" and claim.total == claim.principal
    assert claim.warnings[0].startswith("No interest or costs: no country for you or the customer")
    assert "set the customer's country (e on the case)" in claim.warnings[0]
    uk_consumer = replace(customer(), country="GB", kind=CustomerKind.CONSUMER)
    assert "UK law grants no statutory interest" in str(why_no_regime(state, uk_consumer, "BE"))
    assert why_no_regime(state, customer(), "") is None  # BE business: be-b2b
    assert why_no_regime(state, nowhere, "BE") is None  # your Belgian law governs: be-b2b
    chosen = replace(state, regime="none")
    assert why_no_regime(chosen, nowhere, "") is None  # the user chose none: nothing to explain


def test_show_prints_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    path = tmp_path / "ledger.json"
    with Ledger.open(path) as ledger:
        ledger.open_case(opened(), new_customer=replace(customer(), country=""))
    assert main(["--db", str(path), "--today", TODAY.isoformat(), "show", "C-2026-0001"]) == 0
    out = capsys.readouterr().out
    assert "! No interest or costs: no country for you or the customer, so no regime; set" in out
