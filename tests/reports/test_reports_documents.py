"""Reports as documents: Markdown and CSV that stand on their own, safe whatever the names."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.reports import (
    Amount,
    Document,
    Table,
    aging_document,
    aging_report,
    collected_document,
    collected_report,
    combined,
    ladder_document,
    ladder_report,
    to_csv,
    to_markdown,
)
from casetui.reports.document import csv_cell
from tests.reports.hand_ledger import REPORT_DAY, d
from tests.tui.helpers import add_case

HOSTILE = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTabbed",
    "ACME | [/] **bold** <script>",
)


@pytest.mark.parametrize("text", HOSTILE[:5])
def test_csv_defuses_what_a_spreadsheet_would_run(text: str) -> None:
    assert csv_cell(text) == "'" + text


def test_csv_leaves_numbers_and_plain_text_alone() -> None:
    assert csv_cell("Brasserie De Klok") == "Brasserie De Klok"
    assert csv_cell(-3) == "-3"
    assert csv_cell(Amount(-123456, "EUR")) == "-1234.56"
    assert csv_cell(Amount(5, "JPY")) == "5"


@pytest.fixture
def hostile(tmp_path: Path) -> Ledger:
    with Ledger.open(tmp_path / "ledger.json", backup=False) as ledger:
        for number, name in enumerate(HOSTILE, start=1):
            add_case(
                ledger,
                name,
                amount=f"{number}00.00",
                due=REPORT_DAY - timedelta(days=10 * number),
                invoice=f"=INV-{number}",
            )
        yield ledger


def test_aging_csv_is_a_document_with_safe_cells(hostile: Ledger) -> None:
    text = to_csv(aging_document(aging_report(hostile, REPORT_DAY, by="case"), "=Studio Noord"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[:4] == [
        ["Aged receivables"],
        ["Creditor", "'=Studio Noord"],
        ["As of", "2026-07-15"],
        ["Per", "case"],
    ]
    header = rows[6]
    assert rows[5] == ["EUR"]
    assert header[:5] == ["Case", "Customer", "Invoice", "Due", "Days late"]
    assert header[5:10] == [
        "Current (EUR)",
        "1-30 (EUR)",
        "31-60 (EUR)",
        "61-90 (EUR)",
        "90+ (EUR)",
    ]
    body = rows[7:13]
    # Every hostile name and invoice is defused (or plain), amounts are plain numbers.
    for row in body:
        assert row[1] in [("'" + n if n[0] in "=+-@\t" else n) for n in HOSTILE]
        assert row[2].startswith("'=INV-")
        assert all(cell.replace(".", "").isdigit() for cell in row[5:11])
    assert rows[13][0] == "Total"
    assert rows[13][10] == "2100.00"  # 100 + 200 + ... + 600


def test_aging_markdown_is_a_document_and_names_cannot_break_it(hostile: Ledger) -> None:
    text = to_markdown(aging_document(aging_report(hostile, REPORT_DAY), "Studio *Noord*"))
    lines = text.splitlines()
    assert lines[0] == "# Aged receivables"
    assert r"- Creditor: Studio \*Noord\*" in lines
    assert "- As of: 2026-07-15" in lines
    assert "## EUR" in lines
    table = [line for line in lines if line.startswith("|")]
    header_cells = table[0].count(" | ") + 1
    assert "Total (EUR)" in table[0]
    for line in table:
        # Pipes in names are escaped: every row has as many cells as the header.
        unescaped = line.replace("\\|", "")
        assert unescaped.count("|") - 1 == header_cells
    assert r"ACME \| \[/\] \*\*bold\*\* \<script>" in text


def test_empty_reports_say_so() -> None:
    empty = Document("Aged receivables", (("As of", "2026-07-15"),), (), ("Nothing.",))
    assert to_markdown(empty) == "# Aged receivables\n\n- As of: 2026-07-15\n\nNothing.\n"
    assert to_csv(empty) == "Aged receivables\r\nAs of,2026-07-15\r\n\r\nNothing.\r\n"


def test_collected_and_ladder_documents(hand: Ledger) -> None:
    collected = to_markdown(collected_document(collected_report(hand, REPORT_DAY, 3), "Studio"))
    assert "| 2026-06 | 700.00 | 0.00 | 700.00 | 2 |" in collected
    assert "| **Total** | **1,400.00** | **0.00** | **1,400.00** | **4** |" in collected
    ladder = to_markdown(ladder_document(ladder_report(hand, REPORT_DAY, since=d("05-01"))))
    assert "- Since: 2026-05-01" in ladder
    assert "| Call | 2 | 1 of 2 | 50% | 1 of 2 | 50% | 10 | 1 | 1 | 50% |" in ladder
    assert "| Hand-over | 0 | – | – | – | – | – | 0 | 0 | – |" in ladder


def test_combined_document_titles_each_table() -> None:
    one = Document("Aging", (), (Table("EUR", ("A",), ((1,),)),), ("n1",))
    two = Document("Ladder", (), (Table("Steps", ("B",), ()),))
    both = combined("Reports", (("As of", "2026-07-15"),), (one, two))
    assert [t.title for t in both.tables] == ["Aging: EUR", "Ladder: Steps"]
    assert both.notes == ("Aging: n1",)


def test_no_creditor_no_creditor_line(hand: Ledger) -> None:
    text = to_markdown(aging_document(aging_report(hand, date(2026, 6, 30)), "  "))
    assert "Creditor" not in text


@pytest.mark.parametrize("currency", ["EUR", "JPY", "KWD"])
@pytest.mark.parametrize("minor", [0, 5, -5, 99, 100, 123456, -123456, 10**15 + 7])
def test_amounts_are_written_as_money_writes_them(minor: int, currency: str) -> None:
    from casetui.money import format_amount, format_grouped, from_minor

    value = from_minor(minor, currency)
    assert Amount(minor, currency).plain() == format_amount(value, currency)
    assert Amount(minor, currency).grouped() == format_grouped(value, currency)
