"""Aged receivables on the hand-built ledger (tests/reports/hand_ledger.py), worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from casetui.ledger import Ledger
from casetui.owed import as_of, owed_minor
from casetui.reports import aging_json, aging_report
from casetui.reports.aging import bucket_of
from tests.reports.hand_ledger import REPORT_DAY, case_id, d


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(-5, 0), (0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (400, 4)],
)
def test_buckets_by_days_past_due(days: int, bucket: int) -> None:
    assert bucket_of(days) == bucket


def test_aging_at_the_end_of_june(hand: Ledger) -> None:
    # EUR on 2026-06-30:
    #   C1  1000 - 300 (06-10; the 200 of 07-05 is later)       = 700, due 05-31: 30 days -> 1-30
    #   C2  2000 (the 500 of 05-20 was undone), due 03-31: 91 days -> 90+, disputed since 06-01
    #   C3  settled at 1000 on 06-05, 400 paid since            = 600, due 05-01: 60 -> 31-60
    #   C4  written off 06-25                                    = 0
    #   C5  600, due 07-20                                       -> current
    #   C6  issued 07-02: not yet a receivable
    #   C9  paid and closed in May; C10 written off 06-10        = 0
    # GBP: C7 1200 - credit 200 = 1000, due 05-15: 46 days -> 31-60; C8 paid 06-25 = 0.
    assert aging_json(aging_report(hand, d("06-30"))) == {
        "as_of": "2026-06-30",
        "currencies": {
            "EUR": {
                "buckets": {
                    "current": "600.00",
                    "1-30": "700.00",
                    "31-60": "600.00",
                    "61-90": "0.00",
                    "90+": "2000.00",
                },
                "total": "3900.00",
                "cases": 4,
                "disputed": "2000.00",
            },
            "GBP": {
                "buckets": {
                    "current": "0.00",
                    "1-30": "0.00",
                    "31-60": "1000.00",
                    "61-90": "0.00",
                    "90+": "0.00",
                },
                "total": "1000.00",
                "cases": 1,
                "disputed": "0.00",
            },
        },
        "customers": [
            {
                "id": "CUS-0001",
                "name": "Atelier Anvers BV",
                "currency": "EUR",
                "buckets": {
                    "current": "0.00",
                    "1-30": "700.00",
                    "31-60": "0.00",
                    "61-90": "0.00",
                    "90+": "2000.00",
                },
                "total": "2700.00",
            },
            {
                "id": "CUS-0002",
                "name": "Bakkerij Brood B.V.",
                "currency": "EUR",
                "buckets": {
                    "current": "600.00",
                    "1-30": "0.00",
                    "31-60": "600.00",
                    "61-90": "0.00",
                    "90+": "0.00",
                },
                "total": "1200.00",
            },
            {
                "id": "CUS-0003",
                "name": "Castle Print Ltd",
                "currency": "GBP",
                "buckets": {
                    "current": "0.00",
                    "1-30": "0.00",
                    "31-60": "1000.00",
                    "61-90": "0.00",
                    "90+": "0.00",
                },
                "total": "1000.00",
            },
        ],
    }


def test_aging_before_the_settlement_and_the_write_offs(hand: Ledger) -> None:
    # On 2026-06-04: C1 1000 (4 days late -> 1-30); C2 2000 (65 -> 61-90, disputed since
    # 06-01); C3 1500 still disputed, not settled yet (34 -> 31-60); C4 800 not written
    # off yet (93 -> 90+); C10 900 not written off yet (115 -> 90+). C9 was paid in May.
    # GBP: C7 1200 - 200 credited 06-01 = 1000 (20 -> 1-30); C8 300 due 06-19 -> current.
    report = aging_json(aging_report(hand, d("06-04")))
    assert report["currencies"] == {
        "EUR": {
            "buckets": {
                "current": "0.00",
                "1-30": "1000.00",
                "31-60": "1500.00",
                "61-90": "2000.00",
                "90+": "1700.00",
            },
            "total": "6200.00",
            "cases": 5,
            "disputed": "3500.00",
        },
        "GBP": {
            "buckets": {
                "current": "300.00",
                "1-30": "1000.00",
                "31-60": "0.00",
                "61-90": "0.00",
                "90+": "0.00",
            },
            "total": "1300.00",
            "cases": 2,
            "disputed": "0.00",
        },
    }
    # A: C1 1000 + C2 2000 + C10 900; B: C3 1500 + C4 800.
    assert [(c["name"], c["total"]) for c in report["customers"]] == [
        ("Atelier Anvers BV", "3900.00"),
        ("Bakkerij Brood B.V.", "2300.00"),
        ("Castle Print Ltd", "1300.00"),
    ]


def _bucket(buckets: dict[str, str]) -> str:
    return next(name for name, amount in buckets.items() if amount != "0.00")


def test_aging_today_by_case(hand: Ledger) -> None:
    # On 2026-07-15: C1 500 (the 200 of 07-05 came in; 45 days -> 31-60), C2 2000 (106 ->
    # 90+, disputed), C3 600 (75 -> 61-90), C5 600 and C6 400 not due yet; C7 1000 GBP
    # (61 -> 61-90). Largest first within each currency; C3 and C5 tie at 600 (same
    # customer, so by case id).
    report = aging_report(hand, REPORT_DAY, by="case")
    data = aging_json(report)
    assert "customers" not in data
    rows = [
        (c["id"], c["total"], c["days_past_due"], c["disputed"], _bucket(c["buckets"]))
        for c in data["cases"]
    ]
    assert rows == [
        (case_id(2), "2000.00", 106, True, "90+"),
        (case_id(3), "600.00", 75, False, "61-90"),
        (case_id(5), "600.00", 0, False, "current"),
        (case_id(1), "500.00", 45, False, "31-60"),
        (case_id(6), "400.00", 0, False, "current"),
        (case_id(7), "1000.00", 61, False, "61-90"),
    ]
    assert data["currencies"]["EUR"]["total"] == "4100.00"
    assert data["currencies"]["EUR"]["cases"] == 5


def test_a_day_before_any_invoice_is_empty(hand: Ledger) -> None:
    assert aging_json(aging_report(hand, date(2025, 12, 31))) == {
        "as_of": "2025-12-31",
        "currencies": {},
        "customers": [],
    }


def test_owed_is_the_open_balance_never_negative(hand: Ledger) -> None:
    # C4 written off: its balance is still 800, but nothing is owed.
    c4 = hand.case(case_id(4))
    assert c4.outstanding_minor == 80000
    assert owed_minor(c4) == 0
    # C3 after the settlement: 1000 agreed - 400 paid.
    assert owed_minor(hand.case(case_id(3))) == 60000


def test_as_of_keeps_corrections_whatever_their_date(hand: Ledger) -> None:
    c2 = hand.case(case_id(2))
    # The payment of 05-20 was undone on 06-20; on 05-31 it had already never happened.
    before = as_of(c2, d("05-31"))
    assert before is not None
    assert owed_minor(before) == 200000
    assert before.dispute is None  # opened 06-01
    assert as_of(hand.case(case_id(6)), d("07-01")) is None  # issued 07-02
    assert as_of(c2, REPORT_DAY) is c2  # nothing happened since: the same state


def test_owed_on_is_owed_as_of_every_day(hand: Ledger) -> None:
    # The quick path (no refold when nothing after the day changed the balance) agrees
    # with folding the events known on the day, for every case on every day of the year.
    from datetime import timedelta

    from casetui.owed import owed_on

    day = date(2026, 1, 1)
    while day <= REPORT_DAY:
        for state in hand.cases():
            then = as_of(state, day)
            expected = None if then is None else (owed_minor(then), then.dispute is not None)
            assert owed_on(state, day) == expected, (state.id, day)
        day += timedelta(days=1)


def test_a_per_case_column_can_be_added(hand: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    # The place the limitation branch (issue 15) fills: one more column per case, in the
    # JSON, the tables, Markdown and CSV alike.
    from casetui.reports import aging, aging_document, to_csv

    column = aging.CaseColumn("invoice_year", "Invoice year", lambda s, _day: str(s.issued.year))
    monkeypatch.setattr(aging, "CASE_COLUMNS", (column,))
    report = aging_report(hand, d("06-30"), by="case")
    assert {c["invoice_year"] for c in aging_json(report)["cases"]} == {"2026"}
    lines = to_csv(aging_document(report)).splitlines()
    assert lines[5].endswith(",Disputed,Invoice year")  # title, as of, per, blank, EUR
    assert lines[6].endswith(",disputed,2026")
