"""One action on the cases marked in a list (space or v): snooze them, or close them. The
form says which cases; what it returns is the same events for each, which the list records
as one batch (`Ledger.append_batch`): one commit, one undo for the lot."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.content import Content

from casetui.model import Closed, CloseReason, Event, Snooze
from casetui.tui.forms.base import FormScreen
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.close import REASONS
from casetui.tui.forms.fields import DateField, TextField

BulkEvents = tuple[Event, ...]

_SHOWN = 6  # case ids named in the header; the rest counted


def cases_line(case_ids: Sequence[str]) -> str:
    shown = ", ".join(case_ids[:_SHOWN])
    more = len(case_ids) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


class BulkForm(FormScreen[BulkEvents]):
    """What the marked cases share: their ids above the fields."""

    def __init__(self, case_ids: Sequence[str], today: date) -> None:
        super().__init__()
        self.case_ids = tuple(case_ids)
        self.today = today

    def header(self) -> Content:
        return Content.from_markup(
            "[b]$count cases[/b]: $ids\nOne action for all of them; u on the list undoes it.",
            count=str(len(self.case_ids)),
            ids=cases_line(self.case_ids),
        )


class BulkSnoozeForm(BulkForm):
    FORM_TITLE = "Snooze the marked cases"
    AUTO_FOCUS = "#until Input"
    HELP = """
## Snooze the marked cases

Each marked case leaves the agenda until the day you give (after today). The reason is
optional. **ctrl+s** asks once for all of them; **u** on the list undoes the lot.
"""

    def compose_fields(self) -> ComposeResult:
        yield DateField("Until", self.today, rule=self._after_today, id="until")
        yield TextField("Reason", placeholder="optional: why wait", id="reason")

    def _after_today(self, day: date) -> str | None:
        if day <= self.today:
            return f"{day.isoformat()} is not after today: snooze until a later day"
        return None

    def build(self) -> BulkEvents | None:
        until = self.query_one("#until", DateField).value
        assert until is not None
        reason = self.query_one("#reason", TextField).value
        return (Snooze(date=self.today, until=until, reason=reason),)


class BulkCloseForm(BulkForm):
    FORM_TITLE = "Close the marked cases"
    AUTO_FOCUS = "#reason RadioSet"
    HELP = """
## Close the marked cases

Closes each marked case for the reason you choose (paid, settled, written off...), with
an optional note. **ctrl+s** asks once for all of them; **u** on the list undoes the lot.
"""

    def compose_fields(self) -> ComposeResult:
        yield ChoiceField(
            "Reason",
            [(reason, caption) for reason, caption, _ in REASONS],
            id="reason",
        )
        yield TextField("Note", placeholder="optional", id="note")

    def build(self) -> BulkEvents | None:
        reason = self.query_one("#reason", ChoiceField).value
        assert isinstance(reason, CloseReason)
        note = self.query_one("#note", TextField).value
        return (Closed(date=self.today, reason=reason, note=note),)
