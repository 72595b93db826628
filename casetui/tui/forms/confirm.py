"""The one yes/no dialog everyone uses: `y`, `n`, `escape`.

Ask it in a linear flow from a worker (STYLE.md pattern 5):

    if await self.app.push_screen_wait(Confirm("Close this case as paid?")):
        ...

The question may contain user text (a debtor's name): a `str` is shown literally, never
parsed as markup. Pass a `Content` to style it yourself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from casetui.tui.forms.base import key_hints


def _literal(text: str | Content) -> Content:
    return text if isinstance(text, Content) else Content(text)


class Confirm(ModalScreen[bool]):
    """A question with a yes and a no button. Dismisses with True (yes) or False."""

    HELP = """
## Confirm

**y** answers yes, **n** or **escape** answers no. **tab** and the arrow keys move between
the buttons, **enter** presses the highlighted one.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel", show=False),
        Binding("left,right", "app.focus_next", "Other button", show=False, id="confirm.switch"),
    ]

    DEFAULT_CSS = """
    Confirm {
        align: center middle;
        & > #confirm-dialog {
            width: auto;
            min-width: 40;
            max-width: 76;
            height: auto;
            max-height: 100%;
            border: round $accent;
            background: $panel;
            padding: 1 2;
            border-subtitle-color: $text-muted;
        }
        & #confirm-question {
            width: auto;
            max-width: 72;
            height: auto;
            margin: 0 0 1 0;
        }
        & #confirm-buttons {
            width: auto;
            height: auto;
            align-horizontal: right;
            & Button { margin: 0 0 0 2; min-width: 8; }
        }
    }
    """

    AUTO_FOCUS = "#confirm-yes"

    def __init__(self, question: str | Content, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = _literal(question)
        self.yes = _literal(yes)
        self.no = _literal(no)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="primary", compact=True)
                yield Button(self.no, id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-dialog").border_subtitle = key_hints(self)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
