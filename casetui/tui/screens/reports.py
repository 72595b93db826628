"""Reports (key `3`): what is owed and how old, what came in, whether the chase works, who
owes the most. One currency at a time (`c` switches); `enter` on a debtor opens their
cases; `x` saves the whole report (every currency) as Markdown.

The figures come from `casetui.reports`, computed in a thread worker as of `today`, and
again whenever the ledger changes (`CaseApp.revision` moves): at once while the screen is
up, else when it shows again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.events import ScreenResume
from textual.screen import Screen
from textual.widgets import DataTable, HelpPanel, Static

from casetui.errors import CasetuiError
from casetui.money import format_grouped, from_minor
from casetui.reports import (
    BUCKETS,
    AgingReport,
    CollectedReport,
    LadderReport,
    aging_document,
    aging_report,
    collected_document,
    combined,
    ladder_document,
    to_markdown,
)
from casetui.reports.aging import AgingLine
from casetui.reports.collected import CollectedCounter
from casetui.reports.document import document_facts
from casetui.reports.ladder import LadderCounter, StepLine
from casetui.reports.passes import count_cases
from casetui.tui.text import long_date, money, plural
from casetui.tui.widgets.case_table import CaseTable, Column, cell
from casetui.tui.widgets.charts import BarChart
from casetui.tui.widgets.chrome import ReadOnlyBanner, TitleBar
from casetui.tui.widgets.keybar import KeyBar
from casetui.userfiles import write_user_file

if TYPE_CHECKING:
    from casetui.ledger import Ledger
    from casetui.tui.app import CaseApp

MONTHS = 12
_SHORT_STEPS = {"reminder": "1st reminder", "second-reminder": "2nd reminder"}


@dataclass(frozen=True)
class Figures:
    """Everything the screen shows, computed together as of one day."""

    day: date
    aging: AgingReport
    collected: CollectedReport
    ladder: LadderReport

    @property
    def currencies(self) -> tuple[str, ...]:
        owed = [c.currency for c in self.aging.currencies]
        received = [c.currency for c in self.collected.currencies if c.currency not in owed]
        return (*owed, *received)


def compute(ledger: Ledger, day: date) -> Figures:
    # Aging as of today reads the index rows; the other two read every case's events, in
    # one pass (each case folded once, none kept).
    collected, ladder = CollectedCounter(day, MONTHS), LadderCounter(day)
    count_cases(ledger, collected, ladder)
    return Figures(
        day, aging_report(ledger, day, policy=ledger.policy), collected.report(), ladder.report()
    )


def report_markdown(figures: Figures, creditor: str) -> str:
    """The screen's report as one Markdown document: aging, collected, ladder."""
    parts = (
        aging_document(figures.aging),
        collected_document(figures.collected),
        ladder_document(figures.ladder),
    )
    facts = document_facts(creditor, ("As of", figures.day.isoformat()))
    return to_markdown(combined("Reports", facts, parts))


