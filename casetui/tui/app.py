"""The terminal app: holds the ledger and today, global keys, the palette and the write queue.

Entry points:
- `run(path, today)`: what `casetui` (no subcommand) calls. The first frame appears at
  once; the ledger opens in a worker behind it. When another casetui holds the ledger it
  opens read-only with a banner instead of failing.
- `make_app(ledger, today)`: the same app on a ledger that is already open (tests,
  snapshots, benchmarks).

Screens keep their own verbs (screens/today.py, cases.py, case.py). The App only knows the
two top-level lists (as modes, keys `1` and `2`), help, the palette, and how to write: every
write goes through `CaseApp.write`, which runs writes one after another in a thread worker,
so the screen never freezes and two quick actions are saved in the order they were made.
Reports (`3`, screens/reports.py) is a third mode.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.widgets import HelpPanel, Static

from casetui.dossier.viewer import open_with_viewer
from casetui.errors import CasetuiError
from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.ledger import Ledger
from casetui.paths import config_dir
from casetui.profile import Profile, load_profile
from casetui.store.lock import LedgerLocked
from casetui.tui.commands import CaseFinder, ScreenActions
from casetui.tui.keymap import load_keymap
from casetui.tui.screen_edge import show_controls_on_screen
from casetui.tui.tools import ToolCommands
from casetui.userfiles import make_private_folders

T = TypeVar("T")

KEYS_FILE = "keys.toml"


@dataclass
class _Write(Generic[T]):
    """One queued write: `job` runs in the writer thread, `done` back on the UI thread."""

    job: Callable[[], T]
    done: Callable[[T], None] | None


class LoadingScreen(Screen[None]):
    """The first frame while the ledger loads (a 10k-case ledger takes a moment)."""

    def compose(self) -> ComposeResult:
        yield Static("casetui: opening the ledger…", id="loading")


class CaseApp(App[None]):
    """casetui's terminal app."""

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    TITLE = "casetui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {CaseFinder, ScreenActions, ToolCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_today", "Today", id="app.today", show=False),
        Binding("2", "show_cases", "All cases", id="app.cases", show=False),
        Binding("3", "show_reports", "Reports", id="app.reports", show=False),
        # 4 is the bank, the next place in the morning's round after the reports.
        Binding("4", "show_bank", "Bank statements", id="app.bank", show=False),
        Binding("question_mark,f1", "toggle_help", "Help", id="app.help"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Command palette",
            id="app.palette",
            show=False,
            priority=True,
            tooltip="find a case by customer or invoice, or run any action",
        ),
    ]
    # Bumped after every saved write: lists refresh when it moved; Reports watches it.
    revision: var[int] = var(0)

    def __init__(
        self,
        today: date,
        ledger: Ledger | None = None,
        *,
        open_ledger: Callable[[], tuple[Ledger, str]] | None = None,
        export_dir: Path | None = None,
        keymap_file: Path | None = None,
        profile: Profile | None = None,
    ) -> None:
        show_controls_on_screen()  # before the first frame: no raw control reaches the terminal
        super().__init__()
        if ledger is None and open_ledger is None:
            raise ValueError("CaseApp needs a ledger or a way to open one")
        self.today = today
        self.profile = profile or Profile()  # the user's business: letters, claim terms
        self._ledger = ledger
        self._open_ledger = open_ledger
        self.readonly_reason = "" if ledger is None or not ledger.readonly else "read-only"
        self.export_dir = export_dir or Path.home() / "casetui-exports"
        # How an attached file is shown: the system's viewer (tests put a fake here).
        self.open_file: Callable[[Path], None] = open_with_viewer
        self.keymap_file = keymap_file if keymap_file is not None else config_dir() / KEYS_FILE
        self._pending: deque[_Write[Any]] = deque()
        self._queue_lock = threading.Lock()
        self._draining = False

    # ------------------------------------------------------------------ ledger

    @property
    def ledger(self) -> Ledger:
        assert self._ledger is not None, "the ledger is still opening"
        return self._ledger

    @property
    def ready(self) -> bool:
        return self._ledger is not None

    def get_default_screen(self) -> Screen[Any]:
        return LoadingScreen()

    def on_mount(self) -> None:
        self._apply_user_keymap()
        if self._ledger is not None:
            self._start()
        else:
            # After the first frame: the loading thread would otherwise delay it.
            self.call_after_refresh(self._load)

    @work(thread=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        assert self._open_ledger is not None
        # Loading is pure Python; with the default 5 ms GIL slices the idle UI thread's
        # wake-ups made it ~1.6x slower (10k cases: 1.1 s instead of 0.7 s). Longer
        # slices while it runs; keys typed meanwhile wait at most 50 ms.
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(0.05)
        try:
            ledger, reason = self._open_ledger()
        except CasetuiError as error:
            self.call_from_thread(self.exit, None, error.exit_code, f"casetui: {error}")
            return
        finally:
            sys.setswitchinterval(switch_interval)
        self.call_from_thread(self._loaded, ledger, reason)

    def _loaded(self, ledger: Ledger, readonly_reason: str) -> None:
        if self._exit:  # quit while the ledger was still opening
            ledger.close()
            return
        self._ledger = ledger
        self.readonly_reason = readonly_reason
        self._start()

    def _start(self) -> None:
        from casetui.tui.screens.bank import BankScreen
        from casetui.tui.screens.cases import CasesScreen
        from casetui.tui.screens.reports import ReportsScreen
        from casetui.tui.screens.today import TodayScreen

        self.add_mode("today", TodayScreen)
        self.add_mode("cases", CasesScreen)
        self.add_mode("reports", ReportsScreen)
        self.add_mode("bank", BankScreen)
        self.switch_mode("today")
        if self.readonly_reason:
            self.notify(
                f"Opened read-only: {self.readonly_reason}",
                title="Read-only",
                severity="warning",
                markup=False,
                timeout=10,
            )

    def _apply_user_keymap(self) -> None:
        keymap, problems = load_keymap(self.keymap_file)
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, title="keys.toml", severity="warning", markup=False)

    # ------------------------------------------------------------------ writing

    def can_write(self) -> bool:
        """True if the ledger takes writes; otherwise says why (read-only)."""
        if self.ready and not self.ledger.readonly:
            return True
        self.notify(
            "Read-only: another casetui has the ledger open, so nothing can be saved here.",
            severity="warning",
            markup=False,
        )
        return False

    def write(self, job: Callable[[], T], done: Callable[[T], None] | None = None) -> None:
        """Run `job` (a ledger write) in the writer thread, then `done(result)` here.

        Writes run one at a time, in the order they were asked for. A failure becomes an
        error toast; the ledger itself rolls back what it could not save.
        """
        if not self.can_write():
            return
        with self._queue_lock:
            self._pending.append(_Write(job, done))
            start = not self._draining
            self._draining = True
        if start:
            self._drain()

    @work(thread=True, exit_on_error=False, group="write")
    def _drain(self) -> None:
        while True:
            with self._queue_lock:
                if not self._pending:
                    self._draining = False
                    return
                item = self._pending.popleft()
            try:
                result = item.job()
            except Exception as error:
                message = str(error) if isinstance(error, CasetuiError) else repr(error)
                self.call_from_thread(self._failed, message)
            else:
                self.call_from_thread(self._saved, item, result)

    def _saved(self, item: _Write[Any], result: Any) -> None:
        self.revision += 1
        if item.done is not None:
            item.done(result)

    def _failed(self, message: str) -> None:
        self.notify(message, title="Not saved", severity="error", markup=False, timeout=8)

    # ------------------------------------------------------------------ global keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("show_today", "show_cases", "show_reports", "show_bank"):
            # Not from inside a form or dialog, and not before the ledger is there.
            return self.ready and not isinstance(self.screen, ModalScreen)
        return True

    def action_show_today(self) -> None:
        self._show_list("today")

    def action_show_cases(self) -> None:
        self._show_list("cases")

    def action_show_reports(self) -> None:
        self._show_list("reports")

    def action_show_bank(self) -> None:
        self._show_list("bank")

    def _show_list(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)
        # The key means "the list": leave any case screen open on top of it.
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_toggle_help(self) -> None:
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def open_case(self, case_id: str) -> None:
        """Open a case from anywhere (the palette): on top of the current list."""
        from casetui.tui.screens.case import CaseScreen

        if not self.ready:
            return
        if isinstance(self.screen, ModalScreen):  # a form: never drop what was typed
            self.notify("Close the form first (ctrl+s or escape).", markup=False)
            return
        self.push_screen(CaseScreen(case_id, walk=(case_id,)))

    def open_debtor(self, customer_id: str) -> None:
        """A debtor's screen from anywhere (the palette): on top of the current screen."""
        from casetui.tui.screens.debtor import DebtorScreen

        if not self.ready:
            return
        if isinstance(self.screen, ModalScreen):  # a form: never drop what was typed
            self.notify("Close the form first (ctrl+s or escape).", markup=False)
            return
        name = self.ledger.customer(customer_id).name
        self.push_screen(DebtorScreen(customer_id, name))


