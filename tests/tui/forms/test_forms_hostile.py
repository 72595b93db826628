"""User text is never markup: every form shows hostile names, notes and invoices literally,
returns them unchanged, and the app keeps running (DESIGN.md section 5)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import textual.pilot
from form_helpers import TODAY, Run, make_case, open_app, open_form
from textual.screen import Screen

from casetui.ledger import Ledger
from casetui.model import Customer, DisputeOpened, Event
from casetui.tui.forms import (
    CallForm,
    CloseForm,
    Confirm,
    DisputeForm,
    EditForm,
    NewCaseForm,
    NoteForm,
    PaymentForm,
    PromiseForm,
    SnoozeForm,
    StageForm,
)
from casetui.tui.forms.fields import Field

# One string packs the traps: a link that would run an app action, a closing tag with
# nothing open, a style that would vanish, HTML, Markdown, a table pipe, emoji,
# right-to-left text, a very long name, and an unclosed tag at the very end. The other
# is nothing at all.
HOSTILE = (
    "[@click=app.quit]ACME[/] [/] [red]x[/] <script>alert(1)</script> **b** | 🦆 "
    "شركة الاختبار " + "Ω" * 250 + " [/"
)
SHORT = "[/] [@click=app.quit]Q [red]"
VARIANTS = (HOSTILE, "")


def hostile_case(text: str, *events: Event) -> Any:
    return make_case(*events, invoice=text or "-", tags=tuple(text.split()[:2]))


def hostile_customer(text: str) -> Customer:
    return Customer(id="CUS-0001", name=text, phone=text, email=text, address=text, notes=text)


def shown_text(screen: Screen[Any]) -> str:
    """Everything the dialog shows, as plain text."""
    return "\n".join(str(widget.render()) for widget in screen.query("Static, Label"))


async def put(run: Run, selector: str, text: str) -> None:
    """Type the short traps like a user, then set the rest (same widget path, faster)."""
    field = run.field(selector)
    field.focus_control()
    await run.settle()  # focus is set later, by the app: the keys must find the field
    if text:
        await run.type(SHORT)
        assert field.text == SHORT  # type: ignore[attr-defined]
    field.text = text  # type: ignore[attr-defined]
    await run.settle()


# form factory, field for the hostile text, how to read it back from the result,
# whether that field is required, extra fields to fill first
CaseFormSpec = tuple[Callable[[str], Screen[Any]], str, Callable[[Any], str], bool, dict[str, str]]

CASE_FORMS: dict[str, CaseFormSpec] = {
    "call": (
        lambda t: CallForm(hostile_case(t), TODAY, customer=hostile_customer(t)),
        "#note",
        lambda r: r[0].note,
        False,
        {},
    ),
    "note": (
        lambda t: NoteForm(hostile_case(t), TODAY, customer=hostile_customer(t)),
        "#text",
        lambda r: r[0].text,
        True,
        {},
    ),
    "payment": (
        lambda t: PaymentForm(hostile_case(t), TODAY, customer=hostile_customer(t)),
        "#reference",
        lambda r: r[0].reference,
        False,
        {},
    ),
    "promise": (
        lambda t: PromiseForm(hostile_case(t), TODAY, customer=hostile_customer(t)),
        "#note",
        lambda r: r[0].note,
        False,
        {"#by": "+1w"},
    ),
    "dispute-open": (
        lambda t: DisputeForm(hostile_case(t), TODAY, customer=hostile_customer(t)),
        "#reason",
        lambda r: r[0].reason,
        True,
        {},
    ),
    "dispute-settle": (
        lambda t: DisputeForm(
            hostile_case(t, DisputeOpened(date=date(2026, 3, 1), reason=t)),
            TODAY,
            customer=hostile_customer(t),
        ),
        "#terms",
        lambda r: r[0].terms,
        True,
        {},
    ),
    "snooze": (
        lambda t: SnoozeForm(hostile_case(t), TODAY, customer=hostile_customer(t)),
        "#reason",
        lambda r: r[0].reason,
        False,
        {"#until": "+1w"},
    ),
    "close": (
        lambda t: CloseForm(hostile_case(t), TODAY, customer=hostile_customer(t)),
        "#note",
        lambda r: r[0].note,
        False,
        {},
    ),
    "stage": (
        lambda t: StageForm(hostile_case(t), TODAY, customer=hostile_customer(t)),
        "#note",
        lambda r: r[0].note,
        False,
        {},
    ),
}


@pytest.mark.parametrize("name", list(CASE_FORMS))
async def test_case_forms_take_hostile_text_literally(name: str) -> None:
    await take_literally(name)


@pytest.mark.parametrize("name", ["snooze", "promise"])
async def test_the_form_tests_hold_on_a_starved_machine(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load `[snooze]` failed now and then: `pilot.pause()` ends when the process
    looks idle, and a process starved of CPU looks idle while keys are still on their way.
    With that guess always wrong, the helpers still wait for every key to be handled."""

    async def looks_idle_at_once(*_: object, **__: object) -> None:
        return None

    monkeypatch.setattr(textual.pilot, "wait_for_idle", looks_idle_at_once)
    await take_literally(name)


