"""The bank screen (`4`, "Bank statements…" in the palette): a statement read, exact
matches recorded, probable ones confirmed with `y`, cases proposed with `enter`, every
change undone with `u`; hostile text shown as it is."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ProgressBar, Static

from casetui.ledger import Ledger
from casetui.letters.references import payment_reference
from casetui.tui.app import CaseApp
from casetui.tui.screens.bank import BankScreen, EntryTable
from casetui.tui.screens.bank_cases import CasesForEntry
from tests.bank.bank_helpers import camt, camt_entry
from tests.support import APP_SIZE
from tests.tui.flow_helpers import settle
from tests.tui.helpers import toasts

HOSTILE = "ACME [/] [@click=app.quit] [red]"


def open_cases(ledger: Ledger) -> list:
    return sorted(
        (s for s in ledger.cases() if s.closed is None and s.currency == "EUR"), key=lambda s: s.id
    )


def statement(tmp_path: Path, app: CaseApp, ledger: Ledger) -> tuple[Path, list]:
    """Exact (reference), probable (name + amount), unmatched (hostile payer), a debit."""
    first, second = open_cases(ledger)[:2]
    name = ledger.customer(second.customer_id).name
    entries = [
        camt_entry(f"{first.outstanding.amount:f}", bank_ref="T1",
                   reference=payment_reference(app.profile.country, first)),
        camt_entry(f"{second.outstanding.amount:f}", payer=name, text="thanks", bank_ref="T2"),
        camt_entry("12.34", payer=HOSTILE, text="[@click=app.quit] **x**", bank_ref="T3"),
        camt_entry("5.00", credit=False, payer="Bank", text="fees", bank_ref="T4"),
    ]  # fmt: skip
    path = tmp_path / "statement.xml"
    path.write_bytes(camt(*entries))
    return path, [first, second]


async def read_statement(pilot, path: Path) -> BankScreen:
    await pilot.pause()
    await pilot.press("4")
    screen = pilot.app.screen
    assert isinstance(screen, BankScreen)
    screen.query_one("#bank-files Input").value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    return screen


def groups(screen: BankScreen) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in screen.query_one(EntryTable).items:
        if row.match is not None:
            found.setdefault(row.group, []).append(row.match.entry.bank_ref)
    return found


def go_to(screen: BankScreen, bank_ref: str) -> None:
    table = screen.query_one(EntryTable)
    position = next(
        n for n, row in enumerate(table.items) if row.match and row.match.entry.bank_ref == bank_ref
    )
    table.show(table.items, index=position)


async def test_reading_records_exact_matches_and_groups_the_rest(app, ledger, tmp_path):
    path, (first, second) = statement(tmp_path, app, ledger)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await read_statement(pilot, path)
        assert groups(screen) == {
            "recorded": ["T1"], "confirm": ["T2"], "unmatched": ["T3"], "other": ["T4"]
        }  # fmt: skip
        assert ledger.case(first.id).is_closed
        assert not ledger.case(second.id).is_closed
        assert any("Recorded 1 payment" in told for told in toasts(app))
        summary = str(screen.query_one("#bank-summary", Static).render())
        assert "camt" in summary and "1 recorded, 1 to confirm, 1 unmatched, 1 other" in summary


async def test_y_confirms_a_probable_match_and_u_takes_it_back(app, ledger, tmp_path):
    path, (first, second) = statement(tmp_path, app, ledger)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await read_statement(pilot, path)
        go_to(screen, "T2")
        await pilot.press("y")
        await settle(pilot)
        assert ledger.case(second.id).is_closed
        assert groups(screen)["recorded"] == ["T1", "T2"]
        await pilot.press("u")
        await settle(pilot)
        assert not ledger.case(second.id).is_closed
        assert ledger.case(second.id).paid_minor == 0
        await pilot.press("u")  # the reading itself
        await settle(pilot)
        assert ledger.case(first.id).paid_minor == 0 and not ledger.case(first.id).is_closed
        await pilot.press("u")
        assert "Nothing to undo" in str(screen.query_one("#bank-status", Static).render())


async def test_enter_proposes_cases_and_records_on_the_one_picked(app, ledger, tmp_path):
    path, _ = statement(tmp_path, app, ledger)
    target = open_cases(ledger)[5]
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await read_statement(pilot, path)
        go_to(screen, "T3")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CasesForEntry)
        await pilot.press(*target.id)  # search by case id
        await pilot.pause()
        assert dialog.shown == [target.id]
        await pilot.press("down", "space", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        state = ledger.case(target.id)
        payment = state.timeline()[-1]
        assert payment.kind == "payment" and payment.payer == HOSTILE
        assert str(payment.amount.amount) == "12.34"
        assert groups(screen)["recorded"] == ["T1", "T3"]


async def test_escape_in_the_proposals_records_nothing(app, ledger, tmp_path):
    path, _ = statement(tmp_path, app, ledger)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await read_statement(pilot, path)
        before = {s.id: s.paid_minor for s in ledger.cases()}
        go_to(screen, "T3")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert {s.id: s.paid_minor for s in ledger.cases()} == before


async def test_a_refused_statement_says_why_and_records_nothing(app, ledger, tmp_path):
    path = tmp_path / "cut.xml"
    path.write_bytes(camt(camt_entry("10.00", bank_ref="X"), closing="1.00"))
    before = {s.id: s.paid_minor for s in ledger.cases()}
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await read_statement(pilot, path)
        status = str(screen.query_one("#bank-status", Static).render())
        assert "balances do not add up" in status
        assert {s.id: s.paid_minor for s in ledger.cases()} == before


async def test_a_path_the_system_cannot_take_is_said_under_the_field(app, ledger):
    """Regression: `~nobody/statement.xml` raised RuntimeError on the event loop (expanding
    the path line) and the whole app went down."""
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await read_statement(pilot, Path("~no-such-user-here/statement.xml"))
        assert app.is_running and pilot.app.screen is screen
        status = str(screen.query_one("#bank-status", Static).render())
        assert "~no-such-user-here/statement.xml: Could not determine home directory" in status


async def test_a_long_statement_shows_progress(app, ledger, tmp_path, monkeypatch):
    entries = [camt_entry("1.00", payer="Nobody", bank_ref=f"L{n}") for n in range(600)]
    path = tmp_path / "long.xml"
    path.write_bytes(camt(*entries))
    seen: list[tuple[int | None, int]] = []
    original = BankScreen._progress

    def spy(self, done, total):
        seen.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(BankScreen, "_progress", spy)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await read_statement(pilot, path)
        assert (0, 600) in seen and (600, 600) in seen and seen[-1] == (None, 600)
        assert not screen.query_one(ProgressBar).display  # hidden again when done
        assert len(groups(screen)["unmatched"]) == 600


async def test_the_palette_opens_the_bank(app):
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"bank statements")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BankScreen)


def test_bank_screen_snapshot(snap_compare, app, ledger, tmp_path, monkeypatch) -> None:
    statement(tmp_path, app, ledger)
    monkeypatch.chdir(tmp_path)  # the path typed is in the picture: the same every run

    async def read(pilot) -> None:
        screen = await read_statement(pilot, Path("statement.xml"))
        go_to(screen, "T3")
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, run_before=read, terminal_size=APP_SIZE)
