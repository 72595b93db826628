"""One customer's cases (enter on a debtor in Reports): the register, for them alone.

All cases' keys work here (filter, sort, enter opens a case, `]` walks this list);
escape goes back to where it was opened from.
"""

from __future__ import annotations

from casetui.filters import Facts
from casetui.tui.screens.cases import CasesScreen


class CustomerCasesScreen(CasesScreen):
    """Every case of one customer, open and closed."""

    HELP = """\
## A customer's cases

Every case of this customer, open and closed (dimmed), with what is owed on the open ones.

- **enter** opens a case; **]** and **[** on the case walk this list.
- **/** filters, **o** / **O** sort, as on All cases.
- **escape** goes back.
"""

    def __init__(self, customer_id: str, name: str) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.SCREEN_NAME = f"Cases of {name}"  # type: ignore[misc]  # plain text in the title

    def load_rows(self) -> list[Facts]:
        ledger = self.case_app.ledger
        return self.facts(ledger.cases_of(self.customer_id, include_closed=True))

    def go_back(self) -> None:
        self.dismiss()
