"""The small dialogs around the letter preview: which letter (`l`), the text editor, and
the format of a saved copy. Each returns a value and writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from casetui.model import Customer, LetterKind
from casetui.timeline import CaseState
from casetui.tui.forms.base import FormScreen, key_hints
from casetui.tui.forms.choices import CheckField, ChoiceField
from casetui.tui.forms.confirm import Confirm
from casetui.tui.forms.fields import Field, money_text

# kind, caption, F-key
KINDS: tuple[tuple[LetterKind, str, str], ...] = (
    (LetterKind.REMINDER, "Reminder", "f2"),
    (LetterKind.SECOND_REMINDER, "Second reminder", "f3"),
    (LetterKind.FORMAL_NOTICE, "Formal notice", "f4"),
    (LetterKind.SETTLEMENT, "Settlement", "f5"),
    (LetterKind.HANDOVER, "Hand-over file", "f6"),
    (LetterKind.INSTALMENT_REMINDER, "Instalment reminder", "f7"),
)


def kind_name(kind: LetterKind) -> str:
    """`formal notice`, `hand-over file`: a letter kind in words."""
    return next(caption for k, caption, _ in KINDS if k is kind).lower()


def _caption(caption: str, key: str) -> Content:
    return Content.from_markup("$caption [dim]$key[/dim]", caption=caption, key=key.upper())


@dataclass(frozen=True)
class LetterChoice:
    kind: LetterKind
    cover_all: bool  # one letter for all the customer's overdue cases


class LetterChooser(FormScreen[LetterChoice | None]):
    """`l`: pick the kind of letter (the proposed one is chosen) and whether it covers all
    the customer's overdue cases."""

    FORM_TITLE = "Write a letter"

    HELP = """
## Write a letter

Pick the kind of letter (**arrows**, or from anywhere):

| key | letter |
|---|---|
| F2 | reminder |
| F3 | second reminder |
| F4 | formal notice |
| F5 | settlement: confirms a compromise and its payments |
| F6 | hand-over file for an agency, bailiff or lawyer |
| F7 | instalment reminder: an instalment of a payment plan was missed |

The kind **a** would send is chosen for you. When the customer has more than one overdue
case, one letter can cover them all. **enter** or **ctrl+s** shows the letter (nothing is
sent or recorded yet), **escape** closes.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "save", "Preview", id="chooser.preview", priority=True, show=False),
        Binding("f1", "app.toggle_help", "Help", id="chooser.help", show=False),
        *(
            Binding(key, f"kind('{kind.value}')", caption, id=f"chooser.{kind.name.lower()}",
                    show=False, priority=True)
            for kind, caption, key in KINDS
        ),
    ]  # fmt: skip

    def __init__(
        self,
        case: CaseState,
        customer: Customer,
        today: date,
        *,
        proposed: LetterKind | None,
        reason: str,
        overdue: int,
    ) -> None:
        super().__init__()
        self.case = case
        self.customer = customer
        self.today = today
        self.proposed = proposed
        self.reason = reason
        self.overdue = overdue

    def header(self) -> Content:
        case = self.case
        first = Content.from_markup(
            "[b]$case_id[/b]  ·  [b]$name[/b]  ·  invoice $invoice",
            case_id=case.id,
            name=self.customer.name,
            invoice=case.invoice,
        )
        balance = money_text(case.outstanding.amount, case.currency)
        second = Content.from_markup(
            "owes [b]$balance[/b]  ·  $stage", balance=balance, stage=case.stage.label.lower()
        )
        if self.proposed is not None:
            third = Content.from_markup(
                "[$text-muted]a would send: $kind ($why)[/]",
                kind=kind_name(self.proposed),
                why=self.reason,
            )
        else:
            third = Content.from_markup("[$text-muted]a proposes nothing: $why[/]", why=self.reason)
        return Content("\n").join([first, second, third])

    def compose_fields(self) -> ComposeResult:
        yield ChoiceField(
            "Letter",
            [(kind, _caption(caption, key)) for kind, caption, key in KINDS],
            value=self.proposed or LetterKind.REMINDER,
            columns=2,
            id="kind",
        )
        cover = CheckField(
            "Cases",
            f"all {self.overdue} overdue cases of this customer in one letter",
            id="cover",
        )
        cover.display = self.overdue > 1
        yield cover

    def on_mount(self) -> None:
        # Textual runs FormScreen.on_mount after this one: set the border after it.
        self.call_later(self._border_keys)
        self._kind_changed()

    def _border_keys(self) -> None:
        """enter (or ctrl+s) goes on to the preview: say so instead of "save"."""
        preview = next((b for _, b in self._bindings if b.id == "chooser.preview"), None)
        key = self.app.get_key_display(preview) if preview is not None else "enter"
        self.query_one("#form-dialog").border_subtitle = Content(f"{key} preview · esc cancel")

    def action_kind(self, value: str) -> None:
        self.query_one("#kind", ChoiceField).select(LetterKind(value))

    @on(Field.Changed, "#kind")
    def _kind_changed(self) -> None:
        kind = self.query_one("#kind", ChoiceField).value
        cover = self.query_one("#cover", CheckField)
        # A settlement confirms the compromise of one case.
        cover.display = self.overdue > 1 and kind is not LetterKind.SETTLEMENT

    def build(self) -> LetterChoice | None:
        kind = self.query_one("#kind", ChoiceField).value
        assert isinstance(kind, LetterKind)
        cover = self.query_one("#cover", CheckField)
        return LetterChoice(kind, cover.value and self.shown(cover))


class LetterEditor(ModalScreen[str | None]):
    """The letter's text (Markdown) in an editor: ctrl+s keeps it, escape drops the changes."""

    HELP = """
## Edit the letter

The text of the letter, in Markdown (`**bold**`, `- ` for a list). The addresses, the place
and the date above it are filled in for you. **ctrl+s** keeps your text (the check runs
again on it), **escape** drops your changes.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep", id="editor.keep", priority=True),
        Binding("escape", "drop", "Drop changes", id="editor.drop"),
    ]

    DEFAULT_CSS = """
    LetterEditor {
        align: center middle;
        & > #editor-dialog {
            width: 100%;
            height: 100%;
            border: round $accent;
            border-title-color: $accent;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            background: $panel;
        }
        & #editor-note { color: $text-muted; padding: 0 1; height: auto; }
        & TextArea, & TextArea:focus { height: 1fr; border: none; }
    }
    """

    AUTO_FOCUS = "TextArea"

    def __init__(self, body: str, title: str) -> None:
        super().__init__()
        self.body = body
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-dialog") as dialog:
            dialog.border_title = Content(self.title_text)
            yield Static(
                Content("The addresses and the date above the text are filled in for you."),
                id="editor-note",
            )
            yield TextArea(self.body, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")

    def on_mount(self) -> None:
        self.query_one("#editor-dialog").border_subtitle = key_hints(self)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_keep(self) -> None:
        self.dismiss(self.text)

    @work(exclusive=True, group="editor-drop")
    async def action_drop(self) -> None:
        if self.text != self.body:
            question = "Drop your changes to the letter?"
            if not await self.app.push_screen_wait(
                Confirm(question, yes="Drop", no="Keep editing")
            ):
                return
        self.dismiss(None)


# format, caption, key
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("pdf", "PDF", "p"),
    ("html", "HTML", "h"),
    ("md", "Markdown", "m"),
    ("txt", "Text", "t"),
    ("eml", "E-mail (.eml)", "e"),
)


class CopyFormat(ModalScreen[str | None]):
    """Which format a saved copy of the letter gets: p, h, m, t or e; escape saves nothing."""

    HELP = """
