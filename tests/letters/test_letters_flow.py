"""Proposing the next letter, recording it, and what the timeline makes of it."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest

from casetui.errors import InputError
from casetui.letters import edit_draft, next_letter, prepare_letter, propose_letter, record_letter
from casetui.model import (
    Channel,
    DisputeOpened,
    HandoverTo,
    LetterKind,
    LetterSent,
    Note,
    Stage,
)
from casetui.timeline import Reason
from casetui.workdays import roll_forward
from tests.support import TODAY


def state_of(world, key, which="a"):  # type: ignore[no-untyped-def]
    return world.ledger.case(world.cases[key][which])


def customer_of(world, key):  # type: ignore[no-untyped-def]
    return world.ledger.customer(world.customers[key])


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (("BE", "business"), LetterKind.REMINDER),
        (("BE", "consumer"), LetterKind.REMINDER),
        (("NL", "consumer"), LetterKind.REMINDER),
        (("GB", "consumer"), LetterKind.REMINDER),
    ],
)
def test_the_first_letter(world, profile, key, expected) -> None:
    assert next_letter(state_of(world, key), customer_of(world, key), profile, TODAY) is expected


def test_nothing_before_the_due_date_or_on_a_disputed_case(world, profile) -> None:
    key = ("BE", "business")
    state, customer = state_of(world, key), customer_of(world, key)
    proposal = propose_letter(state, customer, profile, state.due)
    assert proposal.kind is None and "not overdue" in proposal.reason
    world.ledger.append(state.id, DisputeOpened(date=TODAY, reason="wrong hours"))
    proposal = propose_letter(world.ledger.case(state.id), customer, profile, TODAY)
    assert proposal.kind is None and "disputed" in proposal.reason


def test_a_settled_dispute_asks_for_its_confirmation_first(world, profile) -> None:
    key = ("BE", "business")
    settled = state_of(world, key, "settled")
    assert next_letter(settled, customer_of(world, key), profile, TODAY) is LetterKind.SETTLEMENT


def test_the_ladder_for_a_business(world, profile) -> None:
    key = ("BE", "business")
    case_id = world.cases[key]["a"]
    customer = customer_of(world, key)
    day = TODAY
    for expected_kind, expected_stage in [
        (LetterKind.REMINDER, Stage.REMINDER),
        (LetterKind.SECOND_REMINDER, Stage.SECOND_REMINDER),
        (LetterKind.FORMAL_NOTICE, Stage.FORMAL_NOTICE),
    ]:
        world.ledger.today = day  # each letter goes out on its own day
        state = world.ledger.case(case_id)
        assert next_letter(state, customer, profile, day) is expected_kind
        draft = prepare_letter(world.ledger, case_id, profile=profile, sent_on=day)
        assert draft.kind is expected_kind
        (state,) = record_letter(world.ledger, draft)
        assert state.stage is expected_stage
        assert state.next_action.arose == draft.deadline + timedelta(days=1)
        assert state.next_action.date == roll_forward(state.next_action.arose, "")
        assert state.next_action.reason is Reason.DEADLINE_PASSED
        day = state.next_action.date
    state = world.ledger.case(case_id)
    assert next_letter(state, customer, profile, day) is LetterKind.HANDOVER


def test_recording_freezes_the_text_and_sets_the_deadline(world, profile) -> None:
    key = ("BE", "business")
    case_id = world.cases[key]["a"]
    draft = prepare_letter(
        world.ledger, case_id, "formal-notice", profile=profile, sent_on=TODAY, lang="nl"
    )
    assert draft.channel is Channel.REGISTERED
    # Five business days from Monday 23 November 2026.
    assert draft.deadline == date(2026, 11, 30)
    edited = edit_draft(draft, draft.body + "\nPS: bel ons gerust.\n")
    (state,) = record_letter(world.ledger, edited, tracking="RR123456785BE")
    letters = [e for e in state.timeline() if isinstance(e, LetterSent)]
    assert len(letters) == 1
    sent = letters[0]
    assert sent.text == edited.text and "PS: bel ons gerust." in sent.text
    assert sent.deadline == date(2026, 11, 30)
    assert sent.tracking == "RR123456785BE"
    assert sent.language == "nl" and sent.channel is Channel.REGISTERED
    assert not sent.statutory and sent.covers == ()
    assert state.stage is Stage.FORMAL_NOTICE


def test_a_customer_letter_records_one_event_per_case(world, profile) -> None:
    key = ("NL", "consumer")
    ids = [world.cases[key]["a"], world.cases[key]["b"]]
    draft = prepare_letter(world.ledger, ids, profile=profile, sent_on=TODAY)
    assert draft.kind is LetterKind.REMINDER and draft.statutory and draft.variant == "nl-b2c"
    states = record_letter(world.ledger, draft)
    for state, other in zip(states, reversed(ids), strict=True):
        sent = state.timeline()[-1]
        assert isinstance(sent, LetterSent) and sent.statutory
        assert sent.covers == (other,)
        assert sent.text == draft.text
        assert state.stage is Stage.REMINDER
    # The 14-day letter now starts the legal clock: the next letter is the second reminder.
    customer = customer_of(world, key)
    assert next_letter(states[0], customer, profile, TODAY + timedelta(30)) is (
        LetterKind.SECOND_REMINDER
    )


def test_belgian_statutory_deadline_depends_on_the_channel(world, profile) -> None:
    key = ("BE", "consumer")
    case_id = world.cases[key]["a"]
    mail = prepare_letter(world.ledger, case_id, profile=profile, sent_on=TODAY, channel="email")
    post = prepare_letter(world.ledger, case_id, profile=profile, sent_on=TODAY, channel="post")
    # E-mail: day 1 is 24 Nov, day 14 is 7 Dec. Post: day 1 is the third working day after
    # posting (26 Nov), day 14 is 9 Dec.
    assert mail.deadline == date(2026, 12, 7)
    assert post.deadline == date(2026, 12, 9)
    assert "26 november 2026" in post.body


def test_a_blocked_or_stale_draft_is_refused(world, profile) -> None:
    import dataclasses

    key = ("BE", "business")
    case_id = world.cases[key]["a"]
    blocked = prepare_letter(
        world.ledger,
        case_id,
        "reminder",
        profile=dataclasses.replace(profile, iban=""),
        sent_on=TODAY,
    )
    with pytest.raises(InputError, match="IBAN"):
        record_letter(world.ledger, blocked)
    draft = prepare_letter(world.ledger, case_id, "reminder", profile=profile, sent_on=TODAY)
    world.ledger.append(case_id, Note(date=TODAY, text="called"))
    with pytest.raises(InputError, match="changed since"):
        record_letter(world.ledger, draft)
    assert not any(isinstance(e, LetterSent) for e in world.ledger.case(case_id).timeline())


def test_handover_records_the_handover(world, profile) -> None:
    key = ("GB", "business")
    case_id = world.cases[key]["a"]
    draft = prepare_letter(
        world.ledger,
        case_id,
        "handover",
        profile=profile,
        sent_on=TODAY,
        handover_to="lawyer",
        agent="Ashby & Co Solicitors",
        lang="en",
    )
    assert draft.header.recipient_lines == ("Ashby & Co Solicitors",)
    # A hand-over file is for the creditor's own agent: the profile's language by default.
    assert (
        prepare_letter(world.ledger, case_id, "handover", profile=profile, sent_on=TODAY).language
        == "nl"
    )
    assert "10 October 2032" not in draft.body  # due 30 September 2026
    assert "30 September 2032" in draft.body  # six years (Limitation Act 1980)
    (state,) = record_letter(world.ledger, draft)
    assert state.stage is Stage.HANDED_OVER
    assert state.handover.to is HandoverTo.LAWYER and state.handover.name == "Ashby & Co Solicitors"


def test_the_hand_over_states_english_limitation_only_under_english_law(world, profile) -> None:
    """The hand-over file's six years (Limitation Act 1980) follow the law of the contract,
    not the debtor's country: a British client of a Belgian studio whose contract chose no
    law is under Belgian law, and the file leaves the period to the agent."""
    key = ("GB", "business")
    case_id = world.cases[key]["a"]
    customer = world.ledger.customer(world.customers[key])
    assert customer.limitation_law == "ew"  # the test world's: their terms chose English law

    def body() -> str:
        draft = prepare_letter(
            world.ledger, case_id, "handover", profile=profile, sent_on=TODAY, lang="en"
        )
        return draft.body

    assert "Limitation Act 1980" in body()
    world.ledger.update_customer(dataclasses.replace(customer, limitation_law=""))
    text = body()
    assert "Limitation Act 1980" not in text and "30 September 2032" not in text
    assert "check the limitation period under the governing law" in text


def test_settlement_confirmation_records_the_first_instalment_as_a_promise(world, profile) -> None:
    key = ("BE", "business")
    case_id = world.cases[key]["settled"]
    plan = [(date(2026, 12, 10), Decimal("100.00")), (date(2027, 1, 10), Decimal("125.00"))]
    draft = prepare_letter(
        world.ledger, case_id, "settlement", profile=profile, sent_on=TODAY, instalments=plan
    )
    assert not draft.blocked, draft.blocks
    assert draft.deadline == date(2026, 12, 10)
    (state,) = record_letter(world.ledger, draft)
    assert state.promise is not None
    assert state.promise.amount.amount == Decimal("100.00")
    assert state.promise.by == date(2026, 12, 10)
    wrong = prepare_letter(
        world.ledger,
        world.cases[("NL", "business")]["settled"],
        "settlement",
        profile=profile,
        sent_on=TODAY,
        instalments=[(date(2026, 12, 10), Decimal("10.00"))],
    )
    assert "instalments-mismatch" in {f.code for f in wrong.blocks}


def test_a_settlement_letter_needs_a_settlement(world, profile) -> None:
    draft = prepare_letter(
        world.ledger,
        world.cases[("BE", "business")]["a"],
        "settlement",
        profile=profile,
        sent_on=TODAY,
    )
    assert "no-settlement" in {f.code for f in draft.blocks}


def test_bad_input_raises(world, profile) -> None:
    with pytest.raises(InputError, match="no case"):
        prepare_letter(world.ledger, "C-1999-0001", profile=profile, sent_on=TODAY)
    with pytest.raises(InputError, match="one customer"):
        prepare_letter(
            world.ledger,
            [world.cases[("BE", "business")]["a"], world.cases[("NL", "business")]["a"]],
            profile=profile,
            sent_on=TODAY,
        )
    with pytest.raises(InputError, match="unknown letter kind"):
        prepare_letter(
            world.ledger,
            world.cases[("BE", "business")]["a"],
            "invoice",
            profile=profile,
            sent_on=TODAY,
        )
    with pytest.raises(InputError, match="language"):
        prepare_letter(
            world.ledger,
            world.cases[("BE", "business")]["a"],
            profile=profile,
            sent_on=TODAY,
            lang="es",
        )


def test_a_consumer_case_past_the_first_reminder_gets_the_next_step(world, profile) -> None:
    """Issue 18, item 20: at the formal-notice stage (letters sent outside casetui, set by
    hand), `a` proposed a free first reminder. The statutory first letter is proposed while
    the case has not gone past the reminder; past it, the ladder's next letter, and the
    reason says that no statutory reminder is recorded (so no costs are claimed)."""
    from casetui.model import StageChanged

    key = ("BE", "consumer")
    state, customer = state_of(world, key), customer_of(world, key)
    world.ledger.append(state.id, StageChanged(date=TODAY, stage=Stage.FORMAL_NOTICE))
    proposal = propose_letter(world.ledger.case(state.id), customer, profile, TODAY)
    assert proposal.kind is LetterKind.HANDOVER
    assert "no statutory first reminder" in proposal.reason
    world.ledger.append(state.id, StageChanged(date=TODAY, stage=Stage.REMINDER))
    proposal = propose_letter(world.ledger.case(state.id), customer, profile, TODAY)
    assert proposal.kind is LetterKind.REMINDER and "statutory" in proposal.reason


def test_a_combined_letter_recalls_only_an_earlier_step(world, profile) -> None:
    """Issue 18, item 20: a combined second reminder, where one invoice already had one,
    said "we sent you a second reminder" under the title "Second reminder"."""
    key = ("BE", "business")
    a, b = world.cases[key]["a"], world.cases[key]["b"]
    day = TODAY
    for kind in (LetterKind.REMINDER, LetterKind.SECOND_REMINDER):
        world.ledger.today = day
        draft = prepare_letter(world.ledger, b, kind, profile=profile, sent_on=day, lang="en")
        record_letter(world.ledger, draft)
        day += timedelta(days=20)
    world.ledger.today = day
    draft = prepare_letter(
        world.ledger, [a, b], LetterKind.SECOND_REMINDER, profile=profile, sent_on=day, lang="en"
    )
    assert "Second reminder" in draft.text
    assert "we sent you a second reminder" not in draft.text
    assert "we sent you a payment reminder" in draft.text


def test_the_draft_comes_back_on_the_day_the_fold_records(world, profile) -> None:
    """A deadline on a Friday: the preview's "back on the agenda" is the creditor's next
    working day (Monday), the day the recorded letter sets, not Saturday."""
    world.ledger.set_policy(dataclasses.replace(world.ledger.policy, country="GB"))
    case_id = world.cases[("BE", "business")]["a"]
    friday = date(2026, 12, 11)
    draft = prepare_letter(world.ledger, case_id, profile=profile, sent_on=TODAY, deadline=friday)
    assert draft.deadline == friday
    assert draft.next_action == date(2026, 12, 14)
    (state,) = record_letter(world.ledger, draft)
    assert state.next_action.date == draft.next_action


def test_the_draft_skips_the_creditors_holidays(world, profile) -> None:
    """Christmas Eve as the deadline in England: back on Tuesday 29 December (Christmas Day,
    the weekend and the Boxing Day substitute day are no working days)."""
    world.ledger.set_policy(dataclasses.replace(world.ledger.policy, country="GB"))
    case_id = world.cases[("BE", "business")]["a"]
    draft = prepare_letter(
        world.ledger, case_id, profile=profile, sent_on=TODAY, deadline=date(2026, 12, 24)
    )
    assert draft.next_action == date(2026, 12, 29)
    (state,) = record_letter(world.ledger, draft)
    assert state.next_action.date == draft.next_action
