"""Letters in the app: `a` proposes the ladder's next letter, `l` any kind; the preview
shows the letter and its check; ctrl+s and a yes record it (one `letter` event per case,
with the frozen text), escape records nothing.

The demo ledger as of 2026-11-23 has: C-2026-0040 (Bouwbedrijf Meuse BV, a Belgian
business, open and overdue, two more overdue cases), C-2026-0002 (Pieter Peeters, a Belgian
consumer, no letter yet), C-2026-0005 (Harbour Digital Limited, UK, at second reminder),
C-2026-0011 (disputed), C-2026-0012 (a settlement not yet confirmed in writing), C-2026-0006
(a UK consumer after the formal notice).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import HelpPanel, Markdown, Static, TextArea

from casetui.law import is_working_day
from casetui.ledger import Ledger
from casetui.model import (
    Channel,
    Customer,
    HandedOver,
    HandoverTo,
    LetterKind,
    LetterSent,
    Opened,
    Promise,
)
from casetui.money import Money
from casetui.profile import DEMO_PROFILE, load_profile, save_profile, write_demo_profile
from casetui.tui.app import CaseApp
from casetui.tui.forms import Confirm, CopyFormat, LetterChooser, LetterEditor, ProfileForm
from casetui.tui.forms.choices import CheckField, ChoiceField
from casetui.tui.forms.fields import DateField, TextField
from casetui.tui.forms.instalments import InstalmentsField, parse_instalments
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.letter import LetterScreen
from casetui.tui.screens.letter.editor import find_editor
from casetui.tui.widgets.timeline import TimelineTable
from tests.support import APP_SIZE, TODAY
from tests.tui.flow_helpers import settle
from tests.tui.helpers import record_notifications, toasts

BE_BUSINESS = "C-2026-0040"
BE_CONSUMER = "C-2026-0002"
UK_SECOND = "C-2026-0005"
DISPUTED = "C-2026-0011"
SETTLED = "C-2026-0012"
UK_CONSUMER_NOTICE = "C-2026-0006"


@pytest.fixture
def config() -> Path:
    return Path(os.environ["CASETUI_CONFIG_DIR"])


@pytest.fixture
def profile(config: Path) -> Path:
    """The demo business profile (Studio Noord BV, Gent) in the test's config folder."""
    return write_demo_profile(config)


def letters(ledger: Ledger, case_id: str) -> list[LetterSent]:
    state = ledger.case(case_id)
    return [e for e in state.timeline() if isinstance(e, LetterSent) and e.date == TODAY]


async def open_case(pilot: Pilot[None], case_id: str) -> CaseScreen:
    app = pilot.app
    assert isinstance(app, CaseApp)
    await pilot.pause()
    app.open_case(case_id)
    await pilot.pause()
    assert isinstance(app.screen, CaseScreen)
    return app.screen


async def preview(pilot: Pilot[None], key: str = "a") -> LetterScreen:
    """Press `key` on the case and wait for the letter to be prepared."""
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LetterScreen), screen
    assert screen.draft is not None, screen.problem
    return screen


