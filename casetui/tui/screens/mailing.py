"""What the app's e-mail screens share: the SMTP password, asked for once, and the connection.

The password comes from `CASETUI_SMTP_PASSWORD` or the system keyring. When neither has it,
or the server refused the one they had, the app asks (a masked field). A typed password is
kept in memory until the app closes and, when the user ticks "keep", in the system keyring
once the server has accepted it: a password the server refuses is never stored, and the next
send asks again. It is never written to a file or shown.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from casetui.mail.secret import (
    PASSWORD_ENV,
    NoKeyring,
    account,
    find_password,
    keyring_available,
    save_password,
)
from casetui.mail.server import LoginRefused, MailServer
from casetui.mail.settings import SmtpSettings
from casetui.tui.forms.base import key_hints
from casetui.tui.forms.choices import CheckField


@dataclass
class _Session:
    """What the app remembers about passwords while it runs, by account (`user@host`)."""

    typed: dict[str, str] = field(default_factory=dict, repr=False)  # typed in the prompt
    to_keep: set[str] = field(default_factory=set)  # into the keyring once the server takes it
    refused: set[str] = field(default_factory=set)  # the stored one was refused: ask instead


_SESSIONS: weakref.WeakKeyDictionary[App[Any], _Session] = weakref.WeakKeyDictionary()


def _session(app: App[Any]) -> _Session:
    return _SESSIONS.setdefault(app, _Session())


class PasswordPrompt(ModalScreen[tuple[str, bool] | None]):
    """The SMTP password (masked) and whether to keep it in the system keyring."""

    HELP = """
## SMTP password

The password of your SMTP login. It is never saved in a file: with **keep** ticked it goes
to the system keyring once the server has accepted it, else it is forgotten when casetui
closes. **enter** or **ctrl+s** uses it, **escape** sends nothing.
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
        & #password-keyring { color: $text-muted; margin: 1 0 0 0; }
    }
    """
    AUTO_FOCUS = "Input"

    def __init__(self, who: str, *, refused: bool = False, keyring: bool = True) -> None:
        super().__init__()
        self.who = who
        self.refused = refused
        self.keyring = keyring

    def compose(self) -> ComposeResult:
        about = f"The password of {self.who}."
        if self.refused:
            about += " The server refused the last one."
        with Vertical(id="password-dialog") as dialog:
            dialog.border_title = Content("SMTP password")
            yield Static(Content(about), id="password-about")
            yield Input(password=True, placeholder="password", id="password")
            if self.keyring:
                yield CheckField("Keep", "in the system keyring", value=True, id="keep")
            else:
                yield Static(
                    Content(
                        "There is no system keyring here: the password is kept until casetui "
                        f"closes (or set {PASSWORD_ENV})."
                    ),
                    id="password-keyring",
                )

    def on_mount(self) -> None:
        self.query_one("#password-dialog").border_subtitle = key_hints(self)

    def on_input_submitted(self) -> None:
        self.action_use()

    def action_use(self) -> None:
        value = self.query_one("#password", Input).value
        if value:
            keep = self.keyring and self.query_one("#keep", CheckField).value
            self.dismiss((value, keep))

    def action_cancel(self) -> None:
        self.dismiss(None)


async def smtp_password(app: App[Any], settings: SmtpSettings) -> tuple[bool, str | None]:
    """(go on, password). Call from an async worker. No user: no password is needed.
    The user cancelling the prompt: (False, None)."""
    if not settings.user:
        return True, None
    who = account(settings)
    session = _session(app)
    if who in session.typed:
        return True, session.typed[who]
    if who not in session.refused:
        password, _ = await asyncio.to_thread(find_password, settings)
        if password is not None:
            return True, password
    keyring = await asyncio.to_thread(keyring_available)
    answer = await app.push_screen_wait(
        PasswordPrompt(who, refused=who in session.refused, keyring=keyring)
    )
    if answer is None:
        return False, None
    password, keep = answer
    session.typed[who] = password
    if keep:
        session.to_keep.add(who)
    else:
        session.to_keep.discard(who)
    return True, password


def connect(app: App[Any], settings: SmtpSettings, password: str | None) -> MailServer:
    """The server, connected, secured and logged in (call in a worker thread; close it, or
    use it as a context manager). `ConnectError` when it cannot be: a refused login makes
    the next send ask for the password again."""
    server = MailServer(settings, password)
    who = account(settings)
    session = _session(app)
    try:
        server.connect()
    except LoginRefused:
        session.typed.pop(who, None)
        session.to_keep.discard(who)
        session.refused.add(who)
        raise
    session.refused.discard(who)
    if who in session.to_keep and password is not None and session.typed.get(who) == password:
        session.to_keep.discard(who)
        try:
            save_password(settings, password)
        except NoKeyring as error:
            app.call_from_thread(
                app.notify,
                f"{error}. The password is kept until casetui closes.",
                title="Keyring",
                severity="warning",
                markup=False,
            )
    return server
