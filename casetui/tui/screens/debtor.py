"""A debtor (key `D` on a case, "Debtor: NAME" in the palette): who they are, what they owe
over all their cases, and what concerns them as a person.

The details (contact, e-mail, phone, address, VAT, what is owed per currency, last
contact) sit above the list of every case of theirs; the list keeps All cases' keys
(enter opens a case, `/` filters, `o` sorts). `e` edits the customer's details (recorded
in the customer's history: `casetui customer undo` takes it back), `c` logs a call on
the highlighted case and `C` on all their open cases, `l` writes one letter for all their
overdue cases (`casetui.letters.overdue_cases`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from casetui.customers import totals
from casetui.letters import overdue_cases
from casetui.model import Call, Customer, Event
from casetui.timeline import CaseState
from casetui.tui.screens.customer_cases import CustomerCasesScreen
from casetui.tui.text import long_date
from casetui.tui.widgets.chrome import ReadOnlyBanner, TitleBar


class DebtorScreen(CustomerCasesScreen):
    """One debtor: details and totals above all their cases."""

    HELP = """\
## Debtor

Who the debtor is and what they owe over all their cases, open and closed (dimmed).

- **e** edits the debtor's details (name, address, e-mail, phone, VAT number...): the
  change is kept in the debtor's history (`casetui customer undo` takes it back).
