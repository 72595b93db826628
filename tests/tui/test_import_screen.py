"""The import screen (`I` on the lists, "Import invoices…" in the palette): a preview of what
each file would do, nothing written before ctrl+s and a yes; refused files and bad lines are
shown and import nothing; a ledger that changed since the preview is planned again."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static

from casetui.ledger import Ledger
from casetui.model import Note
from casetui.tui.app import CaseApp
from casetui.tui.forms import Confirm
from casetui.tui.screens.cases import CasesScreen
from casetui.tui.screens.import_parts import expand_paths
from casetui.tui.screens.importer import ImportScreen
from casetui.tui.widgets.case_table import CaseTable
from tests.tui.conftest import SIZE, TODAY
from tests.tui.flow_helpers import settle
from tests.tui.helpers import toasts

UBL = Path(__file__).resolve().parents[1] / "fixtures" / "ubl" / "base-example.xml"
HOSTILE_XML = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&xxe;</Invoice>
"""
NAME = "ACME [/] [@click=app.quit]"
BAD_CSV = f"""Invoice Number,Customer,Invoice Date,Due Date,Balance
INV-1,{NAME},2026-10-01,2026-10-31,100.00
INV-2,Beta BV,2026-13-45,2026-10-31,50.00
INV-3,Gamma BV,2026-10-01,2026-10-31,abc
"""
GOOD_CSV = f"""Invoice Number,Customer,Invoice Date,Due Date,Balance
INV-9,"{NAME}",2026-10-01,2026-10-31,100.00
"""


async def open_import(pilot, paths: str) -> ImportScreen:
    """`2`, `I`, type the paths, enter: the preview."""
    await pilot.pause()
    await pilot.press("2", "I")
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#files Input").value = paths
    await pilot.press("enter")
    await settle(pilot)
    return screen


