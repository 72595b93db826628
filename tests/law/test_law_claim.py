"""compute_claim beyond the worked examples: payments, engines, options, JSON, bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casetui.errors import InputError
from casetui.law import (
    ClaimOptions,
    Movement,
    compensation_for_invoices,
    compute_claim,
)
from casetui.law.engines import anniversary, simple_interest

D = Decimal


def claim(regime: str = "be-b2b", principal: str = "5000", **kw):
    kw.setdefault("currency", "GBP" if regime == "uk-b2b" else "EUR")
    kw.setdefault("due", date(2024, 2, 29))
    kw.setdefault("until", date(2024, 9, 30))
    return compute_claim(regime=regime, principal=D(principal), **kw)


def test_payment_closes_a_segment_and_is_imputed_costs_interest_principal() -> None:
    result = claim(movements=[Movement(date(2024, 4, 30), D("1000"), "payment")])
    first, second, third = result.periods
    assert (first.start, first.end, first.base) == (date(2024, 3, 1), date(2024, 4, 30), D("5000"))
    assert second.start == date(2024, 5, 1)  # the new base applies from the day after
    (paid,) = result.allocation
    assert paid.costs == D("40")
    assert paid.interest == D("104.45")  # 5000 x 12.5 % x 61 / 365, rounded when settled
    assert paid.principal == D("1000") - D("40") - D("104.45")
    assert second.base == third.base == D("4144.45")
    assert result.principal == D("4144.45")
    assert result.compensation == 0
    assert result.total == result.principal + result.interest


def test_imputation_order_is_a_setting() -> None:
    payment = [Movement(date(2024, 4, 30), D("1000"), "payment")]
    principal_first = claim(
        movements=payment, options=ClaimOptions(imputation=("principal", "interest", "costs"))
    )
    (paid,) = principal_first.allocation
    assert (paid.principal, paid.interest, paid.costs) == (D("1000"), 0, 0)
    assert principal_first.compensation == D("40")
    default = claim(movements=payment)
    assert principal_first.interest < default.interest + D("104.45")  # base fell faster


def test_credit_note_reduces_principal_only() -> None:
    result = claim(movements=[Movement(date(2024, 4, 30), D("1000"), "credit")])
    (credit,) = result.allocation
    assert (credit.costs, credit.interest, credit.principal) == (0, 0, D("1000"))
    assert result.principal == D("4000")
    assert result.compensation == D("40")


def test_payment_in_full_stops_interest_and_excess_is_reported() -> None:
    result = claim(movements=[Movement(date(2024, 4, 30), D("6000"), "payment")])
    assert len(result.periods) == 1
    assert result.principal == 0 and result.interest == 0 and result.compensation == 0
    assert result.total == 0
    (paid,) = result.allocation
    assert paid.unapplied == D("6000") - D("40") - D("104.45") - D("5000")
    assert any("exceed" in warning for warning in result.warnings)
    assert result.daily_interest == 0


def test_payment_on_or_before_the_due_date_leaves_no_compensation() -> None:
    result = claim(movements=[Movement(date(2024, 2, 29), D("5000"), "payment")])
    assert result.total == 0
    assert result.periods == ()
    assert result.compensation == 0


def test_payments_after_until_are_ignored() -> None:
    result = claim(movements=[Movement(date(2024, 10, 1), D("5000"), "payment")])
    assert result.principal == D("5000")
    assert result.allocation == ()


def test_until_equal_to_due_is_nothing_yet() -> None:
    result = claim(until=date(2024, 2, 29))
    assert (result.days, result.interest, result.compensation) == (0, 0, 0)
    assert result.total == D("5000")


def test_uk_rate_is_fixed_at_the_start_and_not_split() -> None:
    result = claim("uk-b2b", due=date(2023, 12, 15), until=date(2024, 12, 31))
    assert [(p.start, p.end, p.rate) for p in result.periods] == [
        (date(2023, 12, 16), date(2024, 12, 31), D("13.00")),  # 2023 H2 start: BoE 5.00
    ]
    assert result.periods[0].period == "2023 H2"


def test_eu_splits_by_default_and_single_rate_is_an_option() -> None:
    split = claim("eu-b2b", due=date(2024, 5, 31), until=date(2025, 2, 28))
    assert [p.rate for p in split.periods] == [D("12.50"), D("12.25"), D("11.15")]
    single = claim(
        "eu-b2b",
        due=date(2024, 5, 31),
        until=date(2025, 2, 28),
        options=ClaimOptions(single_rate=True),
    )
    assert [p.rate for p in single.periods] == [D("12.50")]
    assert single.interest > split.interest


def test_actual_actual_splits_a_fixed_rate_at_new_year() -> None:
    exact = simple_interest(
        D("1000"), D("10"), date(2023, 12, 31), date(2024, 1, 1), "actual/actual"
    )
    assert exact == D("1000") * D("0.10") / 365 + D("1000") * D("0.10") / 366
    plain = simple_interest(D("1000"), D("10"), date(2023, 12, 31), date(2024, 1, 1), "actual/365")
    assert plain == D("1000") * D("0.10") * 2 / 365


def test_29_february_anniversary_is_1_march_in_common_years() -> None:
    start = date(2024, 2, 29)
    assert anniversary(start, 1) == date(2025, 3, 1)
    assert anniversary(start, 4) == date(2028, 2, 29)
    assert anniversary(date(2024, 3, 1), 1) == date(2025, 3, 1)
    result = claim("nl-b2b", due=date(2024, 2, 28), until=date(2025, 6, 30))
    (cap,) = result.capitalisations
    assert cap.day == date(2025, 3, 1)
    year_one = [p for p in result.periods if p.end < cap.day]
    assert sum(p.days for p in year_one) == 366  # 29 Feb 2024 to 28 Feb 2025: a full year


def test_compounding_after_two_years_adds_twice() -> None:
    result = claim("nl-b2b", principal="1000", due=date(2022, 12, 31), until=date(2025, 6, 30))
    assert [cap.day for cap in result.capitalisations] == [date(2024, 1, 1), date(2025, 1, 1)]
    assert result.periods[-1].base > result.periods[0].base


def test_agreed_rate_replaces_the_statutory_rate() -> None:
    override = claim("be-b2b", rate=D("8"))
    assert [p.rate for p in override.periods] == [D("8")]
    assert override.interest == D("234.52")  # 5000 x 8 % x 214 / 365
    assert any("Agreed rate 8.00 %" in line for line in override.basis)
    uk = claim("uk-b2b", rate=D("8"))
    assert any("substantial remedy" in warning for warning in uk.warnings)
    nl = claim("nl-b2b", rate=D("8"), due=date(2022, 12, 31), until=date(2024, 12, 31))
    assert nl.capitalisations == ()  # agreed rate: simple


def test_contract_regime_with_fees() -> None:
    fixed = claim("contract", rate=D("10"), options=ClaimOptions(fee_fixed=D("75")))
    assert fixed.interest == D("293.15")  # 5000 x 10 % x 214 / 365
    assert fixed.compensation == D("75.00")
    percent = claim("contract", rate=D("10"), options=ClaimOptions(fee_percent=D("12.5")))
    assert percent.compensation == D("625.00")
    none = claim("contract", rate=D("0"))
    assert (none.interest, none.compensation) == (0, 0)


def test_none_regime_is_principal_only() -> None:
    result = claim("none")
    assert (result.interest, result.compensation, result.total) == (0, 0, D("5000"))
    assert result.periods == ()


def test_fixed_compensation_in_another_currency_is_not_converted() -> None:
    result = claim("be-b2b", currency="USD")
    assert result.compensation == 0
    assert any("EUR amount" in warning for warning in result.warnings)
    assert result.interest == D("366.44")


def test_multi_invoice_compensation() -> None:
    amounts = [D("1000"), D("1500"), D("500")]
    assert compensation_for_invoices("be-b2b", amounts, "EUR").amount == D("120")
    assert compensation_for_invoices("uk-b2b", [D("999"), D("1000")], "GBP").amount == D("110")
    # NL consumer: the scale once on the sum (3,000 -> 375 + 50).
    assert compensation_for_invoices("nl-b2c", amounts, "EUR").amount == D("425.00")
    # NL business: per invoice by default (150 + 225 + 75), combined as an option.
    assert compensation_for_invoices("nl-b2b", amounts, "EUR").amount == D("450.00")
    combined = ClaimOptions(wik_b2b_combined=True)
    assert compensation_for_invoices("nl-b2b", amounts, "EUR", combined).amount == D("425.00")
    small = [D("100"), D("100"), D("100")]
    assert compensation_for_invoices("nl-b2b", small, "EUR", combined).amount == D("120")
    assert compensation_for_invoices("nl-b2c", small, "EUR").amount == D("45.00")


def test_to_json_keys_and_formats() -> None:
    data = claim("nl-b2b").to_json()
    assert set(data) == {
        "regime", "currency", "principal", "interest", "compensation", "total", "days",
        "extrapolated", "periods", "as_of", "warnings", "costs_allowed_from", "daily_interest",
        "allocation", "imputation",
    }  # fmt: skip
    assert data["interest"] == "363.29"
    assert data["total"] == "5988.29"
    assert data["as_of"] == "2024-09-30"
    assert data["costs_allowed_from"] is None
    assert data["periods"][0] == {
        "start": "2024-03-01",
        "end": "2024-06-30",
        "days": 122,
        "rate": "12.50",
        "base": "5000.00",
        "interest": "208.90",
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"regime": "xx-b2b"}, "valid: eu-b2b, be-b2b"),
        ({"until": date(2024, 1, 1)}, "before the due date"),
        ({"regime": "contract"}, "needs the agreed annual rate"),
        ({"regime": "none", "rate": D("5")}, "charges no interest"),
        ({"principal": "-1"}, "must not be negative"),
        ({"rate": D("-1")}, "between 0 and 100"),
        ({"day_count": "30/360"}, "unknown day count"),
        ({"currency": "euro"}, "not a currency code"),
        ({"options": ClaimOptions(single_rate=True)}, "eu-b2b only"),
    ],
)
def test_bad_input_is_an_input_error(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        claim(**kwargs)


def test_bad_records_and_options() -> None:
    with pytest.raises(InputError, match="positive"):
        Movement(date(2024, 1, 1), D("0"), "payment")
    with pytest.raises(InputError, match="movement kind"):
        Movement(date(2024, 1, 1), D("1"), "refund")
    with pytest.raises(InputError, match="exactly once"):
        ClaimOptions(imputation=("costs", "costs", "principal"))
    with pytest.raises(InputError, match="not both"):
        ClaimOptions(fee_fixed=D("1"), fee_percent=D("1"))
