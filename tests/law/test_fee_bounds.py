"""A percentage fee with a minimum and a maximum (issue 18, item 13): "10 % with a minimum of
EUR 75" is common in Belgian and Dutch terms. In the calculator, the profile and letters;
within each regime's caps (a be-b2c clause above art. XIX.4's maximum is void)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from casetui.errors import InputError
from casetui.law import ClaimOptions, compensation_for
from casetui.profile import Profile, validate_profile


def fee(regime: str, base: str, **bounds: str) -> Decimal:
    options = ClaimOptions(
        terms_clause=True,
        fee_percent=Decimal(10),
        **{name: Decimal(value) for name, value in bounds.items()},
    )
    return compensation_for(regime, Decimal(base), "EUR", options).amount


def test_the_percentage_is_raised_to_the_minimum_and_lowered_to_the_maximum() -> None:
    assert fee("contract", "500", fee_minimum="75") == Decimal("75.00")
    assert fee("contract", "1200", fee_minimum="75") == Decimal("120.00")
    assert fee("contract", "9000", fee_minimum="75", fee_maximum="500") == Decimal("500.00")


def test_a_be_consumer_clause_stays_within_art_xix_4() -> None:
    # balance 1,500: statutory maximum 65 + 5 % of 1,000 = 115; the clause gives 100: allowed
    assert fee("be-b2c", "1500", fee_minimum="75", fee_maximum="100") == Decimal("100.00")
    # balance 500: maximum 65; the clause's minimum of 75 is above it: void, nothing claimed
    assert fee("be-b2c", "500", fee_minimum="75") == Decimal("0.00")


def test_bounds_without_a_percentage_or_crossed_are_refused() -> None:
    with pytest.raises(InputError, match="bounds a percentage fee"):
        ClaimOptions(fee_minimum=Decimal(75))
    with pytest.raises(InputError, match="above the maximum"):
        ClaimOptions(fee_percent=Decimal(10), fee_minimum=Decimal(75), fee_maximum=Decimal(50))
    problems = validate_profile(Profile(fee_minimum=Decimal(75)))
    assert "fee minimum and maximum bound fee_percent: set the percentage too" in problems


def calc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casetui", "--today", "2026-11-23", "calc", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_calc_takes_the_bounds_and_refuses_them_where_the_law_fixes_the_costs() -> None:
    base = ["--principal", "500", "--due", "2026-09-30"]
    run = calc(
        "--regime", "contract", "--rate", "8", "--fee-percent", "10", "--fee-min", "75", *base
    )
    assert run.returncode == 0, run.stderr
    assert "below the agreed minimum: EUR 75.00" in run.stdout
    refused = calc("--regime", "nl-b2c", "--fee-percent", "10", *base)
    assert refused.returncode == 2
    assert "nl-b2c charges its statutory compensation" in refused.stderr
