"""Validated form fields: a label, a control, and one line under it that says what is wrong.

Every field validates as the user types. The rules stay in the core: a `DateField` calls
`casetui.dates.parse_user_date`, an `AmountField` calls `casetui.money.parse_amount`; the
field only adds the form's own bounds (a `rule`, e.g. "not in the future") and shows the
result: the date it resolves to (`→ Fri 2026-11-27 (in 4 days)`), the amount it read, or the
error. An empty required field stays quiet until the user has typed in it or tried to save.

User text never goes through markup here: messages are `Content(text)`, labels are ours.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Generic, Literal, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from casetui.dates import describe
from casetui.errors import InputError
from casetui.money import format_grouped
from casetui.tui.forms.validators import (
    AmountValidator,
    DateValidator,
    ParsingValidator,
    Rule,
    TextValidator,
)

T = TypeVar("T")
Tone = Literal["info", "ok", "warning", "error"]
FieldNote = str | tuple[str, Tone] | None
"""What a `describe` callback adds after a value's preview: text, optionally its tone."""

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not locale-dependent


def day_preview(day: date, today: date) -> str:
    """`→ Fri 2026-11-27 (in 4 days)`."""
    return f"→ {_WEEKDAYS[day.weekday()]} {day.isoformat()} ({describe(day, today)})"


def money_text(amount: Decimal, currency: str) -> str:
    """`1,234.56 EUR`."""
    return f"{format_grouped(amount, currency)} {currency}"


def split_tags(text: str) -> tuple[str, ...]:
    """Tags as typed: separated by commas or spaces, duplicates dropped, order kept."""
    seen: dict[str, None] = {}
    for tag in text.replace(",", " ").split():
        seen.setdefault(tag, None)
    return tuple(seen)


# --------------------------------------------------------------------------- fields


