"""The plain-text worksheet: what a person reads in the CLI, a letter or an export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casetui.law import LetterRecord, Movement, compute_claim
from casetui.law.worksheet import render_worksheet

D = Decimal


def test_compounding_and_rounding_note() -> None:
    claim = compute_claim(
        regime="nl-b2b",
        currency="EUR",
        principal=D("10000"),
        due=date(2022, 12, 31),
        until=date(2024, 12, 31),
    )
    text = render_worksheet(claim)
    lines = text.splitlines()
    cap = lines.index("  2024-01-01  year's interest 1,125.62 added to the base: 11,125.62")
    assert lines[cap + 1].startswith("  2024-01-01  2024-06-30    182   12.50 %")
    assert "Interest, rounded once for the claim                          2,506.11" in text
    assert "EUR 13,381.11" in text  # + WIK 875.00 on 10,000
    assert "(lines are rounded for display and may differ from it by 0.01)" in text
    assert text.endswith("Not legal advice - check your contract and terms.")


def test_payments_extrapolation_and_pending_costs() -> None:
    claim = compute_claim(
        regime="nl-b2c",
        currency="EUR",
        principal=D("800"),
        due=date(2026, 5, 1),
        until=date(2026, 11, 23),
        movements=[Movement(date(2026, 6, 1), D("100"), "payment")],
        letters=[LetterRecord(date(2026, 11, 13), "post", "reminder", statutory=True)],
    )
    text = render_worksheet(claim)
    assert "4.00 %*" in text
    assert "* last known rate carried forward (see warnings)" in text
    assert "Interest settled by the payments below" in text
    assert "payment 2026-06-01 100.00: costs 0.00, interest 2.72, principal 97.28" in text
    assert "Not chargeable yet (see warnings)" in text
    assert "! Collection costs may be charged from 2026-12-02" in text
    assert "! No NL wettelijke rente for 2026 H2 in the rate table" in text
