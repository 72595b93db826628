"""Collected, ladder and activity reports on the hand-built ledger, worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from casetui.ledger import Ledger
from casetui.reports import (
    activity_json,
    activity_report,
    collected_json,
    collected_report,
    ladder_document,
    ladder_json,
    ladder_report,
)
from casetui.reports.collected import month_starts
from tests.reports.hand_ledger import REPORT_DAY, d


def test_month_starts_cross_a_year() -> None:
    assert month_starts(date(2026, 2, 10), 3) == (
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    )


def test_collected_per_month_and_currency(hand: Ledger) -> None:
    # May, June and July 2026 (up to 07-15).
    # EUR: May: C9's 500 of 05-18 (C2's 500 of 05-20 was undone: it does not count).
    # June: C1 300 (06-10) + C3 400 (06-15) = 700 (2); July: C1 200 (07-05) (1).
    # GBP: June: C7 credit 200 (06-01), C8 payment 300 (06-25) -> 300 + 200 = 500 (2).
    data = collected_json(collected_report(hand, REPORT_DAY, months=3))

    def month(code: str) -> list[tuple[str, str, str, str, int]]:
        return [
            (m["month"], m["payments"], m["credits"], m["total"], m["count"])
            for m in data["currencies"][code]["months"]
        ]

    assert data["from"] == "2026-05-01"
    assert data["until"] == "2026-07-15"
    assert month("EUR") == [
        ("2026-05", "500.00", "0.00", "500.00", 1),
        ("2026-06", "700.00", "0.00", "700.00", 2),
        ("2026-07", "200.00", "0.00", "200.00", 1),
    ]
    assert data["currencies"]["EUR"]["total"] == "1400.00"
    assert month("GBP") == [
        ("2026-05", "0.00", "0.00", "0.00", 0),
        ("2026-06", "300.00", "200.00", "500.00", 2),
        ("2026-07", "0.00", "0.00", "0.00", 0),
    ]
    assert (data["currencies"]["GBP"]["payments"], data["currencies"]["GBP"]["credits"]) == (
        "300.00",
        "200.00",
    )


def test_collected_as_of_an_earlier_day_leaves_later_money_out(hand: Ledger) -> None:
    # Up to 06-12: June holds only C1's 300 of 06-10; GBP only C7's credit of 06-01.
    data = collected_json(collected_report(hand, d("06-12"), months=1))
    assert data["currencies"]["EUR"]["months"] == [
        {"month": "2026-06", "payments": "300.00", "credits": "0.00", "total": "300.00", "count": 1}
    ]
    assert data["currencies"]["GBP"]["total"] == "200.00"


def test_collected_needs_a_month() -> None:
    with pytest.raises(ValueError):
        collected_report(None, REPORT_DAY, months=0)  # type: ignore[arg-type]


def _steps(data: dict) -> dict[str, tuple]:
    return {
        s["step"]: (
            s["cases"],
            s["paid_within_14_days"],
            s["paid_within_30_days"],
            s["cases_past_14_days"],
            s["cases_past_30_days"],
            s["share_paid_within_14_days"],
            s["share_paid_within_30_days"],
            s["median_days_to_payment"],
            s["promises_kept"],
            s["promises_broken"],
        )
        for s in data["steps"]
    }


def test_ladder_since_the_first_case(hand: Ledger) -> None:
    # Paid in full: C8 on 06-25 (its payment; closed paid), C9 on 05-18. C10 was written off.
    # First reminder: C1 06-05, C2 04-05, C3 05-05, C7 05-20, C8 06-20, C9 04-05, C10 02-15
    #   = 7 cases. C8 paid 5 days after, C9 43 days after: 1 within 14, 1 within 30.
    #   14 days are over for all 7 on 07-15; 30 days for all but C8 (25 days): 6.
    #   Shares: of the 7, C8 paid within 14: 1/7; of the 6, none within 30: 0.
    #   Median of 5 and 43: 24.
    # Second reminder: C9 04-20 (paid 28 days after), C7 06-05: 2 cases, 0 within 14, 1
    #   within 30; both past 30 days; median 28.
    # Formal notice: C9 05-05, paid 13 days after.
    # Call (ours): C10 02-20, C9 05-08 (paid 10 days after), C1 06-12 (first call); the
    #   debtor's call on C10 04-10 is not a step. Promises after a call: C10's (broken),
    #   C9's (kept), C1's of 06-15 (broken: nothing came in by 06-25).
    # Hand-over: C10 04-01, never paid.
    data = ladder_json(ladder_report(hand, REPORT_DAY))
    assert data["since"] is None
    assert _steps(data) == {
        "reminder": (7, 1, 0, 7, 6, "0.1429", "0.0000", 24, 0, 0),
        "second-reminder": (2, 0, 1, 2, 2, "0.0000", "0.5000", 28, 0, 0),
        "formal-notice": (1, 1, 1, 1, 1, "1.0000", "1.0000", 13, 0, 0),
        "call": (3, 1, 1, 3, 3, "0.3333", "0.3333", 10, 1, 2),
        "handover": (1, 0, 0, 1, 1, "0.0000", "0.0000", None, 0, 0),
    }
    assert [s["share_promises_kept"] for s in data["steps"]] == [
        None,
        None,
        None,
        "0.3333",
        None,
    ]


def test_the_ladders_counts_and_shares_are_one_fraction(hand: Ledger) -> None:
    """Issue 16: C8 got its first reminder 25 days before and paid after 5: it is not one of
    the 6 cases past 30 days, so it is not "paid in 30 days" beside a share of 0 %; it is
    counted apart as recent. The table shows each count as "paid of past"."""
    report = ladder_report(hand, REPORT_DAY)
    [reminder, *_] = ladder_json(report)["steps"]
    assert (reminder["paid_within_30_days"], reminder["cases_past_30_days"]) == (0, 6)
    assert reminder["share_paid_within_30_days"] == "0.0000"
    assert (reminder["recent_paid_within_14_days"], reminder["recent_paid_within_30_days"]) == (
        0,
        1,
    )
    for step in ladder_json(report)["steps"]:
        for days in (14, 30):
            paid, past = step[f"paid_within_{days}_days"], step[f"cases_past_{days}_days"]
            share = step[f"share_paid_within_{days}_days"]
            assert share == (f"{paid / past:.4f}" if past else None)
    [table] = ladder_document(report).tables
    assert table.rows[0][:6] == ("First reminder", 7, "1 of 7", "14%", "0 of 6", "0%")


def test_ladder_since_may(hand: Ledger) -> None:
    # Only steps first taken on or after 05-01: reminders of C1, C3, C7, C8; C7's second
    # reminder; C9's formal notice and call; C1's call. C10's hand-over (04-01) is before.
    # Promises made since: C9's (kept) and C1's (broken), both after a call.
    data = ladder_json(ladder_report(hand, REPORT_DAY, since=d("05-01")))
    assert _steps(data) == {
        "reminder": (4, 1, 0, 4, 3, "0.2500", "0.0000", 5, 0, 0),
        "second-reminder": (1, 0, 0, 1, 1, "0.0000", "0.0000", None, 0, 0),
        "formal-notice": (1, 1, 1, 1, 1, "1.0000", "1.0000", 13, 0, 0),
        "call": (2, 1, 1, 2, 2, "0.5000", "0.5000", 10, 1, 1),
        "handover": (0, 0, 0, 0, 0, None, None, None, 0, 0),
    }


def test_activity_per_week_since_june(hand: Ledger) -> None:
    # 2026-06-03 is a Wednesday: the report starts on Monday 06-01 and has 7 weeks to 07-15.
    # W23 (06-01): letters C1 reminder (e-mail), C7 second reminder (registered); dispute
    #   opened on C2; C3's dispute settled.
    # W24 (06-08): C1's call, no answer.
    # W25 (06-15): C1's call, promised, and its promise; C8's reminder by post.
    # W26 (06-22): C1's promise broken (due 06-25, nothing came). C5's call was undone.
    data = activity_json(activity_report(hand, REPORT_DAY, since=d("06-03")))
    assert [w["week"] for w in data["weeks"]] == [f"2026-W{n}" for n in range(23, 30)]
    assert data["from"] == "2026-06-01"

    def summary(week: dict) -> tuple:
        return (
            week["calls"]["total"],
            week["letters"]["total"],
            week["promises"]["made"],
            week["promises"]["kept"],
            week["promises"]["broken"],
            week["disputes"]["opened"],
            week["disputes"]["settled"],
        )

    assert [summary(w) for w in data["weeks"]] == [
        (0, 2, 0, 0, 0, 1, 1),
        (1, 0, 0, 0, 0, 0, 0),
        (1, 1, 1, 0, 0, 0, 0),
        (0, 0, 0, 0, 1, 0, 0),
        (0, 0, 0, 0, 0, 0, 0),
        (0, 0, 0, 0, 0, 0, 0),
        (0, 0, 0, 0, 0, 0, 0),
    ]
    total = data["total"]
    assert total["calls"] == {
        "reached": 0,
        "no-answer": 1,
        "voicemail": 0,
        "wrong-number": 0,
        "promised": 1,
        "disputed": 0,
        "total": 2,
    }
    assert total["letters"]["reminder"] == {"email": 1, "post": 1, "registered": 0}
    assert total["letters"]["second-reminder"] == {"email": 0, "post": 0, "registered": 1}
    assert total["letters"]["total"] == 3


def test_activity_counts_a_kept_promise_in_the_week_it_was_kept(hand: Ledger) -> None:
    # From the week of 05-18: C9's promise (made 05-08, before the period) was kept by the
    # payment of 05-18, in W21; it is not counted as made in the period.
    data = activity_json(activity_report(hand, REPORT_DAY, since=d("05-18")))
    first = data["weeks"][0]
    assert (first["week"], first["promises"]) == (
        "2026-W21",
        {"made": 0, "kept": 1, "broken": 0},
    )


def test_activity_defaults_to_twelve_weeks(hand: Ledger) -> None:
    data = activity_json(activity_report(hand, REPORT_DAY))
    assert len(data["weeks"]) == 12
    assert data["from"] == "2026-04-27"  # the Monday 11 weeks before Monday 07-13
    # C10's promise broke on 03-02, before the period: not counted.
    assert data["total"]["promises"] == {"made": 2, "kept": 1, "broken": 1}


def test_activity_has_a_column_for_every_letter_kind(hand: Ledger) -> None:
    # An instalment reminder (payment plans) is counted in its own column.
    from casetui.model import LetterKind
    from casetui.reports import activity_document

    document = activity_document(activity_report(hand, REPORT_DAY))
    letters = next(table for table in document.tables if "Instalment" in table.header)
    assert len(letters.header) == 2 + len(LetterKind) + 1  # week, from, kinds, total
    assert all(len(row) == len(letters.header) for row in letters.rows)


def test_the_reports_screen_counts_both_in_one_pass_keeping_no_case(hand: Ledger) -> None:
    """The Reports screen's collected and ladder come from one pass over the ledger, each
    case folded once and none kept: the same reports as each on its own."""
    from casetui.reports.collected import CollectedCounter
    from casetui.reports.ladder import LadderCounter
    from casetui.reports.passes import count_cases

    collected, ladder = CollectedCounter(REPORT_DAY, 12), LadderCounter(REPORT_DAY)
    count_cases(hand, collected, ladder)
    assert hand._states == {}  # one case's memory at a time, not the ledger's
    assert collected.report() == collected_report(hand, REPORT_DAY, 12)
    assert ladder.report() == ladder_report(hand, REPORT_DAY)
    assert ladder.report().steps[0].cases > 0  # counted something
