"""Import invoices (palette "Import invoices…", `I` on the lists): `casetui import` in the app.

Type one or more paths (a folder means all its .xml and .csv files; `~` and `*` work), set
the CSV options, and preview: the files are read and planned against the ledger in a thread
(`parse_files` + `plan_import`), and the screen lists per file what would happen, line by
line, with the reasons. Nothing is written until ctrl+s and a yes; then `apply_import` runs
in the writer thread. If the ledger changed in between, the import is planned again and the
question asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, HelpPanel, Input, Static

from casetui.errors import CasetuiError, InputError
from casetui.importers import (
    ImportInterrupted,
    ImportPlan,
    ImportReport,
    StalePlan,
    apply_import,
    parse_files,
    plan_import,
)
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.confirm import Confirm
from casetui.tui.forms.fields import Field, TextField
from casetui.tui.screens.import_parts import (
    COLUMNS,
    currency_rule,
    expand_paths,
    file_rows,
    files_content,
    question,
    report_summary,
    terms_rule,
)
from casetui.tui.widgets.chrome import ReadOnlyBanner, TitleBar
from casetui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from casetui.tui.app import CaseApp


@dataclass(frozen=True)
class ImportRequest:
    """What the user asked for: the preview is out of date when any of it changes."""

    text: str
    currency: str
    terms_days: int
    dayfirst: bool
    skip_bad: bool = False


class ImportScreen(ModalScreen[ImportReport | None]):
    """Preview an import, then import it. Dismisses with the report, or None."""

    AUTO_FOCUS = "#files Input"
    HELP = """\
## Import invoices

UBL e-invoices and credit notes (Peppol BIS 3, `.xml`) and invoice lists exported as CSV.

- **Files**: one or more paths separated by spaces; a folder means all its `.xml` and
  `.csv` files; `~` and `*` work. **enter** or **f5** shows what the import would do.
- **Currency**, **Terms** and **Dates** are for CSV files that lack them: the currency of
  amounts without one, the days to the due date when a row has none, and how to read
  `03/04/2026`.
- The preview lists each file (refused files in red, with the reason) and each invoice or
  row: **create** a case, **update** a known one (a payment, a new due date), **credit** it,
  **skip** it (already there, paid), or the **error** that refuses the file.
- **Bad rows**: a file with a bad row imports nothing, unless you choose to skip them:
  then each is listed as **bad row** and the rest of the file is imported.
