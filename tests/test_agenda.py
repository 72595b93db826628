"""The agenda: who needs action today, why in words, and an urgency order that explains itself."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from casetui.agenda import build_agenda, explain, next_due, score, score_parts
from casetui.model import (
    Call,
    CallOutcome,
    Channel,
    DisputeOpened,
    Event,
    LetterKind,
    LetterSent,
    Payment,
    Promise,
    Snooze,
)
from casetui.timeline import CaseState, fold_events
from tests.support import TODAY, eur, opened


def case(case_id: str, *events: Event, amount: str = "1250.00", due: date = date(2026, 10, 31)):
    numbered = [dataclasses.replace(opened(amount=amount, due=due), id=1)]
    numbered += [dataclasses.replace(e, id=n) for n, e in enumerate(events, start=2)]
    return fold_events(case_id, numbered)


def reasons(cases: list[CaseState]) -> dict[str, str]:
    return {item.case.id: item.reason for item in build_agenda(cases, TODAY)}


def test_each_reason_in_words() -> None:
    cases = [
        case("C-1"),  # overdue since 31 Oct, nothing sent
        case(
            "C-2",
            Promise(date=date(2026, 11, 10), amount=eur("250.00"), by=date(2026, 11, 20)),
        ),
        case(
            "C-3",
            LetterSent(
                date=date(2026, 11, 10),
                letter_kind=LetterKind.FORMAL_NOTICE,
                channel=Channel.REGISTERED,
                deadline=date(2026, 11, 17),
            ),
        ),
        case(
            "C-4",
            Call(date=date(2026, 11, 22), outcome=CallOutcome.NO_ANSWER, next_action=TODAY),
        ),
        case("C-5", Snooze(date=date(2026, 11, 1), until=TODAY, reason="back from holiday")),
        case("C-6", DisputeOpened(date=date(2026, 11, 10), reason="hours billed")),
        case("C-7", Payment(date=date(2026, 11, 20), amount=eur("1250.00"))),
    ]
    assert reasons(cases) == {
        "C-1": "23 days overdue, no reminder yet",
        "C-2": "promise of 250.00 broken 2 days ago",
        "C-3": "formal notice deadline passed 6 days ago",  # the deadline was 17 November
        "C-4": "follow-up due",
        "C-5": "snooze ended: back from holiday",
        "C-6": "dispute open for 13 days: hours billed",
        "C-7": "paid in full: close the case",
    }


def test_cases_that_wait_are_not_on_the_agenda_and_say_what_they_wait_for() -> None:
    waiting = [
        case("C-1", due=TODAY + timedelta(days=5)),
        case("C-2", Snooze(date=date(2026, 11, 20), until=date(2026, 12, 1))),
        case(
            "C-3",
            Promise(date=date(2026, 11, 20), amount=eur("100.00"), by=date(2026, 11, 28)),
        ),
    ]
    assert build_agenda(waiting, TODAY) == []
    words = [explain(c, c.next_action, TODAY) for c in waiting if c.next_action]
    assert words == [
        "first reminder from 2026-12-01",
        "snoozed until 2026-12-01",
        "waiting for the promised 100.00 by 2026-11-28",
    ]
    upcoming = next_due(waiting, TODAY)
    # Broken on Sunday 29 November: back on Monday 30, the first working day.
    assert upcoming is not None and upcoming[0] == date(2026, 11, 30)


def test_the_order_follows_the_score_and_the_score_explains_itself() -> None:
    small_new = case("C-1", amount="80.00", due=date(2026, 11, 19))
    big_broken = case(
        "C-2",
        Promise(date=date(2026, 11, 1), amount=eur("9000.00"), by=date(2026, 11, 10)),
        amount="9000.00",
    )
    items = build_agenda([small_new, big_broken], TODAY)
    assert [item.case.id for item in items] == ["C-2", "C-1"]
    for item in items:
        parts = score_parts(item.case, item.action, TODAY)
        assert (
            item.score == sum(part.points for part in parts) == score(item.case, item.action, TODAY)
        )
    assert items[0].explain_score() == (
        "+40 promise broken, +20 due 12 days ago, +7 23 days overdue, +20 9,000.00 outstanding"
    )


def test_ties_are_broken_by_the_oldest_action_then_the_case_id() -> None:
    first = case("C-2", due=date(2026, 11, 1))
    second = case("C-1", due=date(2026, 11, 1))
    items = build_agenda([first, second], TODAY)
    assert [item.case.id for item in items] == ["C-1", "C-2"]


def test_every_day_the_ladder_computes_lands_on_a_working_day() -> None:
    """Whatever weekday the start falls on, a computed next action (first reminder, the
    ladder's wait, a letter's deadline passed, a dispute or hand-over follow-up, a broken
    promise, a missed instalment) is on the creditor's working day; a snooze stays as
    chosen."""
    from casetui.ladder import LadderPolicy
    from casetui.model import (
        Channel,
        DisputeOpened,
        DisputeSettled,
        HandedOver,
        HandoverTo,
        LetterKind,
        LetterSent,
        PlanInstalment,
        Promise,
        Snooze,
    )
    from casetui.workdays import is_working_day

    policy = LadderPolicy(country="BE")
    saturday = date(2026, 11, 28)
    for shift in range(14):  # two weeks of start days, holidays of December included
        day = date(2026, 11, 16) + timedelta(days=shift)
        scenarios = {
            "first reminder": (),
            "ladder wait": (
                LetterSent(date=day, letter_kind=LetterKind.REMINDER, channel=Channel.POST),
            ),
            "deadline passed": (
                LetterSent(
                    date=day, letter_kind=LetterKind.FORMAL_NOTICE, channel=Channel.REGISTERED,
                    deadline=day + timedelta(days=shift % 7 + 1),
                ),
            ),
            "dispute": (DisputeOpened(date=day, reason="quality"),),
            "hand-over": (HandedOver(date=day, to=HandoverTo.AGENCY),),
            "promise": (Promise(date=day, amount=eur("100.00"), by=day + timedelta(days=2)),),
            "instalment": (
                DisputeSettled(
                    date=day, terms="two", instalments=(
                        PlanInstalment(day + timedelta(days=3), eur("625.00")),
                        PlanInstalment(day + timedelta(days=33), eur("625.00")),
                    ),
                ),
            ),
        }  # fmt: skip
        for name, events in scenarios.items():
            due = day - timedelta(days=10) if name == "first reminder" else date(2026, 10, 31)
            numbered = [dataclasses.replace(opened(due=due, issued=due - timedelta(30)), id=1)]
            numbered += [dataclasses.replace(e, id=n) for n, e in enumerate(events, start=2)]
            action = fold_events("C-1", numbered, policy).next_action
            assert action is not None, name
            assert is_working_day(action.date, "BE"), (name, day, action)
    snoozed = case("C-2", Snooze(date=TODAY, until=saturday)).next_action
    assert snoozed is not None and snoozed.date == saturday  # the user's choice


def test_days_are_counted_from_the_deadline_and_one_day_is_yesterday() -> None:
    """Issue 18, item 10: a deadline of 1 December read "passed yesterday" on 3 December
    (counted from the day the case came back), and one day late read "due 1 days ago"."""
    notice = case(
        "C-1",
        LetterSent(
            date=date(2026, 11, 24),
            letter_kind=LetterKind.SECOND_REMINDER,
            channel=Channel.EMAIL,
            deadline=date(2026, 12, 1),
        ),
    )
    action = notice.next_action
    assert action is not None
    assert explain(notice, action, date(2026, 12, 3)) == (
        "second reminder deadline passed 2 days ago"
    )
    assert explain(notice, action, date(2026, 12, 2)) == "second reminder deadline passed yesterday"
    late = [part.why for part in score_parts(notice, action, date(2026, 12, 3))]
    assert "due yesterday" in late
