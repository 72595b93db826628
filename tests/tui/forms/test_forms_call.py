"""The call form: `c`, type, ctrl+s; outcomes by key; proposed next actions; promise, dispute."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from form_helpers import A_WEDNESDAY, make_case, open_form

from casetui.ladder import LadderPolicy
from casetui.model import (
    Call,
    CallOutcome,
    Direction,
    DisputeOpened,
    Promise,
)
from casetui.money import Money
from casetui.tui.forms import CallForm, Confirm


async def test_type_a_note_and_save_logs_a_reached_call() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        assert run.focused_field is run.field("#note")
        assert run.field("#outcome").value is CallOutcome.REACHED
        await run.type("spoke to Anne")
        await run.save()
    assert run.result == (
        Call(
            date=A_WEDNESDAY,
            outcome=CallOutcome.REACHED,
            direction=Direction.OUTBOUND,
            note="spoke to Anne",
            next_action=A_WEDNESDAY + timedelta(weeks=1),
        ),
    )


async def test_promised_records_the_call_and_the_promise() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("pays half on friday")
        await run.press("f6")
        assert run.form.query_one("#promise-group").display
        await run.press("tab")  # the amount, prefilled with the balance and selected
        await run.type("617,28")
        assert run.message("#promise_amount") == "→ 617.28 EUR  part of the invoice balance"
        await run.press("tab")
        await run.type("fri")
        assert run.message("#promise_by") == "→ Fri 2026-03-06 (in 2 days)"
        # the next action follows the promised date: the day after it, on a working day
        # (Saturday 7 March -> Monday 9 March)
        assert run.field("#next_action").text == "2026-03-09"
        await run.save()
    call, promise = run.result
    assert call == Call(
        date=A_WEDNESDAY,
        outcome=CallOutcome.PROMISED,
        note="pays half on friday",
        next_action=date(2026, 3, 9),
    )
    assert promise == Promise(
        date=A_WEDNESDAY, amount=Money(Decimal("617.28"), "EUR"), by=date(2026, 3, 6)
    )


async def test_promised_needs_the_date() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.press("alt+p")
        await run.save()
        assert not run.dismissed
        assert run.focused_field is run.field("#promise_by")
        assert "a date is required" in run.message("#promise_by")
        assert "a date is required" in run.status()


async def test_disputed_opens_a_dispute_with_the_note_as_reason() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.press("f7")
        await run.save()  # no note: a dispute needs its reason
        assert not run.dismissed
        assert "the note becomes the dispute's reason" in run.message("#note")
        await run.type("says the work was late")
        await run.save()
    call, dispute = run.result
    assert call.outcome is CallOutcome.DISPUTED
    assert call.next_action == A_WEDNESDAY + timedelta(days=7)
    assert dispute == DisputeOpened(date=A_WEDNESDAY, reason="says the work was late")


async def test_disputed_on_a_disputed_case_logs_the_call_only() -> None:
    case = make_case(DisputeOpened(date=date(2026, 3, 1), reason="hours"))
    async with open_form(CallForm(case, A_WEDNESDAY)) as run:
        await run.press("alt+d")
        assert "already disputed since 2026-03-01" in run.message("#outcome")
        await run.save()
    (call,) = run.result
    assert call.outcome is CallOutcome.DISPUTED


async def test_next_action_is_proposed_from_the_outcome() -> None:
    steps = [
        ("f3", CallOutcome.NO_ANSWER, "2026-03-05"),  # next working day
        ("alt+v", CallOutcome.VOICEMAIL, "2026-03-05"),
        ("f5", CallOutcome.WRONG_NUMBER, "2026-03-05"),
        ("alt+p", CallOutcome.PROMISED, ""),  # the day after the promised date, once typed
        ("f7", CallOutcome.DISPUTED, "2026-03-11"),  # the ladder's dispute follow-up
        ("f2", CallOutcome.REACHED, "2026-03-11"),  # a week
        ("alt+n", CallOutcome.NO_ANSWER, "2026-03-05"),
        ("alt+r", CallOutcome.REACHED, "2026-03-11"),
    ]
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        for key, outcome, next_action in steps:
            await run.press(key)
            assert run.field("#outcome").value is outcome, key
            assert run.field("#next_action").text == next_action, key
            assert run.focused_field is run.field("#note"), key  # the note keeps the focus


async def test_the_form_follows_the_profile_s_ladder_and_working_days() -> None:
    """Regression: the form used the default dispute follow-up whatever the profile said."""
    policy = LadderPolicy(dispute_follow_up_days=3, country="BE")
    maundy_thursday = date(2026, 4, 2)  # Easter Monday 6 April is a Belgian holiday
    form = CallForm(make_case(), maundy_thursday, policy=policy)
    async with open_form(form) as run:
        await run.press("f7")  # disputed: Sunday 5 April -> after Easter Monday
        assert run.field("#next_action").text == "2026-04-07"
        await run.press("f3")  # no answer: Friday 3 April is a working day in Belgium
        assert run.field("#next_action").text == "2026-04-03"


async def test_a_typed_next_action_is_kept_when_the_outcome_changes() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.press("tab")
        assert run.focused_field is run.field("#next_action")
        await run.type("+2d")
        assert run.message("#next_action") == "→ Fri 2026-03-06 (in 2 days)"
        await run.press("f3")
        assert run.field("#next_action").text == "+2d"
        await run.save()
    (call,) = run.result
    assert call.outcome is CallOutcome.NO_ANSWER
    assert call.next_action == date(2026, 3, 6)


async def test_a_bad_next_action_is_refused_where_it_was_typed() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("no luck")
        for typed, error in [
            ("03/04/2026", "ambiguous date '03/04/2026'"),
            ("soon", "not a date: 'soon'"),
            ("yesterday", "2026-03-03 is in the past"),
        ]:
            run.app.set_focus(run.field("#note").control)
            await run.press("tab", "ctrl+u")
            await run.type(typed)
            assert error in run.message("#next_action")
            await run.press("shift+tab")  # back to the note, then save
            await run.save()
            assert not run.dismissed
            assert run.focused_field is run.field("#next_action")
            assert error in run.status()


async def test_an_empty_next_action_lets_the_ladder_decide() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.press("tab")
        # Under load the focus can land a frame after the key: ctrl+u must reach the date.
        for _ in range(50):
            if run.focused_field is run.field("#next_action"):
                break
            await run.pilot.pause()
        assert run.focused_field is run.field("#next_action")
        await run.press("ctrl+u")
        assert "the ladder decides" in run.message("#next_action")
        await run.save()
    (call,) = run.result
    assert call.next_action is None


async def test_inbound_by_key_and_outcome_by_arrows() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.press("f8")
        assert run.field("#direction").value is Direction.INBOUND
        await run.press("shift+tab", "shift+tab")  # note -> direction -> outcome
        assert run.focused_field is run.field("#outcome")
        await run.press("right")  # arrows choose at once
        assert run.field("#outcome").value is CallOutcome.NO_ANSWER
        await run.save()
    (call,) = run.result
    assert call.direction is Direction.INBOUND
    assert call.outcome is CallOutcome.NO_ANSWER


async def test_escape_returns_none() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("never mind")
        await run.press("escape")  # typed text: asked first (issue 18, item 17)
        assert isinstance(run.app.screen, Confirm)
        assert "note" in str(run.app.screen.question)
        await run.press("y")
    assert run.result is None


async def test_multi_line_note_is_kept_as_typed() -> None:
    async with open_form(CallForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("line one")
        await run.press("enter")
        await run.type("[red]two[/]")
        await run.save()
    (call,) = run.result
    assert call.note == "line one\n[red]two[/]"
