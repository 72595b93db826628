"""The case screen's claim lines (issue 18, items 7 and 9): after a part payment they say how
it was applied and how the figure owed today adds up; with no regime, why nothing is charged."""

from __future__ import annotations

import dataclasses
from datetime import date

from casetui.claims import claim_for_case
from casetui.model import Payment
from casetui.timeline import fold_events
from casetui.tui.widgets.case_parts import claim_part
from tests.support import TODAY, customer, eur, opened


def state(*events):  # type: ignore[no-untyped-def]
    numbered = [dataclasses.replace(opened(), id=1)]
    numbered += [dataclasses.replace(e, id=n) for n, e in enumerate(events, start=2)]
    return fold_events("C-1", numbered)


def test_the_claim_lines_explain_a_part_payment() -> None:
    case = state(Payment(date=date(2026, 11, 20), amount=eur("500.00")))
    claim = claim_for_case(case, customer(), TODAY)  # BE business: EUR 40 and interest first
    text = claim_part(case, claim, "").plain
    assert "payment 2026-11-20 500.00: costs 40.00, interest " in text
    assert "applied to costs, then interest, then principal (art. 1254 old Civil Code)" in text
    assert f"owed today {claim.total:,} = 1,250.00 - " in text


def test_no_regime_says_why() -> None:
    case = state()
    nowhere = dataclasses.replace(customer(), country="")
    text = claim_part(case, claim_for_case(case, nowhere, TODAY), "").plain
    assert "! No interest or costs: no country for you or the customer, so no regime · i" in text


def test_a_settlement_in_force_says_what_it_waived() -> None:
    """The claim after a plan for the principal: the interest and costs it gave up, on a
    line of their own (they did not show anywhere)."""
    from casetui.claims import claim_before_settlement, settlement_words
    from casetui.model import DisputeSettled, PlanInstalment

    plan = DisputeSettled(
        date=TODAY,
        terms="two halves",
        instalments=(
            PlanInstalment(date(2026, 12, 15), eur("625.00")),
            PlanInstalment(date(2027, 1, 15), eur("625.00")),
        ),
    )
    case = state(plan)
    debtor = customer()
    before = claim_before_settlement(case, debtor)
    assert before is not None and before.compensation > 0
    words = settlement_words(case, before)
    text = claim_part(case, claim_for_case(case, debtor, TODAY), "", words).plain
    interest = f"{before.interest:,}"
    assert f"\n        Settled on {TODAY} for 1,250.00 EUR\n" in text
    assert text.endswith(f"(interest {interest} and compensation {before.compensation} waived)")
