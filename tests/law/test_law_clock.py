"""The legal clock: BE Book XIX wait, NL 14-day letter, and how a claim follows them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casetui.errors import InputError
from casetui.law import ClaimOptions, LetterRecord, Movement, compute_claim, costs_allowed_from
from casetui.law.clock import presumed_delivery, statutory_due_date

D = Decimal


def first_reminder(day: date, channel: str) -> LetterRecord:
    return LetterRecord(day, channel, "reminder", statutory=True)


def test_b2b_regimes_are_not_limited() -> None:
    for regime in ("eu-b2b", "be-b2b", "nl-b2b", "uk-b2b", "contract", "none"):
        clock = costs_allowed_from(regime, [])
        assert not clock.limited
        assert clock.allowed_from is None
        assert clock.allows(date(2000, 1, 1))


def test_consumer_without_letter_says_why() -> None:
    be = costs_allowed_from("be-b2c", [LetterRecord(date(2024, 3, 1), "email", "reminder")])
    assert be.limited and be.allowed_from is None and not be.allows(date(2030, 1, 1))
    assert "first reminder" in be.reason
    nl = costs_allowed_from("nl-b2c", [])
    assert nl.limited and nl.allowed_from is None
    assert "14-day letter" in nl.reason


def test_be_email_over_a_weekend() -> None:
    # E-mail on Friday: day 1 is Saturday, calendar days only; costs from day 15.
    clock = costs_allowed_from("be-b2c", [first_reminder(date(2024, 3, 1), "email")])
    assert clock.term_start == date(2024, 3, 2)
    assert clock.term_end == date(2024, 3, 15)
    assert clock.allowed_from == date(2024, 3, 16)


def test_be_post_over_a_weekend() -> None:
    # Posted on Friday: working days Mon 4, Tue 5, Wed 6 -> day 1 is Wednesday 6 March.
    clock = costs_allowed_from("be-b2c", [first_reminder(date(2024, 3, 1), "post")])
    assert clock.term_start == date(2024, 3, 6)
    assert clock.term_end == date(2024, 3, 19)
    assert clock.allowed_from == date(2024, 3, 20)  # the "17 days by post" shorthand holds


def test_be_post_across_a_public_holiday() -> None:
    # Posted Thursday 31 Oct 2024; Fri 1 Nov is All Saints, then the weekend:
    # Mon 4 (1), Tue 5 (2), Wed 6 (3) -> day 1 on 6 Nov, costs from 20 Nov.
    clock = costs_allowed_from("be-b2c", [first_reminder(date(2024, 10, 31), "registered")])
    assert clock.term_start == date(2024, 11, 6)
    assert clock.allowed_from == date(2024, 11, 20)
    # Without counting holidays (the setting): Fri 1, Mon 4, Tue 5.
    plain = costs_allowed_from(
        "be-b2c",
        [first_reminder(date(2024, 10, 31), "post")],
        options=ClaimOptions(be_count_holidays=False),
    )
    assert plain.term_start == date(2024, 11, 5)
    # The same day by e-mail: the holiday does not matter.
    email = costs_allowed_from("be-b2c", [first_reminder(date(2024, 10, 31), "email")])
    assert email.term_start == date(2024, 11, 1)
    assert email.allowed_from == date(2024, 11, 15)


def test_earliest_statutory_letter_counts_and_others_are_ignored() -> None:
    letters = [
        LetterRecord(date(2024, 2, 1), "email", "reminder"),  # not the statutory one
        first_reminder(date(2024, 4, 2), "email"),
        first_reminder(date(2024, 3, 1), "email"),
    ]
    assert costs_allowed_from("be-b2c", letters).allowed_from == date(2024, 3, 16)


@pytest.mark.parametrize(
    ("sent", "delivered"),
    [
        (date(2024, 3, 5), date(2024, 3, 7)),  # Tue -> Thu (NL-14D-01)
        (date(2024, 3, 8), date(2024, 3, 12)),  # Fri -> Sat between, Sun+Mon skipped -> Tue
        (date(2024, 3, 9), date(2024, 3, 13)),  # Sat -> Tue between, Wed
        (date(2024, 3, 28), date(2024, 4, 2)),  # Good Fri skipped, Sat between, Sun+Mon skipped
    ],
)
def test_nl_presumed_delivery(sent: date, delivered: date) -> None:
    assert presumed_delivery(sent) == delivered


def test_nl_term_ending_on_a_weekend_is_extended() -> None:
    # Posted Wed 2024-03-06 -> delivered Fri 8 -> day 14 is Fri 22 (working): unchanged.
    # Posted Thu 2024-03-07 -> Fri 8 between, Sat 9 delivery -> day 14 Sat 23 -> Mon 25.
    letter = LetterRecord(date(2024, 3, 7), "post", "reminder", statutory=True)
    extended = costs_allowed_from("nl-b2c", [letter])
    assert extended.delivered == date(2024, 3, 9)
    assert extended.term_end == date(2024, 3, 25)
    assert extended.allowed_from == date(2024, 3, 26)
    strict = costs_allowed_from("nl-b2c", [letter], options=ClaimOptions(nl_extend_term=False))
    assert strict.term_end == date(2024, 3, 23)
    assert strict.allowed_from == date(2024, 3, 24)


def test_nl_email_is_delivered_the_same_day() -> None:
    letter = LetterRecord(date(2024, 3, 5), "email", "reminder", statutory=True)
    clock = costs_allowed_from("nl-b2c", [letter])
    assert clock.delivered == date(2024, 3, 5)
    assert clock.allowed_from == date(2024, 3, 20)


def test_nl_b2c_claim_shows_costs_only_after_the_term() -> None:
    letter = LetterRecord(date(2024, 3, 5), "post", "reminder", statutory=True)
    common = {
        "regime": "nl-b2c",
        "currency": "EUR",
        "principal": D("1000"),
        "due": date(2024, 2, 1),
        "letters": [letter],
    }
    before = compute_claim(until=date(2024, 3, 21), **common)
    assert before.compensation == 0
    assert before.costs_allowed_from == date(2024, 3, 22)
    assert any("from 2024-03-22" in warning for warning in before.warnings)
    assert before.interest > 0  # wettelijke rente runs from verzuim regardless
    after = compute_claim(until=date(2024, 3, 22), **common)
    assert after.compensation == D("150.00")
    assert not any("2024-03-22" in warning for warning in after.warnings)


def test_nl_part_payment_within_the_term_lowers_the_wik_fee() -> None:
    letter = LetterRecord(date(2024, 3, 5), "post", "reminder", statutory=True)
    claim = compute_claim(
        regime="nl-b2c",
        currency="EUR",
        principal=D("1000"),
        due=date(2024, 2, 1),
        until=date(2024, 4, 30),
        letters=[letter],
        movements=[Movement(date(2024, 3, 21), D("600"), "payment")],
    )
    # Interest due so far is paid first, the rest goes to principal; WIK on what is left.
    (allocation,) = claim.allocation
    assert allocation.costs == 0
    assert allocation.interest > 0
    assert claim.compensation_detail is not None
    assert claim.compensation_detail.amount == wik_on(D("400") + allocation.interest)
    assert claim.compensation == claim.compensation_detail.amount


def wik_on(amount: Decimal) -> Decimal:
    from casetui.law.compensation import wik

    return wik(amount).amount


def test_be_b2c_no_interest_or_lump_sum_before_the_wait() -> None:
    common = {
        "regime": "be-b2c",
        "currency": "EUR",
        "principal": D("400"),
        "due": date(2024, 2, 29),
        "letters": [first_reminder(date(2024, 3, 1), "post")],
        "options": ClaimOptions(terms_clause=True),
    }
    during = compute_claim(until=date(2024, 3, 19), **common)
    assert (during.interest, during.compensation, during.periods) == (0, 0, ())
    assert during.costs_allowed_from == date(2024, 3, 20)
    assert any("may be charged from 2024-03-20" in warning for warning in during.warnings)
    after = compute_claim(until=date(2024, 3, 20), **common)
    assert after.compensation == D("55.00")
    # Issue 18, item 11: interest runs from the end of the wait (the default), not from the
    # day after the due date, and the worksheet's basis says which reading and why.
    assert after.periods[0].start == date(2024, 3, 20)
    assert after.periods[0].rate == D("5.75")
    reading = after.basis[-1]
    assert reading.startswith("Interest runs from 2024-03-20, the first day after the wait")
    assert "none from the due date" in reading
    from_due = compute_claim(
        until=date(2024, 3, 20),
        **{**common, "options": ClaimOptions(terms_clause=True, be_b2c_interest_from="due")},
    )
    assert from_due.periods[0].start == date(2024, 3, 1)
    assert from_due.interest > after.interest
    assert from_due.basis[-1].startswith("Interest reaches back to the day after the due date")


def test_be_b2c_without_reminder_claims_principal_only() -> None:
    claim = compute_claim(
        regime="be-b2c",
        currency="EUR",
        principal=D("400"),
        due=date(2024, 2, 29),
        until=date(2024, 12, 31),
    )
    assert claim.total == D("400")
    assert claim.costs_allowed_from is None
    assert claim.clock.limited
    assert any("first reminder" in warning for warning in claim.warnings)


def test_be_b2c_agreed_rate_capped_at_the_b2b_rate() -> None:
    common = {
        "regime": "be-b2c",
        "currency": "EUR",
        "principal": D("1000"),
        "due": date(2024, 2, 29),
        "until": date(2024, 12, 31),
        "letters": [first_reminder(date(2024, 3, 1), "email")],
    }
    valid = compute_claim(rate=D("10"), **common)
    assert {p.rate for p in valid.periods} == {D("10")}
    void = compute_claim(rate=D("13"), **common)  # above the 12.5 % cap in 2024
    assert {p.rate for p in void.periods} == {D("5.75")}  # legal interest 2024
    assert any("void" in warning for warning in void.warnings)


def test_statutory_due_date_is_for_b2b_only() -> None:
    with pytest.raises(InputError):
        statutory_due_date("nl-b2c", date(2024, 1, 10))


def test_the_profile_chooses_the_reading_and_refuses_others() -> None:
    from casetui.profile import Profile, validate_profile

    assert Profile().claim_terms().options.be_b2c_interest_from == "wait-end"
    due = Profile(consumer_interest_from="due").claim_terms().options
    assert due.be_b2c_interest_from == "due"
    assert "consumer interest from 'start': use wait-end or due" in validate_profile(
        Profile(consumer_interest_from="start")
    )