class Field(Widget):
    """A label on the left; the control and its message line on the right.

    Subclasses provide the control and `evaluate()`. The message line shows a neutral hint,
    a preview of the parsed value, a warning, or the error.
    """

    DEFAULT_CSS = """
    Field {
        height: auto;
        width: 1fr;
        layout: horizontal;
        margin: 0 0 0 0;
        & > .field--label {
            width: 13;
            padding: 0 1 0 0;
            color: $text-muted;
        }
        &:focus-within > .field--label {
            color: $accent;
            text-style: bold;
        }
        & > .field--main {
            width: 1fr;
            height: auto;
        }
        & .field--message {
            height: auto;
            color: $text-muted;
            padding: 0 0 0 1;
            &.-ok { color: $text-muted; }
            &.-warning { color: $text-warning; }
            &.-error { color: $text-error; }
        }
        & Input.-textual-compact {
            padding: 0 1;
            background: $surface;
            &:focus { background: $boost; background-tint: $foreground 8%; }
            &.-invalid { background-tint: $error 25%; }
        }
        & TextArea {
            height: auto;
            min-height: 4;
            max-height: 8;
            &.-invalid { border: tall $error 60%; }
            &.-invalid:focus { border: tall $error; }
        }
    }
    """

    class Changed(Message):
        """The field's text or choice changed (after its message was updated)."""

        def __init__(self, field: Field) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> Field:
            return self.field

    def __init__(
        self,
        label: str,
        *,
        hint: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self.hint = hint
        self.touched = False
        self._insist = False
        self._override: tuple[str, Tone] | None = None
        self._shown: tuple[str, Tone] | None = None

    # subclasses -----------------------------------------------------------

    def compose_control(self) -> ComposeResult:
        raise NotImplementedError
        yield  # pragma: no cover

    @property
    def control(self) -> Widget:
        raise NotImplementedError

    def evaluate(self) -> tuple[bool, str, Tone]:
        """(valid, message, tone) for what the control holds now."""
        raise NotImplementedError

    def is_empty(self) -> bool:
        return False

    def _mark(self, invalid: bool) -> None:
        self.control.set_class(invalid, "-invalid")

    # shared ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label(Content(self.label), classes="field--label")
        with Vertical(classes="field--main"):
            yield from self.compose_control()
            yield Static(Content(""), classes="field--message")

    def on_mount(self) -> None:
        self.refresh_message()

    @property
    def is_valid(self) -> bool:
        return self.evaluate()[0]

    @property
    def error(self) -> str | None:
        valid, message, _ = self.evaluate()
        return None if valid else message

    def refresh_message(self) -> None:
        """Re-run validation and show the result under the control."""
        lines = self.query(".field--message").results(Static)
        line = next(lines, None)
        if line is None:  # not composed yet
            return
        valid, message, tone = self.evaluate()
        quiet = not valid and self.is_empty() and not (self.touched or self._insist)
        if quiet:
            message, tone = self.hint, "info"
        elif valid and self._override is not None:
            message, tone = self._override
        self._mark(not valid and not quiet)
        if (message, tone) == self._shown:
            return  # unchanged: skip the update, which would lay the whole form out again
        self._shown = (message, tone)
        line.update(Content(message))
        line.display = bool(message)
        for name in ("info", "ok", "warning", "error"):
            line.set_class(name == tone, f"-{name}")

    def check(self) -> bool:
        """Validate for saving: from now on an empty required field shows its error."""
        self._insist = True
        self.refresh_message()
        return self.is_valid

    def note(self, message: str | None, tone: Tone = "warning") -> None:
        """Show a message of the form's (a warning, say) while the value is valid."""
        self._override = None if message is None else (message, tone)
        self.refresh_message()

    def focus_control(self) -> None:
        self.control.focus()

    def on_descendant_focus(self) -> None:
        # Textual scrolls the focused control into view; show its message line too.
        self.call_after_refresh(self.scroll_visible, animate=False)

    def _changed(self) -> None:
        self.refresh_message()
        self.post_message(self.Changed(self))


class InputField(Field, Generic[T]):
    """A single-line `Input` with a parsing validator.

    `propose(text)` fills the field for the user (a default that follows other fields);
    once the user typed something else, proposals no longer overwrite it.
    """

    def __init__(
        self,
        label: str,
        validator: ParsingValidator[T],
        *,
        value: str = "",
        hint: str = "",
        placeholder: str = "",
        max_length: int = 0,
        suggester: Suggester | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(label, hint=hint, id=id, classes=classes)
        self.validator = validator
        self._proposed = value
        self._input = Input(
            value,
            placeholder=placeholder,
            validators=[validator],
            validate_on=["changed", "submitted"],
            max_length=max_length,
            suggester=suggester,
            compact=True,
            select_on_focus=True,
        )

    def compose_control(self) -> ComposeResult:
        yield self._input

    @property
    def control(self) -> Input:
        return self._input

    @property
    def text(self) -> str:
        return self._input.value

    @text.setter
    def text(self, text: str) -> None:
        """Set the text as if typed (it counts as the user's)."""
        self._input.value = text

    @property
    def user_edited(self) -> bool:
        """The text differs from what the form last proposed."""
        return self._input.value != self._proposed

    def propose(self, text: str) -> None:
        """Replace the text with a proposal unless the user has typed their own."""
        if self.user_edited:
            return
        self._proposed = text
        self._input.value = text

    @property
    def value(self) -> T | None:
        """The parsed value; None when empty (optional) or invalid."""
        try:
            return self.validator.parse(self._input.value)
        except InputError:
            return None

    def is_empty(self) -> bool:
        return not self._input.value.strip()

    def preview(self, value: T) -> tuple[str, Tone]:
        return (self.hint, "info")

    def evaluate(self) -> tuple[bool, str, Tone]:
        try:
            value = self.validator.parse(self._input.value)
        except InputError as error:
            return False, str(error), "error"
        if value is None:
            return True, self.hint, "info"
        return (True, *self.preview(value))

    def revalidate(self) -> None:
        """Run the rules again (a field they depend on changed)."""
        self._input.validate(self._input.value)
        self.refresh_message()

    def _mark(self, invalid: bool) -> None:
        self._input.set_class(invalid, "-invalid")
        self._input.set_class(not invalid, "-valid")

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self._proposed:
            self.touched = True
        self._changed()


def _with_note(base: str, note: FieldNote) -> tuple[str, Tone]:
    if note is None:
        return base, "ok"
    if isinstance(note, str):
        return (f"{base}  {note}" if base else note), "ok"
    text, tone = note
    return (f"{base}  {text}" if base else text), tone


class TextField(InputField[str]):
    """Free text, optionally required, optionally with a form rule."""

    def __init__(
        self,
        label: str,
        *,
        value: str = "",
        required: bool = False,
        rule: Rule[str] | None = None,
        describe: Callable[[str], FieldNote] | None = None,
        hint: str = "",
        placeholder: str = "",
        max_length: int = 0,
        suggester: Suggester | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            label,
            TextValidator(required=required, rule=rule),
            value=value,
            hint=hint,
            placeholder=placeholder,
            max_length=max_length,
            suggester=suggester,
            id=id,
            classes=classes,
        )
        self.describe = describe

    @property
    def value(self) -> str:
        """The stripped text ("" when empty or invalid)."""
        return super().value or ""

    def preview(self, value: str) -> tuple[str, Tone]:
        if self.describe is None:
            return self.hint, "info"
        return _with_note("", self.describe(value) or self.hint)


class DateField(InputField[date]):
    """A date typed as ISO, `today`, `+3d`, `fri`...; shows the day it resolves to."""

    def __init__(
        self,
        label: str,
        today: date,
        *,
        value: date | str | None = None,
        required: bool = True,
        rule: Rule[date] | None = None,
        describe: Callable[[date], FieldNote] | None = None,
        hint: str = "YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m, fri",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        text = value.isoformat() if isinstance(value, date) else (value or "")
        super().__init__(
            label,
            DateValidator(today, required=required, rule=rule),
            value=text,
            hint=hint,
            placeholder="YYYY-MM-DD or +3d",
            id=id,
            classes=classes,
        )
        self.today = today
        self.describe = describe

    def propose_date(self, day: date | None) -> None:
        self.propose(day.isoformat() if day else "")

    def preview(self, value: date) -> tuple[str, Tone]:
        note = self.describe(value) if self.describe else None
        return _with_note(day_preview(value, self.today), note)


class AmountField(InputField[Decimal]):
    """An amount in `currency`; shows the amount it read (`→ 1,234.56 EUR`)."""

    def __init__(
        self,
        label: str,
        currency: str,
        *,
        value: Decimal | str | None = None,
        required: bool = True,
        rule: Rule[Decimal] | None = None,
        describe: Callable[[Decimal], FieldNote] | None = None,
        hint: str = "e.g. 1234.56, 1234,56 or 1.234,56",
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        text = f"{value:f}" if isinstance(value, Decimal) else (value or "")
        super().__init__(
            label,
            AmountValidator(currency, required=required, rule=rule),
            value=text,
            hint=hint,
            placeholder=placeholder,
            id=id,
            classes=classes,
        )
        self.describe = describe

    @property
    def currency(self) -> str:
        assert isinstance(self.validator, AmountValidator)
        return self.validator.currency

    @currency.setter
    def currency(self, currency: str) -> None:
        assert isinstance(self.validator, AmountValidator)
        self.validator.currency = currency
        self.revalidate()

    def preview(self, value: Decimal) -> tuple[str, Tone]:
        note = self.describe(value) if self.describe else None
        return _with_note(f"→ {money_text(value, self.currency)}", note)


class TextAreaField(Field):
    """Multi-line text (notes, reasons, addresses); enter adds a line, tab moves on."""

    def __init__(
        self,
        label: str,
        *,
        value: str = "",
        required: bool = False,
        required_message: str = "required",
        hint: str = "",
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(label, hint=hint, id=id, classes=classes)
        self.required = required
        self.required_message = required_message
        self._area = TextArea(
            value,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=Content(placeholder),
        )

    def compose_control(self) -> ComposeResult:
        yield self._area

    @property
    def control(self) -> TextArea:
        return self._area

    @property
    def value(self) -> str:
        """The text without leading and trailing blank space."""
        return self._area.text.strip()

    @property
    def text(self) -> str:
        return self._area.text

    @text.setter
    def text(self, text: str) -> None:
        self._area.load_text(text)

    def is_empty(self) -> bool:
        return not self.value

    def evaluate(self) -> tuple[bool, str, Tone]:
        if self.required and not self.value:
            return False, self.required_message, "error"
        return True, self.hint, "info"

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.touched = True
        self._changed()


__all__ = [
    "AmountField",
    "AmountValidator",
    "DateField",
    "DateValidator",
    "Field",
    "FieldNote",
    "InputField",
    "ParsingValidator",
    "Rule",
    "TextAreaField",
    "TextField",
    "TextValidator",
    "Tone",
    "day_preview",
    "money_text",
    "split_tags",
]
