"""The check catches each fault it is there for, and a clean letter has no blocks."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest

from casetui.law import add_business_days
from casetui.letters import (
    FindingSeverity,
    LetterFacts,
    check_letter,
    edit_draft,
    prepare_letter,
    render_draft,
)
from casetui.model import Channel, LetterKind
from tests.support import TODAY

SUNDAY = date(2026, 12, 6)
CHRISTMAS = date(2026, 12, 25)  # a Friday


def codes(draft, severity=FindingSeverity.BLOCK):  # type: ignore[no-untyped-def]
    return {f.code for f in draft.findings if f.severity is severity}


def prepare(world, profile, key, kind, **options):  # type: ignore[no-untyped-def]
    options.setdefault("sent_on", TODAY)
    return prepare_letter(world.ledger, world.cases[key]["a"], kind, profile=profile, **options)


def test_a_clean_letter_has_no_blocks(world, profile) -> None:
    for kind in ("reminder", "second-reminder", "formal-notice"):
        draft = prepare(world, profile, ("BE", "business"), kind)
        assert not draft.blocked, draft.blocks
        assert codes(draft, FindingSeverity.WARNING) == set()


def test_missing_iban_blocks_and_is_not_left_blank(world, profile) -> None:
    draft = prepare(world, dataclasses.replace(profile, iban=""), ("BE", "business"), "reminder")
    assert "missing-iban" in codes(draft)
    assert "[missing: IBAN]" in render_draft(draft, "txt")  # visible, never a blank


def test_missing_enterprise_number_blocks_a_belgian_creditor(world, profile) -> None:
    draft = prepare(world, dataclasses.replace(profile, vat=""), ("BE", "business"), "reminder")
    assert "missing-enterprise-number" in codes(draft)


def test_missing_registration_blocks_any_formal_notice(world, profile) -> None:
    dutch = dataclasses.replace(profile, country="NL", vat="", company_no="")
    assert "missing-enterprise-number" in codes(
        prepare(world, dutch, ("NL", "business"), "formal-notice")
    )
    assert "missing-enterprise-number" in codes(
        prepare(world, dutch, ("NL", "business"), "reminder"), FindingSeverity.WARNING
    )


@pytest.mark.parametrize(
    ("needle", "code"),
    [
        (
            "Act of 2 August 2002 on combating late payment in commercial transactions (art. 5)",
            "missing-interest-basis",
        ),
        ("10.5%", "missing-interest-rate"),
        ("1 October 2026", "missing-interest-period"),
    ],
)
def test_formal_notice_without_interest_basis_rates_or_periods_blocks(
    world, profile, needle, code
) -> None:
    draft = prepare(world, profile, ("BE", "business"), "formal-notice", lang="en")
    assert not draft.blocked
    assert needle in draft.body
    edited = edit_draft(draft, draft.body.replace(needle, "..."))
    assert code in codes(edited)


def test_costs_charged_on_a_consumer_before_the_clock_allows_them_block() -> None:
    facts = LetterFacts(
        kind=LetterKind.FORMAL_NOTICE,
        regime="nl-b2c",
        consumer=True,
        statutory=False,
        sent_on=TODAY,
        channel=Channel.POST,
        deadline=TODAY + timedelta(days=14),
        minimum_deadline=None,
        minimum_reason="",
        calendar_country="NL",
        costs_charged=Decimal("150.00"),
        interest_charged=Decimal("0"),
        costs_allowed_from=TODAY + timedelta(days=3),
        clock_limited=True,
        clock_gates_interest=False,
    )
    assert "costs-too-early" in {f.code for f in check_letter(facts, "")}
    no_letter = dataclasses.replace(facts, costs_allowed_from=None)
    assert "costs-too-early" in {f.code for f in check_letter(no_letter, "")}
    allowed = dataclasses.replace(facts, costs_allowed_from=TODAY)
    assert "costs-too-early" not in {f.code for f in check_letter(allowed, "")}
    belgian_interest = dataclasses.replace(
        facts,
        regime="be-b2c",
        costs_charged=Decimal(0),
        interest_charged=Decimal("3.10"),
        clock_gates_interest=True,
    )
    assert "costs-too-early" in {f.code for f in check_letter(belgian_interest, "")}


def test_a_statutory_letter_may_not_charge_anything() -> None:
    facts = LetterFacts(
        kind=LetterKind.REMINDER,
        regime="be-b2c",
        consumer=True,
        statutory=True,
        sent_on=TODAY,
        channel=Channel.EMAIL,
        deadline=TODAY + timedelta(days=15),
        minimum_deadline=TODAY + timedelta(days=14),
        minimum_reason="the wait",
        calendar_country="BE",
        costs_charged=Decimal("20.00"),
        interest_charged=Decimal(0),
        costs_allowed_from=None,
        clock_limited=True,
        clock_gates_interest=True,
    )
    assert "statutory-not-free" in {f.code for f in check_letter(facts, "")}


def test_consumer_statutory_deadline_shorter_than_the_law_blocks(world, profile) -> None:
    belgian = prepare(world, profile, ("BE", "consumer"), "reminder", deadline=TODAY + timedelta(8))
    assert belgian.statutory
    assert "deadline-too-short" in codes(belgian)
    dutch = prepare(world, profile, ("NL", "consumer"), "reminder", deadline=TODAY + timedelta(10))
    assert dutch.statutory
    assert "deadline-too-short" in codes(dutch)
    consumer_notice = prepare(
        world, profile, ("BE", "consumer"), "formal-notice", deadline=TODAY + timedelta(7)
    )
    assert "deadline-too-short" in codes(consumer_notice)


def test_five_business_days_to_a_uk_individual_blocks(world, profile) -> None:
    five = add_business_days(TODAY, 5, "BE")
    draft = prepare(world, profile, ("GB", "consumer"), "formal-notice", deadline=five)
    assert draft.variant == "uk-individual"
    assert "deadline-too-short" in codes(draft)
    default = prepare(world, profile, ("GB", "consumer"), "formal-notice")
    assert default.deadline == TODAY + timedelta(days=30)
    assert not default.blocked


def test_a_uk_business_that_may_be_a_sole_trader_is_flagged(world, profile) -> None:
    sole = dataclasses.replace(
        world.ledger.customer(world.customers[("GB", "business")]), name="Kestrel Print", vat=""
    )
    world.ledger.update_customer(sole)
    draft = prepare(world, profile, ("GB", "business"), "formal-notice")
    assert "protocol-individual" in codes(draft, FindingSeverity.WARNING)
    assert draft.variant == "uk-individual"
    assert (draft.deadline - TODAY).days >= 30


@pytest.mark.parametrize("deadline", [SUNDAY, CHRISTMAS], ids=["sunday", "holiday"])
def test_a_deadline_on_a_day_off_is_a_warning(world, profile, deadline) -> None:
    draft = prepare(world, profile, ("BE", "business"), "reminder", deadline=deadline)
    assert "deadline-on-day-off" in codes(draft, FindingSeverity.WARNING)
    assert not draft.blocked


def test_computed_deadlines_never_fall_on_a_day_off(world, profile) -> None:
    # 14 days after Saturday 5 December 2026 is Saturday 19 December.
    saturday = date(2026, 12, 5)
    draft = prepare(world, profile, ("BE", "business"), "reminder", sent_on=saturday)
    assert draft.deadline == date(2026, 12, 21)
    assert "deadline-on-day-off" not in codes(draft, FindingSeverity.WARNING)


def test_extrapolated_rates_must_be_disclosed(world, profile) -> None:
    draft = prepare(world, profile, ("BE", "business"), "formal-notice", lang="en")
    note = "The official rate for the second half of 2026 has not been published yet"
    assert note in draft.body
    edited = edit_draft(draft, draft.body.replace(note, "The rate"))
    assert "rates-not-disclosed" in codes(edited)


def test_belgian_first_reminder_mandatory_mentions(world, profile) -> None:
    draft = prepare(world, profile, ("BE", "consumer"), "reminder", lang="nl")
    assert draft.statutory and draft.variant == "be-b2c" and not draft.blocked
    for needle in ("14 kalenderdagen", "BE 0767.123.411", "30 september 2026", "4,5 %"):
        edited = edit_draft(draft, draft.body.replace(needle, "..."))
        assert "missing-mandatory-wording" in codes(edited), needle


def test_dutch_fourteen_day_letter_mandatory_wording(world, profile) -> None:
    draft = prepare(world, profile, ("NL", "consumer"), "reminder", lang="nl")
    assert draft.statutory and draft.variant == "nl-b2c" and not draft.blocked
    phrase = "binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd"
    assert phrase in draft.body
    wrong = edit_draft(draft, draft.body.replace(phrase, "binnen 14 dagen na dagtekening"))
    assert "missing-mandatory-wording" in codes(wrong)
    other = edit_draft(
        draft, draft.body.replace(phrase, "binnen vijftien dagen nadat deze brief bij u is bezorgd")
    )
    assert "missing-mandatory-wording" not in codes(other)
    costs = "€ 181,50"  # WIK on 1,210.00
    assert costs in draft.body
    assert "missing-mandatory-wording" in codes(edit_draft(draft, draft.body.replace(costs, "")))


def test_dutch_fourteen_day_letter_should_cover_every_claim(world, profile) -> None:
    one = prepare(world, profile, ("NL", "consumer"), "reminder")
    assert "claims-not-in-one-letter" in codes(one, FindingSeverity.WARNING)
    key = ("NL", "consumer")
    both = prepare_letter(
        world.ledger,
        [world.cases[key]["a"], world.cases[key]["b"]],
        "reminder",
        profile=profile,
        sent_on=TODAY,
    )
    assert "claims-not-in-one-letter" not in codes(both, FindingSeverity.WARNING)
    # The WIK scale applies once to the sum: 15 % of 1,573.00.
    assert "€ 235,95" in both.body


def test_a_letter_before_the_due_date_blocks(world, profile) -> None:
    draft = prepare(world, profile, ("BE", "business"), "reminder", sent_on=date(2026, 9, 20))
    assert "not-overdue" in codes(draft)


def test_a_posted_letter_needs_the_debtor_address(world, profile) -> None:
    customer = world.ledger.customer(world.customers[("BE", "business")])
    world.ledger.update_customer(dataclasses.replace(customer, address=""))
    posted = prepare(world, profile, ("BE", "business"), "formal-notice")
    assert "missing-debtor-address" in codes(posted)
    emailed = prepare(world, profile, ("BE", "business"), "reminder", channel="email")
    assert "missing-debtor-address" not in codes(emailed)


def test_every_letter_carries_the_not_legal_advice_note_for_the_user(world, profile) -> None:
    draft = prepare(world, profile, ("NL", "business"), "second-reminder")
    assert "not-legal-advice" in codes(draft, FindingSeverity.INFO)
    assert "legal advice" not in draft.text.lower()


def test_the_rate_note_follows_the_rate_wherever_it_is_printed(world, profile) -> None:
    draft = prepare(world, profile, ("NL", "consumer"), "reminder", lang="en")
    note = "The official rate for the second half of 2026 has not been published yet"
    assert note in draft.body and "4% a year" in draft.body
    without_note = edit_draft(draft, draft.body.replace(note, "The rate"))
    assert "rates-not-disclosed" in codes(without_note)
    # A letter that no longer states the rate needs no note about it.
    sentence = draft.body.split("In addition, statutory interest")[1].split("\n")[0]
    plain = draft.body.replace("In addition, statutory interest" + sentence, "")
    plain = "\n".join(line for line in plain.splitlines() if not line.startswith(note))
    assert "4%" not in plain
    assert "rates-not-disclosed" not in codes(edit_draft(draft, plain))


def test_a_pending_promise_is_a_warning_until_its_date_has_passed(world, profile) -> None:
    from casetui.model import Promise

    case_id = world.cases[("BE", "business")]["a"]
    state = world.ledger.case(case_id)
    by = TODAY + timedelta(days=10)
    world.ledger.append(case_id, Promise(date=TODAY, amount=state.outstanding, by=by))
    draft = prepare(world, profile, ("BE", "business"), "second-reminder")
    warning = next(f for f in draft.findings if f.code == "promise-pending")
    assert warning.severity is FindingSeverity.WARNING and by.isoformat() in warning.message
    later = prepare(
        world, profile, ("BE", "business"), "second-reminder", sent_on=by + timedelta(days=1)
    )
    assert "promise-pending" not in codes(later, FindingSeverity.WARNING)
