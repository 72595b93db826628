"""The app as a whole: keys as data (ids, descriptions, DESIGN.md's table, keys.toml),
help, the command palette, a read-only ledger, opening the ledger behind the first frame."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import HelpPanel, Static

from casetui.ledger import Ledger
from casetui.tui.app import CaseApp, make_app
from casetui.tui.keymap import known_binding_ids, load_keymap
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.today import TodayScreen
from casetui.tui.widgets.case_table import CaseTable
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import record_notifications, settle, toasts

# DESIGN.md's default key table: key -> binding id. Tests and documentation rely on it.
DESIGN_KEYS = {
    "1": "app.today",
    "2": "app.cases",
    "enter": "table.open",
    "escape": "case.back",
    "j": "table.down",
    "k": "table.up",
    "g": "table.first",
    "G": "table.last",
    "slash": "list.filter",
    "question_mark": "app.help",
    "f1": "app.help",
    "ctrl+p": "app.palette",
    "q": "list.quit",
    "a": "case.advance",
    "A": "case.stage",
    "l": "case.letter",
    "c": "case.call",
    "n": "case.note",
    "p": "case.payment",
    "P": "case.promise",
    "d": "case.dispute",
    "s": "case.snooze",
    "x": "case.export",
    "w": "case.close",
    "u": "case.undo",
    "N": "list.new",
    "right_square_bracket": "case.next",
    "left_square_bracket": "case.previous",
    "e": "case.edit",
}


def test_every_key_is_data_with_an_id_and_a_description() -> None:
    from casetui.tui.screens.cases import CasesScreen
    from casetui.tui.screens.views import EventScreen, WorksheetScreen
    from casetui.tui.widgets.case_table import CaseTable

    ids = known_binding_ids()
    owners = (CaseApp, TodayScreen, CasesScreen, CaseScreen, EventScreen, WorksheetScreen)
    for owner in (*owners, CaseTable):
        for binding in owner.BINDINGS:
            assert binding.id and re.fullmatch(r"[a-z]+\.[a-z_]+", binding.id), binding
            assert binding.description and "[" not in binding.description, binding
    for key, binding_id in DESIGN_KEYS.items():
        assert binding_id in ids, (key, binding_id)
        owner_keys = [
            b.key
            for owner in (*owners, CaseTable)
            for cls in owner.__mro__
            for b in cls.__dict__.get("BINDINGS", ())
            if getattr(b, "id", None) == binding_id
        ]
        assert any(key in keys.split(",") for keys in owner_keys), (key, binding_id)


def test_keys_toml_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    assert load_keymap(path) == ({}, [])
    path.write_text('"case.call" = "C"\n"no.such" = "z"\n[table]\ndown = "ctrl+n"\n')
    keymap, problems = load_keymap(path)
    assert keymap == {"case.call": "C", "table.down": "ctrl+n"}
    assert problems == ["keys.toml: no key with the id 'no.such'"]
    path.write_text("this is = not toml [")
    keymap, problems = load_keymap(path)
    assert keymap == {} and "not valid TOML" in problems[0]


async def test_a_remapped_key_runs_its_action(ledger: Ledger) -> None:
    config = Path(os.environ["CASETUI_CONFIG_DIR"])
    (config / "keys.toml").write_text('"case.call" = "C"\n"app.cases" = "3"\n')
    app = record_notifications(make_app(ledger, TODAY))
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("3")
        assert type(app.screen).__name__ == "CasesScreen"
        await pilot.press("enter", "c")
        assert isinstance(app.screen, CaseScreen)  # c no longer logs a call
        await pilot.press("C")
        assert type(app.screen).__name__ == "CallForm"


async def test_help_lists_the_keys_of_the_current_screen(app: CaseApp) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("enter", "question_mark")
        assert app.screen.query(HelpPanel)
        table = app.screen.query_one("#own-keys", Static)
        shown = str(table.render().columns[1]._cells)
        for description in ("Call", "Payment", "Promise", "Undo", "Claim worksheet", "Export"):
            assert description in shown
        await pilot.press("escape")  # escape closes help first
        assert not app.screen.query(HelpPanel)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("f1", "f1")
        assert not app.screen.query(HelpPanel)


async def test_palette_finds_a_case_by_customer_and_runs_screen_actions(
    app: CaseApp, ledger: Ledger
) -> None:
    state = ledger.agenda(TODAY)[3].case
    name = ledger.customer(state.customer_id).name
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*state.invoice)
        await pilot.pause(0.2)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.case_id == state.id
        await pilot.press("ctrl+p", *"claim work")
        await pilot.pause(0.2)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorksheetScreen"
        assert name  # the palette shows names as Content; see test_hostile


async def test_a_read_only_ledger_says_so_and_writes_say_so(ledger: Ledger, tmp_path: Path) -> None:
    # As when the folder cannot be written to (tests/test_cli.py drives a real one).
    second, reason = Ledger.open(ledger.path, readonly=True), "cannot write to the folder"
    try:
        app = record_notifications(
            CaseApp(TODAY, open_ledger=lambda: (second, reason), export_dir=tmp_path)
        )
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, TodayScreen)
            banner = app.screen.query_one(".read-only-banner")
            assert banner.display and "Read-only" in str(banner.render())
            await pilot.press("enter", "c")
            assert isinstance(app.screen, CaseScreen)
            assert any(message.startswith("Read-only") for message in toasts(app))
            await pilot.press("x")  # export still works: it does not write the ledger
            await settle(pilot)
            assert any(message.startswith("Exported") for message in toasts(app))
    finally:
        second.close()


async def test_the_ledger_opens_behind_the_first_frame(demo_file: Path, tmp_path: Path) -> None:
    opened: list[Ledger] = []

    def open_ledger() -> tuple[Ledger, str]:
        opened.append(Ledger.open(demo_file, readonly=True))
        return opened[0], ""

    app = record_notifications(CaseApp(TODAY, open_ledger=open_ledger, export_dir=tmp_path))
    try:
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, TodayScreen)
    finally:
        opened[0].close()


async def test_the_first_frame_says_the_ledger_is_opening_then_shows_the_agenda(
    demo_file: Path, tmp_path: Path
) -> None:
    """While the ledger loads, the first frame says so (not an empty agenda, which would
    read as "nothing to do today"); once it is open, Today lists the agenda's cases."""
    release = threading.Event()
    opened: list[Ledger] = []

    def open_ledger() -> tuple[Ledger, str]:
        assert release.wait(10), "the test never let the ledger open"
        opened.append(Ledger.open(demo_file, readonly=True))
        return opened[0], ""

    app = record_notifications(CaseApp(TODAY, open_ledger=open_ledger, export_dir=tmp_path))
    try:
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await pilot.pause()
            assert not app.ready and not isinstance(app.screen, TodayScreen)
            loading = app.screen.query_one("#loading", Static)
            assert "opening the ledger" in str(loading.render())
            release.set()
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, TodayScreen)
            due = [item.case.id for item in opened[0].agenda_rows(TODAY)]
            assert [screen.row_key(row) for row in screen.rows] == due and due
            assert screen.table.current_key == due[0]
    finally:
        release.set()
        if opened:
            opened[0].close()