class ReportsScreen(Screen[None]):
    """The reports dashboard."""

    AUTO_FOCUS = "#debtors"
    HELP = """\
## Reports

Where the money is, how old it is, what came in and whether the chase works, as of today.

- **Aging**: what is owed, by days past the due date (disputed amounts included).
- **Collected**: payments and credit notes per month, the last 12 months.
- **Top debtors**: who owes the most; **enter** opens their cases.
- **Ladder**: per step of the chase, of the cases whose 30 days after it are over, how
  many were paid in full within them ("2/5 40%"), the median days to payment, promises
  kept.
- **c** shows the next currency (amounts are never added across currencies).
- **x** saves the whole report, every currency, as Markdown in the exports folder.

`casetui report aging|collected|ladder|activity` prints the same reports (and the weekly
activity) as tables, Markdown, CSV or JSON.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "next_currency", "Currency", id="reports.currency"),
        Binding("x", "save", "Save as Markdown", id="reports.save"),
        Binding("escape", "back", "Back", id="reports.back", show=False),
        Binding("q", "quit", "Quit", id="reports.quit"),
    ]
    DEBTOR_COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("name", "Customer", min_width=10, max_width=40, grow=True),
        Column("owed", "Owed", min_width=8, max_width=14, justify="right"),
        Column("late", "Over 30 days", min_width=8, max_width=14, justify="right", drop=1),
        Column("cases", "Cases", min_width=5, max_width=6, justify="right", drop=2),
    )
    LADDER_COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("step", "Step", min_width=9, max_width=16, grow=True),
        Column("cases", "Cases", min_width=5, max_width=6, justify="right"),
        Column("paid", "Paid", min_width=5, max_width=10, justify="right"),
        Column("kept", "Kept", min_width=4, max_width=5, justify="right", drop=1),
        Column("median", "Median", min_width=6, max_width=6, justify="right", drop=2),
    )

    def __init__(self) -> None:
        super().__init__()
        self.figures: Figures | None = None
        self.currency = ""
        self._seen_revision = -1

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    def compose(self) -> ComposeResult:
        yield TitleBar("Reports", long_date(self.case_app.today))
        yield ReadOnlyBanner(self.case_app.readonly_reason)
        yield Static(Content("Counting…"), id="reports-summary")
        with Grid(id="reports-grid"):
            with Vertical(id="aging-box", classes="report-box"):
                yield BarChart(horizontal=True, id="aging-chart")
                yield Static(id="aging-empty", classes="report-empty")
            with Vertical(id="collected-box", classes="report-box"):
                yield BarChart(id="collected-chart")
                yield Static(id="collected-empty", classes="report-empty")
            with Vertical(id="debtors-box", classes="report-box"):
                yield CaseTable(
                    self.DEBTOR_COLUMNS, key=_debtor_key, cells=self._debtor_cells, id="debtors"
                )
            with Vertical(id="ladder-box", classes="report-box"):
                yield CaseTable(self.LADDER_COLUMNS, key=_step_key, cells=_step_cells, id="ladder")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#ladder", CaseTable).can_focus = False
        ladder = self.query_one("#ladder-box")
        ladder.border_title = "Ladder effectiveness"
        ladder.border_subtitle = "Paid in 30 d / cases past 30 d"
        self.watch(self.app, "revision", self._follow_ledger, init=False)
        self.recount()

    # ------------------------------------------------------------------ following the ledger

    @on(ScreenResume)
    def _resumed(self) -> None:
        self._follow_ledger()

    def _follow_ledger(self) -> None:
        if self.is_current and self._seen_revision != self.case_app.revision:
            self.recount()

    def recount(self) -> None:
        self._seen_revision = self.case_app.revision
        app = self.case_app
        self._count(app.ledger, app.today)

    @work(thread=True, exclusive=True, group="reports", exit_on_error=False)
    def _count(self, ledger: Ledger, day: date) -> None:
        try:
            figures = compute(ledger, day)
        except CasetuiError as error:
            self.app.call_from_thread(
                self.notify, f"Reports: {error}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.show_figures, figures)

    # ------------------------------------------------------------------ showing

    def show_figures(self, figures: Figures) -> None:
        self.figures = figures
        if self.currency not in figures.currencies:
            self.currency = figures.currencies[0] if figures.currencies else ""
        self.query_one("#reports-summary", Static).update(self._summary(figures))
        self._show_currency()
        ladder = self.query_one("#ladder", CaseTable)
        ladder.show(figures.ladder.steps)
        self.refresh_bindings()

    def _summary(self, figures: Figures) -> Content:
        parts = []
        for totals in figures.aging.currencies:
            code = totals.currency
            owed = money(from_minor(totals.total, code), code)
            text = f"{owed}, {plural(totals.cases, 'case')}"
            if totals.disputed:
                text += f" ({format_grouped(from_minor(totals.disputed, code), code)} disputed)"
            parts.append(text)
        if not parts:
            return Content("Nothing is owed today.")
        return Content.from_markup("[b]Owed:[/b] $owed", owed=" · ".join(parts))

    def _show_currency(self) -> None:
        figures = self.figures
        if figures is None:
            return
        code = self.currency
        others = len(figures.currencies) > 1
        hint = "  (c: next currency)" if others else ""
        aging = figures.aging.currency(code)
        self._chart(
            "aging",
            f"Aging · {code}{hint}" if code else "Aging",
            BUCKETS,
            [from_minor(minor, code) for minor in aging.buckets] if aging else [],
            f"Nothing is owed in {code}." if code else "Nothing is owed.",
        )
        collected = next((c for c in figures.collected.currencies if c.currency == code), None)
        self._chart(
            "collected",
            f"Collected per month · {code}" if code else "Collected per month",
            [f"{line.month:%b}" for line in collected.months] if collected else [],
            [from_minor(line.total, code) for line in collected.months] if collected else [],
            f"Nothing received in the last {MONTHS} months" + (f" in {code}." if code else "."),
        )
        debtors = self.query_one("#debtors", CaseTable)
        debtors.show(figures.aging.lines_in(code), keep=debtors.current_key)
        self.query_one("#debtors-box").border_title = (
            f"Top debtors · {code}" if code else "Top debtors"
        )

    def _chart(
        self, name: str, title: str, labels: list[str] | tuple[str, ...], values: list, empty: str
    ) -> None:
        box = self.query_one(f"#{name}-box")
        box.border_title = title
        has_bars = any(values)
        box.set_class(not has_bars, "-empty")
        if has_bars:
            self.query_one(f"#{name}-chart", BarChart).show_bars(labels, values)
        self.query_one(f"#{name}-empty", Static).update(Content(empty))

    def _debtor_cells(self, line: AgingLine) -> list[Text]:
        code = line.currency
        late = sum(line.buckets[2:])  # more than 30 days past due
        return [
            cell(line.name),
            cell(money(from_minor(line.total, code), code), justify="right"),
            cell(money(from_minor(late, code), code) if late else "", justify="right"),
            cell(str(line.cases), justify="right"),
        ]

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_currency":
            return (self.figures is not None and len(self.figures.currencies) > 1) or None
        if action == "save":
            return self.figures is not None or None
        return True

    def action_next_currency(self) -> None:
        figures = self.figures
        if figures is None or len(figures.currencies) < 2:
            return
        codes = figures.currencies
        self.currency = codes[(codes.index(self.currency) + 1) % len(codes)]
        self._show_currency()

    def action_back(self) -> None:
        """escape: close help if it is open, else back to Today. Never quits."""
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        else:
            self.case_app.action_show_today()

    def action_quit(self) -> None:
        self.app.exit()

    @on(DataTable.RowSelected, "#debtors")
    def _open_debtor(self, event: DataTable.RowSelected) -> None:
        event.stop()
        customer_id = event.row_key.value
        if customer_id is None:
            return
        from casetui.tui.screens.customer_cases import CustomerCasesScreen

        name = self.case_app.ledger.customer(customer_id).name
        self.app.push_screen(CustomerCasesScreen(customer_id, name))

    def action_save(self) -> None:
        if self.figures is not None:
            self._save(self.figures, self.case_app.export_dir, self.case_app.profile.name)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _save(self, figures: Figures, folder: Path, creditor: str) -> None:
        app = self.case_app
        target = folder / f"reports-{figures.day.isoformat()}.md"
        try:
            write_user_file(
                target,
                report_markdown(figures, creditor),
                ledgers=[app.ledger.path],
                make_folders=True,
            )
        except CasetuiError as error:
            app.call_from_thread(
                app.notify,
                f"Not saved: {error}",
                title="Reports",
                severity="error",
                markup=False,
            )
            return
        app.call_from_thread(app.notify, f"Saved to {target}", title="Reports", markup=False)


def _debtor_key(line: AgingLine) -> str:
    return line.id


def _step_key(line: StepLine) -> str:
    return line.key


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _paid_of(line: StepLine) -> str:
    """ "2/5 40%": the share beside what it is of ("2 of 5" in `casetui report ladder`)."""
    if not line.over_30:
        return "–"
    return f"{line.paid_30_of_over}/{line.over_30} {_share(line.share_30)}"


def _step_cells(line: StepLine) -> list[Text]:
    median = "–" if line.median_days is None else f"{line.median_days:g} d"
    return [
        cell(_SHORT_STEPS.get(line.key, line.label)),
        cell(str(line.cases), justify="right"),
        cell(_paid_of(line), justify="right"),
        cell(_share(line.share_kept), justify="right"),
        cell(median, justify="right"),
    ]
