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

Other casetui processes (a script, `casetui bank` from a daily job) may write while the app
is open: the ledger's lock is taken per write, not for the session. Twice a second the app
looks whether the journal grew (two `stat` calls) and, if it did, folds the new lines in
through the same writer queue and redraws what changed. When the journal has grown big, it
is folded into the snapshot once the app has been idle a moment, and the ledger's integrity
is checked in the background after start.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.signal import Signal
from textual.widgets import Static

from casetui.dossier.viewer import open_with_viewer
from casetui.errors import CasetuiError
from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.paths import user_config_dir
from casetui.profile import Profile, load_profile
from casetui.tui.commands import CaseFinder, ScreenActions
from casetui.tui.keymap import load_keymap
from casetui.tui.screen_edge import show_controls_on_screen
from casetui.tui.tools import ToolCommands

if TYPE_CHECKING:
    from casetui.ledger import Ledger

T = TypeVar("T")

KEYS_FILE = "keys.toml"
# How often the app looks for what other processes wrote, and how long it waits, idle,
# before folding a big journal into the snapshot.
WATCH_SECONDS = 0.5
IDLE_BEFORE_COMPACTION = 3.0
VERIFY_AFTER_SECONDS = 5.0
# Once the agenda is drawn, the case screen and its forms are imported in the background:
# the first case then opens at once rather than 0.2 to 0.7 s later (the forms, markdown-it,
# the law of the claim). Counted from the first list drawn, not from the ledger opened: at
# 50,000 cases the agenda takes 0.6 s to draw, and the import held the GIL beside it.
WARM_UP_AFTER_SECONDS = 0.5


@dataclass
class _Write(Generic[T]):
    """One queued write: `job` runs in the writer thread, `done` back on the UI thread."""

    job: Callable[[], T]
    done: Callable[[T], None] | None


class LoadingScreen(Screen[None]):
    """The first frame while the ledger loads (a 10k-case ledger takes a moment)."""

    def compose(self) -> ComposeResult:
        yield Static("casetui: opening the ledger…", id="loading")


def _cases_screen() -> Screen[Any]:
    from casetui.tui.screens.cases import CasesScreen

    return CasesScreen()


def _reports_screen() -> Screen[Any]:
    from casetui.tui.screens.reports import ReportsScreen

    return ReportsScreen()


