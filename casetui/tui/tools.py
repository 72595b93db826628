"""Palette entries for what is not a key of the screen at hand: Reports, sending the day's
e-mails, importing invoices, bank statements, the business profile, and on a case its letters
("Write a letter for C-2026-0042").

Prompts are our own words plus case ids (never a customer's name), handed over as `Content`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import ModalScreen

if TYPE_CHECKING:
    from casetui.tui.app import CaseApp


def open_profile(app: Any) -> None:
    from casetui.tui.forms.profile import edit_profile

    edit_profile(app)


def open_send_due(app: Any) -> None:
    from casetui.tui.screens.send_due import open_send_due as show

    show(app)


def open_import(app: Any) -> None:
    from casetui.tui.screens.importer import open_import as show

    show(app)


class ToolCommands(Provider):
    """Import, business profile, and the letters of the case on screen."""

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.case_app
        screen = self.screen
        if not app.ready or isinstance(screen, ModalScreen):
            return []
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        from casetui.tui.screens.case import CaseScreen

        state = screen.state if isinstance(screen, CaseScreen) else None
        if isinstance(screen, CaseScreen) and state is not None and state.closed is None:
            commands += [
                (
                    f"Write a letter for {state.id}",
                    "any kind, for this case or all the customer's overdue cases (l)",
                    screen.action_letter,
                ),
                (
                    f"Advance {state.id}: the next letter",
                    "the letter the ladder proposes, previewed before it is recorded (a)",
                    screen.action_advance,
                ),
            ]
        commands += [
            (
                "Reports",
                "aging, collected per month, ladder effectiveness, top debtors (3)",
                app.action_show_reports,
            ),
            (
                "Send the day's e-mails…",
                "every letter due today that may go by e-mail: tick, send, record (M on Today)",
                partial(open_send_due, app),
            ),
            (
                "Import invoices…",
                "UBL e-invoices or CSV lists: preview, then import (I on the lists)",
                partial(open_import, app),
            ),
            (
                "Bank statements…",
                "read a statement: payments matched to their cases and recorded (4)",
                app.action_show_bank,
            ),
            (
                "Business profile…",
                "your name, address, IBAN, deadlines and terms for letters (B on the lists)",
                partial(open_profile, app),
            ),
        ]
        return commands

    async def discover(self) -> Hits:
        for prompt, help_text, run in self._commands():
            yield DiscoveryHit(Content(prompt), run, text=prompt, help=Content(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for prompt, help_text, run in self._commands():
            score = matcher.match(prompt)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(prompt),  # our words and a case id: no user text
                    run,
                    text=prompt,
                    help=Content(help_text),
                )