def rows(screen: ImportScreen) -> list[list[str]]:
    table = screen.query_one("#import-table", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text(screen: ImportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_ubl_invoice_previews_as_create_and_imports_on_yes(
    app: CaseApp, ledger: Ledger
) -> None:
    count = len(ledger)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_import(pilot, str(UBL))
        assert "would be imported (1 to create)" in text(screen, "#import-files")
        [row] = rows(screen)
        assert row[2] == "create" and row[3] == "Snippet1"
        assert len(ledger) == count  # a preview writes nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CasesScreen)  # back on the list, refreshed
        assert len(ledger) == count + 1
        new = max(ledger.cases(), key=lambda state: state.id)
        assert new.invoice == "Snippet1"
        assert new.id in app.screen.query_one(CaseTable).all_keys()
        assert any(t.startswith(f"Imported 1 file: created 1 case ({new.id})") for t in toasts(app))


async def test_a_hostile_file_is_refused_and_nothing_is_imported(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    bad = tmp_path / "evil.xml"
    bad.write_bytes(HOSTILE_XML)
    before = [state.last_event_id for state in ledger.cases()]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_import(pilot, str(bad))
        assert "refused" in text(screen, "#import-files") and "DTD" in text(screen, "#import-files")
        [row] = rows(screen)
        assert row[2] == "refused" and "DTD" in row[6]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # no question: nothing to import
        assert "Nothing to import" in text(screen, "#import-status")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
    assert [state.last_event_id for state in ledger.cases()] == before


async def test_a_csv_with_bad_rows_shows_each_line_and_imports_nothing(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text(BAD_CSV, encoding="utf-8")
    count = len(ledger)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_import(pilot, str(sheet))
        shown = rows(screen)
        errors = {row[1]: row[6] for row in shown if row[2] == "error"}
        assert set(errors) == {"3", "4"}
        assert "not a date" in errors["3"] and "not an amount" in errors["4"]
        assert "2 bad lines" in text(screen, "#import-files")
        # The good row is listed too, with the name as typed.
        assert any(row[4].startswith(NAME) for row in shown)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    assert len(ledger) == count


async def test_currencies_are_checked_by_the_one_rule_the_cli_and_forms_use(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    """A row in XYZ, or XYZ typed as the default currency, was taken as a currency: the
    core's check (`casetui.checks.check_currency`, ISO 4217) refuses it, in the same words
    as `casetui import` and the new-case form."""
    from casetui.checks import check_currency
    from casetui.errors import InputError
    from casetui.tui.forms.fields import TextField

    with pytest.raises(InputError) as refused:
        check_currency("XYZ")
    said = str(refused.value)
    sheet = tmp_path / "list.csv"
    sheet.write_text(
        "Invoice Number,Customer,Invoice Date,Due Date,Balance,Currency\n"
        "INV-1,Beta BV,2026-10-01,2026-10-31,100.00,XYZ\n",
        encoding="utf-8",
    )
    count = len(ledger)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_import(pilot, str(sheet))
        [row] = rows(screen)
        assert row[2] == "error" and row[6] == f"Currency: {said}"
        currency = screen.query_one("#currency", TextField)
        currency.text = "XYZ"
        await pilot.pause()
        message = str(currency.query_one(".field--message", Static).render()).strip()
        assert message == said
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    assert len(ledger) == count


async def test_skipping_bad_rows_imports_the_rest_and_lists_them(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    """Issue 18: the screen's "Bad rows" choice is `import --skip-bad`."""
    from casetui.tui.forms.choices import ChoiceField

    sheet = tmp_path / "list.csv"
    sheet.write_text(BAD_CSV, encoding="utf-8")
    count = len(ledger)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_import(pilot, str(sheet))
        assert {row[1] for row in rows(screen) if row[2] == "error"} == {"3", "4"}
        screen.query_one("#skip-bad", ChoiceField).select(True)
        await pilot.press("f5")
        await settle(pilot)
        shown = rows(screen)
        assert {row[1] for row in shown if row[2] == "bad row"} == {"3", "4"}
        assert not any(row[2] == "error" for row in shown)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
    assert len(ledger) == count + 1
    assert any(state.invoice == "INV-1" for state in ledger.cases())


async def test_a_ledger_changed_since_the_preview_is_planned_again(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    sheet = tmp_path / "good.csv"
    sheet.write_text(GOOD_CSV, encoding="utf-8")
    count = len(ledger)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_import(pilot, f"'{sheet}'")
        first = screen.plan
        assert first is not None and first.has_writes
        # Someone writes in between (here: a note, straight into the ledger).
        ledger.append(ledger.cases()[0].id, Note(date=TODAY, text="meanwhile"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # planned on the old ledger: refused, planned again, asked again
        await settle(pilot)
        assert any("The ledger changed since the preview" in t for t in toasts(app))
        assert isinstance(app.screen, Confirm) and screen.plan is not first
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
    assert len(ledger) == count + 1
    new = max(ledger.cases(), key=lambda state: state.id)
    assert ledger.customer(new.customer_id).name == NAME


async def test_changed_paths_are_previewed_before_anything_is_imported(
    app: CaseApp, ledger: Ledger
) -> None:
    count = len(ledger)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("2", "I")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#files Input").value = str(UBL)
        await pilot.press("ctrl+s")  # no preview yet: it shows one, asks nothing
        await settle(pilot)
        assert app.screen is screen and screen.plan is not None
        assert "ctrl+s again to import" in text(screen, "#import-status")
        assert len(ledger) == count


def test_paths_a_folder_a_glob_and_the_home_folder(tmp_path: Path, monkeypatch) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a.xml", "b.CSV", "notes.txt"):
        (inbox / name).write_text("x")
    (inbox / "sub").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    files, problems = expand_paths("~/inbox")
    assert [f.name for f in files] == ["a.xml", "b.CSV"] and not problems
    files, problems = expand_paths(f"{inbox}/*.xml '{inbox}/b.CSV' {tmp_path}/none.xml")
    assert [f.name for f in files] == ["a.xml", "b.CSV", "none.xml"]
    files, problems = expand_paths(f"{inbox}/sub {inbox}/*.pdf")
    assert files == [] and len(problems) == 2


def test_cells_are_text_not_markup() -> None:
    from casetui.importers.planned import PlannedAction
    from casetui.tui.screens.import_parts import action_row

    action = PlannedAction("skip", "x.csv", 7, "[red]paid[/]", invoice="[b]1", customer=NAME)
    row = action_row("x.csv", action)
    assert all(isinstance(cell, Text) for cell in row)
    assert row[4].plain == NAME and row[6].plain == "[red]paid[/]"
