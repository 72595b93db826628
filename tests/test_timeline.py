"""Folding a timeline: stage, balance, promise, dispute, snooze and the next action."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from casetui.model import (
    Amended,
    Call,
    CallOutcome,
    Channel,
    Closed,
    CloseReason,
    Credit,
    DisputeOpened,
    DisputeSettled,
    Event,
    HandedOver,
    HandoverTo,
    LetterKind,
    LetterSent,
    Note,
    Payment,
    Promise,
    Reopened,
    Snooze,
    Stage,
    StageChanged,
    Voided,
)
from casetui.timeline import CaseState, Reason, fold_events
from tests.support import eur, opened

DUE = date(2026, 10, 31)


def fold(*events: Event, case_id: str = "C-2026-0001") -> CaseState:
    """Number the events like the ledger does and fold them after the opening."""
    numbered = [dataclasses.replace(opened(customer_id="CUS-0001"), id=1)]
    for number, event in enumerate(events, start=2):
        numbered.append(dataclasses.replace(event, id=number))
    return fold_events(case_id, numbered)


def letter(kind: LetterKind, day: date, deadline: date | None = None, **extra) -> LetterSent:
    return LetterSent(date=day, letter_kind=kind, channel=Channel.EMAIL, deadline=deadline, **extra)


def test_a_new_case_is_open_and_owed_in_full() -> None:
    state = fold()
    assert state.stage is Stage.OPEN
    assert state.outstanding == eur("1250.00")
    assert state.paid == eur("0.00")
    assert state.days_overdue(DUE + timedelta(days=10)) == 10
    assert state.days_overdue(DUE - timedelta(days=10)) == 0
    assert not state.disputed and state.promise is None and state.closed is None


def test_every_field_of_the_state_is_built() -> None:
    state = fold(Note(date=DUE, text="x"))
    missing = [f.name for f in dataclasses.fields(CaseState) if f.name not in vars(state)]
    assert missing == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.stage = Stage.CLOSED  # type: ignore[misc]


def test_overdue_without_reminder_comes_due_after_the_grace_days() -> None:
    action = fold().next_action
    assert action is not None
    assert action.reason is Reason.OVERDUE_NO_REMINDER
    assert action.date == DUE + timedelta(days=3)


def test_letters_move_the_stage_up_and_their_deadline_sets_the_next_action() -> None:
    state = fold(letter(LetterKind.REMINDER, date(2026, 11, 4), date(2026, 11, 18)))
    assert state.stage is Stage.REMINDER
    assert state.next_action is not None
    assert state.next_action.reason is Reason.DEADLINE_PASSED
    assert state.next_action.date == date(2026, 11, 19)
    assert state.next_action.detail == "reminder"

    state = fold(
        letter(LetterKind.REMINDER, date(2026, 11, 4), date(2026, 11, 18)),
        letter(LetterKind.FORMAL_NOTICE, date(2026, 11, 20), date(2026, 11, 27)),
        letter(LetterKind.REMINDER, date(2026, 11, 21)),  # a reminder later does not go back
    )
    assert state.stage is Stage.FORMAL_NOTICE
    assert [item.kind for item in state.letters] == [
        LetterKind.REMINDER,
        LetterKind.FORMAL_NOTICE,
        LetterKind.REMINDER,
    ]


def test_a_letter_without_deadline_waits_the_ladders_time() -> None:
    state = fold(letter(LetterKind.SECOND_REMINDER, date(2026, 11, 4)))
    assert state.next_action is not None
    assert state.next_action.date == date(2026, 11, 4) + timedelta(days=8 + 1)


def test_payments_and_credits_reduce_the_balance_and_full_payment_asks_to_close() -> None:
    state = fold(
        Payment(date=date(2026, 11, 2), amount=eur("250.00")),
        Credit(date=date(2026, 11, 3), amount=eur("100.00"), document="CN-1"),
    )
    assert state.paid == eur("250.00")
    assert state.credited == eur("100.00")
    assert state.outstanding == eur("900.00")

    paid = fold(Payment(date=date(2026, 11, 5), amount=eur("1250.00")))
    assert paid.outstanding == eur("0.00")
    assert paid.next_action is not None
    assert paid.next_action.reason is Reason.PAID_IN_FULL
    assert paid.next_action.date == date(2026, 11, 5)

    over = fold(Payment(date=date(2026, 11, 5), amount=eur("1300.00")))
    assert over.next_action is not None and over.next_action.reason is Reason.OVERPAID


def test_a_backdated_payment_counts_from_its_own_date() -> None:
    state = fold(
        Promise(date=date(2026, 11, 10), amount=eur("500.00"), by=date(2026, 11, 20)),
        Payment(date=date(2026, 11, 9), amount=eur("500.00")),  # typed later, paid before
    )
    assert state.promise is not None
    assert state.promise.paid_since == eur("0.00")  # paid before the promise was made


def test_a_promise_pauses_the_chase_and_breaks_the_day_after_its_date() -> None:
    state = fold(
        letter(LetterKind.REMINDER, date(2026, 11, 1), date(2026, 11, 8)),
        Promise(date=date(2026, 11, 5), amount=eur("1250.00"), by=date(2026, 11, 20)),
    )
    promise = state.promise
    assert promise is not None
    assert not promise.kept
    assert not promise.broken(date(2026, 11, 20))
    assert promise.broken(date(2026, 11, 21))
    # the reminder's deadline (9 Nov) no longer calls: the promise does, broken on Saturday
    # 21 Nov, back on the next working day
    assert state.next_action is not None
    assert state.next_action.reason is Reason.PROMISE_BROKEN
    assert state.next_action.date == date(2026, 11, 23)
    assert state.next_action.arose == date(2026, 11, 21)
    assert state.active_promise(date(2026, 11, 15)) == promise
    assert state.active_promise(date(2026, 11, 25)) is None


def test_a_kept_promise_resumes_the_ladder_for_what_remains() -> None:
    state = fold(
        Promise(date=date(2026, 11, 5), amount=eur("250.00"), by=date(2026, 11, 20)),
        Payment(date=date(2026, 11, 19), amount=eur("250.00")),
    )
    assert state.promise is not None and state.promise.kept
    assert state.outstanding == eur("1000.00")
    assert state.next_action is not None
    assert state.next_action.reason is Reason.OVERDUE_NO_REMINDER


def test_a_promise_breaks_even_when_a_later_follow_up_was_planned() -> None:
    state = fold(
        Promise(date=date(2026, 11, 5), amount=eur("500.00"), by=date(2026, 11, 10)),
        Call(
            date=date(2026, 11, 6),
            outcome=CallOutcome.REACHED,
            next_action=date(2026, 11, 30),
        ),
    )
    assert state.next_action is not None
    assert state.next_action.reason is Reason.PROMISE_BROKEN
    assert state.next_action.date == date(2026, 11, 11)


def test_promises_broken_before_the_latest_are_counted() -> None:
    state = fold(
        Promise(date=date(2026, 11, 1), amount=eur("500.00"), by=date(2026, 11, 3)),
        Promise(date=date(2026, 11, 10), amount=eur("500.00"), by=date(2026, 11, 12)),
        Promise(date=date(2026, 11, 15), amount=eur("500.00"), by=date(2026, 11, 30)),
    )
    assert state.broken_promises == 2


def test_a_call_sets_the_follow_up_and_a_snooze_keeps_the_case_away_until_its_date() -> None:
    state = fold(
        Call(date=date(2026, 11, 5), outcome=CallOutcome.NO_ANSWER, next_action=date(2026, 11, 6))
    )
    assert state.next_action is not None
    assert (state.next_action.reason, state.next_action.date) == (
        Reason.FOLLOW_UP,
        date(2026, 11, 6),
    )
    state = fold(Snooze(date=date(2026, 11, 5), until=date(2026, 12, 1), reason="on holiday"))
    assert state.snoozed_until == date(2026, 12, 1)
    assert state.next_action is not None
    assert state.next_action.reason is Reason.SNOOZE_ENDED
    assert state.next_action.detail == "on holiday"
    assert not state.needs_action(date(2026, 11, 30))
    assert state.needs_action(date(2026, 12, 1))


def test_a_dispute_pauses_the_ladder_and_a_settlement_sets_what_is_still_owed() -> None:
    state = fold(
        letter(LetterKind.REMINDER, date(2026, 11, 1), date(2026, 11, 8)),
        DisputeOpened(date=date(2026, 11, 5), reason="hours billed"),
    )
    assert state.disputed
    assert state.next_action is not None
    assert state.next_action.reason is Reason.DISPUTE_OPEN
    assert state.next_action.date == date(2026, 11, 12)

    settled = fold(
        Payment(date=date(2026, 11, 2), amount=eur("250.00")),
        DisputeOpened(date=date(2026, 11, 5), reason="hours billed"),
        DisputeSettled(date=date(2026, 11, 10), terms="discount", amount=eur("800.00")),
        Payment(date=date(2026, 11, 15), amount=eur("300.00")),
    )
    assert not settled.disputed
    assert settled.settlement is not None
    assert settled.waived == eur("200.00")  # 1000 owed when settling, 800 agreed
    assert settled.outstanding == eur("500.00")  # 800 agreed - 300 paid since


def test_hand_over_and_close_and_reopen() -> None:
    state = fold(
        HandedOver(date=date(2026, 11, 10), to=HandoverTo.AGENCY, name="Incasso Noord"),
    )
    assert state.stage is Stage.HANDED_OVER
    assert state.next_action is not None
    assert state.next_action.reason is Reason.HANDOVER_CHECK
    assert state.next_action.date == date(2026, 12, 10)

    closed = fold(
        letter(LetterKind.SECOND_REMINDER, date(2026, 11, 1)),
        Closed(date=date(2026, 11, 10), reason=CloseReason.WRITTEN_OFF),
    )
    assert closed.stage is Stage.CLOSED
    assert closed.next_action is None
    reopened = fold(
        letter(LetterKind.SECOND_REMINDER, date(2026, 11, 1)),
        Closed(date=date(2026, 11, 10), reason=CloseReason.WRITTEN_OFF),
        Reopened(date=date(2026, 11, 12), reason="they paid part after all"),
    )
    assert reopened.stage is Stage.SECOND_REMINDER
    assert reopened.closed is None


def test_a_stage_set_by_hand_waits_its_time() -> None:
    state = fold(StageChanged(date=date(2026, 11, 10), stage=Stage.SECOND_REMINDER, note="by hand"))
    assert state.stage is Stage.SECOND_REMINDER
    assert state.next_action is not None
    assert state.next_action.reason is Reason.STEP_DUE
    assert state.next_action.date == date(2026, 11, 10) + timedelta(days=9)


def test_voided_events_are_skipped_entirely() -> None:
    state = fold(
        Payment(date=date(2026, 11, 2), amount=eur("250.00")),
        letter(LetterKind.REMINDER, date(2026, 11, 4), date(2026, 11, 18)),
        Voided(date=date(2026, 11, 5), voids=(2, 3), reason="wrong case"),
    )
    assert state.paid == eur("0.00")
    assert state.stage is Stage.OPEN
    assert state.voided_ids == {2, 3}
    assert [event.kind for event in state.timeline()] == ["opened", "payment", "letter", "voided"]


def test_amendments_correct_the_invoice() -> None:
    state = fold(
        Payment(date=date(2026, 11, 2), amount=eur("250.00")),
        Amended(
            date=date(2026, 11, 3), amount=eur("1000.00"), due=date(2026, 11, 15), invoice="F-9"
        ),
    )
    assert state.amount == eur("1000.00")
    assert state.outstanding == eur("750.00")
    assert state.due == date(2026, 11, 15)
    assert state.invoice == "F-9"


def test_an_event_dated_before_the_invoice_is_still_folded_after_the_opening() -> None:
    state = fold(Payment(date=date(2026, 9, 1), amount=eur("100.00")))  # a deposit
    assert state.paid == eur("100.00")
    assert state.outstanding == eur("1150.00")
    assert [event.kind for event in state.timeline()] == ["payment", "opened"]  # date order


def test_acting_on_a_broken_promise_takes_the_case_off_the_agenda_until_the_new_date() -> None:
    broken = fold(
        Promise(date=date(2026, 11, 5), amount=eur("1250.00"), by=date(2026, 11, 10)),
    )
    assert broken.next_action is not None
    assert broken.next_action.reason is Reason.PROMISE_BROKEN
    reacted = fold(
        Promise(date=date(2026, 11, 5), amount=eur("1250.00"), by=date(2026, 11, 10)),
        letter(LetterKind.SECOND_REMINDER, date(2026, 11, 12), date(2026, 11, 20)),
    )
    assert reacted.promise is not None and reacted.promise.broken(date(2026, 11, 12))
    assert reacted.next_action is not None
    assert (reacted.next_action.reason, reacted.next_action.date) == (
        Reason.DEADLINE_PASSED,
        date(2026, 11, 23),  # the deadline ran out on Friday 20: back on Monday
    )
