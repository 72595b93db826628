"""Today (key `1`, the start screen): every case that needs action today, most urgent first,
with the reason in words. `enter` opens the highlighted case; on the case, `]` walks on."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content

from casetui.agenda import AgendaItem, explain
from casetui.dates import describe
from casetui.filters import Facts
from casetui.owed import owed_minor
from casetui.tui.screens.lists import ListScreen
from casetui.tui.text import long_date, money, plural, totals, verb
from casetui.tui.widgets.case_table import Column, cell


class TodayScreen(ListScreen[AgendaItem]):
    """The agenda."""

    SCREEN_NAME = "Today"
    HELP = """\
## Today

Every case that needs action today, most urgent first, with the reason.

- **enter** opens the highlighted case; there, act (`c` call, `p` payment, `P` promise,
  `s` snooze...) and press `]` for the next case, until *All done for today*.
- **/** filters the list: words, `customer:acme`, `customer:"daan mulder"`,
  `stage:formal`, `overdue>30`, `amount>500` (`amount>£500`: pounds only), `currency:£`,
  `tag:vip`, `disputed`, `promised`, `broken`; `!` negates a term, `OR` gives either.
  What the filter cannot read is said under it.
- **2** shows all cases, **3** the reports; **ctrl+p** finds any case by customer or invoice.
- **I** imports invoices (UBL, CSV), **B** edits your business profile (for letters).
- **space** or **v** marks a row (again: unmarks); then **s** snoozes or **w** closes every
  marked case, asked once (**u** here undoes it on all of them, **ctrl+r** redoes);
  **x** exports their histories; **escape** unmarks.
- **ctrl+p** then a verb and a case acts on it from anywhere: `call 0022`, `payment
  F2026-99062`, `letter mulder`.
- **M** sends the day's e-mails: every letter due today that may go by e-mail, ticked, then
  sent through your SMTP server and recorded one by one.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("M", "send_due", "Send e-mails", id="today.send", show=False),
    ]
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("case", "Case", min_width=11, max_width=14),
        Column("customer", "Customer", min_width=12, max_width=20, grow=True),
        Column("outstanding", "Outstanding", min_width=11, max_width=20, justify="right"),
        Column("why", "Why today", min_width=32, max_width=70, grow=True),
        Column("days", "Days", min_width=4, max_width=5, justify="right", drop=1),
        Column("stage", "Stage", min_width=6, max_width=16, drop=2),
        Column("invoice", "Invoice", min_width=7, max_width=18, drop=3),
    )

    def action_send_due(self) -> None:
        from casetui.tui.screens.send_due import open_send_due

        open_send_due(self.case_app)

    def load_rows(self) -> list[AgendaItem]:
        app = self.case_app
        # From the case index: a pass over rows, not a fold of every case. The items are
        # the list's rows as they are (23,000 at 50k cases); their facts are made when
        # shown or filtered.
        return app.ledger.agenda_rows(app.today)

    def row_key(self, row: AgendaItem) -> str:
        return row.case.id

    def row_facts(self, row: AgendaItem) -> Facts:
        facts = self.facts_of(row.case)  # type: ignore[arg-type]
        if facts.shown_words is None:  # the "why today" column is searched as it reads
            facts.shown_words = partial(explain, row.case, row.action, row.today)
        return facts

    def row_cells(self, row: AgendaItem) -> Sequence[Text]:
        facts = self.row_facts(row)
        urgent = row.score >= 60
        return [
            cell(facts.case_id, style="bold" if urgent else ""),
            cell(facts.customer),
            cell(money(facts.outstanding, facts.currency), justify="right"),
            cell(row.reason),
            cell(str(facts.days_overdue) if facts.days_overdue else "", justify="right"),
            cell(facts.stage.label + (", disputed" if facts.disputed else "")),
            cell(facts.invoice),
        ]

    def summary(self) -> Content:
        shown = self.rows
        amounts = totals((r.case.currency, owed_minor(r.case)) for r in shown)
        if self.filter:
            matches = verb(len(shown), "matches", "match")
            count = f"{len(shown):,} of {plural(len(self._all), 'case')} {matches} the filter"
        else:
            count = f"{plural(len(shown), 'case')} {verb(len(shown), 'needs', 'need')} action today"
        if not shown:
            return Content(count)
        return Content.from_markup(
            "[b]$count[/b] · $amounts outstanding", count=count, amounts=amounts
        )

    def empty_message(self) -> Content:
        app = self.case_app
        upcoming = app.ledger.next_due(app.today)
        if upcoming is None and len(app.ledger) == 0:
            return Content.from_markup(
                "[b]No cases yet.[/b]\n\nPress N to open a case for an unpaid invoice, or I to"
                " import invoices (UBL e-invoices or a CSV from your invoicing tool).\n"
                "To look around first: quit and run casetui --demo, a throwaway demo ledger."
            )
        if upcoming is None:
            return Content.from_markup(
                "[b]All done for today.[/b]\n\nNo open case is waiting for anything."
                " Press N to open a new case."
            )
        day, state = upcoming
        customer = app.ledger.customer(state.customer_id).name
        assert state.next_action is not None
        why = explain(state, state.next_action, app.today)
        return Content.from_markup(
            "[b]All done for today.[/b]\n\nThe next action falls due on $day ($when):"
            " $case_id, $customer: $why.",
            day=long_date(day),
            when=describe(day, app.today),
            case_id=state.id,
            customer=customer,
            why=why,
        )
