"""Add a note to a case: free text, several lines."""

from __future__ import annotations

from textual.app import ComposeResult

from casetui.model import Note
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.fields import TextAreaField


class NoteForm(CaseForm):
    """A note on the case's timeline, dated today."""

    FORM_TITLE = "Add a note"
    AUTO_FOCUS = "#text TextArea"

    HELP = """
## Add a note

Type the note; **enter** starts a new line, **ctrl+s** saves it, **escape** drops it.
The note is kept exactly as typed and dated today.
"""

    def compose_fields(self) -> ComposeResult:
        yield TextAreaField(
            "Note",
            required=True,
            required_message="the note is empty",
            placeholder="what happened, what was agreed",
            id="text",
        )

    def build(self) -> EventGroup | None:
        return (Note(date=self.today, text=self.query_one("#text", TextAreaField).value),)
