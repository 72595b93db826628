"""User text is shown as text everywhere, never parsed as markup: a customer called
`ACME [/] [@click=app.quit]` shows literally in lists, the case, notifications, the
palette, views and exports, and crashes nothing."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from textual.command import CommandPalette
from textual.widgets import HelpPanel, Input

from casetui import model
from casetui.ledger import Ledger
from casetui.tui.app import CaseApp
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.views import EventScreen, WorksheetScreen
from casetui.tui.widgets.case_table import CaseTable
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import add_case, settle, text_of, toasts

NAME = "ACME [/] [@click=app.quit] [red]Ltd[/red] [/"
INVOICE = "[b]INV[/b]|**1**"
NOTE = "<script>alert(1)</script> | **bold** [urgent] [@click=app.quit] עברית 🧾 `tick`\nline 2 [/"
HOSTILE = [
    "[/",
    "[/]",
    "[red]",
    "[@click=app.quit]",
    "<script>",
    "**bold**",
    "|",
    "x" * 300,
    "مرحبا بالعالم",
    "💸🧾",
    "",
]


async def test_hostile_text_on_every_screen(app: CaseApp, ledger: Ledger, tmp_path) -> None:
    state = add_case(
        ledger, NAME, amount="1234.56", due=TODAY - timedelta(days=40), invoice=INVOICE, note=NOTE
    )
    ledger.append(
        state.id,
        model.DisputeOpened(
            date=TODAY - timedelta(days=10), reason="[/] disputed [@click=app.quit]"
        ),
    )
    case_id = state.id
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        # Today: the row shows the name as typed.
        table = app.screen.query_one(CaseTable)
        cells = [str(cell) for cell in table.get_row(case_id)]
        assert NAME in cells and "1,234.56 EUR" in cells
        # The filter takes brackets as plain words.
        await pilot.press("slash")
        app.screen.query_one(Input).value = "[/] [@click=app.quit] [red"
        await pilot.pause()
        assert table.all_keys() == [case_id]  # the brackets matched as plain words
        await pilot.press("escape")
        await pilot.pause()
        # All cases.
        await pilot.press("2")
        await pilot.pause()
        assert NAME in [str(cell) for cell in app.screen.query_one(CaseTable).get_row(case_id)]
        # The case: title, customer, dispute and timeline.
        app.open_case(case_id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert INVOICE in text_of(app, ".title")
        assert NAME in text_of(app, "#who")
        assert "[/] disputed [@click=app.quit]" in text_of(app, "#money")
        timeline = screen.query_one(CaseTable)
        note_row = next(e for e in screen.state.timeline() if e.kind == "note")
        assert str(timeline.get_row(str(note_row.id))[-1]).startswith("<script>alert(1)</script>")
        # Notifications carry user text too.
        for text in HOSTILE:
            screen.record((model.Note(date=TODAY, text=text or "-"),))
        screen.record((model.Payment(date=TODAY, amount=screen.state.paid, method="[/]"),))
        await settle(pilot)
        app.notify(NAME, markup=False)
        await pilot.pause()
        # A timeline entry in full (Markdown view), the worksheet, help.
        timeline.move_to([e.id for e in screen.state.timeline()].index(note_row.id))
        await pilot.press("enter")
        assert isinstance(app.screen, EventScreen)
        await pilot.press("escape", "i")
        assert isinstance(app.screen, WorksheetScreen)
        await pilot.press("escape", "question_mark")
        assert app.screen.query(HelpPanel)
        await pilot.press("question_mark", "x")
        await settle(pilot)
        # The palette finds the case and shows its name as text.
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"ACME")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code is None  # [@click=app.quit] never ran
        assert app.is_running
    exported = (tmp_path / "exports" / f"case-{case_id}.md").read_text(encoding="utf-8")
    assert "ACME \\[/\\] \\[@click=app.quit\\]" in exported
    assert any(NAME in message for message in toasts(app))


ESCAPES = "ACME\x1b[2J\x1b]52;c;aGk=\x07 \x9b31m Ltd\x7f"


async def test_terminal_escapes_show_visibly_on_screen(app: CaseApp, ledger: Ledger) -> None:
    """Issue 10, item 7: ESC[2J in a name cleared the screen, OSC 52 set the clipboard."""
    state = add_case(ledger, ESCAPES, due=TODAY - timedelta(days=40), note="x\x1b[31mred")
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await settle(pilot)
        app.notify(f"Saved {ESCAPES}", markup=False)
        app.push_screen(CaseScreen(state.id, walk=(state.id,)))
        await settle(pilot)
        screen = app.export_screenshot()
    assert "\x1b" not in screen and "\x07" not in screen and "\x9b" not in screen
    shown = html.unescape(re.sub(r"<[^>]+>", "", screen)).replace("\u00a0", " ")
    assert "ACME␛[2J␛]52;c;aGk=␇ \\x9b31m Ltd␡" in shown
    # The ledger keeps the text as typed.
    assert ledger.customer(state.customer_id).name == ESCAPES
