"""The debtor screen: `D` on a case and the palette; details, all cases, edit, call."""

from __future__ import annotations

from textual.command import CommandPalette

from casetui.ledger import Ledger
from casetui.model import CallOutcome
from casetui.tui.app import CaseApp
from casetui.tui.forms import CallForm, DebtorForm
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.debtor import DebtorScreen
from tests.support import TODAY
from tests.tui.helpers import settle, table_ids, text_of

SMALL = (80, 24)


def busiest_debtor(ledger: Ledger) -> str:
    """The customer with the most cases (the demo has several with more than one)."""
    return max(
        (c.id for c in ledger.customers()),
        key=lambda cid: (len(ledger.cases_of(cid, include_closed=True)), cid),
    )


async def test_d_on_a_case_shows_the_debtor_and_all_their_cases(
    app: CaseApp, ledger: Ledger
) -> None:
    customer = ledger.customer(busiest_debtor(ledger))
    cases = ledger.cases_of(customer.id, include_closed=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(cases[0].id)
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DebtorScreen)
        assert text_of(app, ".title") == f"Debtor {customer.name}"
        details = text_of(app, "#debtor")
        assert details.startswith(f"{customer.name} ({customer.kind.value}")
        assert customer.id in details and "Owes " in details
        assert f"({len(cases)} in all)" in details
        assert set(table_ids(app)) == {state.id for state in cases}
        # enter opens the highlighted case; escape comes back to the debtor.
        first = table_ids(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == first
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DebtorScreen)
        # Everything fits 80x24: the details, the list's summary and the key bar.
        assert app.screen.query_one("#debtor").region.bottom < SMALL[1]


async def test_the_palette_finds_a_debtor_by_name(app: CaseApp, ledger: Ledger) -> None:
    customer = ledger.customer(busiest_debtor(ledger))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*f"debtor {customer.name.casefold()}")
        await pilot.pause(0.2)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DebtorScreen)
        assert app.screen.customer_id == customer.id


async def test_the_palette_takes_debtor_as_the_readme_writes_it(
    app: CaseApp, ledger: Ledger
) -> None:
    """`Debtor: mul` (the README's form, colon and capital included) finds the debtors whose
    name holds the rest; it used to look for a name holding "debtor:" and found nothing."""
    from casetui.tui.commands import CaseFinder

    customer = ledger.customer(busiest_debtor(ledger))
    part = customer.name.split()[-1][:3]
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        finder = CaseFinder(app.screen)
        for query in (f"Debtor: {part}", f"debtor:{part.upper()}", f"Debtor: {customer.name}"):
            hits = [hit async for hit in finder.search(query)]
            assert f"Debtor: {customer.name}" in [hit.text for hit in hits], query
            assert all(str(hit.text).startswith("Debtor: ") for hit in hits), query
        everyone = [hit async for hit in finder.search("Debtor:")]
        assert len(everyone) == min(len(ledger.customers()), 30)
        await pilot.press("ctrl+p")
        await pilot.press(*f"Debtor: {customer.name}")
        await pilot.pause(0.2)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DebtorScreen)
        assert app.screen.customer_id == customer.id


async def test_call_and_edit_from_the_debtor_screen(app: CaseApp, ledger: Ledger) -> None:
    customer_id = busiest_debtor(ledger)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_debtor(customer_id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DebtorScreen)
        open_ids = [i for i in table_ids(app) if ledger.case(i).closed is None]
        target = open_ids[0]
        position = table_ids(app).index(target)
        for _ in range(position):
            await pilot.press("j")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CallForm) and app.screen.case.id == target
        await pilot.press("f3", "ctrl+s")  # no answer
        await settle(pilot)
        assert app.screen is screen
        calls = [e for e in ledger.case(target).timeline() if e.kind == "call"]
        assert calls[-1].outcome is CallOutcome.NO_ANSWER and calls[-1].date == TODAY

        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        # The debtor's own details: no case, no invoice or amount (it was the case's form).
        assert isinstance(form, DebtorForm)
        assert form.query_one("#form-dialog").border_title == "Edit debtor"
        assert not form.query("#invoice") and not form.query("#amount")
        form.query_one("#phone").text = "+32 9 555 12 12"  # type: ignore[attr-defined]
        form.query_one("#contact").text = "Marie (accounts)"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert ledger.customer(customer_id).phone == "+32 9 555 12 12"
        [change] = ledger.customer_history(customer_id)
        assert change.changes["phone"][1] == "+32 9 555 12 12"
        assert ledger.customer(customer_id).contact == "Marie (accounts)"
        assert "+32 9 555 12 12" in text_of(app, "#debtor")


