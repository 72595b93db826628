"""Every key of the case screen: it opens the right form, what the form returns is saved
(and shown), escape saves nothing; undo, export, letters, worksheet, timeline entries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from textual.pilot import Pilot

from casetui import model
from casetui.describe import headline
from casetui.ledger import Ledger
from casetui.model import CallOutcome, CloseReason, Event, Stage
from casetui.money import Money
from casetui.tui import forms
from casetui.tui.app import CaseApp
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.views import EventScreen, WorksheetScreen
from casetui.tui.widgets.case_table import CaseTable
from casetui.tui.widgets.timeline import TimelineTable
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import settle, toasts


def first_open_case(ledger: Ledger) -> str:
    return ledger.agenda(TODAY)[0].case.id


def live_kinds(ledger: Ledger, case_id: str) -> list[str]:
    state = ledger.case(case_id)
    return [e.kind for e in state.timeline() if e.id not in state.voided_ids and e.kind != "voided"]


async def open_case(pilot: Pilot[None], case_id: str) -> CaseScreen:
    app = pilot.app
    assert isinstance(app, CaseApp)
    await pilot.pause()
    app.open_case(case_id)
    await pilot.pause()
    assert isinstance(app.screen, CaseScreen)
    return app.screen


def money(ledger: Ledger, case_id: str, amount: str) -> Money:
    return Money(Decimal(amount), ledger.case(case_id).currency)


# key, form, the events a filled-in form would return
FORM_KEYS = [
    ("c", "CallForm", lambda lg, cid: (model.Call(date=TODAY, outcome=CallOutcome.NO_ANSWER),)),
    ("n", "NoteForm", lambda lg, cid: (model.Note(date=TODAY, text="Rang twice"),)),
    ("p", "PaymentForm", lambda lg, cid: (model.Payment(date=TODAY, amount=money(lg, cid, "10")),)),
    (
        "P",
        "PromiseForm",
        lambda lg, cid: (
            model.Promise(date=TODAY, amount=money(lg, cid, "50"), by=TODAY + timedelta(days=7)),
        ),
    ),
    ("d", "DisputeForm", lambda lg, cid: (model.DisputeOpened(date=TODAY, reason="Hours"),)),
    (
        "s",
        "SnoozeForm",
        lambda lg, cid: (model.Snooze(date=TODAY, until=TODAY + timedelta(days=3)),),
    ),
    (
        "A",
        "StageForm",
        lambda lg, cid: (model.StageChanged(date=TODAY, stage=Stage.FORMAL_NOTICE, note="x"),),
    ),
    ("w", "CloseForm", lambda lg, cid: (model.Closed(date=TODAY, reason=CloseReason.PAID),)),
]


async def test_each_key_opens_its_form_and_saves_what_it_returns(
    app: CaseApp, ledger: Ledger
) -> None:
    case_id = first_open_case(ledger)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_case(pilot, case_id)
        for key, form, events in FORM_KEYS:
            before = live_kinds(ledger, case_id)
            await pilot.press(key)
            assert isinstance(app.screen, getattr(forms, form)), key
            await pilot.press("escape")  # cancelled: nothing saved
            await settle(pilot)
            assert app.screen is screen, form
            assert live_kinds(ledger, case_id) == before, form
            await pilot.press(key)
            action: tuple[Event, ...] = events(ledger, case_id)
            app.screen.dismiss(action)
            await settle(pilot)
            assert app.screen is screen, form
            assert live_kinds(ledger, case_id) == [*before, *(e.kind for e in action)], form
            message = f"{case_id}: {headline(action[0], ledger.case(case_id).currency)}"
            assert message in toasts(app), (message, toasts(app))
            # The screen shows the saved state: the new entry is the last timeline row.
            assert screen.state is ledger.case(case_id), form
            timeline = screen.query_one(TimelineTable)
            assert timeline.current_key == str(screen.state.last_event_id), form


async def test_log_a_call_end_to_end(app: CaseApp, ledger: Ledger) -> None:
    """c, type the note, ctrl+s: saved, shown, and the case leaves today's list; a form
    with invalid input saves nothing and stays open."""
    case_id = first_open_case(ledger)
    before = live_kinds(ledger, case_id)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("enter", "c")
        assert isinstance(app.screen, forms.CallForm)
        await pilot.press("f7", "ctrl+s")  # disputed without a reason: refused, form stays
        assert isinstance(app.screen, forms.CallForm)
        assert live_kinds(ledger, case_id) == before
        await pilot.press("f2")
        app.screen.query_one("#note TextArea").insert("Spoke to Anne, pays Friday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        call = ledger.case(case_id).timeline()[-1]
        assert call.kind == "call" and call.note == "Spoke to Anne, pays Friday"
        assert f"{case_id}: outbound call, reached" in toasts(app)
        await pilot.press("escape")
        await pilot.pause()
        assert case_id not in app.screen.query_one(CaseTable).all_keys()


async def test_undo_repeatedly_says_what_it_undid(app: CaseApp, ledger: Ledger) -> None:
    case_id = first_open_case(ledger)
    before = live_kinds(ledger, case_id)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_case(pilot, case_id)
        screen.record((model.Note(date=TODAY, text="first"),))
        screen.record((model.Call(date=TODAY, outcome=CallOutcome.VOICEMAIL),))
        await pilot.press("u")  # queued after both writes: undoes the call
        await settle(pilot)
        assert live_kinds(ledger, case_id) == [*before, "note"]
        assert f"Undone on {case_id}: outbound call, voicemail" in toasts(app)
        await pilot.press("u")
        await settle(pilot)
        assert live_kinds(ledger, case_id) == before
        assert f"Undone on {case_id}: note" in toasts(app)
        voided = [e for e in screen.state.timeline() if e.id in screen.state.voided_ids]
        assert len(voided) == 2  # still listed, struck through


async def test_undo_with_nothing_left_says_so(app: CaseApp, ledger: Ledger) -> None:
    case_id = next(s.id for s in ledger.cases() if len(s.raw_events) == 1)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, case_id)
        await pilot.press("u")
        await settle(pilot)
        assert f"Nothing to undo on {case_id}." in toasts(app)


async def test_closed_case_leaves_out_what_no_longer_applies_and_w_reopens(
    app: CaseApp, ledger: Ledger
) -> None:
    case_id = next(s.id for s in ledger.cases() if s.closed is not None)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_case(pilot, case_id)
        for key in "cPdsa":
            await pilot.press(key)
            assert app.screen is screen, key
        assert screen.key_hint("call", "Call") is None
        assert screen.key_hint("payment", "Payment") == "Payment"  # late money is recorded
        assert screen.key_hint("close", "Close or reopen") == "Reopen"
        await pilot.press("w")
        assert isinstance(app.screen, forms.Confirm)
        app.screen.dismiss(True)
        await settle(pilot)
        assert ledger.case(case_id).closed is None
        assert screen.key_hint("call", "Call") == "Call"
        assert screen.key_hint("close", "Close or reopen") == "Close"


async def test_edit_saves_the_customer_and_the_amendment(app: CaseApp, ledger: Ledger) -> None:
    case_id = first_open_case(ledger)
    state = ledger.case(case_id)
    customer = ledger.customer(state.customer_id)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, case_id)
        await pilot.press("e")
        assert isinstance(app.screen, forms.EditForm)
        from dataclasses import replace

        renamed = replace(customer, name="Renamed & Sons")
        amended = model.Amended(date=TODAY, invoice="NEW-1")
        app.screen.dismiss(forms.CaseEdit(amended=amended, customer=renamed))
        await settle(pilot)
        assert ledger.customer(customer.id).name == "Renamed & Sons"
        assert ledger.case(case_id).invoice == "NEW-1"
        assert "invoice NEW-1" in str(app.screen.query_one(".title").render())


async def test_letter_key_asks_which_letter(app: CaseApp, ledger: Ledger) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_case(pilot, first_open_case(ledger))
        await pilot.press("l")
        assert isinstance(app.screen, forms.LetterChooser)
        await pilot.press("escape")
        assert app.screen is screen


async def test_export_writes_markdown_and_says_where(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    case_id = first_open_case(ledger)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, case_id)
        await pilot.press("x")
        await settle(pilot)
    target = tmp_path / "exports" / f"case-{case_id}.md"
    assert target.read_text(encoding="utf-8").startswith(f"# Case {case_id}")
    assert f"Exported {case_id} to {target}" in toasts(app)


async def test_worksheet_and_timeline_entries_open_and_escape_comes_back(
    app: CaseApp, ledger: Ledger
) -> None:
    case_id = next(s.id for s in ledger.cases() if s.letters and s.closed is None)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_case(pilot, case_id)
        await pilot.press("i")
        assert isinstance(app.screen, WorksheetScreen)
        assert "Total owed" in str(app.screen.query_one("#worksheet Static").render())
        await pilot.press("escape")
        assert app.screen is screen
        letter = next(e for e in screen.state.timeline() if e.kind == "letter")
        screen.query_one(TimelineTable).move_to(
            [e.id for e in screen.state.timeline()].index(letter.id)
        )
        await pilot.press("enter")
        assert isinstance(app.screen, EventScreen)
        assert app.screen.event.id == letter.id
        await pilot.press("escape")
        assert app.screen is screen


async def test_new_case_from_a_list_opens_it(app: CaseApp, ledger: Ledger) -> None:
    customer = ledger.customers()[0]
    count = len(ledger)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("N")
        assert isinstance(app.screen, forms.NewCaseForm)
        opened = model.Opened(
            date=TODAY,
            invoice="NEW-2026-1",
            customer_id=customer.id,
            issued=TODAY,
            due=TODAY + timedelta(days=30),
            amount=Money(Decimal("99.00"), "EUR"),
        )
        app.screen.dismiss(forms.NewCase(opened=opened, new_customer=None))
        await settle(pilot)
        assert len(ledger) == count + 1
        assert isinstance(app.screen, CaseScreen)
        assert ledger.case(app.screen.case_id).invoice == "NEW-2026-1"


async def test_a_letter_entry_shows_the_letter_as_it_looked(app: CaseApp, ledger: Ledger) -> None:
    """Issue 18 item 4: the entry viewer showed the frozen letter as raw Markdown in a code
    block (`Studio Noord BV\\`, `**Tweede herinnering...**`)."""
    from textual.widgets._markdown import MarkdownBlockQuote, MarkdownFence, MarkdownTable

    case_id = first_open_case(ledger)
    sent = (
        "Studio Noord BV\\\nKerkstraat 1\n\n**Tweede herinnering: factuur F\\[12\\]**\n\n"
        "| Factuur | Openstaand |\n|---|---:|\n| F\\[12\\] | € 592,41 |\n"
    )
    state = ledger.append(
        case_id,
        model.LetterSent(
            date=TODAY,
            letter_kind=model.LetterKind.REMINDER,
            channel=model.Channel.EMAIL,
            text=sent,
        ),
    )
    letter = state.timeline()[-1]
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_case(pilot, case_id)
        screen.query_one(TimelineTable).move_to(
            [e.id for e in screen.state.timeline()].index(letter.id)
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        assert not app.screen.query(MarkdownFence)
        [quoted] = app.screen.query(MarkdownBlockQuote)
        assert quoted.query(MarkdownTable)  # the invoice table, as a table
        shown = " ".join(str(block._content) for block in quoted.query("MarkdownParagraph"))
        assert "**" not in shown and "\\" not in shown


async def test_the_position_in_a_long_walk_groups_thousands_as_the_lists_do(
    app: CaseApp, ledger: Ledger
) -> None:
    case_id = first_open_case(ledger)
    walk = [f"C-2026-{n:05d}" for n in range(23_393)]
    walk[1_233] = case_id
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(case_id, walk=walk))
        await settle(pilot)
        detail = app.screen.query_one(".title-detail").render()
        assert str(detail).startswith("1,234 of 23,393 · ")
