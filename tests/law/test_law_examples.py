"""Every worked example of LAW.md §9, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casetui.law import (
    ClaimOptions,
    LetterRecord,
    compensation_for,
    compute_claim,
    costs_allowed_from,
    statutory_due_date,
)
from casetui.law.claim import daily_display
from casetui.law.compensation import be_b2c_max_lump_sum, uk_fixed_sum, wik

D = Decimal


@pytest.mark.parametrize(
    ("case", "principal", "expected"),
    [
        ("NL-WIK-01", "1000.00", "150.00"),
        ("NL-WIK-02", "10000.00", "875.00"),
        ("NL-WIK-04", "200.00", "40.00"),
        ("NL-WIK-06", "2500.00", "375.00"),
        ("NL-WIK-07", "3500.00", "475.00"),
        ("NL-WIK-09", "1000000.00", "6775.00"),
    ],
)
def test_wik_scale(case: str, principal: str, expected: str) -> None:
    assert wik(D(principal)).amount == D(expected), case
    assert compensation_for("nl-b2b", D(principal), "EUR").amount == D(expected), case


def test_wik_cap_above_a_million_and_vat_option() -> None:
    assert wik(D("5000000")).amount == D("6775.00")
    assert wik(D("1000.00"), vat=True).amount == D("181.50")  # 150 + 21 %
    assert compensation_for("nl-b2b", D("200"), "EUR", ClaimOptions(wik_vat=True)).amount == D(
        "48.40"
    )


@pytest.mark.parametrize(
    ("case", "balance", "expected"),
    [
        ("BE-B2C-01", "120.00", "20.00"),
        ("BE-B2C-02", "150.00", "20.00"),
        ("BE-B2C-04", "400.00", "55.00"),
        ("BE-B2C-06", "3000.00", "190.00"),
    ],
)
def test_be_b2c_lump_sum(case: str, balance: str, expected: str) -> None:
    assert be_b2c_max_lump_sum(D(balance)) == D(expected), case
    with_clause = ClaimOptions(terms_clause=True)
    assert compensation_for("be-b2c", D(balance), "EUR", with_clause).amount == D(expected)


def test_be_b2c_lump_sum_edges() -> None:
    assert be_b2c_max_lump_sum(D("500.00")) == D("65")
    assert be_b2c_max_lump_sum(D("100000")) == D("2000")  # the cap on the whole lump sum
    # Without a clause in accepted terms: nothing.
    assert compensation_for("be-b2c", D("400"), "EUR").amount == 0
    # An agreed sum within the maximum is what is claimed; above it, the clause is void.
    within = ClaimOptions(terms_clause=True, agreed_lump_sum=D("50"))
    assert compensation_for("be-b2c", D("400"), "EUR", within).amount == D("50.00")
    above = ClaimOptions(terms_clause=True, agreed_lump_sum=D("60"))
    void = compensation_for("be-b2c", D("400"), "EUR", above)
    assert void.amount == 0
    assert "void" in (void.warning or "")


@pytest.mark.parametrize(
    ("case", "debt", "expected"),
    [
        ("UK-FIX-01", "999.99", "40"),
        ("UK-FIX-02", "1000.00", "70"),
        ("UK-FIX-04", "10000.00", "100"),
    ],
)
def test_uk_fixed_sum(case: str, debt: str, expected: str) -> None:
    assert uk_fixed_sum(D(debt)) == D(expected), case
    assert compensation_for("uk-b2b", D(debt), "GBP").amount == D(expected), case


def test_uk_fixed_sum_just_below_ten_thousand() -> None:
    assert uk_fixed_sum(D("9999.99")) == D("70")


def _claim(regime: str, principal: str, due: date, until: date, **kw) -> object:
    currency = kw.pop("currency", "EUR")
    return compute_claim(
        regime=regime, currency=currency, principal=D(principal), due=due, until=until, **kw
    )


def test_be_int_01_actual_365() -> None:
    claim = _claim("be-b2b", "5000", date(2024, 2, 29), date(2024, 9, 30))
    assert claim.days == 214
    assert [(p.start, p.end, p.days, p.rate) for p in claim.periods] == [
        (date(2024, 3, 1), date(2024, 6, 30), 122, D("12.50")),
        (date(2024, 7, 1), date(2024, 9, 30), 92, D("12.50")),
    ]
    assert [p.interest_rounded for p in claim.periods] == [D("208.90"), D("157.53")]
    assert claim.interest == D("366.44")
    assert claim.compensation == D("40")
    assert claim.total == D("5406.44")
    assert not claim.extrapolated


def test_be_int_01_actual_actual() -> None:
    claim = _claim(
        "be-b2b", "5000", date(2024, 2, 29), date(2024, 9, 30), day_count="actual/actual"
    )
    assert [p.interest_rounded for p in claim.periods] == [D("208.33"), D("157.10")]
    assert claim.interest == D("365.44")


def test_nl_int_01() -> None:
    claim = _claim("nl-b2b", "5000", date(2024, 2, 29), date(2024, 9, 30))
    assert [p.rate for p in claim.periods] == [D("12.50"), D("12.25")]
    assert [p.interest_rounded for p in claim.periods] == [D("208.90"), D("154.38")]
    assert claim.interest == D("363.29")
    assert sum(p.interest_rounded for p in claim.periods) == D("363.28")  # per-segment rounding
    assert claim.compensation == D("625.00")  # WIK on 5,000


def test_nl_int_01_actual_actual() -> None:
    claim = _claim(
        "nl-b2b", "5000", date(2024, 2, 29), date(2024, 9, 30), day_count="actual/actual"
    )
    assert claim.interest == D("362.30")
    assert sum(p.interest_rounded for p in claim.periods) == D("362.29")


def test_nl_comp_01_yearly_compounding() -> None:
    claim = _claim("nl-b2b", "10000", date(2022, 12, 31), date(2024, 12, 31))
    rounded = [p.interest_rounded for p in claim.periods]
    assert [p.days for p in claim.periods] == [181, 184, 182, 184]
    assert rounded == [D("520.68"), D("604.93"), D("693.45"), D("687.04")]
    (cap,) = claim.capitalisations
    assert cap.day == date(2024, 1, 1)
    assert round(cap.amount, 3) == D("1125.616")
    assert round(cap.base_after, 2) == D("11125.62")
    assert claim.interest == D("2506.11")
    assert sum(rounded) == D("2506.10")  # per-segment rounding


def test_nl_comp_01_variants() -> None:
    args = ("nl-b2b", "10000", date(2022, 12, 31), date(2024, 12, 31))
    rounded_first = _claim(*args, options=ClaimOptions(round_capitalised=True))
    assert rounded_first.interest == D("2506.11")
    simple = _claim(*args, options=ClaimOptions(compound=False))
    assert simple.interest == D("2366.44")
    assert simple.capitalisations == ()
    assert _claim(*args, day_count="actual/actual").interest == D("2502.34")


def test_uk_int_01() -> None:
    claim = _claim("uk-b2b", "5000", date(2025, 1, 31), date(2025, 5, 1), currency="GBP")
    assert claim.days == 90
    assert [p.rate for p in claim.periods] == [D("12.75")]
    assert claim.interest == D("157.19")
    assert daily_display(claim.daily_interest) == D("1.7466")
    assert claim.daily_interest == D("5000") * D("12.75") / D("36500")  # never rounded
    assert claim.compensation == D("70")
    assert claim.to_json()["daily_interest"] == "1.7466"


def test_eu_date_01() -> None:
    due = statutory_due_date("uk-b2b", date(2024, 1, 10))
    assert due == date(2024, 2, 9)
    claim = _claim("uk-b2b", "1000", due, date(2024, 3, 31), currency="GBP")
    assert claim.periods[0].start == date(2024, 2, 10)
    assert claim.periods[0].rate == D("13.25")  # BoE 5.25 on 31-12-2023
    assert statutory_due_date("eu-b2b", date(2024, 1, 10)) == date(2024, 2, 9)


def test_nl_14d_01() -> None:
    letter = LetterRecord(date(2024, 3, 5), "post", "reminder", statutory=True)
    clock = costs_allowed_from("nl-b2c", [letter])
    assert clock.delivered == date(2024, 3, 7)
    assert (clock.term_start, clock.term_end) == (date(2024, 3, 8), date(2024, 3, 21))
    assert clock.allowed_from == date(2024, 3, 22)
