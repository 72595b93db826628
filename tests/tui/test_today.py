"""Today: the start screen, the review walk (enter, `]`, `[`, escape) and the empty state."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from casetui.ledger import Ledger
from casetui.model import Customer, Opened, Snooze
from casetui.money import Money
from casetui.tui.app import CaseApp, make_app
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.cases import CasesScreen
from casetui.tui.screens.today import TodayScreen
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import record_notifications, settle, table_ids, text_of, toasts


async def test_today_is_the_start_screen_in_urgency_order(app: CaseApp, ledger: Ledger) -> None:
    agenda = ledger.agenda(TODAY)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "Today" in text_of(app, ".title")
        assert table_ids(app) == [item.case.id for item in agenda]
        summary = text_of(app, "#summary")
        assert summary.startswith(f"{len(agenda)} cases need action today")
        assert " EUR" in summary and summary.endswith("outstanding")
        assert text_of(app, "#position") == f"1 of {len(agenda)}"


async def test_review_walk_open_next_previous_back(app: CaseApp, ledger: Ledger) -> None:
    first, second, third = (item.case.id for item in ledger.agenda(TODAY)[:3])
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.case_id == first
        await pilot.press("right_square_bracket")
        assert app.screen.case_id == second
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert app.screen.case_id == second
        await pilot.press("left_square_bracket")
        assert app.screen.case_id == first
        await pilot.press("left_square_bracket")  # already the first: says so, stays
        assert app.screen.case_id == first
        assert "This is the first case of the list." in toasts(app)
        await pilot.press("right_square_bracket", "right_square_bracket", "escape")
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.table.current_key == third


async def test_after_acting_the_case_leaves_today_and_next_still_walks(
    app: CaseApp, ledger: Ledger
) -> None:
    first, second = (item.case.id for item in ledger.agenda(TODAY)[:2])
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        screen.record((Snooze(date=TODAY, until=TODAY + timedelta(days=7), reason="holiday"),))
        await settle(pilot)
        assert any("snoozed" in message for message in toasts(app))
        await pilot.press("right_square_bracket")
        assert app.screen.case_id == second
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert first not in table_ids(app)
        assert app.screen.table.current_key == second


async def test_end_of_the_walk_returns_to_the_list(app: CaseApp, ledger: Ledger) -> None:
    last = ledger.agenda(TODAY)[-1].case.id
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("G", "enter")
        assert app.screen.case_id == last
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "That was the last case of the list." in toasts(app)


async def test_keys_between_the_lists_escape_never_quits_q_only_from_a_list(
    app: CaseApp,
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("2")
        assert isinstance(app.screen, CasesScreen)
        assert "All cases" in text_of(app, ".title")
        await pilot.press("1")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("2", "escape")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("enter", "q")  # q on a case goes back to the list, never quits
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and app.is_running
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("2")  # from a case: the list, the case closed
        assert isinstance(app.screen, CasesScreen)
        assert len(app.screen_stack) == 1
        await pilot.press("1")
        assert isinstance(app.screen, TodayScreen)
        assert len(app.screen_stack) == 1
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_all_done_says_when_the_next_action_falls_due(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "ledger.json", backup=False) as ledger:
        due = TODAY + timedelta(days=5)
        ledger.open_case(
            Opened(
                date=TODAY - timedelta(days=10),
                invoice="F-1",
                customer_id="",
                issued=TODAY - timedelta(days=10),
                due=due,
                amount=Money(Decimal("100.00"), "EUR"),
            ),
            new_customer=Customer(id="", name="Early Bird BV"),
        )
        app = record_notifications(make_app(ledger, TODAY))
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await pilot.pause()
            empty = text_of(app, "#empty")
            assert "All done for today." in empty
            assert "Early Bird BV" in empty
            assert "(in 8 days)" in empty  # first reminder 3 days after the due date
            assert text_of(app, "#summary") == "0 cases need action today"


async def test_free_text_finds_what_the_rows_say_why_today_and_stage(
    app: CaseApp, ledger: Ledger
) -> None:
    """A word read on screen finds its rows: Today's "why today" (no event says "news" or
    "handed") and the stage as the lists name it (no event says "notice")."""
    agenda = ledger.agenda(TODAY)
    asking = {item.case.id for item in agenda if "news" in item.reason}
    assert asking  # the demo has hand-overs to ask about
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"news")
        await settle(pilot)
        assert set(table_ids(app)) == asking
        await pilot.press("ctrl+u", *"notice")
        await settle(pilot)
        formal = {item.case.id for item in agenda if item.case.stage.value == "formal-notice"}
        assert formal and formal <= set(table_ids(app))
