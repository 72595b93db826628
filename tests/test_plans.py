"""Payment plans: a settlement in instalments, watched (casetui.plans and the fold).

Money is applied to the instalments in the order they fall due; an instalment not paid in
full by the end of its grace period brings the case back with its reason; the last one
paid closes the case as settled; a lapsed settlement revives the original claim (with a
revival clause, interest from the original due date: the law engine's figures) or leaves
its unpaid rest owed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from casetui.agenda import explain
from casetui.claims import claim_for_case
from casetui.cli import main
from casetui.cli.views import plan_json
from casetui.errors import InputError
from casetui.law import Movement, compute_claim
from casetui.ledger import Ledger
from casetui.model import (
    Closed,
    CloseReason,
    Credit,
    DisputeOpened,
    DisputeSettled,
    Payment,
    PlanInstalment,
    SettlementLapsed,
)
from casetui.plans import allocate, closing_reason
from casetui.timeline import Reason
from tests.support import customer, eur, opened

AGREED = date(2026, 11, 20)
DUES = (date(2026, 11, 30), date(2026, 12, 15), date(2027, 1, 15), date(2027, 2, 15))


def plan(revive: bool = False, amounts: tuple[str, ...] = ("250.00",) * 4) -> DisputeSettled:
    return DisputeSettled(
        date=AGREED,
        terms="four instalments",
        instalments=tuple(
            PlanInstalment(due, eur(a)) for due, a in zip(DUES, amounts, strict=True)
        ),
        revive=revive,
    )


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger.open(tmp_path / "ledger.json", backup=False, today=date(2027, 3, 1)) as opened_:
        yield opened_


def open_case(ledger: Ledger, amount: str = "1000.00") -> str:
    state = ledger.open_case(opened(amount=amount), new_customer=customer())
    return state.id


# --------------------------------------------------------------------------- allocation


def test_money_fills_the_instalments_in_the_order_they_fall_due() -> None:
    items = allocate(
        [("2026-12-15", 25000), ("2026-11-30", 25000), ("2027-01-15", 25000)],
        [("2026-11-28", 10000), ("2026-12-01", 20000), ("2026-12-20", 25000)],
    )
    assert [(i.number, i.due.isoformat(), i.paid_minor) for i in items] == [
        (1, "2026-11-30", 25000),
        (2, "2026-12-15", 25000),
        (3, "2027-01-15", 5000),
    ]
    # Paid in full on the day the money reached it: the first late (12-01), the second late.
    assert [i.paid_on for i in items] == [date(2026, 12, 1), date(2026, 12, 20), None]
    assert [i.is_paid for i in items] == [True, True, False]


def test_statuses_open_late_missed_and_paid(ledger: Ledger) -> None:
    case = open_case(ledger)
    ledger.append(case, plan())
    ledger.append(case, Payment(date=date(2026, 11, 28), amount=eur("300.00")))  # 1 and part of 2
    state = ledger.case(case)
    assert state.outstanding.amount == Decimal("700.00")
    grace = state.plan.grace_days
    assert grace == 3

    def statuses(day: date) -> list[str]:
        return [state.plan.status_of(item, day) for item in state.plan.instalments]

    assert statuses(date(2026, 12, 15)) == ["paid", "open", "open", "open"]
    assert statuses(date(2026, 12, 16)) == ["paid", "late", "open", "open"]
    assert statuses(date(2026, 12, 18)) == ["paid", "late", "open", "open"]  # 3 days' grace
    assert statuses(date(2026, 12, 19)) == ["paid", "missed", "open", "open"]
    assert plan_json(state, date(2026, 12, 19))["instalments"][1] == {
        "number": 2,
        "due": "2026-12-15",
        "amount": "250.00",
        "paid": "50.00",
        "paid_on": None,
        "status": "missed",
    }
    assert plan_json(state, date(2026, 12, 19))["status"] == "behind"


def test_the_agenda_shows_a_missed_instalment_after_the_grace_period(ledger: Ledger) -> None:
    case = open_case(ledger)
    ledger.append(case, plan())
    ledger.append(case, Payment(date=date(2026, 11, 30), amount=eur("250.00")))
    state = ledger.case(case)
    action = state.next_action
    # Due Tuesday 15 December, 3 days' grace: missed from Saturday the 19th, so Monday.
    assert action.reason is Reason.INSTALMENT_MISSED
    assert (action.date, action.arose) == (date(2026, 12, 21), date(2026, 12, 19))
    assert explain(state, action, date(2026, 12, 21)) == (
        "instalment 2 of 4 (250.00, due 2026-12-15) not paid"
    )
    assert [item.case.id for item in ledger.agenda(date(2026, 12, 18))] == []
    assert [item.case.id for item in ledger.agenda(date(2026, 12, 21))] == [case]
    # A part payment: still on the agenda, with what is short.
    ledger.append(case, Payment(date=date(2026, 12, 22), amount=eur("100.00")))
    state = ledger.case(case)
    assert explain(state, state.next_action, date(2026, 12, 22)) == (
        "instalment 2 of 4 (250.00, due 2026-12-15) not paid in full: 150.00 short"
    )
    # Paid late, in full: the plan goes on, next watched instalment is the third.
    ledger.append(case, Payment(date=date(2026, 12, 23), amount=eur("150.00")))
    state = ledger.case(case)
    assert state.plan.instalments[1].paid_on == date(2026, 12, 23)
    assert state.next_action.date == date(2027, 1, 19)  # 15 Jan + 3 days + 1, a Tuesday
    assert "payment plan: instalment 3 of 4" in explain(state, state.next_action, date(2027, 1, 1))


def test_a_plan_needs_no_dispute_and_pauses_the_ladder(ledger: Ledger) -> None:
    case = open_case(ledger)
    assert ledger.case(case).dispute is None
    state = ledger.append(case, plan())
    assert state.settlement is not None and state.settlement.amount == eur("1000.00")
    # The ladder waits: the next action is the first instalment's, not a reminder.
    assert state.next_action.reason is Reason.INSTALMENT_MISSED
    assert state.next_action.date == date(2026, 12, 4)  # 30 Nov + 3 days + 1, a Friday


def test_a_settlement_after_a_dispute_ends_it(ledger: Ledger) -> None:
    case = open_case(ledger)
    ledger.append(case, DisputeOpened(date=date(2026, 11, 10), reason="late delivery"))
    state = ledger.append(case, plan(amounts=("200.00",) * 4))
    assert state.dispute is None
    assert state.waived.amount == Decimal("200.00")
    assert state.outstanding.amount == Decimal("800.00")


def test_a_reminder_or_a_call_after_the_miss_sets_the_next_date(ledger: Ledger) -> None:
    from casetui.model import Channel, LetterKind, LetterSent

    case = open_case(ledger)
    ledger.append(case, plan())
    reminder = LetterSent(
        date=date(2026, 12, 7),
        letter_kind=LetterKind.INSTALMENT_REMINDER,
        channel=Channel.EMAIL,
        deadline=date(2026, 12, 14),
    )
    state = ledger.append(case, reminder)
    assert state.next_action.reason is Reason.DEADLINE_PASSED
    assert state.next_action.date == date(2026, 12, 15)
    assert explain(state, state.next_action, date(2026, 12, 15)) == (
        "instalment reminder deadline passed yesterday"
    )


def test_the_last_instalment_paid_closes_the_case_as_settled(ledger: Ledger) -> None:
    case = open_case(ledger)
    ledger.append(case, plan())
    ledger.append(case, Payment(date=date(2026, 11, 30), amount=eur("500.00")))
    ledger.append(case, Credit(date=date(2026, 12, 10), amount=eur("250.00"), document="CN"))
    state = ledger.case(case)
    assert closing_reason(state, 24999) is None
    assert closing_reason(state, 25000) is CloseReason.SETTLED
    assert state.plan.status(date(2027, 1, 1)) == "running"
    # Without a settlement, paying the balance closes it as paid.
    plain = ledger.open_case(opened(invoice="F-3", customer_id=state.customer_id))
    assert closing_reason(plain, 125000) is CloseReason.PAID
    ledger.append(
        case,
        Payment(date=date(2027, 1, 12), amount=eur("250.00")),
        Closed(date=date(2027, 1, 12), reason=CloseReason.SETTLED),
    )
    state = ledger.case(case)
    assert state.plan.completed and state.plan.status(date(2027, 1, 12)) == "completed"
    assert state.closed.reason is CloseReason.SETTLED
    assert closing_reason(state, 100) is None  # closed


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ({"amount": eur("900.00")}, "the instalments add up to 1,000.00 EUR, not the agreed"),
        ({"terms": " "}, "a settlement needs its terms"),
    ],
)
def test_a_plan_that_does_not_hold_is_refused(ledger: Ledger, problem: dict, message: str) -> None:
    import dataclasses

    case = open_case(ledger)
    with pytest.raises(InputError, match=message):
        ledger.append(case, dataclasses.replace(plan(), **problem))


def test_instalments_before_the_settlement_or_on_one_day_are_refused(ledger: Ledger) -> None:
    case = open_case(ledger)
    early = DisputeSettled(
        date=AGREED, terms="t", instalments=(PlanInstalment(date(2026, 11, 1), eur("1.00")),)
    )
    with pytest.raises(InputError, match="falls before the settlement"):
        ledger.append(case, early)
    twice = DisputeSettled(
        date=AGREED,
        terms="t",
        instalments=(PlanInstalment(DUES[0], eur("1.00")), PlanInstalment(DUES[0], eur("2.00"))),
    )
    with pytest.raises(InputError, match="same day"):
        ledger.append(case, twice)
    with pytest.raises(InputError, match="no settlement in force"):
        ledger.append(case, SettlementLapsed(date=AGREED))


# --------------------------------------------------------------------------- lapse


def be_case(ledger: Ledger) -> str:
    """EUR 1,000 due 2026-10-31 to a Belgian business: Belgian B2B interest and EUR 40."""
    return open_case(ledger)


def test_lapse_with_revival_gives_the_original_claim_with_interest_from_its_due_date(
    ledger: Ledger,
) -> None:
    case = be_case(ledger)
    ledger.append(case, Payment(date=date(2026, 11, 5), amount=eur("100.00")))
    ledger.append(case, plan(revive=True, amounts=("200.00",) * 4))  # 800 of the 900 left
    ledger.append(case, Payment(date=date(2026, 11, 30), amount=eur("200.00")))
    state = ledger.append(case, SettlementLapsed(date=date(2026, 12, 22), note="2 missed"))
    assert state.settlement is None  # revived: no settlement in force
    assert state.plan.lapsed == date(2026, 12, 22)
    assert state.waived_minor == 0
    assert state.outstanding.amount == Decimal("700.00")  # 1,000 less both payments
    as_of = date(2027, 1, 31)
    got = claim_for_case(state, ledger.customer(state.customer_id), as_of)
    expected = compute_claim(
        regime="be-b2b",
        currency="EUR",
        principal=Decimal("1000.00"),
        due=date(2026, 10, 31),
        until=as_of,
        movements=[
            Movement(date(2026, 11, 5), Decimal("100.00"), "payment"),
            Movement(date(2026, 11, 30), Decimal("200.00"), "payment"),
        ],
    )
    assert got.total == expected.total and got.interest == expected.interest
    assert got.interest > 0 and got.compensation == expected.compensation
    assert got.periods[0].start == date(2026, 11, 1)  # from the original due date
    # The case comes back at once, to be chased again.
    assert state.next_action.date == date(2026, 12, 22)
    assert explain(state, state.next_action, date(2026, 12, 22)) == (
        "settlement lapsed: chase what is owed"
    )


def test_lapse_without_revival_leaves_the_unpaid_rest_of_the_settlement(ledger: Ledger) -> None:
    case = be_case(ledger)
    ledger.append(case, plan(revive=False, amounts=("200.00",) * 4))
    ledger.append(case, Payment(date=date(2026, 11, 30), amount=eur("200.00")))
    state = ledger.append(case, SettlementLapsed(date=date(2026, 12, 22)))
    assert state.settlement is not None and state.settlement.lapsed == date(2026, 12, 22)
    assert state.outstanding.amount == Decimal("600.00")  # 800 agreed, 200 paid
    assert state.waived.amount == Decimal("200.00")
    got = claim_for_case(state, ledger.customer(state.customer_id), date(2027, 1, 31))
    expected = compute_claim(
        regime="none",
        currency="EUR",
        principal=Decimal("800.00"),
        due=AGREED,
        until=date(2027, 1, 31),
        movements=[Movement(date(2026, 11, 30), Decimal("200.00"), "payment")],
    )
    assert got.total == expected.total == Decimal("600.00")
    # Paying that rest closes it as paid (the settlement no longer runs).
    assert closing_reason(state, 60000) is CloseReason.PAID
    with pytest.raises(InputError, match="already lapsed"):
        ledger.append(case, SettlementLapsed(date=date(2026, 12, 23)))


def test_undo_of_a_lapse_puts_the_plan_back(ledger: Ledger) -> None:
    case = be_case(ledger)
    ledger.append(case, plan(revive=True))
    ledger.append(case, SettlementLapsed(date=date(2026, 12, 22)))
    _, state = ledger.undo(case, date(2026, 12, 22))
    assert state.settlement is not None and state.plan.lapsed is None
    assert state.next_action.reason is Reason.INSTALMENT_MISSED


# --------------------------------------------------------------------------- command line


def test_the_command_line_records_watches_and_closes_a_plan(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "ledger.json")

    def run(today: str, *argv: str) -> str:
        capsys.readouterr()
        assert main(["--db", db, "--today", today, *argv]) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    def fails(today: str, *argv: str) -> str:
        capsys.readouterr()
        assert main(["--db", db, "--today", today, *argv]) == 2
        return capsys.readouterr().err.strip()

    run("2026-11-20", "add", "--customer", "Acme BV", "--country", "BE", "--invoice", "F1",
        "--amount", "1000", "--issued", "2026-10-01", "--due", "2026-10-31")  # fmt: skip
    case = "C-2026-0001"
    assert fails("2026-11-20", "log", case, "settle", "--terms", "t") == (
        "casetui: settle: give --amount (what the debtor still pays) or --instalment"
    )
    assert "wants DATE=AMOUNT" in fails(
        "2026-11-20", "log", case, "settle", "--terms", "t", "--instalment", "2026-12-01"
    )
    said = run("2026-11-20", "log", case, "settle", "--terms", "2 x 500", "--revive",
               "--instalment", "2026-12-15=500", "--instalment", "+2w=500")  # fmt: skip
    assert "payment plan: 1,000.00 EUR in 2 instalments, 2026-12-04 to 2026-12-15" in said
    run("2026-12-04", "log", case, "payment", "500")
    agenda = run("2026-12-21", "agenda")
    assert "instalment 2 of 2 (500.00, due 2026-12-15) not paid" in agenda
    import json

    shown = json.loads(run("2026-12-21", "show", case, "--json"))
    assert [i["status"] for i in shown["plan"]["instalments"]] == ["paid", "missed"]
    assert shown["plan"]["revive"] is True
    text = run("2026-12-21", "show", case)
    assert "Plan      1,000.00 EUR agreed on 2026-11-20 (behind, revival clause)" in text
    said = run("2026-12-21", "log", case, "payment", "500")
    assert "+ closed (settled)" in said and "closed (settled)" in said
    # One undo takes the payment and the closing back.
    assert "undid" in run("2026-12-21", "undo", case)
    shown = json.loads(run("2026-12-21", "show", case, "--json"))
    assert shown["closed"] is None
    assert "recorded settlement lapsed" in run("2026-12-22", "log", case, "lapse")
    shown = json.loads(run("2026-12-22", "show", case, "--json"))
    assert shown["plan"]["status"] == "lapsed" and shown["settlement"] is None
    assert shown["outstanding"] == "500.00"
    assert Decimal(shown["claim"]["interest"]) > 0  # from the original due date


def test_a_payment_of_more_than_is_owed_closes_the_case_as_paid(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 12 for `log CASE payment`: closed as paid, the amount to refund said."""
    with Ledger.open(db, readonly=True) as ledger:
        state = ledger.case("C-2026-0001")
    more = state.outstanding.amount + Decimal("95.06")
    code = main(["--db", str(db), "log", "C-2026-0001", "payment", str(more)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("C-2026-0001: recorded payment of")
    assert "+ closed (paid); outstanding 0.00 EUR; closed (paid); overpaid by 95.06 EUR" in out
    with Ledger.open(db, readonly=True) as ledger:
        closed = ledger.case("C-2026-0001").closed
    assert closed is not None and closed.note == "overpaid by 95.06 EUR: to refund"