async def record(pilot: Pilot[None]) -> None:
    """ctrl+s, then yes."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, Confirm), pilot.app.screen
    await pilot.press("y")
    await settle(pilot)


def status(screen: LetterScreen) -> str:
    return str(screen.query_one("#letter-status", Static).render())


def findings(screen: LetterScreen) -> str:
    return str(screen.query_one("#letter-findings", Static).render())


# --------------------------------------------------------------------------- a


async def test_a_sends_the_reminder_with_its_frozen_text(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    before = len(ledger.case(BE_BUSINESS).raw_events)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        case_screen = await open_case(pilot, BE_BUSINESS)
        # Not yet, then escape: nothing is recorded.
        await preview(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, LetterScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is case_screen
        assert len(ledger.case(BE_BUSINESS).raw_events) == before
        # Again, and yes.
        screen = await preview(pilot)
        draft = screen.draft
        assert draft is not None and draft.kind is LetterKind.REMINDER and not draft.blocked
        assert screen.query_one("#letter-text", Markdown)._markdown == draft.text
        assert "Not legal advice" in findings(screen)  # the info finding is listed
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "reminder" in question and "Deadline" in question and "by e-mail" in question
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is case_screen
        state = ledger.case(BE_BUSINESS)
        assert len(state.raw_events) == before + 1
        [sent] = letters(ledger, BE_BUSINESS)
        assert sent.text == draft.text and sent.letter_kind is LetterKind.REMINDER
        assert sent.channel is Channel.EMAIL and not sent.statutory
        assert state.stage.value == "reminder"
        assert sent.deadline is not None and is_working_day(sent.deadline, "BE")
        assert state.next_action is not None and state.next_action.date > sent.deadline
        told = [t for t in toasts(app) if t.startswith("Recorded the reminder")]
        assert told and f"on {BE_BUSINESS}" in told[0] and "Next action" in told[0]
        # The case screen shows it: the letter is the last timeline row; enter reads it.
        assert case_screen.state is state
        timeline = case_screen.query_one(TimelineTable)
        assert timeline.current_key == str(sent.id)
        await pilot.press("enter")
        assert "The letter as sent" in app.screen.query_one(Markdown)._markdown


async def test_a_consumer_first_gets_the_free_statutory_reminder(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, BE_CONSUMER)
        screen = await preview(pilot)
        assert screen.draft is not None and screen.draft.statutory
        assert "free first reminder" in str(screen.query_one("#letter-facts", Static).render())
        await record(pilot)
    [sent] = letters(ledger, BE_CONSUMER)
    assert sent.statutory and sent.letter_kind is LetterKind.REMINDER


async def test_a_on_a_disputed_case_says_why_and_opens_nothing(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        case_screen = await open_case(pilot, DISPUTED)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is case_screen
        assert any("No letter to send" in t and "disputed" in t for t in toasts(app))
    assert not letters(ledger, DISPUTED)


# --------------------------------------------------------------------------- blocks


async def test_no_iban_blocks_and_offers_the_profile(
    app: CaseApp, ledger: Ledger, config: Path
) -> None:
    save_profile(dataclasses.replace(DEMO_PROFILE, iban=""), config / "profile.toml")
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, BE_BUSINESS)
        await pilot.press("a")
        await settle(pilot)
        # Offered at once, because only the profile is missing something.
        assert isinstance(app.screen, Confirm)
        assert "no IBAN" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LetterScreen) and screen.draft is not None
        assert screen.draft.blocked
        assert "Cannot be sent yet" in findings(screen) and "no IBAN" in findings(screen)
        assert "casetui setup" not in findings(screen)  # the CLI's hint, not the app's
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)  # offered again, no recording asked
        await pilot.press("n")
        await settle(pilot)
        assert "Not recorded" in status(screen) and "no IBAN" in status(screen)
        # A copy is not produced either.
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen is screen and "Not saved" in status(screen)
        assert not letters(ledger, BE_BUSINESS)
        # Fill it in from the preview: the letter is prepared again, unblocked.
        await pilot.press("f7")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileForm)
        assert form.focused is form.query_one("#iban", TextField).control
        form.query_one("#iban", TextField).text = "be68539007547034"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.draft is not None
        assert not screen.draft.blocked
        await record(pilot)
    assert load_profile(config / "profile.toml").iban == "BE68 5390 0754 7034"
    assert app.profile.iban == "BE68 5390 0754 7034"  # the app uses it at once
    [sent] = letters(ledger, BE_BUSINESS)
    assert "BE68 5390 0754 7034" in sent.text


async def test_registered_needs_and_records_the_tracking_number(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, BE_BUSINESS)
        screen = await preview(pilot)
        tracking = screen.query_one("#tracking", TextField)
        assert not tracking.display
        screen.query_one("#channel", ChoiceField).select(Channel.REGISTERED)
        await settle(pilot)
        assert tracking.display and screen.draft is not None
        assert screen.draft.channel is Channel.REGISTERED
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # no question: the number is missing
        assert "tracking number" in status(screen)
        assert screen.focused is tracking.control
        await pilot.press(*"RR123456785BE")
        await record(pilot)
    [sent] = letters(ledger, BE_BUSINESS)
    assert sent.channel is Channel.REGISTERED and sent.tracking == "RR123456785BE"


async def test_a_later_date_and_own_deadline_prepare_the_letter_again(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, BE_BUSINESS)
        screen = await preview(pilot)
        first = screen.draft
        assert first is not None
        screen.query_one("#sent-on", DateField).text = "tomorrow"
        await settle(pilot)
        assert screen.query_one("#sent-on", DateField).error  # not in the future
        assert screen.draft is first
        screen.query_one("#sent-on", DateField).text = "2026-11-20"
        await settle(pilot)
        assert screen.draft is not None and screen.draft.sent_on.isoformat() == "2026-11-20"
        screen.query_one("#deadline", DateField).text = "2026-12-18"
        await settle(pilot)
        assert screen.draft.deadline is not None and screen.draft.deadline.day == 18
        assert "18 december 2026" in screen.draft.text
        # f1 shows the preview's help; escape closes the help first, the preview stays.
        await pilot.press("f1")
        assert screen.query(HelpPanel)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not screen.query(HelpPanel)


# --------------------------------------------------------------------------- editing


async def test_edit_in_the_app_changes_the_frozen_text(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, BE_BUSINESS)
        screen = await preview(pilot)
        # A text without the amount, the IBAN, the deadline... is blocked by the check.
        screen.apply_body("Betaal aub.")
        assert screen.draft is not None and screen.draft.blocked
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Not recorded" in status(screen)
        await pilot.press("f6")  # drop the edits: the letter's own text again
        assert screen.draft is not None and not screen.draft.blocked
        assert screen.edited_body is None
        await pilot.press("f2")
        editor = app.screen
        assert isinstance(editor, LetterEditor)
        area = editor.query_one(TextArea)
        area.load_text(area.text + "\nPS: bel ons gerust [op] maandag.\n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.edited_body is not None
        assert "bel ons gerust" in screen.query_one("#letter-text", Markdown)._markdown
        await record(pilot)
    [sent] = letters(ledger, BE_BUSINESS)
    assert "PS: bel ons gerust [op] maandag." in sent.text


@pytest.fixture
def appending_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR: a tiny script that appends a line to the file it is given.

    Textual's headless test driver cannot suspend (`App.suspend` raises
    SuspendNotSupported there), so `suspend` becomes a no-op context: the code path is the
    real one, the editor runs as a child process while the app "steps aside".
    """
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "with open(sys.argv[1], 'a', encoding='utf-8') as f:\n"
        "    f.write('\\nAdded in the editor.\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setattr(CaseApp, "suspend", lambda self: contextlib.nullcontext())
    return script


