"""A case's timeline as a table: one event per line, readable at a glance.

Undone (voided) events stay in the list, struck through, because the timeline is the audit
trail. `enter` on a letter opens it in full (the case screen handles `RowSelected`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from casetui.model import (
    Amended,
    Call,
    Closed,
    Credit,
    DisputeOpened,
    DisputeSettled,
    Event,
    HandedOver,
    LetterSent,
    Note,
    Opened,
    Payment,
    Promise,
    Reopened,
    Snooze,
    StageChanged,
    Voided,
)
from casetui.tui.text import money, one_line
from casetui.tui.widgets.case_table import CaseTable, Column, cell

COLUMNS = (
    Column("date", "Date", min_width=10, max_width=10),
    Column("id", "#", min_width=2, max_width=4, justify="right"),
    Column("what", "Event", min_width=8, max_width=16),
    Column("details", "Details", min_width=20, max_width=400, grow=True),
)


def details(event: Event, currency: str) -> str:
    """What happened, in plain words (shown as text, never as markup)."""
    match event:
        case Opened():
            return (
                f"invoice {event.invoice} of {event.issued}, due {event.due}, "
                f"{money(event.amount.amount, currency)}"
            )
        case Call():
            parts = [f"{event.direction.value}, {event.outcome.value.replace('-', ' ')}"]
            if event.note:
                parts.append(one_line(event.note))
            if event.next_action:
                parts.append(f"next action {event.next_action}")
            return "; ".join(parts)
        case LetterSent():
            parts = [f"{event.letter_kind.value.replace('-', ' ')} by {event.channel.value}"]
            if event.deadline:
                parts.append(f"deadline {event.deadline}")
            if event.tracking:
                parts.append(f"tracking {event.tracking}")
            if event.recipient:
                parts.append(f"to {one_line(event.recipient)}")
            if event.text:
                parts.append("enter: read it")
            return "; ".join(parts)
        case Payment():
            extra = f" ({one_line(event.method)})" if event.method else ""
            ref = f", reference {one_line(event.reference)}" if event.reference else ""
            return f"{money(event.amount.amount, currency)}{extra}{ref}"
        case Credit():
            doc = f", credit note {one_line(event.document)}" if event.document else ""
            note = f"; {one_line(event.note)}" if event.note else ""
            return f"{money(event.amount.amount, currency)}{doc}{note}"
        case Promise():
            note = f"; {one_line(event.note)}" if event.note else ""
            return f"{money(event.amount.amount, currency)} by {event.by}{note}"
        case DisputeOpened():
            return one_line(event.reason)
        case DisputeSettled():
            agreed = (
                f"; still to pay {money(event.amount.amount, currency)}" if event.amount else ""
            )
            return f"{one_line(event.terms)}{agreed}"
        case Snooze():
            reason = f": {one_line(event.reason)}" if event.reason else ""
            return f"until {event.until}{reason}"
        case StageChanged():
            note = f"; {one_line(event.note)}" if event.note else ""
            return f"to {event.stage.label}{note}"
        case HandedOver():
            parts = [f"to {event.to.value}"]
            for value in (event.name, event.fee and f"fee {event.fee}", event.reference):
                if value:
                    parts.append(one_line(value))
            return "; ".join(parts)
        case Closed():
            note = f"; {one_line(event.note)}" if event.note else ""
            return f"{event.reason.value.replace('-', ' ')}{note}"
        case Reopened():
            return one_line(event.reason)
        case Voided():
            ids = ", ".join(f"#{target}" for target in event.voids)
            reason = f": {one_line(event.reason)}" if event.reason else ""
            return f"cancels {ids}{reason}"
        case Amended():
            changes = [
                f"{name} {getattr(event, name)}"
                for name in ("invoice", "issued", "due", "regime", "reference")
                if getattr(event, name) is not None
            ]
            if event.amount is not None:
                changes.append(f"amount {money(event.amount.amount, currency)}")
            if event.note:
                changes.append(one_line(event.note))
            return "; ".join(changes)
        case Note():
            return one_line(event.text)
    return ""


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
