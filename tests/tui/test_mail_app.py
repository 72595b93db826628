"""E-mail in the app, against a local SMTP server: ctrl+s in the letter preview sends and
records (channel e-mail), `M` on Today sends the day's letters with a progress bar."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import keyring
import pytest
from textual.pilot import Pilot
from textual.widgets import ProgressBar, SelectionList

from casetui.ledger import Ledger
from casetui.model import LetterSent
from casetui.profile import DEMO_PROFILE, save_profile
from casetui.tui.app import CaseApp
from casetui.tui.forms import Confirm
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.letter import LetterScreen
from casetui.tui.screens.mailing import PasswordPrompt
from casetui.tui.screens.send_due import SendDueScreen
from tests.mail.conftest import MemoryKeyring
from tests.mail.mail_helpers import HOST, smtp_server
from tests.tui.conftest import SIZE, TODAY
from tests.tui.flow_helpers import settle
from tests.tui.helpers import toasts

BE_BUSINESS = "C-2026-0040"


@pytest.fixture(autouse=True)
def _memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv("CASETUI_SMTP_PASSWORD", raising=False)
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def with_server(app: CaseApp, port: int, **changes: object) -> None:
    profile = dataclasses.replace(
        DEMO_PROFILE, smtp_host=HOST, smtp_port=port, smtp_security="none", **changes
    )  # type: ignore[arg-type]
    save_profile(profile)
    app.profile = profile


async def until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Let the app run until `done()` (a dialog open, a worker finished), never sleeping
    blind: each step is one pass of the event loop, with a generous bound."""
    for _ in range(2000):
        if done():
            return
        await pilot.pause()
    raise AssertionError("the app did not get there")


def sent(ledger: Ledger, case_id: str) -> list[LetterSent]:
    return [
        e for e in ledger.case(case_id).timeline() if isinstance(e, LetterSent) and e.date == TODAY
    ]


async def test_ctrl_s_sends_an_email_letter_and_records_it(
    app: CaseApp, ledger: Ledger, _memory_keyring: MemoryKeyring
) -> None:
    with smtp_server(users={"me": "pw"}) as server:
        with_server(app, server.port, smtp_user="me")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            app.push_screen(CaseScreen(BE_BUSINESS, walk=(BE_BUSINESS,)))
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            preview = app.screen
            assert isinstance(preview, LetterScreen) and preview.sends()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, PasswordPrompt)  # asked once
            await pilot.press(*"pw", "enter")
            await settle(pilot)
            assert isinstance(app.screen, Confirm)
            await pilot.press("y")
            await settle(pilot)
            await settle(pilot)
            assert not isinstance(app.screen, LetterScreen), toasts(app)
    [letter] = sent(ledger, BE_BUSINESS)
    assert letter.recipient == "accounts@bouwbedrijfmeuse.example.be"
    assert letter.message_id and letter.evidence.endswith(".eml")
    assert len(server.messages) == 1
    assert _memory_keyring.store[("casetui-smtp", f"me@{HOST}")] == "pw"
    assert any("Sent to accounts@bouwbedrijfmeuse" in toast for toast in toasts(app))


async def test_the_server_refusing_records_nothing(app: CaseApp, ledger: Ledger) -> None:
    with smtp_server(refuse={"accounts@bouwbedrijfmeuse.example.be"}) as server:
        with_server(app, server.port)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            app.push_screen(CaseScreen(BE_BUSINESS, walk=(BE_BUSINESS,)))
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(app.screen, LetterScreen)  # still there, nothing recorded
    assert sent(ledger, BE_BUSINESS) == []
    assert any("refused every recipient" in toast for toast in toasts(app))


async def test_today_sends_the_ticked_letters_with_a_progress_bar(
    app: CaseApp, ledger: Ledger
) -> None:
    with smtp_server() as server:
        with_server(app, server.port)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("M")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SendDueScreen)
            chooser = screen.query_one(SelectionList)
            sendable = [letter for letter in screen.letters if letter.sendable]
            skipped = [letter for letter in screen.letters if not letter.sendable]
            assert len(sendable) >= 3 and skipped
            assert len(chooser.selected) == len(sendable)
            chooser.highlighted = next(
                index for index, letter in enumerate(screen.letters) if letter.sendable
            )
            await pilot.press("space")  # untick the first one
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, Confirm))
            await pilot.press("y")
            await until(pilot, lambda: screen.done)
            await settle(pilot)
            bar = screen.query_one(ProgressBar)
            assert bar.progress == bar.total == len(sendable) - 1
            await pilot.press("escape")
            await settle(pilot)
    assert len(server.messages) == len(sendable) - 1
    first, *others = sendable
    assert all(sent(ledger, case_id) == [] for case_id in first.case_ids)
    for letter in others:
        for case_id in letter.case_ids:
            assert sent(ledger, case_id)[-1].message_id
    for letter in skipped:
        for case_id in letter.case_ids:
            assert sent(ledger, case_id) == []