async def test_edit_in_editor_changes_the_frozen_text(
    app: CaseApp,
    ledger: Ledger,
    profile: Path,
    appending_editor: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = os.environ["EDITOR"]
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, BE_BUSINESS)
        screen = await preview(pilot)
        # No $EDITOR and no nano or vi: it says so and changes nothing.
        monkeypatch.delenv("EDITOR")
        monkeypatch.delenv("VISUAL", raising=False)
        with monkeypatch.context() as patched:
            patched.setattr("shutil.which", lambda name: None)
            await pilot.press("f3")
            await settle(pilot)
        assert app.screen is screen and screen.edited_body is None
        assert any("No editor found: set $EDITOR" in t for t in toasts(app))
        monkeypatch.setenv("EDITOR", editor)
        await pilot.press("f3")
        await settle(pilot)
        assert screen.edited_body is not None and "Added in the editor." in screen.edited_body
        await record(pilot)
    [sent] = letters(ledger, BE_BUSINESS)
    assert "Added in the editor." in sent.text


def test_find_editor_prefers_editor_then_says_which_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert find_editor({"EDITOR": "code -w"}).argv == ("code", "-w")  # type: ignore[union-attr]
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    fallback = find_editor({})
    assert fallback is not None and fallback.argv == ("/usr/bin/nano",)
    assert fallback.note == "$EDITOR is not set: using nano"
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert find_editor({}) is None


# --------------------------------------------------------------------------- l


