"""What Today and All cases share: a case table, the `/` filter, opening cases, new case.

A list screen rebuilds its rows from the ledger when it is shown again after a write
(`CaseApp.revision` moved), keeping the cursor on the case you came back from, or on the
row that took its place when that case left the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import ScreenResume
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from casetui.caseindex import CaseRow
from casetui.errors import CasetuiError
from casetui.filters import Facts, Query, parse, searchable_text
from casetui.model import Closed, Event, Snooze
from casetui.timeline import CaseState
from casetui.tui.search_texts import SearchTexts
from casetui.tui.text import long_date
from casetui.tui.widgets.case_table import CaseTable, Column
from casetui.tui.widgets.chrome import ReadOnlyBanner, TitleBar
from casetui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from casetui.ledger import Ledger
    from casetui.timeline import CaseState
    from casetui.tui.app import CaseApp
    from casetui.tui.forms import NewCase

Row = TypeVar("Row")

FILTER_HINT = 'words, customer:"acme bv" stage:formal overdue>30 amount>£500 tag:vip a OR b'


class FactsCache:
    """One `Facts` per case, rebuilt only when the case's index row (or its customer's
    name) changed, so a refresh after one write on a 50k-case ledger touches one case."""

    def __init__(self, texts: SearchTexts) -> None:
        self._facts: dict[str, Facts] = {}
        self._texts = texts

    def get(self, ledger: Ledger, rows: Sequence[CaseRow], today: date) -> list[Facts]:
        cached = self._facts
        result = []
        for row in rows:
            facts = cached.get(row.id)
            customer = ledger.customer(row.customer_id)
            if facts is None or facts.state is not row or facts.customer != customer.name:
                facts = Facts(row, customer.name, today, customer.notes, self._words(ledger, row))
                cached[row.id] = facts
            result.append(facts)
        return result

    def _words(self, ledger: Ledger, row: CaseRow) -> str | None:
        text = self._texts.get(row)
        if text is None and self._texts.ready:
            # Written to since the background read: this one case is read again.
            read = ledger.case_despite_problems(row.id)[0]
            text = searchable_text(read.raw_events).casefold()
            self._texts.put(row.id, row.last_event_id, text)
        return text

    def texts_arrived(self) -> None:
        """The background read finished: every case's words join the search."""
        for facts in self._facts.values():
            if facts.event_text is None and isinstance(facts.state, CaseRow):
                text = self._texts.get(facts.state)
                if text is not None:
                    facts.with_event_text(text)


