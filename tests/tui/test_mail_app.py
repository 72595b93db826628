"""E-mail in the app, against a local SMTP server: ctrl+s in the letter preview sends and
records (channel e-mail), `M` on Today sends the day's letters with a progress bar."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import keyring
import pytest
from keyring.backends import fail
from textual.pilot import Pilot
from textual.widgets import Button, ProgressBar, SelectionList, Static

from casetui.ledger import Ledger
from casetui.model import LetterSent
from casetui.profile import DEMO_PROFILE, save_profile
from casetui.tui.app import CaseApp
from casetui.tui.forms import Confirm, CopyFormat, ProfileForm
from casetui.tui.forms.choices import CheckField
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.letter import LetterScreen
from casetui.tui.screens.mailing import PasswordPrompt
from casetui.tui.screens.send_due import SendDueScreen
from tests.mail.mail_helpers import HOST, MemoryKeyring, smtp_server
from tests.support import APP_SIZE, TODAY
from tests.tui.flow_helpers import settle
from tests.tui.helpers import toasts

BE_BUSINESS = "C-2026-0040"

# The local test server takes a login without TLS (it never leaves 127.0.0.1); aiosmtpd warns.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


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
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
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
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
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
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            screen = await open_send_due(pilot)
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


# --------------------------------------------------------------------------- the password


async def open_preview(pilot: Pilot[None], case_id: str = BE_BUSINESS) -> LetterScreen:
    app = pilot.app
    app.push_screen(CaseScreen(case_id, walk=(case_id,)))
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, LetterScreen)
    return app.screen


async def send_from_preview(pilot: Pilot[None], password: str | None) -> None:
    """ctrl+s, the password if asked, then yes; until the sending is over."""
    app = pilot.app
    await pilot.press("ctrl+s")
    await settle(pilot)
    if password is not None:
        assert isinstance(app.screen, PasswordPrompt)
        await pilot.press(*password, "enter")
        await settle(pilot)
    assert isinstance(app.screen, Confirm)
    await pilot.press("y")
    await settle(pilot)
    await settle(pilot)


async def test_a_refused_password_is_never_kept_and_the_next_send_asks_again(
    app: CaseApp, ledger: Ledger, _memory_keyring: MemoryKeyring
) -> None:
    with smtp_server(users={"me": "pw"}) as server:
        with_server(app, server.port, smtp_user="me")
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            preview = await open_preview(pilot)
            await send_from_preview(pilot, "wrong")
            assert app.screen is preview  # not sent, nothing recorded
            assert _memory_keyring.store == {}  # a refused password is not kept
            await pilot.press("ctrl+s")
            await settle(pilot)
            prompt = app.screen
            assert isinstance(prompt, PasswordPrompt)
            assert "refused the last one" in str(prompt.query_one("#password-about").render())
            await app.pop_screen()
            await settle(pilot)
            await send_from_preview(pilot, "pw")
            assert app.screen is not preview
    assert len(server.messages) == 1
    assert [letter.recipient for letter in sent(ledger, BE_BUSINESS)] == [
        "accounts@bouwbedrijfmeuse.example.be"
    ]
    assert _memory_keyring.store == {("casetui-smtp", f"me@{HOST}"): "pw"}
    assert any("refused the login of me" in toast for toast in toasts(app))


async def test_a_stored_password_the_server_refuses_is_asked_for_again(
    app: CaseApp, ledger: Ledger, _memory_keyring: MemoryKeyring
) -> None:
    _memory_keyring.store[("casetui-smtp", f"me@{HOST}")] = "changed on the server"
    with smtp_server(users={"me": "pw"}) as server:
        with_server(app, server.port, smtp_user="me")
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await open_preview(pilot)
            await send_from_preview(pilot, None)  # the keyring's: no question
            assert sent(ledger, BE_BUSINESS) == []
            await send_from_preview(pilot, "pw")  # asked, not failing with the old one
    assert len(server.messages) == 1 and sent(ledger, BE_BUSINESS)
    assert _memory_keyring.store[("casetui-smtp", f"me@{HOST}")] == "pw"


async def test_without_a_keyring_the_password_lasts_the_session(
    app: CaseApp, ledger: Ledger
) -> None:
    keyring.set_keyring(fail.Keyring())  # restored by the autouse fixture
    with smtp_server(users={"me": "pw"}) as server:
        with_server(app, server.port, smtp_user="me")
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await open_preview(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            prompt = app.screen
            assert isinstance(prompt, PasswordPrompt)
            assert not prompt.query(CheckField)  # no box promising a keyring
            note = str(prompt.query_one("#password-keyring", Static).render())
            assert "no system keyring" in note and "CASETUI_SMTP_PASSWORD" in note
            await pilot.press(*"pw", "enter")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            await settle(pilot)
            await open_preview(pilot, "C-2026-0027")  # the next letter: not asked again
            await send_from_preview(pilot, None)
    assert len(server.messages) == 2
    assert not any("Keyring" in toast for toast in toasts(app))


# --------------------------------------------------------------------------- the day's e-mails


async def open_send_due(pilot: Pilot[None]) -> SendDueScreen:
    """M on Today, until the day's letters are listed."""
    await settle(pilot)
    await pilot.press("M")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SendDueScreen)
    return screen