async def test_l_formal_notice_by_registered_post(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, BE_BUSINESS)
        await pilot.press("l")
        chooser = app.screen
        assert isinstance(chooser, LetterChooser)
        assert chooser.query_one("#kind", ChoiceField).value is LetterKind.REMINDER  # as a
        await pilot.press("f4", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LetterScreen) and screen.draft is not None
        assert screen.draft.kind is LetterKind.FORMAL_NOTICE
        assert screen.draft.channel is Channel.REGISTERED  # a formal notice goes registered
        screen.query_one("#tracking", TextField).text = "RR987654321BE"
        await record(pilot)
    [sent] = letters(ledger, BE_BUSINESS)
    assert sent.letter_kind is LetterKind.FORMAL_NOTICE and sent.tracking == "RR987654321BE"
    assert ledger.case(BE_BUSINESS).stage.value == "formal-notice"


async def test_one_letter_for_all_overdue_cases_of_the_customer(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    """The customer's overdue cases whose next step is the same letter: two cases at the
    reminder stage get one second reminder; the case still waiting for its first reminder
    (BE_BUSINESS) is left out and named, not sent a second reminder too early."""
    from casetui.letters import overdue_cases

    customer = ledger.case(BE_BUSINESS).customer_id
    at_reminder = [
        s.id for s in overdue_cases(ledger, customer, TODAY) if s.stage.value == "reminder"
    ]
    assert len(at_reminder) == 2
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, at_reminder[0])
        await pilot.press("l")
        chooser = app.screen
        assert isinstance(chooser, LetterChooser)
        cover = chooser.query_one("#cover", CheckField)
        assert cover.display
        cover.value = True
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LetterScreen) and screen.draft is not None
        covered = screen.draft.case_ids
        assert screen.draft.kind is LetterKind.SECOND_REMINDER
        assert set(covered) == set(at_reminder) and BE_BUSINESS not in covered
        assert any(BE_BUSINESS in told and "Not in this letter" in told for told in toasts(app))
        await record(pilot)
    for case_id in covered:
        [sent] = letters(ledger, case_id)
        assert set(sent.covers) == set(covered) - {case_id}
    assert any(all(c in t for c in covered) for t in toasts(app))


async def test_a_settlement_with_two_payments_records_the_first_as_a_promise(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, SETTLED)
        screen = await preview(pilot)
        assert screen.draft is not None and screen.draft.kind is LetterKind.SETTLEMENT
        payments = screen.query_one("#instalments", InstalmentsField)
        payments.text = "2026-12-01 800\n+3w 840,47"
        await settle(pilot)
        assert [i.amount for i in screen.draft.instalments] == [800, Decimal("840.47")]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "Payment" in question and "800.00 EUR" in question
        await pilot.press("y")
        await settle(pilot)
    events = ledger.case(SETTLED).timeline()
    assert isinstance(events[-1], Promise) and events[-1].amount.amount == Decimal("800.00")


def test_instalments_are_parsed_one_a_line() -> None:
    plan = parse_instalments("2026-12-15 250.00\n\n2026-12-01=100,50", TODAY, "EUR")
    assert [(d.isoformat(), str(a)) for d, a in plan] == [
        ("2026-12-01", "100.50"),
        ("2026-12-15", "250.00"),
    ]
    with pytest.raises(Exception, match="line 1"):
        parse_instalments("soon 10", TODAY, "EUR")


async def test_a_hand_over_names_the_bailiff(app: CaseApp, ledger: Ledger, profile: Path) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, UK_CONSUMER_NOTICE)
        screen = await preview(pilot)
        assert screen.draft is not None and screen.draft.kind is LetterKind.HANDOVER
        assert not screen.query_one("#deadline").display
        screen.query_one("#to", ChoiceField).select(HandoverTo.BAILIFF)
        screen.query_one("#agent", TextField).text = "Deurwaarder [/] Janssens"
        await settle(pilot)
        assert screen.draft.agent == "Deurwaarder [/] Janssens"
        await record(pilot)
    handed = [e for e in ledger.case(UK_CONSUMER_NOTICE).timeline() if isinstance(e, HandedOver)]
    assert handed[-1].to.value == "bailiff" and handed[-1].name == "Deurwaarder [/] Janssens"


# --------------------------------------------------------------------------- copies, keys


