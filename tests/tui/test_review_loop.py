"""The morning review loop as a person drives it (issue 18, items 15 to 21): walking the
list with `]`, closed cases, half-typed notes, undo and redo, the key bar and help, the
letter `a` proposes, sorting, the filter line and `q`."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from casetui.ledger import Ledger
from casetui.model import Customer, Opened, Snooze
from casetui.money import Money
from casetui.tui.app import CaseApp, make_app
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.today import TodayScreen
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import record_notifications, settle, table_ids, text_of, toasts


def one_due_case(path: Path) -> Ledger:
    """A ledger whose agenda holds exactly one case (and one case not due yet)."""
    ledger = Ledger.open(path, backup=False)
    for invoice, name, due in (
        ("F-1", "Only Due BV", TODAY - timedelta(days=40)),
        ("F-2", "Not Yet BV", TODAY + timedelta(days=20)),
    ):
        ledger.open_case(
            Opened(
                date=due - timedelta(days=30),
                invoice=invoice,
                customer_id="",
                issued=due - timedelta(days=30),
                due=due,
                amount=Money(Decimal("100.00"), "EUR"),
            ),
            new_customer=Customer(id="", name=name, country="BE"),
        )
    return ledger


# --------------------------------------------------------------------------- item 15


async def test_one_case_on_today_walks_to_all_done(tmp_path: Path) -> None:
    with one_due_case(tmp_path / "ledger.json") as ledger:
        (only,) = (item.case.id for item in ledger.agenda(TODAY))
        app = record_notifications(make_app(ledger, TODAY))
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, CaseScreen) and screen.case_id == only
            assert text_of(app, ".title-detail").startswith("1 of 1 · ")
            screen.record((Snooze(date=TODAY, until=TODAY + timedelta(days=7), reason="away"),))
            await settle(pilot)
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert isinstance(app.screen, TodayScreen)
            assert "All done for today." in toasts(app)


async def test_a_case_from_the_palette_walks_on_with_the_list_under_it(
    app: CaseApp, ledger: Ledger
) -> None:
    agenda = [item.case.id for item in ledger.agenda(TODAY)]
    elsewhere = next(s.id for s in ledger.cases() if s.id not in agenda and not s.closed)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open_case(agenda[3])  # what the palette runs
        await pilot.pause()
        assert text_of(app, ".title-detail").startswith(f"4 of {len(agenda)} · ")
        await pilot.press("right_square_bracket")
        assert app.screen.case_id == agenda[4]
        await pilot.press("escape")
        await pilot.pause()
        app.open_case(elsewhere)  # not on Today: first, then Today's cases
        await pilot.pause()
        await pilot.press("right_square_bracket")
        assert app.screen.case_id == agenda[0]


async def test_back_from_a_walk_the_cursor_is_on_the_first_case_not_yet_seen(
    app: CaseApp, ledger: Ledger
) -> None:
    first, second, third = (item.case.id for item in ledger.agenda(TODAY)[:3])
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        for _ in range(2):  # act on two cases, each leaves Today
            screen = app.screen
            assert isinstance(screen, CaseScreen)
            screen.record((Snooze(date=TODAY, until=TODAY + timedelta(days=7)),))
            await settle(pilot)
            if screen.case_id == first:
                await pilot.press("right_square_bracket")
        assert app.screen.case_id == second
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert first not in table_ids(app) and second not in table_ids(app)
        assert app.screen.table.current_key == third  # the most urgent left, not row 2


# --------------------------------------------------------------------------- item 16


def key_bar(app: CaseApp) -> str:
    from casetui.tui.widgets.keybar import KeyBar

    return str(app.screen.query_one(KeyBar).render()).strip()


async def test_a_closed_case_says_why_a_verb_does_not_apply(app: CaseApp, ledger: Ledger) -> None:
    case_id = next(s.id for s in ledger.cases() if s.closed is not None)
    closed = ledger.case(case_id).closed
    assert closed is not None
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await pilot.pause()
        app.open_case(case_id)
        await pilot.pause()
        screen = app.screen
        bar = key_bar(app)
        for offered in ("Call", "Promise", "Snooze", "Dispute", "Next letter"):
            assert offered not in bar, offered
        assert "w Reopen" in bar and "p Payment" in bar
        for key in "cPsda":
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
        why = f"{case_id} is closed ({closed.reason.value.replace('-', ' ')} on {closed.day})"
        said = [message for message in toasts(app) if message.startswith(why)]
        assert len(said) == 5 and all("w reopens it" in message for message in said)


# --------------------------------------------------------------------------- item 19


async def test_the_key_bar_offers_the_next_letter_and_fits_the_width(
    ledger: Ledger, tmp_path: Path
) -> None:
    case_id = ledger.agenda(TODAY)[0].case.id
    for width, wanted, left_out in (
        (80, ("c Call", "p Payment", "a Next letter", "? Help"), ("d Dispute",)),
        (100, ("a Next letter", "s Snooze", "] Next case", "u Undo", "? Help"), ()),
        (200, ("a Next letter", "n Note", "d Dispute", "w Close", "^p Palette"), ()),
    ):
        app = record_notifications(make_app(ledger, TODAY, export_dir=tmp_path / "exports"))
        async with app.run_test(size=(width, 30), notifications=True) as pilot:
            await pilot.pause()
            app.open_case(case_id)
            await pilot.pause()
            bar = key_bar(app)
            assert len(bar) <= width - 1, (width, bar)
            assert "…" not in bar  # whole hints only, never one cut in half
            for hint in wanted:
                assert hint in bar, (width, hint, bar)
            for hint in left_out:
                assert hint not in bar, (width, hint, bar)


# --------------------------------------------------------------------------- item 17


async def test_escape_asks_before_dropping_a_half_typed_call_note(
    app: CaseApp, ledger: Ledger
) -> None:
    from casetui.tui import forms

    case_id = ledger.agenda(TODAY)[0].case.id
    before = len(ledger.case(case_id).timeline())
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("enter", "c")
        assert isinstance(app.screen, forms.CallForm)
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("c", *"Anne says")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, forms.Confirm)
        await pilot.press("escape")  # escape again keeps the note
        await pilot.pause()
        assert isinstance(app.screen, forms.CallForm)
        assert app.screen.query_one("#note TextArea").text == "Anne says"
        await pilot.press("escape", "y")  # asked again, and this time dropped
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert len(ledger.case(case_id).timeline()) == before


# --------------------------------------------------------------------------- item 18


async def test_undo_asks_before_undoing_history_and_ctrl_r_redoes(
    app: CaseApp, ledger: Ledger
) -> None:
    from casetui.tui import forms

    case_id = next(s.id for s in ledger.cases() if s.closed is None and ledger.last_action(s.id))
    (old, *_) = ledger.last_action(case_id)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open_case(case_id)
        await pilot.pause()
        screen = app.screen
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, forms.Confirm)  # recorded before the app was opened
        question = str(app.screen.question)
        assert question.startswith(f"Undo on {case_id}: ") and str(old.date) in question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and ledger.last_action(case_id)[0].id == old.id
        screen.record((Snooze(date=TODAY, until=TODAY + timedelta(days=3), reason="away"),))
        await settle(pilot)
        await pilot.press("u")  # done in this session: undone at once
        await settle(pilot)
        assert app.screen is screen
        assert any(t.startswith(f"Undone on {case_id}: snooze") for t in toasts(app))
        assert not any(e.kind == "snooze" for e in ledger.last_action(case_id))
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, forms.Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert old.id in ledger.case(case_id).voided_ids
        await pilot.press("ctrl+r")  # redo brings back the old action
        await settle(pilot)
        assert old.id not in ledger.case(case_id).voided_ids
        assert any(t.startswith(f"Redone on {case_id}: ") for t in toasts(app))
        await pilot.press("ctrl+r")  # and then the snooze undone before it
        await settle(pilot)
        assert [e.kind for e in ledger.last_action(case_id)] == ["snooze"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert any(t.startswith(f"Nothing to redo on {case_id}") for t in toasts(app))


async def test_help_lists_the_screens_own_keys_first_and_cuts_nothing(
    app: CaseApp, ledger: Ledger
) -> None:
    from textual.widgets import Markdown

    from casetui.tui.widgets.help import KeyList

    case_id = ledger.agenda(TODAY)[0].case.id
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        app.open_case(case_id)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        own, moving = app.screen.query(KeyList)
        assert (own.id, moving.id) == ("own-keys", "moving-keys")
        first = [str(cell) for cell in own.render().columns[1]._cells]
        assert first[:3] == ["Call", "Payment", "Next letter"]
        assert "Cursor up" not in first and "Redo" in first
        later = [str(cell) for cell in moving.render().columns[1]._cells]
        assert "Cursor up" in later
        prose = app.screen.query_one("#widget-help", Markdown)
        assert prose.display and prose.size.height >= prose.virtual_size.height
        assert prose.region.y > own.region.y  # the prose follows the keys, whole


# --------------------------------------------------------------------------- item 21


async def test_slash_selects_the_filter_so_typing_replaces_it(app: CaseApp) -> None:
    from textual.widgets import Input

    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2", "slash", *"stage:formal", "enter")
        await pilot.press("slash", *"tag:x")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "tag:x"
        await pilot.press("enter", "slash", "end", *" overdue>1")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "tag:x overdue>1"


async def test_q_on_a_case_goes_back_to_the_list_where_q_quits(
    app: CaseApp, ledger: Ledger
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
