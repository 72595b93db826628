"""Set a case's stage on the ladder by hand, with a note: any step, up or back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from casetui.ladder import ladder_steps, next_stage
from casetui.model import Stage, StageChanged
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.fields import TextField


class StageForm(CaseForm):
    """The stage set by hand (letters sent outside casetui, a step taken back): the next
    step is proposed, any other step of the ladder can be chosen."""

    FORM_TITLE = "Set the stage"
    AUTO_FOCUS = "#note Input"

    HELP = """
## Set the stage

Puts the case on any step of the ladder: open, reminder, second reminder, formal notice,
handed over. The next step is proposed; **tab** back to the stages and the arrow keys
choose another (a letter sent by hand two steps on, a step taken back). The note says why
(or what was sent). **ctrl+s** saves, **escape** drops it.
"""

    def compose_fields(self) -> ComposeResult:
        current = self.case.stage
        yield Static(
            Content.from_markup("Now [b]$stage[/b]", stage=current.label),
            id="stage-move",
            classes="form--info",
        )
        choices = [(stage, stage.label) for stage in ladder_steps() if stage is not current]
        yield ChoiceField("Stage", choices, value=next_stage(current), id="stage")
        yield TextField("Note", placeholder="optional: why, what was sent", id="note")

    def build(self) -> EventGroup | None:
        stage = self.query_one("#stage", ChoiceField)
        note = self.query_one("#note", TextField)
        target = stage.value
        if not isinstance(target, Stage):
            self.refuse(stage, f"choose the stage to set (it is {self.case.stage.label})")
            return None
        return (StageChanged(date=self.today, stage=target, note=note.value),)
