"""Keys are data: every binding of every form has an id and a description, every form has
help text, and the border shows the keys as remapped by the app's keymap."""

from __future__ import annotations

import pytest
from form_helpers import A_WEDNESDAY, make_case, open_app
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import HelpPanel

from casetui.tui import forms
from casetui.tui.forms.base import FormScreen
from casetui.tui.forms.new_case import CustomerField

SCREENS: list[type[Screen[object]]] = [
    forms.CallForm,
    forms.NoteForm,
    forms.PaymentForm,
    forms.PromiseForm,
    forms.DisputeForm,
    forms.SnoozeForm,
    forms.CloseForm,
    forms.StageForm,
    forms.NewCaseForm,
    forms.EditForm,
    forms.Confirm,
]


def bindings_of(cls: type) -> list[Binding]:
    """The bindings our classes declare (not Textual's own)."""
    found = []
    for klass in cls.__mro__:
        if not klass.__module__.startswith("casetui."):
            continue
        for binding in klass.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), (cls, binding)
            found.append(binding)
    return found


@pytest.mark.parametrize("cls", [*SCREENS, CustomerField], ids=lambda cls: cls.__name__)
def test_every_binding_has_an_id_and_a_description(cls: type) -> None:
    bindings = bindings_of(cls)
    assert bindings, cls
    for binding in bindings:
        assert binding.id, (cls, binding)
        assert binding.description, (cls, binding)
        assert "[" not in binding.description  # the key panel reads it as markup


@pytest.mark.parametrize("cls", SCREENS, ids=lambda cls: cls.__name__)
def test_every_form_has_help(cls: type) -> None:
    assert cls.HELP and cls.HELP.strip().startswith("## ")


def test_save_cancel_and_help_are_shared() -> None:
    ids = {binding.id: binding.key for binding in bindings_of(FormScreen)}
    assert ids == {"form.save": "ctrl+s", "form.cancel": "escape", "form.help": "f1"}


async def test_the_border_shows_the_keys_as_remapped() -> None:
    async with open_app() as run:
        run.app.set_keymap({"form.save": "ctrl+enter,f10"})
        await run.push(forms.NoteForm(make_case(), A_WEDNESDAY))
        border = str(run.form.query_one("#form-dialog").border_subtitle)
        assert border == "^⏎ f10 save · esc cancel · f1 help"
        await run.type("remapped")
        await run.press("f10")
        assert run.result is not None


async def test_f1_shows_the_forms_keys_and_escape_closes_help_before_the_form() -> None:
    async with open_app() as run:
        await run.push(forms.NoteForm(make_case(), A_WEDNESDAY))
        await run.type("kept")
        await run.press("f1")
        assert run.form.query(HelpPanel)
        await run.press("escape")
        assert not run.form.query(HelpPanel)
        assert run.app.screen is run.form and not run.dismissed  # still open, nothing returned
        await run.press("f1", "f1")
        assert not run.form.query(HelpPanel)
        await run.press("escape")  # "kept" was typed: asked first, and dropped on y
        assert isinstance(run.app.screen, forms.Confirm)
        await run.press("y")
        assert run.app.screen is not run.form
        assert run.result is None
