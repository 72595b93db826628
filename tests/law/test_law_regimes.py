"""Regimes: defaults per country and debtor, labels and legal basis."""

from __future__ import annotations

import pytest

from casetui.errors import InputError
from casetui.law import REGIMES, default_regime, get_regime, regime_codes


@pytest.mark.parametrize(
    ("country", "kind", "regime"),
    [
        ("BE", "business", "be-b2b"),
        ("be", "consumer", "be-b2c"),
        ("BE", "public", "be-b2b"),
        ("NL", "business", "nl-b2b"),
        ("NL", "consumer", "nl-b2c"),
        ("GB", "business", "uk-b2b"),
        ("UK", "business", "uk-b2b"),
        ("GB", "consumer", "none"),
        ("DE", "business", "eu-b2b"),
        ("FR", "public", "eu-b2b"),
        ("DE", "consumer", "none"),
        ("US", "business", "none"),
        (None, "business", "none"),
        ("", "consumer", "none"),
    ],
)
def test_default_regime(country: str | None, kind: str, regime: str) -> None:
    assert default_regime(country, kind) == regime


def test_default_regime_refuses_an_unknown_kind() -> None:
    with pytest.raises(InputError, match="business, consumer, public"):
        default_regime("BE", "company")


def test_every_regime_has_a_label_and_a_basis() -> None:
    assert regime_codes() == (
        "eu-b2b", "be-b2b", "be-b2c", "nl-b2b", "nl-b2c", "uk-b2b", "contract", "none",
    )  # fmt: skip
    for code, regime in REGIMES.items():
        assert regime.label
        assert regime.basis
        if code not in ("contract", "none"):
            assert all("http" in line for line in regime.basis[:1]), code


def test_get_regime_lists_the_valid_codes() -> None:
    assert get_regime(" NL-B2B ").code == "nl-b2b"
    with pytest.raises(InputError, match="valid: eu-b2b, be-b2b, be-b2c"):
        get_regime("fr-b2b")