- **c** logs a call on the highlighted case; **C** logs the same call on every open case
  (a promise or a dispute in it goes on the highlighted case only: its amount is that
  case's).
- **l** writes one letter covering every overdue case (in the currency of the oldest
  one): the letter the ladder proposes for the oldest, or pick the kind.
- **enter** opens a case; **]** and **[** on the case walk this list.
- **/** filters, **o** / **O** sort, as on All cases.
- **escape** goes back.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_debtor", "Edit", id="debtor.edit", tooltip="Edit the debtor's details"),
        Binding("c", "call", "Call", id="debtor.call", tooltip="Log a call on this case"),
        Binding(
            "C",
            "call_all",
            "Call all",
            id="debtor.call-all",
            tooltip="Log one call on every open case of this debtor",
        ),
        Binding(
            "l",
            "letter",
            "Letter",
            id="debtor.letter",
            tooltip="One letter covering every overdue case",
        ),
    ]
    DEFAULT_CSS = """
    DebtorScreen #debtor { padding: 0 1; height: auto; max-height: 7; }
    """

    # The list's own keys that the debtor's actions outrank in the key bar (they still work
    # and are in the help): at 80 columns the bar would otherwise end before `C` and `l`
    # (a debtor has a handful of cases: filtering and sorting them matter least).
    _HINTS_LEFT_OUT = frozenset({"new_case", "mark", "sort", "filter"})

    def key_hint(self, action: str, description: str) -> str | None:
        """What the key bar says for a key here; None leaves it out."""
        if action in self._HINTS_LEFT_OUT:
            return None
        return description

    def __init__(self, customer_id: str, name: str) -> None:
        super().__init__(customer_id, name)
        self.SCREEN_NAME = f"Debtor {name}"  # type: ignore[misc]  # plain text in the title

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield widget
            if isinstance(widget, ReadOnlyBanner):
                yield Static(id="debtor", markup=False)

    def reload(self, *, keep: str | None = None, index: int | None = None) -> None:
        super().reload(keep=keep, index=index)
        self.query_one("#debtor", Static).update(self.details())

    def details(self) -> Content:
        """Contact lines and totals, as plain text (every value is user text)."""
        ledger = self.case_app.ledger
        customer = ledger.customer(self.customer_id)
        summary = totals(ledger.cases_of(self.customer_id, include_closed=True))
        who = ", ".join(part for part in (customer.kind.value, customer.country) if part)
        lines = [f"{customer.name} ({who})  ·  {customer.id}"]
        reach = [part for part in (customer.contact, customer.email, customer.phone) if part]
        if reach:
            lines.append("  ·  ".join(reach))
        if customer.address:
            lines.append(", ".join(line for line in customer.address.splitlines() if line))
        if customer.vat:
            lines.append(customer.vat)  # "BE0123456749", "Company no. 08653855"
        last = summary.last_contact.isoformat() if summary.last_contact else "never"
        cases = "case" if summary.open_cases == 1 else "cases"
        lines.append(
            f"Owes {summary.owed_text()} on {summary.open_cases} open {cases} "
            f"({summary.all_cases} in all); last contact {last}"
        )
        return Content("\n".join(lines))

    # ------------------------------------------------------------------ actions

    def _highlighted(self) -> CaseState | None:
        key = self.table.current_key
        return self.case_app.ledger.case(key) if key else None

    def action_edit_debtor(self) -> None:
        """The debtor's own details (no case): saved in the customer's history."""
        if not self.case_app.can_write():
            return
        from casetui.tui.forms import DebtorForm

        ledger = self.case_app.ledger
        form = DebtorForm(ledger.customer(self.customer_id), ledger)
        self.app.push_screen(form, self._edited)

    def _edited(self, customer: Customer | None) -> None:
        if customer is None:
            return
        ledger = self.case_app.ledger
        keep = self.table.current_key

        def save() -> Customer:
            return ledger.update_customer(customer, note="edited in the app")

        def saved(_: Customer) -> None:
            self.notify(f"{customer.name}: details saved", title="Saved", markup=False)
            self.SCREEN_NAME = f"Debtor {customer.name}"  # type: ignore[misc]  # a new name
            if self.is_attached:
                self.query_one(TitleBar).set(self.SCREEN_NAME, long_date(self.case_app.today))
                self.reload(keep=keep)

        self.case_app.write(save, saved)

    def action_call(self) -> None:
        state = self._highlighted()
        if state is None or not self.case_app.can_write():
            return
        if state.closed is not None:
            self.notify(f"{state.id} is closed: pick an open case", markup=False)
            return
        from casetui.tui.forms import CallForm

        ledger = self.case_app.ledger
        customer = ledger.customer(self.customer_id)
        form = CallForm(state, self.case_app.today, customer=customer, policy=ledger.policy)
        self.app.push_screen(form, partial(self._record, state.id))

    def _record(self, case_id: str, events: Sequence[Event] | None) -> None:
        if not events:
            return
        ledger = self.case_app.ledger
        action = tuple(events)
        self.case_app.write(
            lambda: ledger.append(case_id, *action), partial(self._saved, f"{case_id}: call logged")
        )

    def action_call_all(self) -> None:
        """One call about all the debtor's open cases: the form on the highlighted one (or
        the first open one), the call then logged on each."""
        ledger = self.case_app.ledger
        open_cases = [s for s in ledger.cases_of(self.customer_id) if s.closed is None]
        if not open_cases or not self.case_app.can_write():
            if not open_cases:
                self.notify("No open case to log a call on", markup=False)
            return
        highlighted = self._highlighted()
        state = highlighted if highlighted in open_cases else open_cases[0]
        from casetui.tui.forms import CallForm

        customer = ledger.customer(self.customer_id)
        form = CallForm(state, self.case_app.today, customer=customer, policy=ledger.policy)
        ids = [s.id for s in open_cases]
        self.app.push_screen(form, partial(self._record_all, state.id, ids))

    def _record_all(
        self, main_id: str, case_ids: list[str], events: Sequence[Event] | None
    ) -> None:
        if not events:
            return
        ledger = self.case_app.ledger
        action = tuple(events)
        call = next(event for event in action if isinstance(event, Call))

        def save() -> CaseState:
            with ledger.transaction():
                for case_id in case_ids:
                    # A promise's amount and a dispute are about the case the form was on.
                    ledger.append(case_id, *(action if case_id == main_id else (call,)))
            return ledger.case(main_id)

        what = f"call logged on {len(case_ids)} case{'s' if len(case_ids) != 1 else ''}"
        self.case_app.write(save, partial(self._saved, what))

    def action_letter(self) -> None:
        """One letter for every overdue case, on the oldest (`casetui.letters.overdue_cases`:
        open, overdue, not disputed, settled or handed over)."""
        app = self.case_app
        overdue = overdue_cases(app.ledger, self.customer_id, app.today)
        if not overdue:
            self.notify("Nothing overdue to write about (disputed, settled and handed-over "
                        "cases have their own letters)", markup=False)  # fmt: skip
            return
        oldest = min(overdue, key=lambda s: (s.due, s.id))
        from casetui.tui.screens.letter import open_letter

        def recorded(states: tuple[CaseState, ...] | None) -> None:
            if states and self.is_attached:
                self.reload(keep=oldest.id)

        open_letter(app, oldest, choose=False, recorded=recorded, cover_all=True)

    def _saved(self, message: str, state: CaseState) -> None:
        self.notify(message, title="Saved", markup=False)
        if self.is_attached:
            self.reload(keep=state.id)
