"""Limitation in the app, driven by keys: Today brings a case back at each lead time with the
law's advice; the letter flow asks whether a Dutch demand reached the debtor; `L` records a
receipt later; the case screen shows the date and `i` the basis."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from casetui.ledger import Ledger
from casetui.model import Customer, LetterReceived, LetterSent, Opened
from casetui.money import Money
from casetui.profile import DEMO_PROFILE, Profile, write_demo_profile
from casetui.tui.app import CaseApp, make_app
from casetui.tui.forms import Confirm, LimitationForm, ReceiptForm
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.letter import LetterScreen
from casetui.tui.screens.views import WorksheetScreen
from casetui.tui.widgets.case_table import CaseTable
from tests.support import APP_SIZE
from tests.tui.flow_helpers import settle

DUE = date(2021, 12, 1)
LAST = date(2026, 12, 1)  # 5 years under Dutch law (art. 3:307 BW)
CASE = "C-2021-0001"


def ledger_with_a_dutch_case(path: Path, profile: Profile) -> Ledger:
    ledger = Ledger.open(path, backup=False, policy=profile.ladder_policy())
    ledger.open_case(
        Opened(
            date=DUE,
            invoice="NL-2021-17",
            customer_id="",
            issued=DUE - timedelta(days=30),
            due=DUE,
            amount=Money(Decimal("2400.00"), "EUR"),
            limitation_law="nl",  # the case's own setting: the creditor is Belgian
        ),
        new_customer=Customer(
            id="",
            name="Bakkerij Van Dijk B.V.",
            country="NL",
            language="nl",
            email="boekhouding@vandijk.example.nl",
            address="Dorpsstraat 3\n3511 AB Utrecht",
        ),
    )
    return ledger


@pytest.fixture
def dutch(tmp_path: Path) -> Iterator[Ledger]:
    write_demo_profile(Path(os.environ["CASETUI_CONFIG_DIR"]))
    with ledger_with_a_dutch_case(tmp_path / "ledger.json", DEMO_PROFILE) as ledger:
        yield ledger


def app_on(ledger: Ledger, today: date, tmp_path: Path) -> CaseApp:
    return make_app(ledger, today, export_dir=tmp_path / "exports", profile=DEMO_PROFILE)


def why_today(app: CaseApp, case_id: str) -> str | None:
    """The "Why today" cell of a case on Today, or None when it is not there."""
    table = app.screen.query_one(CaseTable)
    if case_id not in table.all_keys():
        return None
    cells = DataTable.get_row(table, case_id)
    return " ".join(str(cell) for cell in cells)


# --------------------------------------------------------------------------- Today


@pytest.mark.parametrize(("lead", "shown"), [(181, False), (180, True), (90, True), (30, True)])
async def test_today_warns_at_each_lead_time(
    dutch: Ledger, tmp_path: Path, lead: int, shown: bool
) -> None:
    # the ladder is far ahead: a snooze until 2030 (a case everybody forgot)
    from casetui.model import Snooze

    dutch.append(CASE, Snooze(date=DUE + timedelta(days=40), until=date(2030, 1, 1)))
    app = app_on(dutch, LAST - timedelta(days=lead), tmp_path)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        why = why_today(app, CASE)
        if not shown:
            assert why is None
            return
        assert why is not None
        assert "claim may be time-barred after 2026-12-01 (art. 3:307 BW): send a" in why
        # acting on it (a note) takes it off Today until the next lead time
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        limit = str(app.screen.query_one("#limitation", Static).render())
        assert "last day 2026-12-01 (art. 3:307 BW)" in limit and "i basis" in limit
        await pilot.press("n")
        await pilot.press(*"asked our lawyer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.ledger.case(CASE).next_action.date > app.today


# --------------------------------------------------------------------------- the letter flow


async def ask_receipt(pilot, app: CaseApp) -> ReceiptForm:
    """a, then ctrl+s and yes on the preview: the receipt question."""
    await pilot.press("a")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, LetterScreen) and screen.draft is not None, screen
    assert not screen.draft.blocked, [f.message for f in screen.draft.blocks]
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, Confirm)
    await pilot.press("y")
    await settle(pilot)
    question = app.screen
    assert isinstance(question, ReceiptForm), question
    return question


def letters(ledger: Ledger) -> list[LetterSent]:
    return [e for e in ledger.case(CASE).timeline() if isinstance(e, LetterSent)]


async def test_the_letter_flow_asks_and_records_the_receipt(dutch: Ledger, tmp_path) -> None:
    today = LAST - timedelta(days=100)
    app = app_on(dutch, today, tmp_path)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        app.open_case(CASE)
        await settle(pilot)
        question = await ask_receipt(pilot, app)
        header = str(question.query_one("#form-header", Static).render())
        assert "reaches the debtor (art. 3:317, 3:37(3) BW)" in header
        await pilot.press("right")  # "received on", the letter's own date proposed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        [sent] = letters(dutch)
        assert sent.received == today
        new_last = today.replace(year=today.year + 5)
        limit = str(app.screen.query_one("#limitation", Static).render())
        assert f"last day {new_last} (art. 3:319 BW)" in limit


async def test_not_known_yet_records_it_and_l_records_the_receipt_later(
    dutch: Ledger, tmp_path: Path
) -> None:
    today = LAST - timedelta(days=100)
    app = app_on(dutch, today, tmp_path)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        app.open_case(CASE)
        await settle(pilot)
        await ask_receipt(pilot, app)
        await pilot.press("ctrl+s")  # "not known yet" is the answer it starts on
        await settle(pilot)
        [sent] = letters(dutch)
        assert sent.received is None
        assert dutch.case(CASE).limitation_alert.last_day == LAST  # a risk, not a restart
        # i: the basis says the receipt is missing
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen)
        basis = str(app.screen.query_one("#limitation-basis", Static).render())
        assert "has no recorded receipt" in basis and "Estimated, conservative" in basis
        await pilot.press("escape")
        # L: the letter received (the form starts on it, dated today)
        await pilot.press("L")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LimitationForm)
        assert form.query_one("#what").value == "received"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        receipts = [e for e in dutch.case(CASE).timeline() if isinstance(e, LetterReceived)]
        assert [(r.letter, r.date) for r in receipts] == [(sent.id, today)]
        assert dutch.case(CASE).limitation_alert.last_day == today.replace(year=today.year + 5)


async def test_escape_on_the_receipt_question_records_nothing(dutch: Ledger, tmp_path) -> None:
    app = app_on(dutch, LAST - timedelta(days=100), tmp_path)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        app.open_case(CASE)
        await settle(pilot)
        await ask_receipt(pilot, app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LetterScreen)
        assert "Not recorded" in str(app.screen.query_one("#letter-status", Static).render())
        assert letters(dutch) == []


async def test_no_question_where_receipt_does_not_matter(dutch: Ledger, tmp_path) -> None:
    """Belgian law: a creditor's letter does nothing, received or not: no question."""
    from casetui.model import Amended

    dutch.append(CASE, Amended(date=DUE + timedelta(days=1), limitation_law="be"))
    app = app_on(dutch, LAST - timedelta(days=100), tmp_path)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        app.open_case(CASE)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        [sent] = letters(dutch)
        assert sent.received is None