- **ctrl+s** imports after a yes; nothing is written before. A file with an error imports
  nothing; the other files still go in. **escape** closes.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "preview", "Preview", id="import.preview"),
        Binding("ctrl+s", "apply", "Import", id="import.apply"),
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
        # A modal screen hides the app's keys: help comes back here.
        Binding("question_mark,f1", "toggle_help", "Help", id="import.help"),
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.plan: ImportPlan | None = None
        self.planned_for: ImportRequest | None = None
        self._generation = 0
        self._shown_generation = 0
        self._ask_when_planned = False  # the ledger changed under a yes: ask again
        self._first_look = False  # ctrl+s before any preview: show it first
        self._details: dict[str, Content] = {}  # row key -> the whole reason

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    def compose(self) -> ComposeResult:
        yield TitleBar("Import invoices", "nothing is written before ctrl+s")
        yield ReadOnlyBanner(self.case_app.readonly_reason)
        with Vertical(id="import-form"):
            yield TextField(
                "Files",
                value=self.initial_path,
                required=True,
                hint="UBL .xml or CSV files, or a folder; several: separate by spaces",
                placeholder="~/Downloads/invoices  or  export.csv",
                id="files",
            )
            with Horizontal(id="import-options"):
                yield TextField(
                    "Currency", value="EUR", rule=currency_rule, max_length=3, id="currency"
                )
                yield TextField(
                    "Terms", value="30", required=True, rule=terms_rule, max_length=4, id="terms"
                )
                yield ChoiceField(
                    "Dates",
                    [(True, "DD/MM"), (False, "MM/DD")],
                    value=True,
                    columns=2,
                    id="dayfirst",
                )
            # A file with a bad row imports nothing, or its good rows (`import --skip-bad`).
            yield ChoiceField(
                "Bad rows",
                [(False, "refuse the file"), (True, "skip them, import the rest")],
                value=False,
                columns=2,
                id="skip-bad",
            )
        yield Static(Content("Type the files and press enter to see what would be imported."),
                     id="import-files")  # fmt: skip
        table: DataTable[Any] = DataTable(id="import-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(Content(""), id="import-detail")
        yield Static(Content(""), id="import-status")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#import-table", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label.lower())
        table.display = False
        self.query_one("#import-detail").display = False

    @on(DataTable.RowHighlighted, "#import-table")
    def _show_detail(self, event: DataTable.RowHighlighted) -> None:
        """The whole reason of the highlighted row (the table cuts it)."""
        detail = self._details.get(str(event.row_key.value), Content(""))
        self.query_one("#import-detail", Static).update(detail)

    # ------------------------------------------------------------------ the request

    def request(self) -> ImportRequest | None:
        """What the fields ask for; None after marking the field that is wrong."""
        fields = [self.query_one(f"#{name}", Field) for name in ("files", "currency", "terms")]
        for field in fields:
            if not field.check():
                field.focus_control()
                self.say(f"{field.label}: {field.error}")
                return None
        dayfirst = self.query_one("#dayfirst", ChoiceField).value
        return ImportRequest(
            text=self.query_one("#files", TextField).value,
            currency=(self.query_one("#currency", TextField).value or "EUR").upper(),
            terms_days=int(self.query_one("#terms", TextField).value),
            dayfirst=dayfirst is not False,
            skip_bad=self.query_one("#skip-bad", ChoiceField).value is True,
        )

    def say(self, message: str | None, *, error: bool = True) -> None:
        status = self.query_one("#import-status", Static)
        status.update(Content(message or ""))
        status.set_class(bool(message), "-shown")
        status.set_class(error, "-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """enter: in the files field shows the preview; in the others moves on."""
        event.stop()
        if event.input in self.query_one("#files", TextField).query(Input):
            self.action_preview()
        else:
            self.focus_next()

    @on(Field.Changed)
    def _changed(self) -> None:
        if self.plan is not None and self.request_quietly() != self.planned_for:
            self.say("Changed since the preview: enter or f5 shows it again.", error=False)

    def request_quietly(self) -> ImportRequest | None:
        try:
            terms = int(self.query_one("#terms", TextField).value)
        except ValueError:
            return None
        dayfirst = self.query_one("#dayfirst", ChoiceField).value
        return ImportRequest(
            self.query_one("#files", TextField).value,
            (self.query_one("#currency", TextField).value or "EUR").upper(),
            terms,
            dayfirst is not False,
            self.query_one("#skip-bad", ChoiceField).value is True,
        )

    # ------------------------------------------------------------------ preview

    def action_preview(self) -> None:
        request = self.request()
        if request is None:
            return
        self._generation += 1
        self.say("Reading the files…", error=False)
        self._plan(request, self._generation)

    @work(thread=True, exclusive=True, group="import-plan", exit_on_error=False)
    def _plan(self, request: ImportRequest, generation: int) -> None:
        app = self.case_app
        try:
            files, problems = expand_paths(request.text)
            if not files:
                raise InputError("; ".join(problems) or "no files given")
            loaded = parse_files(
                files,
                default_currency=request.currency,
                default_terms_days=request.terms_days,
                dayfirst=request.dayfirst,
            )
            plan = plan_import(
                app.ledger,
                loaded.items,
                today=app.today,
                contents=dict(loaded.contents),
                skip_bad=request.skip_bad,
            )
        except (CasetuiError, OSError) as error:
            app.call_from_thread(self._not_planned, str(error), generation)
            return
        app.call_from_thread(self._planned, request, plan, problems, generation)

    def _not_planned(self, problem: str, generation: int) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self._shown_generation = generation
        self.plan = self.planned_for = None
        self._ask_when_planned = False
        self.query_one("#import-files", Static).update(Content(""))
        self.query_one("#import-table", DataTable).display = False
        self.say(f"Cannot import: {problem}")

    def _planned(
        self, request: ImportRequest, plan: ImportPlan, problems: list[str], generation: int
    ) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self._shown_generation = generation
        self.plan, self.planned_for = plan, request
        self.query_one("#import-files", Static).update(files_content(plan, problems))
        table = self.query_one("#import-table", DataTable)
        table.clear()
        self._details = {}
        for index, file in enumerate(plan.files):
            for number, cells in enumerate(file_rows(file)):
                key = f"{index}:{number}"
                table.add_row(*cells, key=key)
                where = f"{file.source}:{cells[1].plain}" if cells[1].plain else file.source
                self._details[key] = Content.from_markup(
                    "[b]$where[/b]  $why", where=where, why=cells[-1].plain
                )
        table.display = True
        detail = self.query_one("#import-detail", Static)
        detail.display = bool(self._details)
        detail.update(self._details.get("0:0", Content("")))
        if not plan.has_writes:
            self.say("Nothing to import: see why above.", error=not plan.ok)
        elif self._first_look:
            self.say("This is what would be imported: ctrl+s again to import.", error=False)
        else:
            self.say("ctrl+s imports what is listed (after a yes).", error=False)
        self._first_look = False
        if self._ask_when_planned:
            self._ask_when_planned = False
            self.action_apply()

    # ------------------------------------------------------------------ import

    @work(exclusive=True, group="import-apply")
    async def action_apply(self) -> None:
        request = self.request()
        if request is None:
            return
        plan = self.plan
        current = self._generation == self._shown_generation
        if plan is None or request != self.planned_for or not current:
            self._ask_when_planned = False
            self._first_look = True
            self.action_preview()
            return
        if not plan.has_writes:
            self.say("Nothing to import: see why above.")
            self.app.bell()
            return
        if not self.case_app.can_write():  # read-only: it says why
            self.say("Read-only: nothing can be imported here.")
            return
        if not await self.app.push_screen_wait(Confirm(question(plan), yes="Import", no="Not now")):
            self.say("Nothing imported.", error=False)
            return
        ledger, today = self.case_app.ledger, self.case_app.today

        def job() -> ImportReport | StalePlan | ImportInterrupted:
            try:
                return apply_import(ledger, plan, today=today)
            except (StalePlan, ImportInterrupted) as error:
                return error

        self.say("Importing…", error=False)
        self.case_app.write(job, self._applied)

    def _applied(self, result: ImportReport | StalePlan | ImportInterrupted) -> None:
        app = self.app
        if isinstance(result, StalePlan):
            app.notify(
                "The ledger changed since the preview: here is the new plan.",
                title="Import",
                severity="warning",
                markup=False,
            )
            if self.is_attached:
                self._ask_when_planned = True
                self.action_preview()
            return
        if isinstance(result, ImportInterrupted):
            app.notify(
                f"Import stopped: {result}. {report_summary(result.report)}",
                title="Import",
                severity="error",
                markup=False,
                timeout=12,
            )
            if self.is_attached:
                self.say(f"Import stopped: {result}")
            return
        app.notify(report_summary(result), title="Imported", markup=False, timeout=10)
        if self.is_attached:
            self.dismiss(result)

    # ------------------------------------------------------------------ leaving

    def action_toggle_help(self) -> None:
        self.case_app.action_toggle_help()

    def action_cancel(self) -> None:
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        else:
            self.dismiss(None)


def open_import(app: App[Any], path: str = "") -> None:
    """The import screen, from the palette or a list."""
    if isinstance(app.screen, ModalScreen):
        app.notify("Close the form first (ctrl+s or escape).", markup=False)
        return
    app.push_screen(ImportScreen(path))


__all__ = ["ImportRequest", "ImportScreen", "open_import"]
