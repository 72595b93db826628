"""All cases: the register, its filter, sorting, totals; and the windowed table under it."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.events import MouseScrollDown
from textual.widgets import Input

from casetui.ledger import Ledger
from casetui.owed import owed
from casetui.tui.app import CaseApp
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.cases import CasesScreen
from casetui.tui.widgets.case_table import CaseTable, Column, cell
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import (
    add_case,
    settle,
    shown_ids,
    table_ids,
    text_of,
    toasts,
    type_text,
)


async def test_register_lists_every_case_with_totals_per_currency(
    app: CaseApp, ledger: Ledger
) -> None:
    add_case(ledger, "Leeds Joinery Ltd", amount="1250.00", currency="GBP", due=TODAY)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2")
        assert isinstance(app.screen, CasesScreen)
        assert table_ids(app) == sorted(state.id for state in ledger.cases())
        summary = text_of(app, "#summary")
        open_cases = len(ledger.cases(include_closed=False))
        assert summary.startswith(f"{len(ledger)} cases · {open_cases} open · ")
        gbp = sum(
            s.outstanding.amount for s in ledger.cases() if s.currency == "GBP" and not s.closed
        )
        assert f"{gbp:,.2f} GBP" in summary and " EUR" in summary
        assert str(app.screen.query_one(CaseTable).ordered_columns[0].label) == "Case ↑"


async def test_filter_on_slash_narrows_reports_and_clears(app: CaseApp, ledger: Ledger) -> None:
    formal = {s.id for s in ledger.cases() if s.stage.value == "formal-notice"}
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2", "slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"stage:formal")
        assert set(table_ids(app)) == formal
        assert text_of(app, "#summary").startswith(f"{len(formal)} of {len(ledger)} cases match")
        await pilot.press(*" colour:red")
        assert "unknown term colour:" in text_of(app, "#filter-problems")
        assert set(table_ids(app)) == formal  # the rest still filters
        await pilot.press("enter")  # keeps the filter, back to the list
        assert isinstance(app.focused, CaseTable)
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.walk == tuple(sorted(formal))  # ] walks the filtered list
        await pilot.press("escape", "escape")  # back to the list, then clear the filter
        assert isinstance(app.screen, CasesScreen)
        await pilot.pause()
        assert len(table_ids(app)) == len(ledger)
        await pilot.press("slash", *"zzz-no-such-thing")
        assert table_ids(app) == []
        assert "No case matches the filter" in text_of(app, "#empty")
        await pilot.press("escape")  # escape in the filter clears it
        await pilot.pause()
        assert len(table_ids(app)) == len(ledger)
        assert isinstance(app.focused, CaseTable)


async def test_the_filter_reads_signs_quotes_and_or_and_says_what_it_cannot(
    app: CaseApp, ledger: Ledger
) -> None:
    """Issue 18, item 22: `currency:£`, `amount>£500`, `customer:"daan mulder"` and `OR`
    each filter; what the filter cannot read is said under it."""
    names = {s.id: ledger.customer(s.customer_id).name for s in ledger.cases()}
    pounds = {s.id for s in ledger.cases() if s.currency == "GBP"}
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2", "slash")
        await type_text(pilot, "currency:£")
        assert set(table_ids(app)) == pounds
        await pilot.press("ctrl+u")
        await type_text(pilot, "amount>£500")
        assert set(table_ids(app)) == {
            s.id
            for s in ledger.cases()
            if s.currency == "GBP" and s.closed is None and s.outstanding.amount > 500
        }
        name = next(n for n in names.values() if " " in n)
        await pilot.press("ctrl+u", *f'customer:"{name.lower()}"')
        assert set(table_ids(app)) == {case for case, n in names.items() if n == name}
        await type_text(pilot, " OR currency:£")
        assert set(table_ids(app)) == pounds | {case for case, n in names.items() if n == name}
        assert not app.screen.has_class("-filter-problems")
        await pilot.press("ctrl+u", *"currency:xx OR")
        problems = text_of(app, "#filter-problems")
        assert problems.startswith("Not understood, left out: currency:xx")
        assert "OR: put it between two terms" in problems
        assert len(table_ids(app)) == len(ledger)  # nothing understood: nothing filtered


async def test_free_text_finds_a_word_only_a_note_holds(app: CaseApp, ledger: Ledger) -> None:
    """The lists come from index rows, which hold no notes: the words of every case's events
    are read in the background once `/` is pressed, and then free text finds them."""
    noted = add_case(ledger, "Quiet Customer BV", due=TODAY, note="promised by the harbourmaster")
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2", "slash", *"harbourmaster")
        await settle(pilot)  # the background read done, the list filtered again
        assert table_ids(app) == [noted.id]
        assert "notes" not in text_of(app, "#summary")  # neither loading nor failed
        assert toasts(app) == []


async def test_a_failed_read_of_the_notes_is_said_not_swallowed(
    app: CaseApp, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(ledger, "iter_events", broken)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2", "slash", *"harbourmaster")
        await settle(pilot)
        assert any(
            "cannot search notes" in toast and "disk on fire" in toast for toast in toasts(app)
        )
        assert "notes not searched" in text_of(app, "#summary")


async def test_sort_cycles_and_reverses(app: CaseApp, ledger: Ledger) -> None:
    # by what is owed (casetui.owed): a written-off case sorts with nothing owed
    by_outstanding = sorted(ledger.cases(), key=lambda s: (owed(s).amount, s.id))
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2", "o", "o")  # case -> customer -> outstanding
        assert "Outstanding ↓" in labels(app)
        assert table_ids(app) == [s.id for s in reversed(by_outstanding)]
        await pilot.press("O")
        assert "Outstanding ↑" in labels(app)
        assert table_ids(app) == [s.id for s in by_outstanding]
        await pilot.press(*"oooo")  # next action: a column left out at this width...
        await pilot.pause()
        assert "Next action ↑" in labels(app)  # ...but never the one sorted by
        assert "by next action" not in text_of(app, "#summary")


async def test_the_sorted_column_stays_on_a_narrow_terminal(app: CaseApp) -> None:
    """Issue 18, item 21: at 100 columns, sorting by days overdue hid the Days column."""
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("2", *"ooo")  # case -> customer -> outstanding -> days overdue
        await pilot.pause()
        assert app.screen.sort.column == "days" and "days" in keys_of(app)
        (days,) = (c for c in app.screen.query_one(CaseTable).ordered_columns if c.key == "days")
        assert str(days.label) == "Days ↓" and days.width >= len("Days ↓")  # arrow not cut
        for width in (80, 100, 160):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            assert "days" in keys_of(app), width


def keys_of(app: App[object]) -> list[str]:
    return [str(c.key.value) for c in app.screen.query_one(CaseTable).ordered_columns]


def labels(app: App[object]) -> list[str]:
    return [str(column.label) for column in app.screen.query_one(CaseTable).ordered_columns]


class _TableApp(App[None]):
    """A bare CaseTable with many rows, to check the window moves with the cursor."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.items = [f"ROW-{n:05d}" for n in range(count)]

    def compose(self) -> ComposeResult:
        columns = (Column("id", "Id", min_width=9), Column("text", "Text", grow=True, min_width=5))
        yield CaseTable(columns, key=str, cells=lambda item: [cell(item), Text(item.lower())])

    def on_mount(self) -> None:
        self.query_one(CaseTable).show(self.items)


