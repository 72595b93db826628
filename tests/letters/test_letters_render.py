"""Amounts, dates and rates per language; the three output formats."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casetui.letters import prepare_letter, render_draft
from casetui.letters.i18n import format_date, format_money, format_rate
from casetui.letters.render import markdown_to_text
from tests.support import TODAY


def test_amounts_dates_and_rates_per_language() -> None:
    amount = Decimal("1234.56")
    assert format_money(amount, "EUR", "en") == "€1,234.56"
    assert format_money(amount, "EUR", "nl") == "€ 1.234,56"
    assert format_money(amount, "EUR", "fr") == "1.234,56 €"
    assert format_money(amount, "GBP", "en") == "£1,234.56"
    assert format_money(amount, "USD", "en") == "USD 1,234.56"
    day = date(2026, 11, 23)
    assert format_date(day, "en") == "23 November 2026"
    assert format_date(day, "nl") == "23 november 2026"
    assert format_date(day, "fr") == "23 novembre 2026"
    assert format_date(date(2026, 12, 1), "fr") == "1er décembre 2026"
    assert format_rate(Decimal("10.50"), "en") == "10.5%"
    assert format_rate(Decimal("12.00"), "nl") == "12 %"
    assert format_rate(Decimal("10.15"), "fr") == "10,15 %"


def test_html_is_one_self_contained_a4_page_with_the_window_address(world, profile) -> None:
    key = ("NL", "business")
    draft = prepare_letter(
        world.ledger, world.cases[key]["a"], "formal-notice", profile=profile, sent_on=TODAY
    )
    html = render_draft(draft, "html", window="right")
    assert html.startswith("<!DOCTYPE html>")
    assert "size: A4" in html and 'class="window right"' in html
    assert "Bakkerij De Molen B.V.<br>" in html and "NEDERLAND" in html
    assert "Aangetekend" in html
    assert "http" not in html.split("<body>")[0]  # no external stylesheet or font
    assert "<table>" in html


def test_markdown_and_plain_text(world, profile) -> None:
    key = ("GB", "business")
    draft = prepare_letter(
        world.ledger,
        [world.cases[key]["a"], world.cases[key]["b"]],
        "second-reminder",
        profile=profile,
        sent_on=TODAY,
    )
    md = render_draft(draft, "md")
    assert md.startswith("Studio Noord BV\\\n") and "Kestrel Print Ltd" in md
    assert "Gent, 23 November 2026" in md
    plain = render_draft(draft, "txt")
    assert plain.startswith("Second reminder: 2 unpaid invoices")
    assert "Studio Noord BV\nSint-Pietersnieuwstraat" not in plain  # no address block
    table = [line for line in plain.splitlines() if line.startswith("F2026-")]
    assert len(table) == 2


def test_plain_text_of_lists_and_tables() -> None:
    text = markdown_to_text(
        "**Title**\n\n- one\n- two\n\n1. first\n\n| A | B |\n|---|--:|\n| x | 10 |\n"
    )
    assert text == "Title\n\n- one\n- two\n\n1. first\n\nA   B\n-  --\nx  10\n"


def test_text_tables_align_as_the_markdown_says() -> None:
    text = markdown_to_text(
        "| Day | Amount | What happened |\n|---|---:|---|\n"
        "| 1 May | 5.00 | reminder sent |\n| 12 May | 120.00 | paid |\n"
    )
    assert text.splitlines() == [
        "Day     Amount  What happened",
        "------  ------  -------------",
        "1 May     5.00  reminder sent",
        "12 May  120.00  paid",
    ]
