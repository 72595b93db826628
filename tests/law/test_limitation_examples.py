"""Every worked example of domain/LIMITATION.md (§2.7, §3.5, §4.4, §5.4, §7) on the calculator.

The ids are the research's own. Each row: law, claim, start, events, the expected last day
(and the hard last day for a presumption). The same examples run through the ledger in
tests/test_limitation_ledger.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from casetui.limitation import (
    ClaimKind,
    EventKind,
    Law,
    LimitationEvent,
    Nature,
    Settings,
    compute_limitation,
)

D = date.fromisoformat
K = EventKind


def run(law: Law, claim: ClaimKind, start: str, *events: tuple[EventKind, str], **kw):
    happened = [LimitationEvent(kind, D(day)) for kind, day in events]
    return compute_limitation(law, claim, D(start), happened, **kw)


EXAMPLES = [
    # id, law, claim, start, events, expected last day
    ("NL-1", Law.NL, ClaimKind.CONTRACT, "2021-03-15", (), "2026-03-15"),
    ("NL-2", Law.NL, ClaimKind.CONTRACT, "2021-03-15", ((K.NOTICE, "2023-06-01"),), "2028-06-01"),
    ("NL-2b", Law.NL, ClaimKind.CONTRACT, "2021-03-15", ((K.REMINDER, "2023-05-30"),),
     "2026-03-15"),
    ("NL-3", Law.NL, ClaimKind.CONSUMER_GOODS, "2022-09-30", (), "2024-09-30"),
    ("NL-4", Law.NL, ClaimKind.CONTRACT, "2022-09-30", (), "2027-09-30"),
    ("NL-5b", Law.NL, ClaimKind.CONTRACT, "2021-03-15", ((K.PART_PAYMENT, "2024-02-10"),),
     "2026-03-15"),
    ("NL-6", Law.NL, ClaimKind.CONTRACT, "2020-02-29", (), "2025-02-28"),
    ("NL-7", Law.NL, ClaimKind.CONTRACT, "2019-02-28", (), "2024-02-28"),
    ("BE-1", Law.BE, ClaimKind.CONTRACT, "2016-04-30", (), "2026-04-30"),
    ("BE-2", Law.BE, ClaimKind.CONTRACT, "2016-04-30", ((K.LAWYER_NOTICE, "2026-02-10"),),
     "2027-02-10"),
    ("BE-2c", Law.BE, ClaimKind.CONTRACT, "2016-04-30", ((K.REMINDER, "2025-12-01"),),
     "2026-04-30"),
    ("BE-4", Law.BE, ClaimKind.PERIODIC, "2021-01-31", (), "2026-01-31"),
    ("BE-6", Law.BE, ClaimKind.CONTRACT, "2022-05-15", ((K.COURT_CLAIM, "2025-10-01"),),
     "2035-10-01"),
    ("EW-1", Law.EW, ClaimKind.CONTRACT, "2019-05-01", (), "2025-05-01"),
    ("EW-1b", Law.EW, ClaimKind.CONTRACT, "2019-05-31", (), "2025-05-31"),
    ("EW-2", Law.EW, ClaimKind.CONTRACT, "2019-05-01", ((K.PART_PAYMENT, "2022-01-10"),),
     "2028-01-10"),
    ("EW-3b", Law.EW, ClaimKind.CONTRACT, "2019-05-01", ((K.ACK_ORAL, "2023-03-15"),),
     "2025-05-01"),
    ("EW-4", Law.EW, ClaimKind.CONTRACT, "2019-05-01", ((K.REMINDER, "2024-12-01"),),
     "2025-05-01"),
    ("EW-6", Law.EW, ClaimKind.CONSUMER_GOODS, "2019-05-01", (), "2025-05-01"),
    ("SC-1", Law.SCOT, ClaimKind.CONTRACT, "2019-05-31", (), "2024-05-31"),
    ("SC-4", Law.SCOT, ClaimKind.CONTRACT, "2019-05-31", ((K.LAWYER_NOTICE, "2024-03-01"),),
     "2024-05-31"),
    ("SC-5", Law.SCOT, ClaimKind.CONTRACT, "2019-05-31", ((K.ACK_WRITTEN, "2023-09-04"),),
     "2028-09-04"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("law", "claim", "start", "events", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in EXAMPLES],
)
def test_worked_example(law, claim, start, events, expected) -> None:
    result = run(law, claim, start, *events)
    assert result.last_day == D(expected)
    assert result.at_risk_from == D(expected).fromordinal(D(expected).toordinal() + 1)


def test_be3_presumption_in_front_of_the_ten_years() -> None:
    """BE-3: a sofa sold to a consumer, delivered and due 2024-03-20."""
    result = run(Law.BE, ClaimKind.TRADER_GOODS, "2024-03-20")
    assert result.nature is Nature.PRESUMPTIVE
    assert result.last_day == D("2025-03-20")  # warn on it
    assert result.hard_last_day == D("2034-03-20")
    assert [(a.day, a.article) for a in result.also] == [
        (D("2025-12-31"), "Law of 1 May 1913 art. 5")
    ]
    data = result.to_json()
    assert (data["last_day"], data["hard_last_day"], data["kind"]) == (
        "2025-03-20",
        "2034-03-20",
        "presumptive",
    )
    # consumer-goods is the same claim in Belgium
    assert run(Law.BE, ClaimKind.CONSUMER_GOODS, "2024-03-20").last_day == D("2025-03-20")


def test_be3_a_written_acknowledgment_ends_the_presumption() -> None:
    result = run(Law.BE, ClaimKind.TRADER_GOODS, "2024-03-20", (K.ACK_WRITTEN, "2025-06-01"))
    assert result.nature is Nature.DEFENCE
    assert result.last_day == D("2035-06-01")  # 10 years from the acknowledgment
    assert result.hard_last_day is None
    assert any("art. 2274" in line for line in result.basis)


def test_be3_a_part_payment_leaves_the_presumption() -> None:
    """Art. 2274: only a settled account, an acknowledgment of debt or a summons stop it."""
    result = run(Law.BE, ClaimKind.TRADER_GOODS, "2024-03-20", (K.PART_PAYMENT, "2024-09-01"))
    assert result.nature is Nature.PRESUMPTIVE
    assert result.last_day == D("2025-03-20")
    assert result.hard_last_day == D("2034-09-01")


def test_be3_with_the_presumption_switched_off_is_ten_years() -> None:
    settings = Settings(be_presumptive_goods=False)
    result = run(Law.BE, ClaimKind.TRADER_GOODS, "2024-03-20", settings=settings)
    assert (result.nature, result.last_day) == (Nature.DEFENCE, D("2034-03-20"))


def test_be5_interest_before_five_years_of_the_citation_is_lost() -> None:
    """BE-5: BE-1, interest from 2016-05-01, citation served 2025-06-02."""
    result = run(
        Law.BE,
        ClaimKind.CONTRACT,
        "2016-04-30",
        (K.COURT_CLAIM, "2025-06-02"),
        as_of=D("2025-06-02"),
    )
    assert result.interest is not None
    assert result.interest.lost_before == D("2020-06-02")
    assert result.interest.article == "art. 2277 old Civil Code"
    assert result.last_day == D("2035-06-02")  # the principal is safe


def test_be2_the_lawyers_notice_works_once() -> None:
    result = run(
        Law.BE,
        ClaimKind.CONTRACT,
        "2016-04-30",
        (K.LAWYER_NOTICE, "2026-02-10"),
        (K.LAWYER_NOTICE, "2026-12-01"),
    )
    assert result.last_day == D("2027-02-10")
    assert "summon" in result.advice
    assert any("only once" in line for line in result.basis)


def test_be2_a_notice_sent_in_the_last_month_is_not_counted() -> None:
    late = run(Law.BE, ClaimKind.CONTRACT, "2016-04-30", (K.LAWYER_NOTICE, "2026-04-15"))
    assert late.last_day == D("2026-04-30")
    assert any("less than a month" in risk for risk in late.risks)
    counted = run(
        Law.BE,
        ClaimKind.CONTRACT,
        "2016-04-30",
        (K.LAWYER_NOTICE, "2026-04-15"),
        settings=Settings(be_lawyer_notice_min_days=0),
    )
    assert counted.last_day == D("2027-04-15")


def test_nl2b_unproven_receipt_is_a_risk_not_an_interruption() -> None:
    result = run(Law.NL, ClaimKind.CONTRACT, "2021-03-15", (K.REMINDER, "2023-05-30"))
    assert result.last_day == D("2026-03-15")
    assert any("receipt" in risk and "2023-05-30" in risk for risk in result.risks)


def test_nl3_interest_never_outlives_the_consumer_sale() -> None:
    result = run(Law.NL, ClaimKind.CONSUMER_GOODS, "2022-09-30", as_of=D("2024-01-01"))
    assert result.interest is not None
    assert result.interest.runs_out == D("2024-09-30")
    assert "3:312" in result.interest.words()


def test_nl_a_notice_after_a_consumer_sale_gives_two_years_again() -> None:
    """3:319: the new period is as long as the original (2 stays 2), not always 5."""
    result = run(Law.NL, ClaimKind.CONSUMER_GOODS, "2022-09-30", (K.NOTICE, "2024-03-01"))
    assert result.last_day == D("2026-03-01")


def test_nl_the_new_period_never_ends_before_the_original() -> None:
    result = run(Law.NL, ClaimKind.CONSUMER_GOODS, "2022-09-30", (K.NOTICE, "2022-09-30"))
    assert result.last_day == D("2024-09-30")


def test_nl5b_part_payment_prompts_a_written_demand() -> None:
    result = run(Law.NL, ClaimKind.CONTRACT, "2021-03-15", (K.PART_PAYMENT, "2024-02-10"))
    assert any("3:317" in risk for risk in result.risks)
    setting = Settings(nl_part_payment_acknowledges=True)
    acknowledged = run(
        Law.NL, ClaimKind.CONTRACT, "2021-03-15", (K.PART_PAYMENT, "2024-02-10"), settings=setting
    )
    assert acknowledged.last_day == D("2029-02-10")


def test_ew_a_written_but_unsigned_acknowledgment_does_nothing() -> None:
    written = run(Law.EW, ClaimKind.CONTRACT, "2019-05-01", (K.ACK_WRITTEN, "2023-03-15"))
    signed = run(Law.EW, ClaimKind.CONTRACT, "2019-05-01", (K.ACK_SIGNED, "2023-03-15"))
    assert (written.last_day, signed.last_day) == (D("2025-05-01"), D("2029-03-15"))


def test_ew_a_barred_right_is_not_revived() -> None:
    result = run(Law.EW, ClaimKind.CONTRACT, "2019-05-01", (K.PART_PAYMENT, "2025-06-01"))
    assert result.last_day == D("2025-05-01")
    assert any("s.29(7)" in line for line in result.basis)


def test_ew_court_claim_in_time_stops_the_clock() -> None:
    result = run(Law.EW, ClaimKind.CONTRACT, "2019-05-01", (K.COURT_CLAIM, "2025-04-30"))
    assert result.last_day is None and result.brought == D("2025-04-30")
    assert result.to_json()["last_day"] is None
    assert "brought" in result.summary()


def test_be_oral_acknowledgment_is_not_counted_but_named() -> None:
    result = run(Law.BE, ClaimKind.CONTRACT, "2016-04-30", (K.ACK_ORAL, "2024-01-10"))
    assert result.last_day == D("2026-04-30")
    assert any("2034-01-10" in risk for risk in result.risks)


def test_scotland_runs_on_past_a_weekend_and_a_scottish_bank_holiday() -> None:
    # 2019-11-30 + 5 = Saturday 2024-11-30 (St Andrew's Day, observed Monday 2 December)
    result = run(Law.SCOT, ClaimKind.CONTRACT, "2019-11-30")
    assert result.last_day == D("2024-12-03")
    assert result.act_by == D("2024-11-29")  # the practical deadline stays before it
    assert result.nature is Nature.EXTINCTIVE


def test_no_roll_over_elsewhere_and_act_by_is_the_working_day_before() -> None:
    result = run(Law.NL, ClaimKind.CONTRACT, "2021-03-15")  # NL-1: a Sunday
    assert result.last_day == D("2026-03-15")
    assert result.act_by == D("2026-03-13")
    roll = Settings(be_weekend_rollover=True)
    rolled = run(Law.BE, ClaimKind.PERIODIC, "2021-01-31", settings=roll)
    assert rolled.last_day == D("2026-02-02")  # BE-4 with the unverified roll-over on


def test_nothing_claims_more_certainty_than_the_research() -> None:
    for row in EXAMPLES:
        data = run(*row[1:4], *row[4]).to_json()
        assert data["note"].startswith("Estimated, conservative; take advice close to the date")
        assert "void" not in " ".join(data["basis"]).replace("not void", "")
        assert data["kind"] in ("extinctive", "defence", "presumptive")
        assert set(data) >= {"last_day", "hard_last_day", "kind", "basis", "risks"}