async def test_a_big_list_renders_a_window_that_follows_the_cursor() -> None:
    app = _TableApp(1000)
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(CaseTable)
        assert table.window == (0, CaseTable.WINDOW - 1)
        assert len(shown_ids(app)) == CaseTable.WINDOW
        await pilot.press("G")
        assert table.current_key == "ROW-00999"
        assert table.window[1] == 999
        await pilot.press("g")
        assert table.current_key == "ROW-00000" and table.window[0] == 0
        table.move_to(CaseTable.WINDOW - 1)
        await pilot.press("j")  # past the window's edge: the next window comes in
        assert table.current_key == f"ROW-{CaseTable.WINDOW:05d}"
        assert table.window[0] > 0
        await pilot.press("k", "k")
        assert table.current_key == f"ROW-{CaseTable.WINDOW - 2:05d}"
        await pilot.press("pagedown", "pagedown")
        assert table.position > CaseTable.WINDOW
        table.move_to(0)
        await pilot.pause()
        table.scroll_to(y=table.max_scroll_y, animate=False)
        await pilot.pause()
        wheel = MouseScrollDown(table, 5, 5, 0, 1, 0, False, False, False)
        table.post_message(wheel)  # the wheel at the window's end: more rows come in
        await pilot.pause()
        assert table.window[0] > 0
        assert table.window[1] > CaseTable.WINDOW
        table.show(table.items, keep="ROW-00500")
        assert table.current_key == "ROW-00500"
        table.show(table.items[:10], keep="ROW-00500", index=3)
        assert table.current_key == "ROW-00003"


async def test_narrow_tables_drop_columns_rather_than_squeeze_them(app: CaseApp) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        today = [
            str(column.key.value) for column in app.screen.query_one(CaseTable).ordered_columns
        ]
        assert today[:4] == ["case", "customer", "outstanding", "why"]
        assert "invoice" not in today
        await pilot.press("2")
        await pilot.pause()
        cases = [
            str(column.key.value) for column in app.screen.query_one(CaseTable).ordered_columns
        ]
        assert cases[:4] == ["case", "invoice", "customer", "outstanding"]


async def test_what_closed_cases_left_unpaid_is_said_only_when_they_are_alone(
    app: CaseApp, ledger: Ledger
) -> None:
    from casetui.owed import left_at_close

    assert any(left_at_close(state) for state in ledger.cases()), "the demo has one"
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.press("2")
        assert "left unpaid" not in text_of(app, "#summary")  # open cases beside them
        await pilot.press("slash", *"closed")
        assert "left unpaid" in text_of(app, "#summary")
