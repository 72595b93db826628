"""Move a case to the next step of the ladder by hand, with a note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from casetui.ladder import next_stage
from casetui.model import StageChanged
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.fields import TextField


class StageForm(CaseForm):
    """The stage change `a` records until letters write it: current stage -> the next one."""

    FORM_TITLE = "Next stage"
    AUTO_FOCUS = "#note Input"

    HELP = """
## Next stage

Moves the case one step up the ladder: open, reminder, second reminder, formal notice,
handed over. The note says why (or what was sent). **ctrl+s** saves, **escape** drops it.
"""

    def compose_fields(self) -> ComposeResult:
        current = self.case.stage
        target = next_stage(current)
        if target is None:
            text = Content.from_markup(
                "[b]$stage[/b] is the end of the ladder: there is no next stage.",
                stage=current.label,
            )
        else:
            text = Content.from_markup(
                "From [b]$current[/b]  →  to [b]$target[/b]",
                current=current.label,
                target=target.label,
            )
        yield Static(text, id="stage-move", classes="form--info")
        yield TextField("Note", placeholder="optional: why, what was sent", id="note")

    def build(self) -> EventGroup | None:
        target = next_stage(self.case.stage)
        note = self.query_one("#note", TextField)
        if target is None:
            self.refuse(note, f"{self.case.stage.label.lower()} has no next stage")
            return None
        return (StageChanged(date=self.today, stage=target, note=note.value),)