def _bank_screen() -> Screen[Any]:
    from casetui.tui.screens.bank import BankScreen

    return BankScreen()


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
        verify_in_background: bool = False,
    ) -> None:
        show_controls_on_screen()  # before the first frame: no raw control reaches the terminal
        super().__init__()
        if ledger is None and open_ledger is None:
            raise ValueError("CaseApp needs a ledger or a way to open one")
        self.today = today
        # Each case's last event id when the app opened: undoing what was recorded before
        # this session asks first (a case opened since starts at 0).
        self.session_start: Mapping[str, int] = {}
        self.profile = profile or Profile()  # the user's business: letters, claim terms
        self._ledger = ledger
        self._open_ledger = open_ledger
        self.readonly_reason = "" if ledger is None or not ledger.readonly else "read-only"
        self.export_dir = export_dir or Path.home() / "casetui-exports"
        # How an attached file is shown: the system's viewer (tests put a fake here).
        self.open_file: Callable[[Path], None] = open_with_viewer
        # The person's keys, also on a demo ledger (its config folder is the business's).
        own_keys = user_config_dir() / KEYS_FILE
        self.keymap_file = keymap_file if keymap_file is not None else own_keys
        self._pending: deque[_Write[Any]] = deque()
        self._queue_lock = threading.Lock()
        self._draining = False
        from casetui.tui.search_texts import SearchTexts

        self.search_texts = SearchTexts()  # the events' words, for free-text filters
        self.verify_in_background = verify_in_background
        self.integrity: Any = None  # the background check's report, once it ran
        self._warned = 0  # ledger warnings already shown
        self._compaction_timer: Any = None
        self._warm_up_set = False
        # What happened behind the user's back, for screens and tests to wait on: another
        # process's writes folded in and shown (the ids that changed, maybe none; None:
        # everything), the background integrity check done (its report), a big journal
        # folded in (True) or not (False).
        self.others_wrote_signal: Signal[frozenset[str] | None] = Signal(self, "others-wrote")
        self.integrity_signal: Signal[Any] = Signal(self, "integrity-checked")
        self.compacted_signal: Signal[bool] = Signal(self, "compacted")

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
        from casetui.caseindex import LastEventIds
        from casetui.tui.screens.today import TodayScreen

        # From the index rows, each read when asked: nothing is folded or parsed (quick at
        # 50,000 cases, and a damaged case does not stop the app opening).
        self.session_start = LastEventIds(self.ledger.rows())
        self.add_mode("today", self._styled(TodayScreen))
        self.add_mode("cases", self._styled(_cases_screen))  # imported on the first visit,
        self.add_mode("reports", self._styled(_reports_screen))  # not before the agenda
        self.add_mode("bank", self._styled(_bank_screen))
        self.switch_mode("today")
        self.set_interval(WATCH_SECONDS, self._watch, name="watch the journal")
        if self.verify_in_background:
            self.set_timer(VERIFY_AFTER_SECONDS, self._verify_in_background)
        if self.readonly_reason:
            self.notify(
                f"Opened read-only: {self.readonly_reason}",
                title="Read-only",
                severity="warning",
                markup=False,
                timeout=10,
            )

    def _styled(self, make: Callable[[], Screen[Any]]) -> Callable[[], Screen[Any]]:
        """`make`, its new screen marked as styled by the stylesheet as it stands.

        Textual re-parses the whole stylesheet (every widget's CSS, from scratch) when a
        mode's screen has not seen the latest CSS change, and a new screen counts as never
        having seen one: twice on the first visit to a mode, 30 to 70 ms before the agenda
        was drawn. A new screen is styled from the current stylesheet when it is mounted,
        so there is nothing to catch up on; a change still pending (a theme) refreshes
        whatever screen is shown. tests/tui/test_app.py fails if Textual changes this."""

        def made() -> Screen[Any]:
            screen = make()
            screen._css_update_count = self._css_update_count
            return screen

        return made

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
        self._enqueue(job, done)

    def _enqueue(self, job: Callable[[], T], done: Callable[[T], None] | None) -> None:
        """Queue work for the writer thread (writes, and what must not run beside them)."""
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
        if not getattr(item.job, "housekeeping", False):
            self.revision += 1
        if item.done is not None:
            item.done(result)
        self._show_warnings()
        self._compact_when_idle()

    def _failed(self, message: str) -> None:
        self.notify(message, title="Not saved", severity="error", markup=False, timeout=8)

    def _show_warnings(self) -> None:
        """What went wrong after a write was saved (no backup, a failed compaction)."""
        warnings = self.ledger.warnings
        for warning in warnings[self._warned :]:
            self.notify(warning, title="Saved, but", severity="warning", markup=False, timeout=10)
        self._warned = len(warnings)

    # ------------------------------------------------------------------ other processes

    def _watch(self) -> None:
        """Did another process write? Fold it in through the writer queue, then redraw."""
        if not self.ready or self._draining or not self.ledger.changed_on_disk():
            return
        self._enqueue(_housekeeping(self.ledger.refresh), self._others_wrote)

    def _others_wrote(self, changed: frozenset[str] | None) -> None:
        if changed is None or changed:
            self.revision += 1
            if changed is None:
                self.search_texts.ready = False  # the files were replaced: read the words again
            refresh = getattr(self.screen, "others_wrote", None)
            if refresh is not None:
                refresh(changed)
        self.others_wrote_signal.publish(changed)

    def _compact_when_idle(self) -> None:
        """A big journal is folded into the snapshot once nothing happened for a moment."""
        if self.ledger.readonly or not self.ledger.store.wants_compaction:
            return
        if self._compaction_timer is not None:
            self._compaction_timer.stop()
        self._compaction_timer = self.set_timer(IDLE_BEFORE_COMPACTION, self._compact)

    def _compact(self) -> None:
        self._compaction_timer = None
        if self._draining:
            self._compact_when_idle()
            return
        self._enqueue(_housekeeping(self.ledger.store.compact_quietly), self._compacted)

    def _compacted(self, done: bool) -> None:
        self._show_warnings()  # a compaction that failed says so; the writes are saved
        self.compacted_signal.publish(done)

    def list_drawn(self) -> None:
        """A list screen was drawn (the agenda, first): the warm-up may start after it."""
        if not self._warm_up_set:
            self._warm_up_set = True
            self.set_timer(WARM_UP_AFTER_SECONDS, self._warm_up)

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_up(self) -> None:
        """Import what opening a case needs, beside the user reading the agenda."""
        import casetui.tui.screens.case  # noqa: F401 - importing it is the work

    @work(thread=True, exit_on_error=False, group="verify")
    def _verify_in_background(self) -> None:
        """Every integrity check (`casetui verify`), slowly, beside the user's work."""
        report = self.ledger.verify(pause=lambda: time.sleep(0.005))
        self.call_from_thread(self._verified, report)

    def _verified(self, report: Any) -> None:
        self.integrity = report
        self.integrity_signal.publish(report)
        if report.ok:
            return
        # Name a case when there is one: that is where the user can go and look.
        first = next((p for p in report.problems if p.case_id), report.problems[0])
        count = len(report.problems)
        self.notify(
            f"{first}" + (f" (and {count - 1} more)" if count > 1 else "") + ". `casetui "
            "verify` lists them; the case shows it.",
            title="The ledger does not match what was written",
            severity="error",
            markup=False,
            timeout=20,
        )

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
        from textual.widgets import HelpPanel  # Markdown and Pygments: not before a frame

        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_show_help_panel(self) -> None:
        """The app's help panel: the screen's own keys first, nothing cut (widgets/help)."""
        from textual.widgets import HelpPanel

        from casetui.tui.widgets.help import ScreenHelp

        if not self.screen.query(HelpPanel):
            self.screen.mount(ScreenHelp())

    def open_case(self, case_id: str, then: str = "") -> None:
        """Open a case from anywhere (the palette): on top of the current screen; `]` walks
        on through the list under it (Today, All cases), as if opened from there. `then`
        is an action of the case screen to run once it is open ("call": the call form)."""
        from casetui.tui.screens.case import CaseScreen
        from casetui.tui.screens.lists import ListScreen

        if not self.ready:
            return
        if isinstance(self.screen, ModalScreen):  # a form: never drop what was typed
            self.notify("Close the form first (ctrl+s or escape).", markup=False)
            return
        base = self.screen_stack[0]
        if isinstance(base, ListScreen):
            if base is self.screen:
                base.open_case(case_id, base.walk_for(case_id))
            else:
                self.push_screen(CaseScreen(case_id, walk=base.walk_for(case_id)))
        else:
            self.push_screen(CaseScreen(case_id))
        screen = self.screen
        if then and isinstance(screen, CaseScreen) and screen.case_id == case_id:
            self.call_after_refresh(screen.run_action, then)

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