## Save a copy

**p** PDF (A4 for a window envelope, with the payment QR code), **h** HTML (to open in a
browser), **m** Markdown, **t** plain text (to paste into an e-mail), **e** the e-mail as an
`.eml` file (to send from your mail client; nothing is recorded). **escape** saves nothing.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"pick('{fmt}')", fmt.upper(), id=f"copy.{fmt}") for fmt, _, key in FORMATS),
        Binding("escape", "pick('')", "Cancel", id="copy.cancel"),
    ]

    DEFAULT_CSS = """
    CopyFormat {
        align: center middle;
        & > #copy-dialog {
            width: auto;
            min-width: 40;
            max-width: 76;
            height: auto;
            border: round $accent;
            border-title-color: $accent;
            border-subtitle-color: $text-muted;
            background: $panel;
            padding: 1 2;
        }
        & #copy-where { color: $text-muted; margin: 0 0 1 0; width: auto; max-width: 72; }
        & Horizontal { height: auto; width: auto; }
        & Button { margin: 0 2 0 0; min-width: 8; }
    }
    """

    def __init__(self, folder: str) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-dialog") as dialog:
            dialog.border_title = Content("Save a copy of the letter")
            yield Static(Content(f"Into {self.folder}"), id="copy-where")
            with Horizontal():
                for fmt, caption, key in FORMATS:
                    yield Button(
                        Content.from_markup("$c [dim]$k[/dim]", c=caption, k=key),
                        name=fmt,
                        compact=True,
                    )

    def on_mount(self) -> None:
        self.query_one("#copy-dialog").border_subtitle = key_hints(self)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.name)

    def action_pick(self, fmt: str) -> None:
        self.dismiss(fmt or None)


__all__ = ["KINDS", "CopyFormat", "LetterChoice", "LetterChooser", "LetterEditor", "kind_name"]
