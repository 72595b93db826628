"""A case's timeline as a table: one event per line, readable at a glance.

Undone (voided) events stay in the list, struck through, because the timeline is the audit
trail. `enter` on a letter opens it in full (the case screen handles `RowSelected`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from casetui.describe import details
from casetui.model import Event, LetterSent
from casetui.tui.widgets.case_table import CaseTable, Column, cell

COLUMNS = (
    Column("date", "Date", min_width=10, max_width=10),
    Column("id", "#", min_width=2, max_width=4, justify="right"),
    Column("what", "Event", min_width=8, max_width=16),
    Column("details", "Details", min_width=20, max_width=400, grow=True),
)


class TimelineTable(CaseTable[Event]):
    """The events of one case, oldest first; keyed by event id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Read entry", id="timeline.open", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, key=lambda event: str(event.id), cells=self._cells, id=id)
        self.currency = "EUR"
        self.voided: frozenset[int] = frozenset()

    def show_events(
        self, events: Sequence[Event], currency: str, voided: frozenset[int], *, keep: str | None
    ) -> None:
        self.currency = currency
        self.voided = voided
        self.show(events, keep=keep, index=len(events) - 1)

    def _cells(self, event: Event) -> list[Text]:
        undone = event.id in self.voided
        style = "strike dim" if undone else ""
        label = event.label + (" (undone)" if undone else "")
        return [
            cell(event.date.isoformat(), style=style),
            cell(str(event.id), justify="right", style="dim"),
            cell(label, style=style or ("bold" if isinstance(event, LetterSent) else "")),
            cell(details(event, self.currency), style=style),
        ]
