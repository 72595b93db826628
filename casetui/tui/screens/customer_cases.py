"""One customer's cases (enter on a debtor in Reports): the register, for them alone.

All cases' keys work here (filter, sort, enter opens a case, `]` walks this list);
escape goes back to where it was opened from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text

from casetui.filters import Facts
from casetui.tui.screens.cases import CasesScreen, stage_words
from casetui.tui.text import money
from casetui.tui.widgets.case_table import Column, cell


class CustomerCasesScreen(CasesScreen):
    """Every case of one customer, open and closed."""

    HELP = """\
## A customer's cases

Every case of this customer, open and closed (dimmed): its due date, what is owed on the
open ones (how a closed one ended: paid, settled, written off, credited), its stage and
next action.

- **enter** opens a case; **]** and **[** on the case walk this list.
- **/** filters, **o** / **O** sort, as on All cases.
- **escape** goes back.
"""

    # One customer: no customer column; the due date and the stage instead (as `casetui
    # customer show` lists them).
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("case", "Case", min_width=11, max_width=14),
        Column("invoice", "Invoice", min_width=7, max_width=16),
        Column("due", "Due", min_width=10, max_width=10),
        Column("outstanding", "Outstanding", min_width=11, max_width=16, justify="right"),
        Column("stage", "Stage", min_width=8, max_width=30, grow=True),
        Column("next", "Next action", min_width=10, max_width=11, drop=1),
    )

    def __init__(self, customer_id: str, name: str) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.SCREEN_NAME = f"Cases of {name}"  # type: ignore[misc]  # plain text in the title

    def load_rows(self) -> list[Facts]:
        ledger = self.case_app.ledger
        return self.facts(ledger.cases_of(self.customer_id, include_closed=True))

    def go_back(self) -> None:
        self.dismiss()

    def row_cells(self, row: Facts) -> Sequence[Text]:
        state = row.state
        closed = state.closed if row.closed else None
        style = "dim" if row.closed else ""
        if closed is not None:  # how it ended, where an open case says what it owes
            owes = closed.reason.value.replace("-", " ")
            stage, next_action = "Closed", ""
        else:
            owes = money(row.outstanding, row.currency)
            stage = stage_words(row)
            action = state.next_action
            next_action = action.date.isoformat() if action else ""
        return [
            cell(row.case_id, style=style),
            cell(row.invoice, style=style),
            cell(state.due.isoformat(), style=style),
            cell(owes, justify="right", style=style),
            cell(stage, style=style),
            cell(next_action, style=style),
        ]
