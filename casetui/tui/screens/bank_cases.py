"""The cases a bank entry could pay (`enter` on an entry of the bank screen).

Proposals come from the core (`casetui.bank.review.propose_cases`): the probable match, the
payer's open cases, cases owing exactly the amount; typing searches by customer, invoice or
amount. `space` marks several cases (the entry is split over them oldest first); `enter` or
`ctrl+s` records the payment on the marked cases, or on the highlighted one. Dismisses with
the chosen case ids, or None.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, HelpPanel, Input, Static

from casetui.bank.index import CaseIndex
from casetui.bank.matching import EntryMatch
from casetui.bank.report import visible
from casetui.bank.review import propose_cases
from casetui.tui.text import money, one_line
from casetui.tui.widgets.case_table import cell
from casetui.tui.widgets.keybar import KeyBar


class ProposalTable(DataTable[Text]):
    """The proposed cases; `space` marks one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark", id="proposals.mark"),
        Binding("enter", "select_cursor", "Record", id="proposals.record", show=False),
        Binding("j", "cursor_down", "Down", id="proposals.down", show=False),
        Binding("k", "cursor_up", "Up", id="proposals.up", show=False),
    ]

    def action_mark(self) -> None:
        screen = self.screen
        if isinstance(screen, CasesForEntry):
            screen.toggle_mark()


class CasesForEntry(ModalScreen[tuple[str, ...] | None]):
    """Pick the case(s) a statement entry pays."""

    AUTO_FOCUS = "#proposals-search"
    HELP = """\
## Cases for a bank entry

The cases this payment most likely belongs to come first: the probable match, the payer's
open cases, then cases owing exactly this amount.

- Type to search open cases by **customer**, **invoice**, **case id** or **amount**.
- **down** or **tab** goes to the list; **space** marks a case (mark several to split the
  payment over them, oldest first; what is left over stays on the last as an over-payment).
- **enter** or **ctrl+s** records the payment on the marked cases, or on the highlighted
  one. **u** on the bank screen takes it back. **escape** closes without recording.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "record", "Record", id="proposals.save"),
        Binding("down", "to_list", "To the list", id="proposals.list", show=False),
        Binding("escape", "cancel", "Cancel", id="proposals.cancel"),
        Binding("question_mark,f1", "toggle_help", "Help", id="proposals.help"),
    ]

    def __init__(self, index: CaseIndex, match: EntryMatch) -> None:
        super().__init__()
        self.index = index
        self.match = match
        self.marked: list[str] = []
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        entry = self.match.entry
        who = entry.payer or entry.iban or "an unknown payer"
        title = Content.from_markup(
            "[b]$amount[/b] on $day from $who",
            amount=money(entry.amount, entry.currency),
            day=entry.booked_on.isoformat(),
            who=visible(one_line(who, 40)),
        )
        yield Static(title, id="proposals-title")
        said = " · ".join(p for p in (self.match.reference or entry.reference, entry.text) if p)
        yield Static(Content(visible(one_line(said, 200)) or "(no text)"), id="proposals-text")
        yield Input(placeholder="customer, invoice, case id or amount", id="proposals-search")
        table = ProposalTable(id="proposals-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(Content(""), id="proposals-status")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(ProposalTable)
        for label, key in (("", "mark"), ("Case", "case"), ("Invoice", "invoice"),
                           ("Customer", "customer"), ("Owes", "owes"), ("Due", "due")):  # fmt: skip
            table.add_column(label, key=key)
        self.refill("")

    def refill(self, query: str) -> None:
        self.shown = propose_cases(self.index, self.match, query)
        table = self.query_one(ProposalTable)
        table.clear()
        for case_id in self.shown:
            table.add_row(*self._cells(case_id), key=case_id)
        count = len(self.shown)
        self._say(f"{count} open case{'s' if count != 1 else ''}" if count else "No open case fits")

    def _cells(self, case_id: str) -> list[Text]:
        state = self.index.states[case_id]
        owes = self.index.outstanding[case_id]
        return [
            cell("✓" if case_id in self.marked else " "),
            cell(case_id),
            cell(visible(one_line(state.invoice, 14))),
            cell(visible(one_line(self.index.customer_names.get(state.customer_id, ""), 20))),
            cell(money(owes, state.currency), justify="right"),
            cell(state.due.isoformat()),
        ]

    def _say(self, text: str) -> None:
        marked = f"; marked: {', '.join(self.marked)}" if self.marked else ""
        self.query_one("#proposals-status", Static).update(Content(text + marked))

    @on(Input.Changed, "#proposals-search")
    def _search(self, event: Input.Changed) -> None:
        self.refill(event.value)

    @on(Input.Submitted, "#proposals-search")
    def _submitted(self) -> None:
        self.action_to_list()

    def action_to_list(self) -> None:
        self.query_one(ProposalTable).focus()

    def _highlighted(self) -> str | None:
        table = self.query_one(ProposalTable)
        if not self.shown or table.row_count == 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def toggle_mark(self) -> None:
        case_id = self._highlighted()
        if case_id is None:
            return
        if case_id in self.marked:
            self.marked.remove(case_id)
        else:
            self.marked.append(case_id)
        table = self.query_one(ProposalTable)
        table.update_cell(case_id, "mark", cell("✓" if case_id in self.marked else " "))
        self._say(f"{len(self.shown)} open cases")

    @on(DataTable.RowSelected, "#proposals-table")
    def _selected(self) -> None:
        self.action_record()

    def action_record(self) -> None:
        chosen = tuple(self.marked) or ((self._highlighted(),) if self._highlighted() else ())
        if not chosen:
            self._say("Pick a case first")
            self.app.bell()
            return
        self.dismiss(chosen)  # type: ignore[arg-type]

    def action_toggle_help(self) -> None:
        app: Any = self.app
        app.action_toggle_help()

    def action_cancel(self) -> None:
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        else:
            self.dismiss(None)