async def test_today_stops_before_the_first_letter_when_the_login_is_refused(
    app: CaseApp, ledger: Ledger
) -> None:
    with smtp_server(users={"me": "pw"}) as server:
        with_server(app, server.port, smtp_user="me")
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            screen = await open_send_due(pilot)
            ticked = len(screen.chosen())
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, PasswordPrompt))
            await pilot.press(*"wrong", "enter")
            await until(pilot, lambda: isinstance(app.screen, Confirm))
            await pilot.press("y")
            await until(pilot, lambda: not screen.busy and app.screen is screen)
            await settle(pilot)
            about = str(screen.query_one("#send-about", Static).render())
            assert "Nothing sent" in about and "refused the login" in about
            assert not screen.done and screen.outcomes == []  # nothing counted as failed
            assert screen.query_one(SelectionList).display
            await pilot.press("ctrl+s")  # again: asked for the password again
            await until(pilot, lambda: isinstance(app.screen, PasswordPrompt))
            await pilot.press(*"pw", "enter")
            await until(pilot, lambda: isinstance(app.screen, Confirm))
            await pilot.press("y")
            await until(pilot, lambda: screen.done)
            await settle(pilot)
            assert not screen.check_action("send", ())  # done: ctrl+s no longer offered
    assert len(server.messages) == ticked


async def test_a_skipped_letter_shows_why_and_is_never_ticked(app: CaseApp) -> None:
    with smtp_server() as server:
        with_server(app, server.port)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            screen = await open_send_due(pilot)
            detail = screen.query_one("#send-detail", Static)
            first = screen.letters[0]
            assert first.draft is not None
            assert first.draft.subject in str(detail.render())  # the highlighted one, at once
            index = next(i for i, letter in enumerate(screen.letters) if not letter.sendable)
            chooser = screen.query_one(SelectionList)
            chooser.highlighted = index
            await pilot.pause()
            assert str(detail.render()) == f"Skipped: {screen.letters[index].skip}"
            await pilot.press("space")
            await settle(pilot)
            assert index not in chooser.selected
            assert screen.letters[index] not in screen.chosen()
            assert any(screen.letters[index].skip in toast for toast in toasts(app))


async def test_without_a_server_the_day_s_list_says_how_to_set_one_up(app: CaseApp) -> None:
    save_profile(DEMO_PROFILE)  # no SMTP server
    app.profile = DEMO_PROFILE
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_send_due(pilot)
        about = str(screen.query_one("#send-about", Static).render())
        assert "once an SMTP server is set up: f7 opens the business profile" in about
        await pilot.press("f7")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileForm)
        focused = app.focused
        assert focused is not None and any(a.id == "smtp_host" for a in focused.ancestors)


async def test_the_copy_formats_fit_a_small_terminal(app: CaseApp, tmp_path: object) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CopyFormat("~/casetui-exports"))
        await settle(pilot)
        dialog = app.screen.query_one("#copy-dialog")
        buttons = list(app.screen.query(Button))
        assert len(buttons) == 5
        inside = dialog.content_region
        assert all(inside.contains_region(button.region) for button in buttons)