async def test_l_records_the_belgian_lawyers_notice(dutch: Ledger, tmp_path: Path) -> None:
    """BE-2 in the app: the lawyer's registered notice, sent 2026-02-10, gives one year."""
    from casetui.model import Amended, Sender

    dutch.append(CASE, Amended(date=DUE + timedelta(days=1), limitation_law="be"))
    app = app_on(dutch, date(2026, 2, 10), tmp_path)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        app.open_case(CASE)
        await settle(pilot)
        before = str(app.screen.query_one("#limitation", Static).render())
        assert "last day 2031-12-01 (art. 2262bis §1 old Civil Code)" in before
        await pilot.press("L")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LimitationForm)
        what = form.query_one("#what")
        what.select("lawyer")  # type: ignore[attr-defined]
        await pilot.pause()
        assert not form.query_one("#letter").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        [notice] = letters(dutch)
        assert (notice.sender, notice.channel.value, notice.date) == (
            Sender.LAWYER, "registered", date(2026, 2, 10),
        )  # fmt: skip
        # 2026-02-10 + 1 year is before the original end: the original stays (never earlier)
        after = str(app.screen.query_one("#limitation", Static).render())
        assert "last day 2031-12-01" in after
        found = app.screen.limitation
        assert found is not None and "summon" in found.advice  # the notice is used up


async def test_the_profile_form_sets_the_lead_times(tmp_path: Path) -> None:
    from casetui.profile import load_profile, profile_path
    from casetui.tui.forms.fields import TextField
    from casetui.tui.forms.profile import ProfileForm, edit_profile

    ledger = ledger_with_a_dutch_case(tmp_path / "ledger.json", DEMO_PROFILE)
    app = app_on(ledger, LAST - timedelta(days=100), tmp_path)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        edit_profile(app)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileForm)
        warn = form.query_one("#limitation_lead_days", TextField)
        assert warn.value == "180, 90, 30"
        warn.text = "120 60 x"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileForm)  # refused: not a number
        warn.text = "120, 60"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert load_profile(profile_path()).limitation_lead_days == (120, 60)
        assert app.ledger.policy.limitation_lead_days == (120, 60)
    ledger.close()
