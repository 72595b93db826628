"""The regime a case is proposed follows the law that governs its contract, the law limitation
applies too: a Belgian creditor's Dutch business debtor owes Belgian interest and costs
(Rome I art. 4), not Dutch, unless the contract chose Dutch law; a consumer keeps the law of
their own country (art. 6)."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from casetui.claims import ClaimTerms, claim_for_case, contract_country, regime_of
from casetui.cli import main
from casetui.ledger import Ledger
from casetui.limitation.cases import governing_law
from casetui.model import CustomerKind, country_of_law, law_of_country
from casetui.profile import DEMO_PROFILE, save_profile
from casetui.timeline import fold_events
from tests.support import TODAY, customer, opened

BELGIAN = ClaimTerms(creditor_country="BE")
CASE = fold_events("C-1", [replace(opened(), id=1)])


def consumer(country: str):
    return replace(customer(country=country), kind=CustomerKind.CONSUMER)


def test_a_dutch_business_of_a_belgian_creditor_owes_belgian_interest_and_costs() -> None:
    dutch = customer(country="NL")
    claim = claim_for_case(CASE, dutch, TODAY, BELGIAN)
    assert claim.regime == "be-b2b"
    assert claim.compensation == 40  # the Belgian EUR 40, not the WIK scale's 181.50
    chose_dutch = replace(dutch, limitation_law="nl")
    assert claim_for_case(CASE, chose_dutch, TODAY, BELGIAN).regime == "nl-b2b"
    on_the_case = replace(CASE, limitation_law="ew")
    assert regime_of(on_the_case, chose_dutch, "BE") == "uk-b2b"  # the case's law comes first
    assert regime_of(replace(CASE, regime="eu-b2b"), dutch, "BE") == "eu-b2b"  # set by hand


def test_a_consumer_keeps_the_law_of_their_country() -> None:
    assert regime_of(CASE, consumer("NL"), "BE") == "nl-b2c"
    assert regime_of(CASE, consumer("BE"), "NL") == "be-b2c"
    assert regime_of(CASE, consumer("GB"), "BE") == "none"  # no statutory interest there


def test_without_your_country_the_debtors_decides_as_before() -> None:
    assert regime_of(CASE, customer(country="NL"), "") == "nl-b2b"
    assert regime_of(CASE, customer(country=""), "BE") == "be-b2b"  # yours: Rome I art. 4
    assert regime_of(CASE, customer(country="DE"), "") == "eu-b2b"
    assert regime_of(CASE, customer(country="NL"), "DE") == "eu-b2b"  # a German creditor


@pytest.mark.parametrize("creditor_law", ["", "be", "nl", "ew"])
def test_the_regime_and_limitation_read_the_same_governing_law(creditor_law: str) -> None:
    laws = ("", "be", "nl", "ew", "scot")
    for case_law, customer_law, kind, country in itertools.product(
        laws, laws, tuple(CustomerKind), ("", "BE", "NL", "GB")
    ):
        debtor = replace(customer(country=country), kind=kind, limitation_law=customer_law)
        state = replace(CASE, limitation_law=case_law)
        governing = governing_law(case_law, debtor, creditor_law)
        ours = contract_country(state, debtor, country_of_law(creditor_law))
        expected = country_of_law(governing.law.value) if governing.law else ""
        chosen = case_law or customer_law
        if kind is CustomerKind.CONSUMER and not chosen and not law_of_country(country):
            # A consumer in a country limitation does not model: it falls back to your law
            # with a warning; the regime says it models none for them.
            assert ours == country
            continue
        assert ours == expected, (case_law, customer_law, kind, country, creditor_law)


def test_show_states_the_regime_of_the_law_that_limitation_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    save_profile(DEMO_PROFILE)  # a Belgian studio
    path = tmp_path / "ledger.json"
    with Ledger.open(path) as ledger:
        ledger.open_case(opened(), new_customer=customer(country="NL"))
    argv = ["--db", str(path), "--today", TODAY.isoformat(), "show", "C-2026-0001"]
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["regime"] == "be-b2b" and data["claim"]["regime"] == "be-b2b"
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Governing law: Belgian law" in out or "Governing law: Belgium" in out
    assert "Claim     be-b2b" in out


def test_a_debtor_abroad_under_your_law_is_told_with_the_claim() -> None:
    """The amounts depend on the law: the claim says whose, and how to change it, when it
    was not set; not when it was, nor for a consumer, nor for a debtor at home."""
    from casetui.claims import your_law_note
    from casetui.tui.widgets.case_parts import claim_part

    dutch = customer(country="NL")
    claim = claim_for_case(CASE, dutch, TODAY, BELGIAN)
    note = your_law_note(CASE, dutch, "BE")
    assert note is not None and note in claim.warnings
    assert note.startswith("Under your law (BE), as the seller or provider (Rome I art. 4)")
    assert note.endswith("casetui edit CASE --customer-limitation-law nl")
    shown = claim_part(CASE, claim, "").plain
    assert (
        "Under your law (BE), as the seller or provider (Rome I art. 4), not the debtor's (NL)"
        in shown
    )
    assert your_law_note(CASE, replace(dutch, limitation_law="be"), "BE") is None  # set
    assert your_law_note(replace(CASE, regime="be-b2b"), dutch, "BE") is None
    assert your_law_note(CASE, consumer("NL"), "BE") is None
    assert your_law_note(CASE, customer(country="BE"), "BE") is None
    assert your_law_note(CASE, dutch, "") is None  # no country of yours: theirs governs
    german = your_law_note(CASE, customer(country="DE"), "BE")
    assert german is not None and german.endswith("casetui edit CASE --regime R")