def _housekeeping(job: Callable[[], T]) -> Callable[[], T]:
    """Mark a queued job that is not the user's write (no revision bump of its own)."""

    def run() -> T:
        return job()

    run.housekeeping = True  # type: ignore[attr-defined]
    return run


def open_for_app(
    path: Path, policy: LadderPolicy = DEFAULT_POLICY, today: date | None = None
) -> tuple[Ledger, str]:
    """Open the ledger to write (other casetui processes may write too: the lock is per
    write); read-only, saying why, only when its folder or files cannot be written."""
    # The core and the store are imported here, in the loading thread: the first frame
    # does not wait for them.
    from casetui.ledger import Ledger
    from casetui.store.durable import CannotWrite
    from casetui.userfiles import make_private_folders

    try:
        make_private_folders(path.parent)  # a first start makes the data folder: 0700
        return Ledger.open(path, purpose="app", policy=policy, today=today), ""
    except CannotWrite as error:
        reason = str(error).split(";")[0]
        return Ledger.open(path, readonly=True, policy=policy, today=today), reason


def run(path: Path, today: date) -> int:
    """Run the app on the ledger at `path` until the user quits; returns the exit code.

    The business profile (config folder) gives the ladder's waits, the claim terms and the
    letters' sender; a profile that does not parse raises `InputError` before anything opens.
    """
    profile = load_profile()
    policy = profile.ladder_policy()
    app = CaseApp(
        today,
        open_ledger=lambda: open_for_app(path, policy, today),
        profile=profile,
        verify_in_background=True,
    )
    try:
        app.run()
        if app.ready:
            # Index rows built again in memory this session (a new casetui, a new ladder)
            # are saved, so that the commands after it do not build them again each time.
            shown = len(app.ledger.warnings)
            app.ledger.save_stale_index()
            for warning in app.ledger.warnings[shown:]:
                print(f"casetui: warning: {warning}", file=sys.stderr)
    finally:
        if app.ready:
            app.ledger.close()
    return app.return_code or 0
