"""All cases (key `2`): the register, filtered with `/`, sorted with `o`, totals per currency.

Quick at 10k+ cases: the rows are plain `Facts` (cached per case state), the filter and the
sort run over those, and the table renders only a window of rows around the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable

from casetui.filters import Facts, Query
from casetui.owed import left_at_close
from casetui.records import NamedTuple
from casetui.tui.screens.lists import ListScreen
from casetui.tui.text import money, plural, totals, verb
from casetui.tui.widgets.case_table import Column, cell


class Sort(NamedTuple):
    name: str
    column: str
    key: Callable[[Facts], Any]
    descending: bool  # the natural direction: biggest amounts and oldest debts first


SORTS = (
    Sort("case", "case", lambda f: f.case_id, False),
    Sort("customer", "customer", lambda f: (f.customer.casefold(), f.case_id), False),
    Sort("outstanding", "outstanding", lambda f: (f.outstanding, f.case_id), True),
    Sort("days overdue", "days", lambda f: (f.days_overdue, f.case_id), True),
    Sort("stage", "stage", lambda f: (f.stage.rank, f.case_id), True),
    Sort("invoice", "invoice", lambda f: (f.invoice.casefold(), f.case_id), False),
    Sort(
        "next action",
        "next",
        lambda f: (f.state.next_action is None, f.state.next_action and f.state.next_action.date),
        False,
    ),
)


def stage_words(row: Facts) -> str:
    """An open case's stage and what holds it: `Reminder, disputed, promise broken`."""
    flags = [word for word, on in (("disputed", row.disputed), ("promised", row.promised)) if on]
    if row.promise_broken:
        flags.append("promise broken")
    return ", ".join([row.stage.label, *flags])


class CasesScreen(ListScreen[Facts]):
    """Every case in the ledger, open and closed."""

    SCREEN_NAME = "All cases"
    HELP = """\
## All cases

The whole register, open and closed cases.

- **/** filters: free text over customer, invoice and notes, plus terms:
  `customer:acme`, `stage:formal-notice`, `level>=2`, `overdue>30`, `amount>500`
  (`amount>£500`: cases in pounds only), `currency:gbp` or `currency:£`, `tag:vip`,
  `disputed`, `promised`, `broken`, `closed`, `open`, `due`. `!` or `-` negates a term;
  quotes keep words together (`customer:"daan mulder"`); `OR` between two terms gives
  either. What the filter cannot read is said under it.
- **o** changes the order (case, customer, outstanding, days overdue, stage, invoice,
  next action); **O** reverses it. Clicking a column header sorts by it.
- **enter** opens a case; **]** and **[** on the case walk this list.
- **I** imports invoices (UBL, CSV), **B** edits your business profile.
- **space** or **v** marks a row (again: unmarks); then **s** snoozes or **w** closes every
  marked case, asked once (**u** here undoes it on all of them, **ctrl+r** redoes);
  **x** exports their histories; **escape** unmarks.
- **ctrl+p** then a verb and a case acts on it from anywhere: `call 0022`, `payment
  F2026-99062`, `letter mulder`.
"""
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("case", "Case", min_width=11, max_width=14),
        Column("invoice", "Invoice", min_width=7, max_width=18),
        Column("customer", "Customer", min_width=12, max_width=40, grow=True),
        Column("outstanding", "Outstanding", min_width=11, max_width=20, justify="right"),
        Column("days", "Days", min_width=4, max_width=5, justify="right", drop=2),
        Column("stage", "Stage", min_width=6, max_width=24, drop=1),
        Column("next", "Next action", min_width=10, max_width=11, drop=3),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "sort", "Sort", id="cases.sort"),
        Binding("O", "reverse", "Reverse order", id="cases.reverse", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = SORTS[0]
        self.reverse = False

    def load_rows(self) -> list[Facts]:
        rows = self.facts(self.case_app.ledger.rows())
        rows.sort(key=self.sort.key, reverse=self.sort.descending != self.reverse)
        return rows  # kept in the chosen order: a filter keeps it, no sort per keystroke

    def row_key(self, row: Facts) -> str:
        return row.case_id

    def row_facts(self, row: Facts) -> Facts:
        return row

    def matching(self, query: Query) -> list[Facts]:
        return query.select(self._all)  # the rows are the facts: no lookups

    def order(self, rows: list[Facts]) -> list[Facts]:
        return rows  # `_all` is in the chosen order already (load_rows, _resort)

    def _resort(self) -> None:
        self._all.sort(key=self.sort.key, reverse=self.sort.descending != self.reverse)
        self.refilter(keep=self.table.current_key)

    def row_cells(self, row: Facts) -> Sequence[Text]:
        state = row.state
        style = "dim" if row.closed else ""
        if row.closed and state.closed is not None:
            stage = f"Closed, {state.closed.reason.value.replace('-', ' ')}"
            next_action = ""
        else:
            stage = stage_words(row)
            action = state.next_action
            next_action = action.date.isoformat() if action else ""
        return [
            cell(row.case_id, style=style),
            cell(row.invoice, style=style),
            cell(row.customer, style=style),
            cell(money(row.outstanding, row.currency), justify="right", style=style),
            cell(str(row.days_overdue) if row.days_overdue else "", justify="right", style=style),
            cell(stage, style=style),
            cell(next_action, style=style),
        ]

    def summary(self) -> Content:
        shown = self.rows
        open_rows = [row for row in shown if not row.closed]
        # Only with closed rows alone (the `closed` filter), where "nothing outstanding" needs
        # the word; beside open cases the line has no room for it at 100 columns (and it is
        # not worked out: a keystroke at 50k cases read thousands of closed rows for it).
        given_up = ""
        if not open_rows:
            left = [
                (r.currency, r.state.outstanding_minor)
                for r in shown
                if r.closed and left_at_close(r.state)
            ]
            given_up = f" · {totals(left)} left unpaid" if left else ""
        # The facts hold what is owed (`owed_minor`): a keystroke reads no row again.
        amounts = totals((row.currency, row.outstanding_minor) for row in open_rows)
        if self.filter:
            matches = verb(len(shown), "matches", "match")
            count = f"{len(shown):,} of {plural(len(self._all), 'case')} {matches}"
        else:
            count = plural(len(shown), "case")
        # The order shows as an arrow on its column; said here when that column is left out.
        shown = self.table.shown_columns()
        hidden = bool(shown) and self.sort.column not in shown
        order = f" · by {self.sort.name} {self._arrow()}" if hidden else ""
        return Content.from_markup(
            "[b]$count[/b] · $open open · $amounts outstanding$given_up$order",
            count=count,
            open=f"{len(open_rows):,}",
            amounts=amounts,
            given_up=given_up,
            order=order,
        )

    def _arrow(self) -> str:
        return "↑" if self.sort.descending == self.reverse else "↓"

    def refilter(self, *, keep: str | None = None, index: int | None = None) -> None:
        self.table.marks = {self.sort.column: f" {self._arrow()}"}
        super().refilter(keep=keep, index=index)

    def empty_message(self) -> Content:
        return Content("No cases yet. Press N to open one, or I to import invoices (UBL or CSV).")

    def go_back(self) -> None:
        self.case_app.action_show_today()

    # ------------------------------------------------------------------ sorting

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.reverse = False
        self._resort()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self._resort()

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = event.column_key.value
        chosen = next((sort for sort in SORTS if sort.column == column), None)
        if chosen is None:
            return
        if chosen is self.sort:
            self.reverse = not self.reverse
        else:
            self.sort, self.reverse = chosen, False
        self._resort()
