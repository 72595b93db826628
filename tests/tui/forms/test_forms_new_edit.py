"""New case (customer picked by a few letters, or created), edit, and the yes/no dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from form_helpers import A_WEDNESDAY, open_form

from casetui.ledger import Ledger
from casetui.model import Amended, Customer, CustomerKind, Opened
from casetui.money import Money
from casetui.tui.forms import CaseEdit, Confirm, EditForm, NewCase, NewCaseForm


async def test_new_case_for_an_existing_customer_picked_from_the_matches(ledger: Ledger) -> None:
    async with open_form(NewCaseForm(ledger, A_WEDNESDAY)) as run:
        assert "C-2026-0002" in str(run.form.query_one("#form-header").render())
        assert run.focused_field is run.field("#customer")
        await run.type("acm")
        matches = run.form.query_one("#customer OptionList")
        assert matches.option_count == 2  # ACME NV, Acme Printing Ltd
        assert not run.form.shown(run.form.query_one("#new-customer"))
        await run.press("down", "enter")  # take the first match, move on
        assert run.field("#customer").text == "ACME NV"
        assert "existing customer: CUS-0001" in str(run.form.query_one("#customer-info").render())
        assert run.focused_field is run.field("#invoice")
        await run.type("2026-0042")
        assert "already case C-2026-0001" in run.message("#invoice")
        await run.press("ctrl+u")
        await run.type("2026-0043")
        await run.press("enter")
        await run.type("1.234,5")
        await run.press("tab", "tab", "tab")  # currency, issued, due
        assert run.field("#due").text == "2026-04-03"
        assert run.message("#due") == "→ Fri 2026-04-03 (in 30 days)  30 days after issue"
        await run.press("tab")
        await run.type("web, urgent web")
        await run.save()
    assert run.result == NewCase(
        opened=Opened(
            date=A_WEDNESDAY,
            invoice="2026-0043",
            customer_id="CUS-0001",
            issued=A_WEDNESDAY,
            due=date(2026, 4, 3),
            amount=Money(Decimal("1234.50"), "EUR"),
            tags=("web", "urgent"),
            source="manual",
        ),
        new_customer=None,
    )


async def test_new_case_for_a_new_uk_consumer(ledger: Ledger) -> None:
    async with open_form(NewCaseForm(ledger, A_WEDNESDAY)) as run:
        await run.type("Freya Hughes")
        await run.press("tab")
        assert run.form.shown(run.form.query_one("#new-customer"))
        assert run.focused_field is run.field("#kind")
        await run.press("right")  # consumer
        await run.press("tab")
        await run.type("gb")
        await run.press("tab")
        await run.type("e")
        assert run.message("#language") == "letters exist in en, nl, fr, de, not 'e'"
        await run.type("nglish")  # two letters at most
        assert run.field("#language").text == "en"
        await run.press("tab")
        await run.type("freya@example")
        assert (
            run.message("#email") == "'freya@example' is not an e-mail address (name@example.com)"
        )
        await run.type(".co.uk")
        await run.press("tab")
        await run.type("+44 113 496 0000")
        assert run.field("#currency").text == "GBP"
        assert run.field("#due").text == "2026-03-18"  # 14 days for a consumer
        await run.press("tab")
        await run.type("F-17")
        await run.press("tab")
        await run.type("250")
        assert run.message("#amount") == "→ 250.00 GBP"
        await run.press("tab", "tab")  # currency, issued
        await run.type("2026-02-20")
        assert run.field("#due").text == "2026-03-06"  # follows the issue date
        await run.save()
    case = run.result
    assert case.new_customer == Customer(
        id="",
        name="Freya Hughes",
        kind=CustomerKind.CONSUMER,
        country="GB",
        language="en",
        email="freya@example.co.uk",
        phone="+44 113 496 0000",
    )
    assert case.opened.customer_id == ""
    assert case.opened.amount == Money(Decimal("250.00"), "GBP")
    assert (case.opened.issued, case.opened.due) == (date(2026, 2, 20), date(2026, 3, 6))


async def test_new_case_refuses_missing_fields_and_a_due_date_before_issue(ledger: Ledger) -> None:
    async with open_form(NewCaseForm(ledger, A_WEDNESDAY)) as run:
        await run.save()
        assert not run.dismissed
        assert run.focused_field is run.field("#customer")
        assert run.message("#customer") == "required"
        assert run.message("#invoice") == "required"
        assert "an amount is required" in run.message("#amount")
        await run.type("jan peeters")  # an existing customer, typed in another case
        assert "existing customer: CUS-0003" in str(run.form.query_one("#customer-info").render())
        assert run.field("#due").text == "2026-03-18"  # a consumer: 14 days
        run.field("#invoice").text = "7"
        run.field("#amount").text = "1,234"
        run.field("#due").text = "2026-03-01"
        await run.pilot.pause()
        assert "ambiguous amount" in run.message("#amount")
        assert run.message("#due") == "2026-03-01 is before the issue date 2026-03-04"
        await run.save()
        assert run.focused_field is run.field("#amount")
        run.field("#amount").text = "99"
        await run.save()
        assert run.focused_field is run.field("#due")
        await run.press("escape", "y")  # asked first: fields were typed
    assert run.result is None


async def test_an_issue_date_in_the_future_is_refused_by_both_forms(ledger: Ledger) -> None:
    """Regression: only `casetui add` refused it; the app's new-case and edit forms took an
    invoice issued tomorrow (now the core's rule, `rules.check_not_in_future`)."""
    tomorrow = "2026-03-05"  # A_WEDNESDAY is 2026-03-04
    async with open_form(NewCaseForm(ledger, A_WEDNESDAY)) as run:
        run.field("#issued").text = tomorrow
        await run.pilot.pause()
        assert run.message("#issued") == f"{tomorrow} is in the future (today is 2026-03-04)"
        await run.press("escape", "y")
    case = ledger.case("C-2026-0001")
    async with open_form(
        EditForm(case, ledger.customer(case.customer_id), ledger, A_WEDNESDAY)
    ) as run:
        run.field("#issued").text = tomorrow
        run.field("#due").text = "2026-04-05"
        await run.pilot.pause()
        assert run.message("#issued") == f"{tomorrow} is in the future (today is 2026-03-04)"
        await run.save()
        assert not run.dismissed and run.focused_field is run.field("#issued")
        await run.press("escape", "y")


async def test_new_case_inline_completion_with_right(ledger: Ledger) -> None:
    async with open_form(NewCaseForm(ledger, A_WEDNESDAY)) as run:
        await run.type("jan")
        await run.pilot.pause()  # the suggester runs in a worker
        await run.press("right")
        assert run.field("#customer").text == "Jan Peeters"


# --------------------------------------------------------------------------- edit


async def test_edit_returns_only_what_changed(ledger: Ledger) -> None:
    case = ledger.case("C-2026-0001")
    customer = ledger.customer(case.customer_id)
    async with open_form(EditForm(case, customer, ledger, A_WEDNESDAY), size=(80, 24)) as run:
        await run.press("tab", "tab")  # issued, due: the cursor lands after the old value
        await run.press("backspace", "backspace")
        await run.type("24")
        await run.press("tab", "ctrl+u")
        await run.type("1200")
        assert run.message("#amount") == "→ 1,200.00 EUR  was 1234.56"
        await run.press("tab")  # the regime list
        run.field("#regime").value = "nl-b2b"
        await run.press("tab", "tab")
        await run.type("credit note 12 agreed")
        await run.press("tab", "tab", "tab", "tab", "tab", "tab")  # name .. phone
        assert run.focused_field is run.field("#phone")
        await run.press("ctrl+u")
        await run.type("+32 9 000 00 00")
        await run.save()
    assert run.result == CaseEdit(
        amended=Amended(
            date=A_WEDNESDAY,
            due=date(2026, 2, 24),
            amount=Money(Decimal("1200.00"), "EUR"),
            regime="nl-b2b",
            note="credit note 12 agreed",
        ),
        customer=replace(customer, phone="+32 9 000 00 00"),
    )


async def test_edit_refuses_a_name_or_invoice_already_taken(ledger: Ledger) -> None:
    case = ledger.case("C-2026-0001")
    customer = ledger.customer(case.customer_id)
    async with open_form(EditForm(case, customer, ledger, A_WEDNESDAY)) as run:
        name = run.field("#name")
        name.text = "acme printing ltd"
        run.field("#due").text = "2025-12-31"
        await run.pilot.pause()
        assert name.error == "CUS-0002 already has this name"
        assert run.message("#due") == "2025-12-31 is before the issue date 2026-01-10"
        await run.save()
        assert run.focused_field is run.field("#due")
        run.field("#due").text = "2026-02-09"
        await run.save()
        assert run.focused_field is name
        name.text = "ACME NV, Gent"
        run.field("#address").text = "Kerkstraat 1\n9000 Gent\n"
        await run.save()
    edit = run.result
    assert edit.amended is None
    assert edit.customer == replace(
        customer, name="ACME NV, Gent", address="Kerkstraat 1\n9000 Gent"
    )


async def test_edit_scrolls_at_80x24_and_without_changes_returns_none(ledger: Ledger) -> None:
    case = ledger.case("C-2026-0001")
    async with open_form(
        EditForm(case, ledger.customer(case.customer_id), ledger, A_WEDNESDAY)
    ) as run:
        assert run.focused_field is run.field("#invoice")
        dialog = run.form.query_one("#form-dialog")
        assert dialog.region.bottom <= 24
        assert dialog.max_scroll_y > 0  # longer than the screen: it scrolls
        run.field("#notes").focus_control()
        await run.pilot.wait_for_scheduled_animations()
        await run.pilot.pause()
        notes = run.field("#notes").control
        assert dialog.scroll_y > 0
        assert dialog.region.contains_region(notes.region), (dialog.region, notes.region)
        await run.save()
    assert run.result is None


# --------------------------------------------------------------------------- confirm


async def test_confirm_answers() -> None:
    for keys, answer in [(("y",), True), (("n",), False), (("escape",), False), (("enter",), True)]:
        async with open_form(Confirm("Close ACME [/] [@click=app.quit]?")) as run:
            text = str(run.form.query_one("#confirm-question").render())
            assert text == "Close ACME [/] [@click=app.quit]?"
            await run.press(*keys)
        assert run.result is answer, keys


async def test_confirm_with_own_button_words_and_arrow_keys() -> None:
    async with open_form(Confirm("Undo the payment?", yes="Undo [b]", no="Keep")) as run:
        assert str(run.form.query_one("#confirm-yes").render()).strip() == "Undo [b]"
        await run.press("right", "enter")  # to "Keep"
    assert run.result is False


async def test_edit_never_rewrites_values_nobody_touched(ledger: Ledger) -> None:
    """Legacy data the form would normalise (spaces, tags with a space, lower-case country)
    comes back unchanged when the user changes something else."""
    case = ledger.case("C-2026-0001")
    case = replace(case, invoice=" 2026-0042 ", tags=("late payer", "web"))
    customer = replace(ledger.customer(case.customer_id), country="be", notes="line\n")
    async with open_form(EditForm(case, customer, ledger, A_WEDNESDAY)) as run:
        run.field("#vat").text = "BE0123.456.749"  # type: ignore[attr-defined]
        await run.save()
    # The number typed is checked and stored compact (casetui.checks.check_vat).
    assert run.result == CaseEdit(amended=None, customer=replace(customer, vat="BE0123456749"))