async def test_one_call_on_all_open_cases_and_one_letter_for_all_overdue(
    ledger: Ledger, tmp_path
) -> None:
    from casetui.letters import overdue_cases, propose_letter
    from casetui.profile import DEMO_PROFILE
    from casetui.tui.app import make_app
    from casetui.tui.screens.letter import LetterScreen

    # A complete business profile: the preview does not stop to ask for one.
    app = make_app(ledger, TODAY, export_dir=tmp_path, profile=DEMO_PROFILE)

    customer_id = busiest_debtor(ledger)
    open_ids = {s.id for s in ledger.cases_of(customer_id)}
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_debtor(customer_id)
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CallForm)
        await pilot.press("f3", "ctrl+s")  # no answer
        await settle(pilot)
        assert isinstance(app.screen, DebtorScreen)
        for case_id in open_ids:
            last = ledger.case(case_id).timeline()[-1]
            assert (last.kind, last.date) == ("call", TODAY), case_id

        overdue = overdue_cases(ledger, customer_id, TODAY)
        assert len(overdue) > 1
        await pilot.press("l")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, LetterScreen)
        options = preview.options()
        assert options is not None
        oldest = min(overdue, key=lambda s: (s.due, s.id))
        assert options.case_ids[0] == oldest.id
        # The cases in the oldest one's currency whose next letter is the same (a case at
        # another step, e.g. a consumer's without the statutory first reminder, is left out).
        customer = ledger.customer(customer_id)
        kind = propose_letter(oldest, customer, DEMO_PROFILE, TODAY).kind
        same_letter = {
            s.id
            for s in overdue
            if s.currency == oldest.currency
            and propose_letter(s, customer, DEMO_PROFILE, TODAY).kind is kind
        }
        assert len(same_letter) > 1 and set(options.case_ids) == same_letter


async def test_one_letter_leaves_out_a_case_past_its_step(ledger: Ledger, tmp_path) -> None:
    """A case already waiting for its formal notice is not sent the oldest case's letter
    again: it is named and left out (it used to get a second "second reminder")."""
    from casetui.letters import overdue_cases, propose_letter
    from casetui.model import Stage, StageChanged
    from casetui.profile import DEMO_PROFILE
    from casetui.tui.app import make_app
    from casetui.tui.screens.letter import LetterScreen

    app = make_app(ledger, TODAY, export_dir=tmp_path, profile=DEMO_PROFILE)
    customer_id = busiest_debtor(ledger)
    customer = ledger.customer(customer_id)
    overdue = overdue_cases(ledger, customer_id, TODAY)
    oldest = min(overdue, key=lambda s: (s.due, s.id))
    same = [s for s in overdue if s.currency == oldest.currency and s.id != oldest.id]
    kind = propose_letter(oldest, customer, DEMO_PROFILE, TODAY).kind
    assert same and kind is not None
    ahead = same[-1].id  # moved past the oldest one's step by hand
    ledger.append(ahead, StageChanged(date=TODAY, stage=Stage.FORMAL_NOTICE))
    assert propose_letter(ledger.case(ahead), customer, DEMO_PROFILE, TODAY).kind is not kind
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        app.open_debtor(customer_id)
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, LetterScreen) and preview.kind is kind
        options = preview.options()
        assert options is not None
        assert ahead not in options.case_ids and options.case_ids[0] == oldest.id
        said = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Not in this letter: ") and ahead in m for m in said), said


async def test_the_debtors_cases_show_due_date_stage_and_how_a_closed_one_ended(
    app: CaseApp, ledger: Ledger
) -> None:
    """One customer: no customer column; the due date and the stage (as `customer show`);
    a closed case says how it ended where an open one says what it owes."""
    from casetui.model import Closed, CloseReason, Payment
    from casetui.tui.widgets.case_table import CaseTable

    customer_id = busiest_debtor(ledger)
    cases = ledger.cases_of(customer_id)
    paid = cases[0]
    ledger.append(
        paid.id,
        Payment(date=TODAY, amount=paid.outstanding),
        Closed(date=TODAY, reason=CloseReason.PAID),
    )
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_debtor(customer_id)
        await settle(pilot)
        table = app.screen.query_one(CaseTable)
        labels = [str(column.label).rstrip(" ↑↓") for column in table.columns.values()]
        assert labels[:5] == ["Case", "Invoice", "Due", "Outstanding", "Stage"]
        row = [str(cell) for cell in table.get_row(paid.id)]
        assert row[:5] == [paid.id, paid.invoice, paid.due.isoformat(), "paid", "Closed"]
        other = cases[1]
        row = [str(cell) for cell in table.get_row(other.id)]
        assert row[2] == other.due.isoformat() and row[4].startswith(other.stage.label)
