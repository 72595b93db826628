"""The palette acts on any case (issue 18, what daily users expect next): "call 0022" or
"payment F2026-99062" opens that case with the form ready, from wherever the palette was
opened; the case number, the invoice or the customer's name find the case."""

from __future__ import annotations

from casetui.ledger import Ledger
from casetui.tui import forms
from casetui.tui.app import CaseApp
from casetui.tui.commands import CaseFinder
from casetui.tui.screens.case import CaseScreen
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import settle


async def hits(app: CaseApp, query: str) -> list[tuple[str, object]]:
    finder = CaseFinder(app.screen)
    return [(str(hit.text), hit.command) async for hit in finder.search(query)]


async def test_call_and_a_case_number_open_the_call_form_on_that_case(
    app: CaseApp, ledger: Ledger
) -> None:
    state = ledger.agenda(TODAY)[2].case
    number = state.id.rsplit("-", 1)[1]  # "0022"
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.press("2")  # from All cases, not from the case
        found = await hits(app, f"call {number}")
        label, run = found[0]
        assert label.startswith(f"Call {state.id}")
        run()
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, forms.CallForm)
        assert app.screen.case.id == state.id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == state.id


async def test_payment_and_an_invoice_number_open_the_payment_form(
    app: CaseApp, ledger: Ledger
) -> None:
    state = ledger.agenda(TODAY)[0].case
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        found = await hits(app, f"payment {state.invoice}")
        label, run = found[0]
        assert label.startswith(f"Payment {state.id}")
        run()
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, forms.PaymentForm)
        assert app.screen.case.id == state.id
        # The plain search still finds the case to open.
        assert any(text.startswith(state.id) for text, _ in await hits(app, state.invoice))


async def test_a_verb_alone_or_an_unknown_word_is_a_plain_search(
    app: CaseApp, ledger: Ledger
) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert not any(text.startswith("Call ") for text, _ in await hits(app, "call"))
        name = ledger.customer(ledger.cases()[0].customer_id).name.split()[0]
        assert not any(text.startswith(("Call ", "Payment ")) for text, _ in await hits(app, name))