async def test_save_a_copy_as_html_says_where(
    app: CaseApp, ledger: Ledger, profile: Path, tmp_path: Path
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, BE_BUSINESS)
        await preview(pilot)
        await pilot.press("f4")
        assert isinstance(app.screen, CopyFormat)
        await pilot.press("h")
        await settle(pilot)
    target = tmp_path / "exports" / f"letter-{BE_BUSINESS}-reminder-{TODAY}.html"
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it names the customer
    assert any(str(target) in t for t in toasts(app))
    assert not letters(ledger, BE_BUSINESS)


async def test_set_stage_by_hand_is_still_there_and_the_palette_writes_letters(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    from casetui.tui import forms
    from casetui.tui.tools import ToolCommands

    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        case_screen = await open_case(pilot, BE_BUSINESS)
        await pilot.press("A")
        assert isinstance(app.screen, forms.StageForm)
        await pilot.press("escape")
        await settle(pilot)
        provider = ToolCommands(case_screen)
        prompts = [prompt for prompt, _, _ in provider._commands()]
        assert f"Write a letter for {BE_BUSINESS}" in prompts
        assert "Import invoices…" in prompts and "Business profile…" in prompts
        run = dict((prompt, action) for prompt, _, action in provider._commands())
        run[f"Write a letter for {BE_BUSINESS}"]()
        await settle(pilot)
        assert isinstance(app.screen, LetterChooser)


def test_every_letter_key_has_an_id_and_help() -> None:
    from casetui.tui.forms.letter import CopyFormat, LetterChooser, LetterEditor

    for owner in (LetterScreen, LetterChooser, LetterEditor, CopyFormat, ProfileForm):
        assert owner.HELP and owner.HELP.strip().startswith("## ")
        for cls in owner.__mro__:
            if not cls.__module__.startswith("casetui."):
                continue  # Textual's own
            for binding in cls.__dict__.get("BINDINGS", ()):
                assert binding.id and binding.description, (owner, binding)
                assert "[" not in binding.description


# --------------------------------------------------------------------------- hostile text

NAME = "ACME [/] [@click=app.quit] [red]Ltd[/red] [/"


async def test_hostile_names_show_as_typed_in_preview_question_and_toasts(
    app: CaseApp, ledger: Ledger, profile: Path
) -> None:
    state = ledger.open_case(
        Opened(
            date=TODAY - timedelta(days=60),
            invoice="[b]INV[/b]|**1**",
            customer_id="",
            issued=TODAY - timedelta(days=60),
            due=TODAY - timedelta(days=30),
            amount=Money(Decimal("250.00"), "EUR"),
        ),
        new_customer=Customer(
            id="",
            name=NAME,
            country="BE",
            language="en",
            email="ap@acme.example",
            address="Rue [/] 1\n1000 Brussel",
        ),
    )
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, state.id)
        screen = await preview(pilot)
        assert NAME in str(screen.query_one("#letter-about", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert NAME in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running  # [@click=app.quit] did not quit
    [sent] = letters(ledger, state.id)
    assert "ACME" in sent.text and any(t.startswith("Recorded the reminder") for t in toasts(app))


async def test_read_only_previews_but_records_nothing(
    ledger: Ledger, profile: Path, tmp_path: Path
) -> None:
    second, reason = Ledger.open(ledger.path, readonly=True), "cannot write to the folder"
    try:
        app = record_notifications(
            CaseApp(TODAY, open_ledger=lambda: (second, reason), export_dir=tmp_path)
        )
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await settle(pilot)
            await open_case(pilot, BE_BUSINESS)
            screen = await preview(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen  # no question asked
            assert "Read-only" in status(screen)
            assert any(t.startswith("Read-only") for t in toasts(app))
    finally:
        second.close()
    assert not letters(ledger, BE_BUSINESS)


async def test_without_a_profile_file_the_apps_profile_signs(
    ledger: Ledger, tmp_path: Path, config: Path
) -> None:
    from casetui.tui.app import make_app

    assert not (config / "profile.toml").exists()
    app = record_notifications(make_app(ledger, TODAY, export_dir=tmp_path, profile=DEMO_PROFILE))
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, UK_SECOND)
        screen = await preview(pilot)
        assert screen.draft is not None and not screen.draft.blocked
        assert screen.draft.kind is LetterKind.FORMAL_NOTICE
        assert "Studio Noord BV" in screen.draft.text
