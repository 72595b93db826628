"""The screen's edge: control characters in any text the app shows are made visible.

Textual and Rich already drop a few control characters from text they render (BEL, BS,
CR...), but pass ESC and the C1 codes through to the terminal: a customer named
`ACME ESC[2J` cleared the screen, an OSC 52 sequence in an imported note set the user's
clipboard. Both libraries route every piece of text through one function when it becomes
renderable (`textual.content.Content`, `rich.text.Text`, and so every label, table cell,
toast and input); here that function becomes casetui's own `show_controls`, so each control
character shows as a visible stand-in (`␛`), measured and laid out like any character.

Textual is pinned exactly (pyproject.toml); tests/tui/test_hostile.py proves on the real
screen that it still holds after an upgrade.
"""

from __future__ import annotations

import rich.text
import textual.content

from casetui.controls import show_controls


def _visible(text: str, *_: object) -> str:
    return show_controls(text)


def show_controls_on_screen() -> None:
    """Install the filter (idempotent): from now on no rendered text carries raw controls."""
    textual.content._strip_control_codes = _visible  # type: ignore[attr-defined]
    rich.text.strip_control_codes = _visible  # type: ignore[attr-defined]