async def test_notifications_are_recorded_per_app(app: CaseApp, ledger: Ledger, tmp_path: Path):
    # The fixture's app records what it shows through its own `notify`; Textual's App class
    # is untouched, so an app made elsewhere (another test's) records nothing.
    other = make_app(ledger, TODAY, export_dir=tmp_path / "other")
    assert "notify" not in vars(other) and "notify" in vars(app)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.screen.notify("Shown [b]as typed[/b]", markup=False)
        await settle(pilot)
        assert toasts(app)[-1] == "Shown [b]as typed[/b]"


async def test_a_demo_ledger_keeps_the_users_own_keys(ledger: Ledger, tmp_path: Path) -> None:
    """The demo ledger's config folder holds the demo business's profile; keys.toml is the
    person's, not the business's: the demo used to ignore it."""
    import argparse

    from casetui.cli import _config_of_the_ledger
    from casetui.cli.demo import write_demo_config
    from casetui.profile import load_profile

    own = Path(os.environ["CASETUI_CONFIG_DIR"])
    (own / "keys.toml").write_text('"app.cases" = "3"\n')
    demo = tmp_path / "demo" / "ledger.json"
    write_demo_config(demo)
    with _config_of_the_ledger(argparse.Namespace(db=str(demo))):
        assert load_profile().name == "Studio Noord BV"  # the demo's business...
        app = make_app(ledger, TODAY)
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await pilot.press("3")  # ...and the person's keys
            assert type(app.screen).__name__ == "CasesScreen"
    assert os.environ["CASETUI_CONFIG_DIR"] == str(own)
    assert "CASETUI_USER_CONFIG_DIR" not in os.environ


