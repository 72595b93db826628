"""What the app's e-mail screens share: the SMTP password, asked for once.

The password comes from `CASETUI_SMTP_PASSWORD` or the system keyring. When neither has it,
the app asks (a masked field) and offers to keep it in the keyring; without a keyring it is
kept in memory until the app closes. It is never written to a file or shown.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from casetui.mail.secret import NoKeyring, account, find_password, save_password
from casetui.mail.settings import SmtpSettings
from casetui.tui.forms.base import key_hints
from casetui.tui.forms.choices import CheckField

# Passwords typed in this session when no keyring could keep them: memory only.
_SESSION: dict[str, str] = {}


class PasswordPrompt(ModalScreen[tuple[str, bool] | None]):
    """The SMTP password (masked) and whether to keep it in the system keyring."""

    HELP = """
## SMTP password

The password of your SMTP login. It is never saved in a file: with **keep** ticked it goes
to the system keyring, else it is forgotten when casetui closes. **enter** or **ctrl+s** uses
it, **escape** sends nothing.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "use", "Use", id="password.use", priority=True),
        Binding("escape", "cancel", "Cancel", id="password.cancel"),
    ]
    DEFAULT_CSS = """
    PasswordPrompt {
        align: center middle;
        & > #password-dialog {
            width: 64; height: auto; border: round $accent; background: $panel;
            padding: 1 2; border-subtitle-color: $text-muted;
        }
        & #password-about { color: $text-muted; margin: 0 0 1 0; }
    }
    """
    AUTO_FOCUS = "Input"

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical(id="password-dialog") as dialog:
            dialog.border_title = Content("SMTP password")
            yield Static(Content(f"The password of {self.who}."), id="password-about")
            yield Input(password=True, placeholder="password", id="password")
            yield CheckField("Keep", "in the system keyring", value=True, id="keep")

    def on_mount(self) -> None:
        self.query_one("#password-dialog").border_subtitle = key_hints(self)

    def on_input_submitted(self) -> None:
        self.action_use()

    def action_use(self) -> None:
        value = self.query_one("#password", Input).value
        if value:
            self.dismiss((value, self.query_one("#keep", CheckField).value))

    def action_cancel(self) -> None:
        self.dismiss(None)


async def smtp_password(app: App[Any], settings: SmtpSettings) -> tuple[bool, str | None]:
    """(go on, password). Call from an async worker. No user: no password is needed.
    The user cancelling the prompt: (False, None)."""
    if not settings.user:
        return True, None
    who = account(settings)
    password, _ = await asyncio.to_thread(find_password, settings)
    if password is None:
        password = _SESSION.get(who)
    if password is not None:
        return True, password
    answer = await app.push_screen_wait(PasswordPrompt(who))
    if answer is None:
        return False, None
    password, keep = answer
    _SESSION[who] = password
    if keep:
        try:
            await asyncio.to_thread(save_password, settings, password)
        except NoKeyring as error:
            app.notify(
                f"{error}. The password is kept until casetui closes.",
                title="Keyring",
                severity="warning",
                markup=False,
            )
    return True, password


def forget_session_password(settings: SmtpSettings) -> None:
    """After the server refused a login: ask again next time."""
    _SESSION.pop(account(settings), None)
