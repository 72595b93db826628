"""Due dates suggested by payment terms text; discount windows are not due dates."""

from __future__ import annotations

from datetime import date

import pytest

from casetui.importers.terms import due_from_terms

ISSUE = date(2026, 3, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Payment within 30 days", date(2026, 4, 13)),
        ("30 dagar netto", date(2026, 4, 13)),
        ("Betaling binnen 14 dagen", date(2026, 3, 28)),
        ("Paiement à 30 jours fin de mois", date(2026, 4, 30)),
        ("Zahlbar innerhalb von 10 Tagen", date(2026, 3, 24)),
        ("Zahlbar sofort", ISSUE),
        ("Due on receipt", ISSUE),
        ("fällig am 15.03.2026", date(2026, 3, 15)),
        ("Due 2026-04-01", date(2026, 4, 1)),
        ("Net 15", date(2026, 3, 29)),
        ("End of month", date(2026, 3, 31)),
        ("2% 10 days, net 30", date(2026, 4, 13)),
        ("Betaling binnen 30 dagen.\nBij betaling binnen 8 dagen 2% korting.", date(2026, 4, 13)),
        ("Zahlbar innerhalb 30 Tagen\n#SKONTO#TAGE=14#PROZENT=2.00#", date(2026, 4, 13)),
        ("payable within 30 days; interest 1% per month", date(2026, 4, 13)),
    ],
)
def test_terms_suggest_a_due_date(text, expected):
    assert due_from_terms(text, ISSUE) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Payment within 10 days, 2% discount",
        "2 % discount if paid within 2 days. Penalty percentage 10% from due date",
        "#SKONTO#TAGE=14#PROZENT=2.00#",
        "Escompte de 2 % pour paiement sous 8 jours",
        "As per contract",
        "Payment by direct debit",
        "",
        None,
        "Payment within 900 days",
    ],
)
def test_terms_without_a_due_date(text):
    assert due_from_terms(text, ISSUE) is None


def test_slashed_dates_follow_dayfirst():
    assert due_from_terms("due by 04/05/2026", ISSUE) == date(2026, 5, 4)
    assert due_from_terms("due by 04/05/2026", ISSUE, dayfirst=False) == date(2026, 4, 5)
