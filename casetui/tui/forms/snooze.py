"""Snooze a case: set the day it comes back on the agenda, and why."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from dateutil.relativedelta import relativedelta
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button

from casetui.model import Snooze
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.fields import DateField, TextField

# key, caption, offset typed into the field
SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("f2", "+1 day", "+1d"),
    ("f3", "+1 week", "+1w"),
    ("f4", "+2 weeks", "+2w"),
    ("f5", "+1 month", "+1m"),
)


def snooze_until(offset: str, today: date) -> date:
    """The day an offset shortcut stands for."""
    count, unit = int(offset[1:-1]), offset[-1]
    if unit == "d":
        return today + timedelta(days=count)
    if unit == "w":
        return today + timedelta(weeks=count)
    return today + relativedelta(months=count)


class SnoozeForm(CaseForm):
    """Set the next action date by hand: the case stays off the agenda until then."""

    FORM_TITLE = "Snooze"

    HELP = """
## Snooze

Type the day the case should come back (`2026-03-14`, `+3d`, `+2w`, `+1m`, `fri`) or
press a shortcut from any field:

| key | until |
|---|---|
| F2 | tomorrow |
| F3 | in a week |
| F4 | in two weeks |
| F5 | in a month |

The day must be after today. The reason is optional. **ctrl+s** saves, **escape** drops it.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            key,
            f"shortcut('{offset}')",
            f"Snooze {caption}",
            id=f"snooze.{offset.lstrip('+')}",
            show=False,
            priority=True,
        )
        for key, caption, offset in SHORTCUTS
    ]

    DEFAULT_CSS = """
    SnoozeForm #shortcuts {
        height: auto;
        padding: 0 0 0 13;
        & Button { min-width: 10; margin: 0 1 0 0; }
    }
    """

    def compose_fields(self) -> ComposeResult:
        yield DateField("Until", self.today, rule=self._after_today, id="until")
        with Horizontal(id="shortcuts"):
            for key, caption, offset in SHORTCUTS:
                button = Button(
                    Content.from_markup(
                        "$caption [dim]$key[/dim]", caption=caption, key=key.upper()
                    ),
                    id=f"snooze-{offset.lstrip('+')}",
                    compact=True,
                    name=offset,
                )
                button.can_focus = False  # the F-keys are the keyboard way; tab skips these
                yield button
        yield TextField("Reason", placeholder="optional: why wait", id="reason")

    def header(self) -> Content:
        header = super().header()
        if self.case.snoozed_until is not None and self.case.snoozed_until > self.today:
            header += Content.from_markup(
                "\nalready snoozed until $until", until=self.case.snoozed_until.isoformat()
            )
        return header

    def _after_today(self, day: date) -> str | None:
        if day <= self.today:
            return f"{day.isoformat()} is not after today: snooze until a later day"
        return None

    def action_shortcut(self, offset: str) -> None:
        until = self.query_one("#until", DateField)
        until.text = snooze_until(offset, self.today).isoformat()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name:
            self.action_shortcut(event.button.name)

    def build(self) -> EventGroup | None:
        until = self.query_one("#until", DateField).value
        assert until is not None
        reason = self.query_one("#reason", TextField).value
        return (Snooze(date=self.today, until=until, reason=reason),)