async def take_literally(name: str) -> None:
    factory, selector, read_back, required, fill = CASE_FORMS[name]
    async with open_app() as run:
        for text in VARIANTS:
            await run.push(factory(text))
            if text:
                assert text in shown_text(run.form)  # the debtor's name in the header
            for other, value in fill.items():
                run.field(other).text = value  # type: ignore[attr-defined]
            if name == "close":
                await run.press("f3")
            await put(run, selector, text)
            await run.save()
            assert run.app.is_running
            if required and not text:
                assert not run.dismissed
                assert run.focused_field is run.field(selector)
                await run.press("escape")
                assert run.result is None
            else:
                assert read_back(run.result) == text, name


async def test_new_case_lists_hostile_customers_literally(ledger: Ledger) -> None:
    for n, text in enumerate((HOSTILE, SHORT)):
        ledger.add_customer(Customer(id="", name=f"Acme {n} {text}", country="BE"))
    async with open_form(NewCaseForm(ledger, TODAY)) as run:
        await run.type("acme")
        options = run.form.query_one("#customer OptionList")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        for n, text in enumerate((HOSTILE, SHORT)):
            assert any(prompt.startswith(f"Acme {n} {text}") for prompt in prompts)
        first = next(i for i, p in enumerate(prompts) if p.startswith("Acme 0"))
        await run.press(*["down"] * (first + 1), "enter")
        assert run.field("#customer").text == f"Acme 0 {VARIANTS[0]}"
        assert "existing customer" in shown_text(run.form)
        await run.type("[/")  # the invoice number
        await run.press("tab")
        await run.type("10")
        await run.save()
    assert run.result.opened.invoice == "[/"
    assert run.result.new_customer is None


async def test_new_case_creates_a_customer_with_a_hostile_name(ledger: Ledger) -> None:
    name = VARIANTS[0]
    async with open_form(NewCaseForm(ledger, TODAY)) as run:
        await put(run, "#customer", name)
        await run.press("tab")
        run.field("#invoice").text = "[red]1"  # type: ignore[attr-defined]
        run.field("#amount").text = "10"  # type: ignore[attr-defined]
        run.field("#tags").text = "[b] [/b]"  # type: ignore[attr-defined]
        await run.save()
    result = run.result
    assert result.new_customer.name == name
    assert result.opened.invoice == "[red]1"
    assert result.opened.tags == ("[b]", "[/b]")


async def test_edit_form_with_a_hostile_customer(ledger: Ledger) -> None:
    case = ledger.case("C-2026-0001")
    for text in (HOSTILE, SHORT):
        customer = dataclasses.replace(hostile_customer(text), id=case.customer_id)
        async with open_form(EditForm(case, customer, ledger, TODAY)) as run:
            assert text in shown_text(run.form)
            for selector in ("#email", "#notes"):
                field = run.field(selector)
                assert isinstance(field, Field)
                assert field.text == text  # type: ignore[attr-defined]
            run.field("#email").text = "a@example.com"  # type: ignore[attr-defined]
            run.field("#name").text = text + " [/]"  # type: ignore[attr-defined]
            await run.save()
        edit = run.result
        assert edit.amended is None
        assert edit.customer.name == text + " [/]"
        assert edit.customer.notes == text


async def test_confirm_shows_hostile_questions_literally() -> None:
    for text in VARIANTS:
        async with open_form(Confirm(text, yes=text or "Yes", no="[/")) as run:
            assert str(run.form.query_one("#confirm-question").render()) == text
            await run.press("y")
        assert run.result is True