# The app in a fresh process on the demo ledger: once the agenda is up, it waits (at most
# 60 s) for the case screen to be imported by the app itself, and says whether it was.
WARM_UP_CHILD = r"""
import sys, time
from datetime import date
from pathlib import Path
from casetui.tui.app import CaseApp
from casetui.ledger import Ledger

def case_screen_loaded() -> bool:
    module = sys.modules.get("casetui.tui.screens.case")
    return module is not None and hasattr(module, "CaseScreen")

class Watched(CaseApp):
    def _start(self) -> None:
        self.loaded_before_start = case_screen_loaded()
        super()._start()
        self.deadline = time.monotonic() + 60
        self.set_interval(0.05, self._look)

    def _look(self) -> None:
        if case_screen_loaded() or time.monotonic() > self.deadline:
            self.exit()

app = Watched(
    date(2026, 11, 23),
    open_ledger=lambda: (Ledger.open(Path(sys.argv[1]), readonly=True), ""),
)
app.run(headless=True, size=(100, 30))
app.ledger.close()
print(app.loaded_before_start, case_screen_loaded())
"""


def test_the_case_screen_is_imported_in_the_background_once_the_agenda_is_up(
    demo_file: Path,
) -> None:
    """Opening the first case does not wait for the case screen's imports (the forms,
    markdown-it, the law of the claim): the app loads them while the agenda is read."""
    child = subprocess.run(
        [sys.executable, "-c", WARM_UP_CHILD, str(demo_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["False", "True"]  # not before the agenda; then by itself


async def test_the_warm_up_waits_for_the_agenda_to_be_drawn(
    app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The background import of the case screen holds the GIL: counted from the ledger
    opened, it started while a 50,000-case agenda was still being drawn. It is counted
    from the first list drawn (here with next to no wait)."""
    import casetui.tui.app as app_module

    monkeypatch.setattr(app_module, "WARM_UP_AFTER_SECONDS", 0.001)
    drawn: list[str] = []  # the lists' rows drawn, in order
    render_line = CaseTable.render_line

    def rendering(self: CaseTable[object], y: int) -> Any:
        if self.row_count:
            drawn.append(self.screen.__class__.__name__)
        return render_line(self, y)

    monkeypatch.setattr(CaseTable, "render_line", rendering)
    warmed: list[list[str]] = []
    monkeypatch.setattr(CaseApp, "_warm_up", lambda self: warmed.append(list(drawn)))
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")  # another list drawn: no second warm-up
        await pilot.pause()
        await pilot.pause()
    assert len(warmed) == 1
    assert "TodayScreen" in warmed[0]  # the agenda's rows were drawn first


async def test_the_lists_open_without_parsing_the_stylesheet_again(
    app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual re-parses every widget's CSS when a mode's screen has not seen the latest
    CSS change, and counts a new screen as never having seen one (twice per first visit,
    30 to 70 ms before the agenda was drawn). `CaseApp._styled` marks the lists' new
    screens as up to date: this fails if Textual names or handles that count otherwise.
    A theme change still restyles the screen shown."""
    from textual.css.stylesheet import Stylesheet

    reparsed: list[str] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparsed.append(app.current_mode)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert reparsed == []
        background = app.screen.styles.background
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert reparsed
        assert app.screen.styles.background != background
