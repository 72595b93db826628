"""Properties that must hold for any input, checked with hypothesis."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from casetui.law import ClaimOptions, Movement, compute_claim
from casetui.law.rates import RateBook, bundled_rates_dir

BOOK = RateBook.load(bundled_rates_dir())  # bundled rows only: the properties must not drift
REGIMES = ("eu-b2b", "be-b2b", "nl-b2b", "nl-b2c", "uk-b2b", "contract")
DAY_COUNTS = ("actual/365", "actual/actual")

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000000"), places=2)
dues = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 6, 30))
spans = st.integers(min_value=0, max_value=1500)
FAST = settings(max_examples=60, deadline=None)


def owed(regime: str, principal: Decimal, due: date, until: date, **kw):
    return compute_claim(
        regime=regime,
        currency="GBP" if regime == "uk-b2b" else "EUR",
        principal=principal,
        due=due,
        until=until,
        rate=Decimal("9.5") if regime == "contract" else None,
        rates=BOOK,
        **kw,
    )


@FAST
@given(st.sampled_from(REGIMES), amounts, dues, spans, st.sampled_from(DAY_COUNTS))
def test_interest_is_never_negative(regime, principal, due, span, day_count) -> None:
    claim = owed(regime, principal, due, due + timedelta(days=span), day_count=day_count)
    assert claim.interest >= 0
    assert all(period.interest >= 0 for period in claim.periods)
    assert claim.total == claim.principal + claim.interest + claim.compensation


@FAST
@given(st.sampled_from(REGIMES), amounts, dues, spans, st.integers(1, 400))
def test_interest_grows_with_time(regime, principal, due, span, more) -> None:
    until = due + timedelta(days=span)
    earlier = owed(regime, principal, due, until)
    later = owed(regime, principal, due, until + timedelta(days=more))
    assert later.interest >= earlier.interest
    assert later.total >= earlier.total


@FAST
@given(st.sampled_from(REGIMES), amounts, amounts, dues, spans)
def test_interest_grows_with_the_amount(regime, one, two, due, span) -> None:
    small, large = sorted((one, two))
    until = due + timedelta(days=span)
    assert owed(regime, large, due, until).interest >= owed(regime, small, due, until).interest


@FAST
@given(
    st.sampled_from(("eu-b2b", "be-b2b", "nl-b2b", "contract")),
    amounts,
    dues,
    st.lists(st.integers(1, 360), min_size=1, max_size=4),
    st.sampled_from(DAY_COUNTS),
)
def test_splitting_a_period_changes_the_total_by_at_most_a_cent_per_split(
    regime, principal, due, steps, day_count
) -> None:
    # Simple interest (no compounding) charged in pieces: due -> c1 -> c2 -> ... -> end.
    options = ClaimOptions(compound=False) if regime == "nl-b2b" else None
    cuts = [due]
    for step in steps:
        cuts.append(cuts[-1] + timedelta(days=step))
    whole = owed(regime, principal, due, cuts[-1], day_count=day_count, options=options)
    pieces = sum(
        owed(regime, principal, start, end, day_count=day_count, options=options).interest
        for start, end in itertools.pairwise(cuts)
    )
    assert abs(whole.interest - pieces) <= Decimal("0.01") * (len(cuts) - 2) + Decimal("0.005")


@FAST
@given(
    st.sampled_from(REGIMES),
    amounts,
    dues,
    spans,
    st.lists(st.tuples(st.integers(0, 1500), amounts, st.booleans()), max_size=4),
)
def test_payments_never_increase_interest(regime, principal, due, span, raw) -> None:
    until = due + timedelta(days=span)
    movements = [
        Movement(due + timedelta(days=offset), amount, "credit" if credit else "payment")
        for offset, amount, credit in raw
    ]
    without = owed(regime, principal, due, until)
    with_payments = owed(regime, principal, due, until, movements=movements)
    assert with_payments.interest <= without.interest
    assert with_payments.principal <= without.principal
    assert with_payments.interest >= 0 and with_payments.principal >= 0