def make_app(
    ledger: Ledger,
    today: date,
    *,
    export_dir: Path | None = None,
    profile: Profile | None = None,
) -> CaseApp:
    """The app on an open ledger (tests, snapshots, benchmarks). Without a profile, an
    empty one: letters then list what the business profile lacks."""
    return CaseApp(today, ledger, export_dir=export_dir, profile=profile)


def open_for_app(
    path: Path, policy: LadderPolicy = DEFAULT_POLICY, today: date | None = None
) -> tuple[Ledger, str]:
    """Open the ledger to write; if another casetui holds it, read-only and say why."""
    try:
        make_private_folders(path.parent)  # a first start makes the data folder: 0700
        return Ledger.open(path, purpose="app", policy=policy, today=today), ""
    except LedgerLocked as locked:
        reason = f"in use by {locked.holder}"
        return Ledger.open(path, readonly=True, policy=policy, today=today), reason


def run(path: Path, today: date) -> int:
    """Run the app on the ledger at `path` until the user quits; returns the exit code.

    The business profile (config folder) gives the ladder's waits, the claim terms and the
    letters' sender; a profile that does not parse raises `InputError` before anything opens.
    """
    profile = load_profile()
    policy = profile.ladder_policy()
    app = CaseApp(today, open_ledger=lambda: open_for_app(path, policy, today), profile=profile)
    try:
        app.run()
    finally:
        if app.ready:
            app.ledger.close()
    return app.return_code or 0
