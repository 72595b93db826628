"""The next letter for several marked cases at once (issue 18, what daily users expect next):
`a` on a list with rows marked lists each case's next letter, ready or blocked and why; one
question writes the ready ones (e-mail through the SMTP server, posted ones as PDF files) as
one action, and `u` on the list takes them all back."""

from __future__ import annotations

import dataclasses

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from casetui.ledger import Ledger
from casetui.model import Channel, LetterKind, LetterSent
from casetui.profile import DEMO_PROFILE, save_profile
from casetui.tui.app import CaseApp
from casetui.tui.forms import Confirm
from casetui.tui.screens.batch_letters import BatchLettersScreen
from casetui.tui.screens.cases import CasesScreen
from tests.mail.mail_helpers import HOST, smtp_server
from tests.support import TODAY
from tests.tui.conftest import SIZE
from tests.tui.flow_helpers import settle
from tests.tui.helpers import table_ids, text_of, toasts

# At the demo's TODAY: a reminder by e-mail (Belgian business), a formal notice by registered
# post (an English company) and a disputed case, which gets no letter.
EMAILED, REGISTERED, DISPUTED = "C-2026-0040", "C-2026-0005", "C-2026-0011"

# The local test server takes a login without TLS (it never leaves 127.0.0.1); aiosmtpd warns.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def letters_today(ledger: Ledger, case_id: str) -> list[LetterSent]:
    """The letters of today in force (an undone one is voided, not removed)."""
    state = ledger.case(case_id)
    return [
        e
        for e in state.timeline()
        if isinstance(e, LetterSent) and e.date == TODAY and e.id not in state.voided_ids
    ]


async def mark_and_press_a(pilot: Pilot[None], case_ids: list[str]) -> BatchLettersScreen:
    app = pilot.app
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(app.screen, CasesScreen)
    await pilot.press("slash", *" OR ".join(case_ids), "enter")
    await pilot.pause()
    assert sorted(table_ids(app)) == sorted(case_ids)
    await pilot.press("g", *["space"] * len(case_ids), "a")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, BatchLettersScreen)
    return screen


def screen_text(screen: BatchLettersScreen) -> str:
    return "\n".join(str(static.render()) for static in screen.query(Static))


async def test_three_marked_one_blocked_two_recorded_and_one_undo_takes_both_back(
    app: CaseApp, ledger: Ledger
) -> None:
    before = {case_id: ledger.case(case_id).stage for case_id in (EMAILED, REGISTERED)}
    with smtp_server() as server:
        profile = dataclasses.replace(
            DEMO_PROFILE, smtp_host=HOST, smtp_port=server.port, smtp_security="none"
        )
        save_profile(profile)
        app.profile = profile
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await mark_and_press_a(pilot, [EMAILED, REGISTERED, DISPUTED])
            shown = screen_text(screen)
            assert "reminder · e-mail · nl  ready" in shown
            assert "formal notice · registered post · en  ready" in shown
            assert "no letter  blocked: C-2026-0011 is disputed" in shown
            assert "2 of 3 letters ready (1 by e-mail, 1 to print)" in text_of(app, "#batch-about")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, Confirm)  # one question for the lot
            question = str(app.screen.question)
            assert question.startswith("Write 2 letters and record them as one action?")
            assert f"1 letter by e-mail through {HOST}" in question
            assert "1 letter blocked, left as they are" in question
            await pilot.press("y")
            await settle(pilot)
            await settle(pilot)
            assert screen.written is not None and screen.written[1] == 2
            log = text_of(app, "#batch-log")
            assert f"✓ {EMAILED}  sent: to accounts@bouwbedrijfmeuse.example.be" in log
            assert f"✓ {REGISTERED}  written: recorded; to print: letter-{REGISTERED}" in log
            assert f"· {DISPUTED}  skipped" in log
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, CasesScreen)
            assert "marked" not in text_of(app, "#position")
            [emailed] = letters_today(ledger, EMAILED)
            [posted] = letters_today(ledger, REGISTERED)
            assert emailed.channel is Channel.EMAIL and emailed.message_id
            assert posted.channel is Channel.REGISTERED and posted.evidence.endswith(".pdf")
            assert posted.letter_kind is LetterKind.FORMAL_NOTICE
            assert emailed.batch and emailed.batch == posted.batch
            assert letters_today(ledger, DISPUTED) == []
            pdf = app.export_dir / f"letter-{REGISTERED}-formal-notice-{TODAY}.pdf"
            assert pdf.read_bytes().startswith(b"%PDF")

            await pilot.press("u")  # one undo takes both back
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            said = "the letters recorded (e-mails sent stay sent)"
            assert str(app.screen.question) == f"Undo on all 2 cases: {said}?"
            await pilot.press("y")
            await settle(pilot)
            assert letters_today(ledger, EMAILED) == letters_today(ledger, REGISTERED) == []
            assert {case_id: ledger.case(case_id).stage for case_id in before} == before
            assert any(message.startswith("Undone on 2 cases") for message in toasts(app))
    assert len(server.messages) == 1


async def test_without_a_server_e_mail_letters_are_blocked_and_say_how(
    app: CaseApp, ledger: Ledger
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await mark_and_press_a(pilot, [EMAILED, DISPUTED])
        assert "no SMTP server is set up to e-mail it" in screen_text(screen)
        assert "f7 opens the business profile" in text_of(app, "#batch-about")
        assert not screen.ready
        await pilot.press("ctrl+s")  # nothing ready: the key is not offered, nothing written
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CasesScreen)
        assert "2 marked" in text_of(app, "#position")  # nothing done: still marked
        await pilot.press("u")
        assert any(message.startswith("Nothing to undo here") for message in toasts(app))
    assert letters_today(ledger, EMAILED) == []


async def test_a_without_marks_says_how_to_mark(app: CaseApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, BatchLettersScreen)
        assert any(message.startswith("Mark cases first") for message in toasts(app))


def test_snapshot_of_the_letters_for_marked_cases(snap_compare, app: CaseApp) -> None:
    async def open_it(pilot: Pilot[None]) -> None:
        await mark_and_press_a(pilot, [EMAILED, REGISTERED, DISPUTED])

    assert snap_compare(app, run_before=open_it, terminal_size=SIZE)


async def test_an_error_while_writing_never_leaves_the_screen_stuck(
    app: CaseApp, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casetui.tui.screens import batch_letters

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(batch_letters, "write_batch", broken)
    save_profile(DEMO_PROFILE)
    app.profile = DEMO_PROFILE
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await mark_and_press_a(pilot, [REGISTERED, DISPUTED])
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not screen.busy and "Stopped by an error" in text_of(app, "#batch-about")
        assert any("a bug" in message for message in toasts(app))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CasesScreen)
    assert letters_today(ledger, REGISTERED) == []