class ListScreen(Screen[None], Generic[Row]):
    """A top-level list of cases. Subclasses say which rows, columns and summary."""

    AUTO_FOCUS = "CaseTable"
    SCREEN_NAME: ClassVar[str] = ""
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    EMPTY_FILTERED = "No case matches the filter. escape clears it."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="list.filter"),
        Binding("N", "new_case", "New case", id="list.new"),
        Binding("escape", "back", "Back", id="list.back", show=False),
        Binding("q", "quit", "Quit", id="list.quit"),
        # Several cases at once (forms/bulk.py): mark rows, act on all, one undo for the lot.
        Binding("space,v", "mark", "Mark", id="list.mark", tooltip="Mark or unmark the row"),
        Binding("s", "bulk('snooze')", "Snooze marked", id="list.snooze", show=False),
        Binding("w", "bulk('close')", "Close marked", id="list.close", show=False),
        Binding("u", "undo_bulk", "Undo marked action", id="list.undo", show=False),
        Binding("ctrl+r", "redo_bulk", "Redo marked action", id="list.redo", show=False),
        Binding("x", "export_marked", "Export marked", id="list.export", show=False),
        Binding("a", "letters_marked", "Next letter for marked", id="list.letters", show=False),
        # Import and the business profile (screens/importer.py, forms/profile.py).
        Binding("I", "import", "Import invoices", id="list.import", show=False),
        Binding("B", "profile", "Business profile", id="list.profile", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.filter: Query = parse("")
        self.rows: list[Row] = []
        self._all: list[Row] = []
        self._seen_revision = -1
        self._facts: FactsCache | None = None
        # The last action on marked cases this session: (batch id, what it did, how many),
        # and the one u undid (ctrl+r redoes it).
        self.last_batch: tuple[str, str, int] | None = None
        self.undone_batch: tuple[str, str, int] | None = None

    # ------------------------------------------------------------------ building

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    def compose(self) -> ComposeResult:
        yield TitleBar(self.SCREEN_NAME, long_date(self.case_app.today))
        yield ReadOnlyBanner(self.case_app.readonly_reason)
        with Horizontal(classes="summary-bar"):
            yield Static(id="summary")
            yield Static(id="position")
        yield Input(placeholder=FILTER_HINT, id="filter", select_on_focus=False)
        yield Static(id="filter-problems")
        yield CaseTable(self.COLUMNS, key=self.row_key, cells=self.row_cells)
        yield Static(id="empty")
        yield KeyBar()

    @property
    def table(self) -> CaseTable[Row]:
        return self.query_one(CaseTable)

    @property
    def facts_cache(self) -> FactsCache:
        if self._facts is None:
            self._facts = FactsCache(self.case_app.search_texts)
        return self._facts

    def facts(self, rows: Sequence[CaseRow]) -> list[Facts]:
        return self.facts_cache.get(self.case_app.ledger, rows, self.case_app.today)

    def facts_of(self, row: CaseRow) -> Facts:
        return self.facts_cache.get(self.case_app.ledger, (row,), self.case_app.today)[0]

    def load_rows(self) -> list[Row]:
        """Every row of the list before filtering (subclasses)."""
        raise NotImplementedError

    def row_key(self, row: Row) -> str:
        raise NotImplementedError

    def row_facts(self, row: Row) -> Facts:
        raise NotImplementedError

    def row_cells(self, row: Row) -> Sequence[Text]:
        raise NotImplementedError

    def order(self, rows: list[Row]) -> list[Row]:
        return rows

    def matching(self, query: Query) -> list[Row]:
        """The rows the filter lets through (the hot loop of a filter keystroke)."""
        row_facts = self.row_facts
        return [row for row in self._all if query.matches(row_facts(row))]

    def summary(self) -> Content:
        raise NotImplementedError

    def empty_message(self) -> Content:
        raise NotImplementedError

    # ------------------------------------------------------------------ refreshing

    def on_mount(self) -> None:
        self.reload()
        self.call_after_refresh(self.case_app.list_drawn)

    @on(ScreenResume)
    def _resumed(self) -> None:
        if self._seen_revision != self.case_app.revision:
            self.reload(keep=self.table.current_key)

    def others_wrote(self, changed: frozenset[str] | None) -> None:
        """Another casetui wrote to the ledger: show it (the app noticed, see `CaseApp`)."""
        self.reload(keep=self.table.current_key)

    def reload(self, *, keep: str | None = None, index: int | None = None) -> None:
        """Read the rows from the ledger again and show them."""
        self._seen_revision = self.case_app.revision
        self._all = self.load_rows()
        self.refilter(keep=keep, index=index)

    def refilter(self, *, keep: str | None = None, index: int | None = None) -> None:
        table = self.table
        if index is None:
            index = table.position if table.items else 0
        query = self.filter
        rows = self.matching(query) if query else list(self._all)
        self.rows = self.order(rows)
        table.show(self.rows, keep=keep, index=index)
        empty = not self.rows
        self.set_class(empty, "-empty")
        if empty:
            self.query_one("#empty", Static).update(
                Content(self.EMPTY_FILTERED) if query else self.empty_message()
            )
        summary = self.summary()
        texts = self.case_app.search_texts
        if query.words and not texts.ready:
            summary += Content(
                " · notes not searched" if texts.failed else " · notes still loading"
            )
        self.query_one("#summary", Static).update(summary)
        self._show_position()

    @on(DataTable.RowHighlighted)
    def _show_position(self) -> None:
        table = self.table
        text = f"{table.position + 1:,} of {len(self.rows):,}" if self.rows else ""
        if table.selected:
            text = f"{len(table.selected):,} marked · {text}"
        self.query_one("#position", Static).update(Content(text))

    # ------------------------------------------------------------------ several cases

    def action_mark(self) -> None:
        """space or v: mark the row (or unmark it) and move down, to mark the next."""
        table = self.table
        key = table.current_key
        if key is None:
            return
        table.selected ^= {key}
        table.refresh_row_marks()
        table.move_to(table.position + 1)
        self._show_position()

    def marked(self) -> list[str]:
        """The marked cases still on the list, in its order."""
        selected = self.table.selected
        return [key for key in self.table.all_keys() if key in selected]

    def marked_to_write(self) -> list[str]:
        """The marked cases, when there are some and the ledger may be written (else empty,
        after saying why)."""
        case_ids = self.marked()
        if not case_ids:
            self.notify("Mark cases first: space or v on each row.", markup=False)
            return []
        return case_ids if self.case_app.can_write() else []

    def clear_marks(self) -> None:
        self.table.selected = set()
        self.table.refresh_row_marks()
        self._show_position()

    def action_bulk(self, what: str) -> None:
        from casetui.tui.forms.bulk import BulkCloseForm, BulkSnoozeForm, cases_line
        from casetui.tui.forms.confirm import Confirm

        app = self.case_app
        case_ids = self.marked_to_write()
        if not case_ids:
            return
        form = BulkSnoozeForm if what == "snooze" else BulkCloseForm

        def chosen(events: tuple[Event, ...] | None) -> None:
            if not events:
                return
            said = describe_bulk(events[0], len(case_ids))

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._record_bulk(case_ids, events, said)

            # The ids on a line of their own: the dialog is at most 76 wide.
            asked = describe_bulk(events[0], len(case_ids), asking=True)
            question = f"{asked}?\n{cases_line(case_ids)}"
            app.push_screen(Confirm(question, yes="Yes, all of them", no="No"), confirmed)

        app.push_screen(form(case_ids, app.today), chosen)

    def _record_bulk(self, case_ids: list[str], events: tuple[Event, ...], said: str) -> None:
        ledger = self.case_app.ledger

        def write() -> str:
            batch, _ = ledger.append_batch([(case_id, events) for case_id in case_ids])
            return batch

        def done(batch: str) -> None:
            self.last_batch = (batch, said, len(case_ids))
            self.clear_marks()
            self.notify(f"{said[0].upper()}{said[1:]}. u undoes all of it.", markup=False)
            if self.is_attached:
                self.reload(keep=self.table.current_key)

        self.case_app.write(write, done)

    def action_redo_bulk(self) -> None:
        if self.undone_batch is None:
            self.notify("Nothing to redo here: ctrl+r follows u on this list.", markup=False)
            return
        if not self.case_app.can_write():
            return
        batch, said, count = self.undone_batch
        ledger, today = self.case_app.ledger, self.case_app.today

        def write() -> int:
            return len(ledger.redo_batch(batch, today))

        def done(redone: int) -> None:
            self.undone_batch, self.last_batch = None, (batch, said, count)
            self.notify(f"Redone on {_cases(redone)}: {said}.", title="Redo", markup=False)
            if self.is_attached:
                self.reload(keep=self.table.current_key)

        self.case_app.write(write, done)

    def action_letters_marked(self) -> None:
        """a: each marked case's next letter (screens/batch_letters.py), written as one
        action that u undoes."""
        from casetui.tui.forms.profile import profile_or_say
        from casetui.tui.screens.batch_letters import BatchLettersScreen, Written

        app = self.case_app
        case_ids = self.marked_to_write()
        profile = profile_or_say(app) if case_ids else None
        if not case_ids or profile is None:
            return

        def done(written: Written | None) -> None:
            if written is None:
                return
            batch, count = written
            self.last_batch = (batch, "the letters recorded (e-mails sent stay sent)", count)
            self.undone_batch = None
            self.clear_marks()
            if self.is_attached:
                self.reload(keep=self.table.current_key)

        app.push_screen(BatchLettersScreen(case_ids, profile), done)

    def action_export_marked(self) -> None:
        """x: each marked case's history as Markdown, in the export folder."""
        case_ids = self.marked()
        if not case_ids:
            self.notify("Mark cases first: space or v on each row.", markup=False)
            return
        self._export_marked(case_ids)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_marked(self, case_ids: list[str]) -> None:
        from casetui.tui.screens.case import export_history

        app = self.case_app
        ledger, folder = app.ledger, app.export_dir
        try:
            for case_id in case_ids:
                state = ledger.case(case_id)
                export_history(app, state, ledger.customer(state.customer_id), folder)
        except CasetuiError as error:
            app.call_from_thread(
                app.notify, f"Export failed: {error}", severity="error", markup=False
            )
            return
        app.call_from_thread(
            app.notify,
            f"Exported {len(case_ids)} case histories to {folder}",
            title="Export",
            markup=False,
        )

    def action_undo_bulk(self) -> None:
        from casetui.tui.forms.confirm import Confirm

        if self.last_batch is None:
            self.notify(
                "Nothing to undo here: u on this list undoes an action on marked cases; "
                "a case's own actions are undone on the case.",
                markup=False,
            )
            return
        if not self.case_app.can_write():
            return
        batch, said, count = self.last_batch
        ledger, today = self.case_app.ledger, self.case_app.today

        def write() -> int:
            return len(ledger.undo_batch(batch, today))

        def done(undone: int) -> None:
            self.last_batch, self.undone_batch = None, (batch, said, count)
            self.notify(
                f"Undone on {_cases(undone)}: {said}. ctrl+r redoes it.", title="Undo", markup=False
            )
            if self.is_attached:
                self.reload(keep=self.table.current_key)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.case_app.write(write, done)

        on = f"all {count} cases" if count != 1 else "1 case"
        question = f"Undo on {on}: {said}?"
        self.app.push_screen(Confirm(question, yes="Undo it", no="Keep it"), confirmed)

    # ------------------------------------------------------------------ filter

    def action_filter(self) -> None:
        self.add_class("-filtering")
        line = self.query_one("#filter", Input)
        line.focus()
        # The filter in force is selected: typing replaces it, an arrow key keeps it.
        line.select_all()
        self._warm_search_text(list(self._all))

    @work(thread=True, exclusive=True, group="warm", exit_on_error=False)
    def _warm_search_text(self, rows: list[Row]) -> None:
        """Read every case's words for free text (once per session, one pass over the
        file: 50k cases take a second or two), and build the haystacks, while the first
        letters are typed. Until they are in, free text finds ids, invoices, customers."""
        worker = get_current_worker()
        texts = self.case_app.search_texts
        if not texts.ready:
            texts.failed = ""
            # This worker does not stop the app when it fails (exit_on_error=False), and
            # Textual then keeps the error to itself: free text silently never searched the
            # notes. A failure is logged and shown instead.
            try:
                loaded = texts.load(self.case_app.ledger, lambda: worker.is_cancelled)
            except Exception as error:
                self.app.call_from_thread(self._texts_failed, error)
                return
            if not loaded:
                return
            self.app.call_from_thread(self._texts_arrived)
        for n, row in enumerate(rows):
            if n % 500 == 0 and worker.is_cancelled:
                return
            _ = self.row_facts(row).text

    def _texts_failed(self, error: Exception) -> None:
        message = str(error) if isinstance(error, CasetuiError) else repr(error)
        self.case_app.search_texts.failed = message
        if self.filter.words:
            self.refilter(keep=self.table.current_key)
        self.log.error("reading the events' words for the filter failed", error)
        self.notify(
            f"The filter cannot search notes and reasons: {message}",
            title="Notes not searchable",
            severity="error",
            markup=False,
            timeout=10,
        )

    def _texts_arrived(self) -> None:
        self.facts_cache.texts_arrived()
        if self.filter.words:
            self.refilter(keep=self.table.current_key)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    def apply_filter(self, text: str) -> None:
        self.query_text = text
        self.filter = parse(text)
        problems = "; ".join(self.filter.errors)
        # Said under the filter line, so a term that filters nothing is never silent.
        said = f"Not understood, left out: {problems}" if problems else ""
        self.query_one("#filter-problems", Static).update(Content(said))
        self.set_class(bool(problems), "-filter-problems")
        self.refilter(keep=self.table.current_key, index=0)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.query_text.strip():
            self.remove_class("-filtering")
        self.table.focus()

    def clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""  # Input.Changed refilters
        self.remove_class("-filtering")
        self.table.focus()

    # ------------------------------------------------------------------ keys

    def action_back(self) -> None:
        """escape: close help, else unmark, else clear the filter, else go to Today. Never
        quits."""
        from textual.widgets import HelpPanel  # Markdown: not before the list is drawn

        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        elif self.table.selected:
            self.clear_marks()
        elif self.query_text or self.has_class("-filtering"):
            self.clear_filter()
        else:
            self.go_back()

    def go_back(self) -> None:
        """escape with nothing to undo on this screen (subclasses)."""

    def action_quit(self) -> None:
        self.app.exit()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_case(event.row_key.value)

    def open_case(self, case_id: str, walk: Sequence[str] | None = None) -> None:
        """Open a case on top of this list; `]` walks `walk` (default: this list's rows)."""
        from casetui.tui.screens.case import CaseScreen

        keys = tuple(self.table.all_keys()) if walk is None else tuple(walk)
        screen = CaseScreen(case_id, walk=keys)
        self.app.push_screen(screen, partial(self._came_back, screen.walk, screen.visited))

    def walk_for(self, case_id: str) -> tuple[str, ...]:
        """The walk for a case opened from elsewhere (the palette): this list, from the case
        on if it is in it, else the case first and then the list."""
        keys = tuple(self.table.all_keys())
        return keys if case_id in keys else (case_id, *keys)

    def _came_back(self, walk: Sequence[str], visited: Sequence[str], case_id: str | None) -> None:
        """Back from a case: the cursor on it if it is still listed, else on the first case
        of the walk not seen yet from where the walk started, so that after acting on a few
        cases (which left the list) the most urgent one left is not skipped."""
        self.reload(keep=case_id)
        if case_id is None or self.table.index_of(case_id) is not None:
            return
        seen = set(visited)
        start = min((walk.index(key) for key in seen if key in walk), default=0)
        for key in walk[start:]:
            if key not in seen and (position := self.table.index_of(key)) is not None:
                self.table.move_to(position)
                return
        self.table.move_to(0)

    def action_new_case(self) -> None:
        if not self.case_app.can_write():
            return
        from casetui.tui.forms import NewCaseForm

        app = self.case_app
        self.app.push_screen(NewCaseForm(app.ledger, app.today), self._create_case)

    def action_import(self) -> None:
        from casetui.tui.tools import open_import

        open_import(self.app)

    def action_profile(self) -> None:
        from casetui.tui.tools import open_profile

        open_profile(self.app)

    def _create_case(self, new: NewCase | None) -> None:
        if new is None:
            return
        app = self.case_app
        ledger = app.ledger

        def create() -> CaseState:
            return ledger.open_case(new.opened, new_customer=new.new_customer)

        def created(state: CaseState) -> None:
            app.notify(
                f"Case {state.id} opened: invoice {state.invoice}", markup=False, title="New case"
            )
            self.reload(keep=state.id)
            self.open_case(state.id)

        app.write(create, created)


def _cases(count: int) -> str:
    return f"{count} case{'s' if count != 1 else ''}"


def describe_bulk(event: Event, count: int, *, asking: bool = False) -> str:
    """An action on several cases in words: "snoozed 3 cases until 2026-12-01", or asking,
    "Snooze 3 cases until 2026-12-01"."""
    if isinstance(event, Snooze):
        verb, what = ("Snooze", "snoozed"), f" until {event.until}"
    elif isinstance(event, Closed):
        verb, what = ("Close", "closed"), f" ({event.reason.value.replace('-', ' ')})"
    else:
        verb, what = (f"Record {event.label.lower()} on", f"{event.label.lower()} on"), ""
    return f"{verb[0] if asking else verb[1]} {count} cases{what}"
