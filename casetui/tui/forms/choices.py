"""Choices: radio buttons in a grid, a check box, a drop-down; each a `Field` with a label
and a message line like the text fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Checkbox, RadioButton, RadioSet, Select

from casetui.tui.forms.fields import Field, Tone


class Radio(RadioButton):
    """A radio button that shows its state by shape too, not only by colour."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else " "


class Tick(Checkbox):
    """A check box that shows its state by shape too (Textual draws X either way)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✓" if self.value else " "


class Choice(RadioSet):
    """A `RadioSet` whose arrow keys change the choice at once, as in a browser form."""

    def action_next_button(self) -> None:
        if not self.has_focus:
            # RadioSet calls this on mount to highlight a button: highlight the chosen one.
            chosen = [i for i, node in enumerate(self._nodes) if getattr(node, "value", False)]
            if chosen:
                self._selected = chosen[0]
                return
        super().action_next_button()
        self._press_selected()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._press_selected()

    def _press_selected(self) -> None:
        if self._selected is not None and self.has_focus:
            button = self._nodes[self._selected]
            if isinstance(button, RadioButton) and not button.value:
                button.value = True


E = TypeVar("E")


class ChoiceField(Field, Generic[E]):
    """One of a few options, laid out in a grid; `columns` sets how many per row."""

    DEFAULT_CSS = """
    ChoiceField RadioSet {
        width: 1fr;
        layout: grid;
        grid-size: 3;
        grid-gutter: 0 0;
        &.-invalid { background-tint: $error 25%; }
    }
    """

    def __init__(
        self,
        label: str,
        options: Sequence[tuple[E, str | Content]],
        *,
        value: E | None = None,
        required: bool = True,
        columns: int = 3,
        hint: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(label, hint=hint, id=id, classes=classes)
        self.options = list(options)
        self.required = required
        self._initial = value
        self._buttons = [
            Radio(
                caption if isinstance(caption, Content) else Content(caption),
                value=option == value,
            )
            for option, caption in self.options
        ]
        self._set = Choice(*self._buttons, compact=True)
        self._set.styles.grid_size_columns = columns

    def compose_control(self) -> ComposeResult:
        yield self._set

    @property
    def control(self) -> RadioSet:
        return self._set

    def _index(self, value: E) -> int:
        return [option for option, _ in self.options].index(value)

    @property
    def value(self) -> E | None:
        for (option, _), button in zip(self.options, self._buttons, strict=True):
            if button.value:
                return option
        return None

    def select(self, value: E) -> None:
        """Choose `value` (as if the user had pressed it)."""
        index = self._index(value)
        self._set._selected = index
        self._buttons[index].value = True

    def is_empty(self) -> bool:
        return self.value is None

    def evaluate(self) -> tuple[bool, str, Tone]:
        if self.required and self.value is None:
            return False, "pick one", "error"
        return True, self.hint, "info"

    @on(RadioSet.Changed)
    def _choice_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.touched = True
        self._changed()


class CheckField(Field):
    """A yes/no box with its caption; `propose` follows other fields until the user toggles."""

    def __init__(
        self,
        label: str,
        caption: str,
        *,
        value: bool = False,
        hint: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(label, hint=hint, id=id, classes=classes)
        self._box = Tick(Content(caption), value, compact=True)
        self._proposed = value

    def compose_control(self) -> ComposeResult:
        yield self._box

    @property
    def control(self) -> Checkbox:
        return self._box

    @property
    def value(self) -> bool:
        return self._box.value

    @value.setter
    def value(self, value: bool) -> None:
        self._box.value = value

    def propose(self, value: bool) -> None:
        if self._box.value == self._proposed:
            self._proposed = value
            self._box.value = value

    def evaluate(self) -> tuple[bool, str, Tone]:
        return True, self.hint, "info"

    @on(Checkbox.Changed)
    def _box_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.touched = True
        self._changed()


class SelectField(Field, Generic[E]):
    """A drop-down of many options (enter or down opens it, typing searches)."""

    DEFAULT_CSS = """
    SelectField Select.-textual-compact > SelectCurrent { padding: 0 1; }
    """

    def __init__(
        self,
        label: str,
        options: Sequence[tuple[str | Content, E]],
        *,
        value: E,
        hint: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(label, hint=hint, id=id, classes=classes)
        self._select: Select[E] = Select(
            [(c if isinstance(c, Content) else Content(c), v) for c, v in options],
            allow_blank=False,
            value=value,
            compact=True,
        )

    def compose_control(self) -> ComposeResult:
        yield self._select

    @property
    def control(self) -> Select[E]:
        return self._select

    @property
    def value(self) -> E:
        return self._select.selection  # type: ignore[return-value]  # never blank

    @value.setter
    def value(self, value: E) -> None:
        self._select.value = value

    def evaluate(self) -> tuple[bool, str, Tone]:
        return True, self.hint, "info"

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.touched = True
        self._changed()


__all__ = ["CheckField", "Choice", "ChoiceField", "Radio", "SelectField", "Tick"]
