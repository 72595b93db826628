"""Note, payment, promise, dispute, snooze, close and stage forms, each alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from form_helpers import A_WEDNESDAY, make_case, open_app, open_form

from casetui.model import (
    Closed,
    CloseReason,
    DisputeOpened,
    DisputeSettled,
    Note,
    Payment,
    Promise,
    Snooze,
    Stage,
    StageChanged,
)
from casetui.money import Money
from casetui.tui.forms import (
    CloseForm,
    DisputeForm,
    NoteForm,
    PaymentForm,
    PromiseForm,
    SnoozeForm,
    StageForm,
)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


# --------------------------------------------------------------------------- note


async def test_note_keeps_lines_and_refuses_an_empty_note() -> None:
    async with open_form(NoteForm(make_case(), A_WEDNESDAY)) as run:
        assert run.focused_field is run.field("#text")
        await run.save()
        assert not run.dismissed
        assert run.message("#text") == "the note is empty"
        await run.type("rang twice")
        await run.press("enter")
        await run.type("[@click=app.quit] sent")
        await run.save()
    assert run.result == (Note(date=A_WEDNESDAY, text="rang twice\n[@click=app.quit] sent"),)


async def test_note_escape_returns_none() -> None:
    async with open_form(NoteForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("draft")
        await run.press("escape", "y")  # asked first: the draft was typed
    assert run.result is None


# --------------------------------------------------------------------------- payment


async def test_payment_of_the_balance_closes_the_case_as_paid() -> None:
    async with open_form(PaymentForm(make_case(), A_WEDNESDAY)) as run:
        assert run.focused_field is run.field("#amount")
        assert run.field("#amount").text == "1234.56"
        assert run.message("#amount") == "→ 1,234.56 EUR  pays the balance in full"
        assert run.field("#close").value is True
        await run.save()
    assert run.result == (
        Payment(date=A_WEDNESDAY, amount=eur("1234.56"), method="bank transfer"),
        Closed(date=A_WEDNESDAY, reason=CloseReason.PAID),
    )


async def test_part_payment_keeps_the_case_open() -> None:
    async with open_form(PaymentForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("1.000,5")  # replaces the selected default
        assert run.message("#amount") == "→ 1,000.50 EUR  part payment, leaves 234.06 EUR"
        assert run.field("#close").value is False
        await run.press("tab")
        await run.type("-2d")
        assert run.message("#day") == "→ Mon 2026-03-02 (2 days ago)"
        await run.press("tab")
        await run.type("cash")  # replaces the selected default
        await run.press("tab")
        await run.type("receipt 7 [red]")
        await run.save()
    assert run.result == (
        Payment(
            date=date(2026, 3, 2), amount=eur("1000.50"), method="cash", reference="receipt 7 [red]"
        ),
    )


async def test_an_amount_beyond_what_casetui_takes_is_refused_in_the_field() -> None:
    """Regression: 29 digits ran out of Decimal's 28 while the field checked it as typed:
    InvalidOperation took the whole app down."""
    async with open_form(PaymentForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("9" * 29)
        assert "is more than casetui takes" in run.message("#amount")
        await run.save()
        assert not run.dismissed


async def test_overpayment_warns_but_is_allowed_and_closing_can_be_declined() -> None:
    async with open_form(PaymentForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("1300")
        assert run.message("#amount") == "→ 1,300.00 EUR  more than the balance: overpays 65.44 EUR"
        line = run.form.query_one("#amount .field--message")
        assert line.has_class("-warning")
        assert run.field("#close").value is True
        run.field("#close").control.focus()
        await run.press("space")  # untick: keep the case open
        await run.save()
    (payment,) = run.result
    assert payment.amount == eur("1300.00")


async def test_payment_refuses_ambiguous_amounts_and_future_dates() -> None:
    async with open_form(PaymentForm(make_case(), A_WEDNESDAY)) as run:
        await run.type("1,234")
        assert "ambiguous amount '1,234'" in run.message("#amount")
        await run.press("tab")
        await run.type("tomorrow")
        assert run.message("#day").startswith("2026-03-05 is in the future")
        await run.save()
        assert not run.dismissed
        assert run.focused_field is run.field("#amount")  # the first invalid field
        assert "ambiguous" in run.status()
        await run.type("1234,5")
        await run.save()
        assert not run.dismissed
        assert run.focused_field is run.field("#day")
        await run.press("ctrl+u")
        await run.type("today")
        await run.save()
    (payment,) = run.result  # 1234.50 leaves 0.06: the close box followed the amount
    assert payment.amount == eur("1234.50")


async def test_payment_on_a_closed_case_does_not_offer_closing() -> None:
    case = make_case(Closed(date=date(2026, 3, 1), reason=CloseReason.WRITTEN_OFF))
    async with open_form(PaymentForm(case, A_WEDNESDAY)) as run:
        assert not run.form.shown(run.field("#close"))
        assert "late payment" in run.message("#amount")
        await run.save()
    assert run.result == (Payment(date=A_WEDNESDAY, amount=eur("1234.56"), method="bank transfer"),)


# --------------------------------------------------------------------------- promise


async def test_promise_needs_a_date_from_today_on() -> None:
    async with open_form(PromiseForm(make_case(), A_WEDNESDAY)) as run:
        await run.press("tab")
        assert run.focused_field is run.field("#by")
        await run.save()
        assert not run.dismissed
        assert "a date is required" in run.message("#by")
        await run.type("yesterday")
        assert "in the past" in run.message("#by")
        await run.press("ctrl+u")
        await run.type("+2w")
        assert run.message("#by") == "→ Wed 2026-03-18 (in 14 days)"
        await run.press("tab")
        await run.type("by bank, said Anne")
        await run.save()
    assert run.result == (
        Promise(
            date=A_WEDNESDAY, amount=eur("1234.56"), by=date(2026, 3, 18), note="by bank, said Anne"
        ),
    )


async def test_the_promise_says_what_the_balance_leaves_out() -> None:
    """Issue 18, item 7: after a part payment went to costs and interest first, the promise
    form called the invoice balance "the whole balance" while more was owed today."""
    case = make_case(Payment(id=2, date=date(2026, 3, 1), amount=eur("500.00")))
    async with open_form(PromiseForm(case, A_WEDNESDAY, owed_today=Decimal("769.64"))) as run:
        assert run.message("#amount") == (
            "→ 734.56 EUR  the invoice balance; 769.64 EUR is owed today with interest and costs"
        )
        await run.press("ctrl+u")
        await run.type("769.64")
        assert run.message("#amount") == (
            "→ 769.64 EUR  all that is owed today, interest and costs included"
        )
        await run.press("ctrl+u")
        await run.type("800")
        assert run.message("#amount") == "→ 800.00 EUR  more than is owed"


# --------------------------------------------------------------------------- dispute


async def test_dispute_opens_with_a_required_reason() -> None:
    async with open_form(DisputeForm(make_case(), A_WEDNESDAY)) as run:
        assert run.form.query_one("#form-dialog").border_title == "Open a dispute"
        await run.save()
        assert not run.dismissed
        assert run.message("#reason") == "say what the debtor disputes"
        await run.type("hours <script> not agreed")
        await run.save()
    assert run.result == (DisputeOpened(date=A_WEDNESDAY, reason="hours <script> not agreed"),)


async def test_dispute_settles_with_terms_and_an_optional_agreed_amount() -> None:
    case = make_case(DisputeOpened(date=date(2026, 2, 20), reason="[/] hours"))
    async with open_form(DisputeForm(case, A_WEDNESDAY)) as run:
        assert run.form.query_one("#form-dialog").border_title == "Settle the dispute"
        info = str(run.form.query_one("#dispute-reason").render())
        assert info == "Disputed since 2026-02-20: [/] hours"
        await run.type("10 % off")
        await run.press("tab")
        await run.type("1111,10")
        assert run.message("#agreed") == (
            "→ 1,111.10 EUR  they still pay this; 123.46 EUR of the balance is waived"
        )
        await run.save()
    assert run.result == (
        DisputeSettled(date=A_WEDNESDAY, terms="10 % off", amount=eur("1111.10")),
    )


async def test_dispute_settled_without_an_amount_keeps_the_claim() -> None:
    case = make_case(DisputeOpened(date=date(2026, 2, 20), reason="hours"))
    async with open_form(DisputeForm(case, A_WEDNESDAY)) as run:
        await run.press("tab")
        await run.save()  # terms missing
        assert run.focused_field is run.field("#terms")
        await run.type("they pay in full after all")
        await run.save()
    assert run.result == (DisputeSettled(date=A_WEDNESDAY, terms="they pay in full after all"),)


async def test_a_payment_plan_without_a_dispute_with_a_revival_clause() -> None:
    from casetui.model import PlanInstalment
    from casetui.tui.forms import SettlementForm

    case = make_case()
    assert not case.disputed
    async with open_form(SettlementForm(case, A_WEDNESDAY)) as run:
        assert run.form.query_one("#form-dialog").border_title == "Settlement or payment plan"
        assert not run.form.query("#dispute-reason")
        await run.type("two instalments")
        run.field("#instalments").text = "2026-04-15 617.28\n+2m 617.28"  # type: ignore[attr-defined]
        await run.pilot.pause()
        assert run.message("#instalments") == "2 payments, 1,234.56 EUR in total"
        run.field("#revive").control.value = True  # type: ignore[attr-defined]
        await run.save()
    [settled] = run.result
    assert settled == DisputeSettled(
        date=A_WEDNESDAY,
        terms="two instalments",
        instalments=(
            PlanInstalment(date(2026, 4, 15), eur("617.28")),
            PlanInstalment(date(2026, 5, 4), eur("617.28")),
        ),
        revive=True,
    )


async def test_a_plan_that_differs_from_the_agreed_amount_says_so_and_stays_open() -> None:
    """Agreed 900, payments of 800: the note says so as it is typed; ctrl+s keeps the form
    open with the message and everything typed (it used to close and drop it all)."""
    from casetui.tui.forms import SettlementForm

    async with open_form(
        SettlementForm(make_case(), A_WEDNESDAY, owed_today=Decimal("1300"))
    ) as run:
        # An empty one-line box shows where to type (it looked like no field at all).
        assert run.field("#agreed").control.placeholder == "amount in EUR"  # type: ignore[attr-defined]
        await run.type("terms")
        await run.press("tab")
        await run.type("900")
        assert run.message("#agreed") == (
            "→ 900.00 EUR  they still pay this; 400.00 EUR of the 1,300.00 EUR owed today is waived"
        )
        await run.press("tab")
        run.field("#instalments").text = "2026-03-12 300\nfriday 300\n2026-04-24 200"  # type: ignore[attr-defined]
        await run.pilot.pause()
        mismatch = "the instalments add up to 800.00 EUR, not the agreed 900.00 EUR"
        assert run.message("#instalments") == mismatch
        await run.save()
        assert not run.dismissed
        assert run.status() == f"Not saved: payments: {mismatch}"
        assert run.field("#agreed").text == "900"  # type: ignore[attr-defined]
        assert run.field("#instalments").text.count("\n") == 2  # type: ignore[attr-defined]
        await run.press("shift+tab", "ctrl+u")  # the agreed amount emptied: the plan is it
        await run.pilot.pause()
        assert run.message("#instalments") == (
            "3 payments, 800.00 EUR in total; 500.00 EUR of the 1,300.00 EUR owed today is waived"
        )
        await run.save()
    [settled] = run.result
    assert settled.amount is None and len(settled.instalments) == 3


async def test_a_plan_for_more_than_is_owed_today_is_refused_as_typed() -> None:
    from casetui.tui.forms import SettlementForm

    async with open_form(
        SettlementForm(make_case(), A_WEDNESDAY, owed_today=Decimal("1300"))
    ) as run:
        await run.type("terms")
        await run.press("tab", "tab")
        run.field("#instalments").text = "2026-03-12 5000"  # type: ignore[attr-defined]
        await run.pilot.pause()
        too_much = (
            "the instalments add up to 5,000.00 EUR, more than the 1,300.00 EUR owed today "
            "with interest and costs"
        )
        assert run.message("#instalments") == too_much
        await run.save()
        assert not run.dismissed and run.status() == f"Not saved: payments: {too_much}"


async def test_s_on_a_case_with_a_plan_ends_it_and_says_what_comes_back() -> None:
    from casetui.model import PlanInstalment, SettlementLapsed
    from casetui.tui.forms import SettlementForm

    for revive, effect in ((True, "brings the original claim back"), (False, "unpaid rest")):
        plan = DisputeSettled(
            date=date(2026, 2, 20),
            terms="two [b]halves",
            instalments=(
                PlanInstalment(date(2026, 2, 25), eur("617.28")),
                PlanInstalment(date(2026, 3, 25), eur("617.28")),
            ),
            revive=revive,
        )
        async with open_form(SettlementForm(make_case(plan), A_WEDNESDAY)) as run:
            assert run.form.query_one("#form-dialog").border_title == "End the settlement"
            info = str(run.form.query_one("#lapse-effect").render())
            assert info.startswith("Settlement of 2026-02-20: two [b]halves")
            assert effect in info
            await run.type("missed the first")
            await run.save()
        assert run.result == (SettlementLapsed(date=A_WEDNESDAY, note="missed the first"),)


# --------------------------------------------------------------------------- snooze


async def test_snooze_shortcuts_fill_the_date() -> None:
    async with open_form(SnoozeForm(make_case(), A_WEDNESDAY)) as run:
        assert run.focused_field is run.field("#until")
        for key, until in [
            ("f2", "2026-03-05"),
            ("f3", "2026-03-11"),
            ("f4", "2026-03-18"),
            ("f5", "2026-04-04"),
        ]:
            await run.press(key)
            assert run.field("#until").text == until
        await run.pilot.click("#snooze-1w")
        await run.pilot.pause()
        assert run.field("#until").text == "2026-03-11"
        await run.press("tab")
        await run.type("on holiday")
        await run.save()
    assert run.result == (Snooze(date=A_WEDNESDAY, until=date(2026, 3, 11), reason="on holiday"),)


async def test_snooze_must_end_after_today() -> None:
    async with open_form(SnoozeForm(make_case(), A_WEDNESDAY)) as run:
        await run.save()
        assert "a date is required" in run.message("#until")
        await run.type("today")
        assert "not after today" in run.message("#until")
        await run.save()
        assert not run.dismissed
        await run.press("ctrl+u")
        await run.type("monday")
        await run.save()
    assert run.result == (Snooze(date=A_WEDNESDAY, until=date(2026, 3, 9)),)


# --------------------------------------------------------------------------- close


async def test_close_asks_for_a_reason_and_warns_about_a_balance() -> None:
    async with open_form(CloseForm(make_case(), A_WEDNESDAY)) as run:
        assert run.field("#reason").value is None
        await run.save()
        assert not run.dismissed
        assert run.message("#reason") == "pick one"
        await run.press("f2")
        assert "1,234.56 EUR is still outstanding" in run.message("#reason")
        await run.press("f4")
        assert run.message("#reason") == "gives up the 1,234.56 EUR still outstanding"
        await run.press("tab")
        await run.type("company went bankrupt")
        await run.save()
    assert run.result == (
        Closed(date=A_WEDNESDAY, reason=CloseReason.WRITTEN_OFF, note="company went bankrupt"),
    )


async def test_close_a_paid_case_is_one_key() -> None:
    case = make_case(Payment(date=date(2026, 3, 2), amount=eur("1234.56")))
    async with open_form(CloseForm(case, A_WEDNESDAY)) as run:
        assert run.field("#reason").value is CloseReason.PAID
        assert run.message("#reason") == ""
        await run.save()
    assert run.result == (Closed(date=A_WEDNESDAY, reason=CloseReason.PAID),)


# --------------------------------------------------------------------------- stage


async def test_stage_proposes_the_next_step_up_the_ladder() -> None:
    async with open_form(StageForm(make_case(), A_WEDNESDAY)) as run:
        assert str(run.form.query_one("#stage-move").render()) == "Now Open"
        assert run.field("#stage").value is Stage.REMINDER
        assert run.focused_field is run.field("#note")
        await run.type("reminder sent by e-mail")
        await run.save()
    assert run.result == (
        StageChanged(date=A_WEDNESDAY, stage=Stage.REMINDER, note="reminder sent by e-mail"),
    )


async def test_stage_goes_to_any_step_up_or_back() -> None:
    """Issue 18, item 20: `A` moved one step up only; letters sent by hand jump steps, and
    a step set by mistake is taken back."""
    async with open_form(StageForm(make_case(), A_WEDNESDAY)) as run:
        run.field("#stage").select(Stage.FORMAL_NOTICE)
        await run.save()
    assert run.result == (StageChanged(date=A_WEDNESDAY, stage=Stage.FORMAL_NOTICE, note=""),)
    case = make_case(StageChanged(date=date(2026, 3, 1), stage=Stage.HANDED_OVER))
    async with open_form(StageForm(case, A_WEDNESDAY)) as run:
        assert run.field("#stage").value is None  # the end of the ladder: nothing proposed
        await run.save()
        assert not run.dismissed and "stage" in run.status().lower()
        run.field("#stage").select(Stage.FORMAL_NOTICE)
        await run.save()
    assert run.result == (StageChanged(date=A_WEDNESDAY, stage=Stage.FORMAL_NOTICE, note=""),)


async def test_every_form_fits_80x24() -> None:
    case = make_case()
    forms = [NoteForm, PaymentForm, PromiseForm, DisputeForm, SnoozeForm, CloseForm, StageForm]
    async with open_app() as run:
        for form_class in forms:
            await run.push(form_class(case, A_WEDNESDAY))
            dialog = run.form.query_one("#form-dialog")
            assert dialog.region.y >= 0 and dialog.region.bottom <= 24, form_class
            assert dialog.max_scroll_y == 0, form_class  # short forms need no scrolling
            await run.press("escape")


async def test_a_closed_case_header_says_how_it_closed_and_owes_nothing() -> None:
    """Issue 18, items 10 and 6: a closed case's form header read "closed · closed" and
    "owes" the balance it had given up."""
    from casetui.model import Closed, CloseReason

    case = make_case(Closed(id=2, date=date(2026, 3, 1), reason=CloseReason.WRITTEN_OFF))
    async with open_form(NoteForm(case, A_WEDNESDAY)) as run:
        header = str(run.form.query_one("#form-header").render())
    assert "closed · closed" not in header.replace("  ", " ")
    assert "owes 0.00 EUR" in header and header.rstrip().endswith("written off")
