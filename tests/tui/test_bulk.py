"""Several cases at once (issue 18, what daily users expect next): space or v marks rows,
s snoozes or w closes every marked case after one confirmation, and u on the list undoes
the lot (one batch in the ledger)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot

from casetui.ledger import Ledger
from casetui.model import CloseReason
from casetui.tui import forms
from casetui.tui.app import CaseApp
from casetui.tui.forms.bulk import BulkCloseForm, BulkSnoozeForm
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.screens.today import TodayScreen
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import settle, table_ids, text_of, toasts


async def test_mark_three_snooze_them_at_once_and_undo_the_lot(
    app: CaseApp, ledger: Ledger
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        first_three = table_ids(app)[:3]
        await pilot.press("space", "v", "space")  # each marks the row and moves down
        await pilot.pause()
        assert "3 marked" in text_of(app, "#position")
        await pilot.press("s")
        assert isinstance(app.screen, BulkSnoozeForm)
        assert app.screen.case_ids == tuple(first_three)
        await pilot.press(*"+7d", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, forms.Confirm)  # one question for all three
        until = TODAY + timedelta(days=7)
        assert str(app.screen.question).startswith(f"Snooze 3 cases until {until}?")
        await pilot.press("y")
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert all(ledger.case(case_id).snoozed_until == until for case_id in first_three)
        assert not set(first_three) & set(table_ids(app))
        assert "marked" not in text_of(app, "#position")
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, forms.Confirm)
        await pilot.press("y")
        await settle(pilot)
        await pilot.pause()
        assert all(ledger.case(case_id).snoozed_until is None for case_id in first_three)
        assert set(first_three) <= set(table_ids(app))
        assert any(message.startswith("Undone on 3 cases") for message in toasts(app))
        await pilot.press("ctrl+r")  # and redo brings the lot back
        await settle(pilot)
        await pilot.pause()
        assert all(ledger.case(case_id).snoozed_until == until for case_id in first_three)
        assert any(message.startswith("Redone on 3 cases") for message in toasts(app))


async def test_close_marked_cases_and_escape_unmarks(app: CaseApp, ledger: Ledger) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("s")  # nothing marked: says how
        assert any(message.startswith("Mark cases first") for message in toasts(app))
        await pilot.press("v", "v")
        await pilot.press("escape")  # unmarks, stays on the list
        await pilot.pause()
        assert "marked" not in text_of(app, "#position")
        assert text_of(app, ".title") == "All cases"
        open_ids = [s.id for s in ledger.cases() if s.closed is None][:2]
        await pilot.press("slash", *f"{open_ids[0]} OR {open_ids[1]}", "enter")
        await pilot.pause()
        assert sorted(table_ids(app)) == sorted(open_ids)
        await pilot.press("g", "space", "space", "w")
        assert isinstance(app.screen, BulkCloseForm)
        app.screen.query_one("#reason", ChoiceField).select(CloseReason.WRITTEN_OFF)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(app.screen.question).startswith("Close 2 cases (written off)?")
        await pilot.press("y")
        await settle(pilot)
        assert all(ledger.case(case_id).closed is not None for case_id in open_ids)
        await pilot.press("u", "y")
        await settle(pilot)
        assert all(ledger.case(case_id).closed is None for case_id in open_ids)


def test_snapshot_of_marked_rows(snap_compare, app: CaseApp) -> None:
    async def mark(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("space", "j", "space")
        await pilot.pause()

    assert snap_compare(app, run_before=mark, terminal_size=APP_SIZE)


async def test_x_exports_the_marked_cases_histories(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        marked = table_ids(app)[:2]
        await pilot.press("space", "space", "x")
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = sorted(path.name for path in (tmp_path / "exports").iterdir())
    assert len(written) == 2 and all(any(case_id in name for name in written) for case_id in marked)
    assert "Exported 2 case histories" in " ".join(toasts(app))
