"""Issue 18, item 20: at 100 columns the letter preview squashed its invoice table to
"Invo... F202..." (then, folded, to "F2026-6459 / 0"). A table that does not fit the preview
is stacked, one block per row, every cell whole; where it fits it stays a grid."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static

from casetui.profile import write_demo_profile
from casetui.tui.app import CaseApp
from casetui.tui.forms import LetterChooser
from casetui.tui.forms.choices import CheckField
from casetui.tui.screens.letter import LetterScreen
from casetui.tui.widgets.letter_text import LetterTable, stacked, stacked_width, table_width
from tests.tui.flow_helpers import settle

BE_BUSINESS = "C-2026-0040"  # a Belgian business with two more overdue cases
AT_REMINDER = "C-2026-0010"  # one of them, at the reminder stage like the other


def cells(*texts: str) -> list[Content]:
    return [Content(text) for text in texts]


def test_the_grid_width_counts_every_cell_on_one_line() -> None:
    headers = cells("Invoice", "Open")
    rows = [cells("F2026-64590", "€ 5.260,38"), cells("Total", "")]
    # Widest cells 11 and 10, a space of padding each side, three keylines.
    assert table_width(headers, rows) == (11 + 2) + (10 + 2) + 3


def test_stacked_rows_name_each_cell_and_leave_out_empty_ones() -> None:
    headers = cells("Invoice", "Due", "Open")
    rows = [cells("F2026-64590", "17 October 2026", "€ 5.260,38"), cells("Total", "", "€ 9,00")]
    assert stacked(headers, rows).plain.splitlines() == [
        "Invoice  F2026-64590",
        "Due      17 October 2026",
        "Open     € 5.260,38",
        "",
        "Invoice  Total",
        "Open     € 9,00",
    ]


def test_too_narrow_for_names_beside_values_each_line_says_name_colon_value() -> None:
    headers = cells("Invoice", "Structured reference")
    rows = [cells("F2026-64590", "+++020/2664/59065+++")]
    assert stacked_width(headers, rows) == 20 + 2 + 20 + 2
    assert stacked(headers, rows, aligned=False).plain.splitlines() == [
        "Invoice: F2026-64590",
        "Structured reference: +++020/2664/59065+++",
    ]


@pytest.mark.parametrize(
    ("size", "stacks"), [((80, 24), True), ((100, 30), True), ((160, 45), True), ((200, 50), False)]
)
async def test_the_combined_letters_invoice_table_reads_whole_at_every_width(
    app: CaseApp, size: tuple[int, int], stacks: bool
) -> None:
    write_demo_profile(Path(os.environ["CASETUI_CONFIG_DIR"]))
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        # The two cases at the reminder stage: one letter covers the cases whose next step
        # it is (BE_BUSINESS, still waiting for its first reminder, is left out).
        app.open_case(AT_REMINDER)
        await pilot.pause()
        await pilot.press("l")
        chooser = app.screen
        assert isinstance(chooser, LetterChooser)
        chooser.query_one("#cover", CheckField).value = True
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LetterScreen) and screen.draft is not None
        await pilot.pause()
        invoices = [app.ledger.case(case_id).invoice for case_id in screen.draft.case_ids]
        assert len(invoices) == 2
        table = next(t for t in screen.query(LetterTable) if len(t._headers) > 2)
        assert table.has_class("-stacked") is stacks
        if stacks:
            shown = str(table.query_one(".letter-table--stacked", Static).render())
            for invoice in invoices:
                assert f"{invoice}\n" in shown  # on a line of its own after "Factuur"
        else:
            grid = table.query_one("MarkdownTableContent")
            assert grid.display and grid.size.width >= table_width(table._headers, table._rows)
