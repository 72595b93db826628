"""The agenda's limitation warnings: a case comes on Today at each lead time before its last
day (180, 90, 30 days by default, a profile setting), with the law's own advice, until you act
on it; and once after the date, without ever calling the claim void."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from casetui.agenda import explain
from casetui.ladder import LadderPolicy
from casetui.ledger import Ledger
from casetui.model import (
    Amended,
    Channel,
    Customer,
    LetterKind,
    LetterSent,
    Note,
    Opened,
    Snooze,
)
from casetui.money import Money
from casetui.profile import Profile
from casetui.timeline import Reason

DUE = date(2021, 12, 1)
LAST = date(2026, 12, 1)  # NL, 5 years (art. 3:307 BW)
NL = LadderPolicy(creditor_law="nl")


def open_ledger(path: Path, policy: LadderPolicy = NL) -> Ledger:
    return Ledger.open(path, backup=False, policy=policy)


def old_case(
    ledger: Ledger, *, country: str = "NL", law: str = "", name: str = "Bakkerij Van Dijk B.V."
) -> str:
    """An invoice due 2021-12-01, opened then, chased once, then forgotten: snoozed until
    far beyond its limitation date (the ladder would never bring it back in time)."""
    state = ledger.open_case(
        Opened(
            date=DUE,
            invoice="OLD-1",
            customer_id="",
            issued=DUE - timedelta(days=30),
            due=DUE,
            amount=Money(Decimal("2400.00"), "EUR"),
            limitation_law=law,
        ),
        new_customer=Customer(id="", name=name, country=country),
    )
    ledger.append(state.id, Snooze(date=DUE + timedelta(days=40), until=date(2030, 1, 1)))
    return state.id


def reasons(ledger: Ledger, today: date) -> dict[str, str]:
    return {item.case.id: item.reason for item in ledger.agenda(today)}


def test_the_case_comes_back_at_each_lead_time(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.json") as ledger:
        case = old_case(ledger)
        state = ledger.case(case)
        assert state.limitation_alert is not None
        assert state.next_action is not None
        assert (state.next_action.date, state.next_action.reason) == (
            LAST - timedelta(days=180),
            Reason.LIMITATION,
        )
        assert case not in reasons(ledger, LAST - timedelta(days=181))
        warned = reasons(ledger, LAST - timedelta(days=180))
        assert warned[case] == (
            "claim may be time-barred after 2026-12-01 (art. 3:307 BW): send a written demand"
        )
        # Acting on it (a note is enough: you saw it) answers this warning ...
        ledger.append(case, Note(date=LAST - timedelta(days=170), text="asked our lawyer"))
        assert case not in reasons(ledger, LAST - timedelta(days=100))
        # ... the next lead time brings it back, and so does the last one
        assert case in reasons(ledger, LAST - timedelta(days=90))
        ledger.append(case, Note(date=LAST - timedelta(days=85), text="demand drafted"))
        assert case not in reasons(ledger, LAST - timedelta(days=31))
        assert case in reasons(ledger, LAST - timedelta(days=30))
        ledger.append(case, Note(date=LAST - timedelta(days=20), text="still nothing"))
        assert case not in reasons(ledger, LAST - timedelta(days=1))
        # the last day itself never passes silently
        assert case in reasons(ledger, LAST)
        ledger.append(case, Note(date=LAST, text="lawyer says too late to sue today"))
        # after the date: once more, and never "void"
        after = reasons(ledger, LAST + timedelta(days=1))[case]
        assert after == (
            "claim may be time-barred since 2026-12-02 (art. 3:307 BW): the debtor must "
            "invoke it, so it is not void; take advice"
        )


def test_a_received_demand_moves_the_warnings_five_years_on(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.json") as ledger:
        case = old_case(ledger)
        ledger.append(
            case,
            LetterSent(
                date=date(2026, 6, 1),
                letter_kind=LetterKind.FORMAL_NOTICE,
                channel=Channel.REGISTERED,
                received=date(2026, 6, 3),
            ),
        )
        alert = ledger.case(case).limitation_alert
        assert alert is not None and alert.last_day == date(2031, 6, 3)
        assert "time-barred" not in reasons(ledger, LAST).get(case, "")


def test_a_due_warning_is_added_to_another_reason(tmp_path: Path) -> None:
    """The case is already on Today for its ladder: the warning must not wait behind it."""
    with open_ledger(tmp_path / "l.json") as ledger:
        state = ledger.open_case(
            Opened(
                date=DUE,
                invoice="OLD-2",
                customer_id="",
                issued=DUE,
                due=DUE,
                amount=Money(Decimal("80.00"), "EUR"),
            ),
            new_customer=Customer(id="", name="Groen B.V.", country="NL"),
        )
        # the ladder's first reminder has been due since 2021: it is the next action
        assert state.next_action is not None
        assert state.next_action.reason is Reason.OVERDUE_NO_REMINDER
        today = LAST - timedelta(days=100)
        text = explain(state, state.next_action, today)
        assert text.startswith(
            "claim may be time-barred after 2026-12-01 (art. 3:307 BW): send a written demand; "
        )
        assert text.endswith("days overdue, no reminder yet")


@pytest.mark.parametrize(
    ("law", "advice"),
    [
        ("be", "have a lawyer or bailiff send a notice (art. 2244 §2) at least 30 days before"),
        ("ew", "get a signed acknowledgment or issue a court claim"),
        ("scot", "get a written acknowledgment or raise a court claim"),
    ],
)
def test_the_advice_fits_the_law(tmp_path: Path, law: str, advice: str) -> None:
    with open_ledger(tmp_path / "l.json") as ledger:
        case = old_case(ledger, law=law)
        state = ledger.case(case)
        assert state.limitation_alert is not None
        text = explain(state, state.next_action, state.limitation_alert.last_day)
        assert advice in text
        if law == "scot":
            assert "may be extinguished after" in text


def test_scotland_after_the_date_is_extinguished_not_for_the_debtor_to_invoke(tmp_path):
    with open_ledger(tmp_path / "l.json") as ledger:
        case = old_case(ledger, law="scot")
        alert = ledger.case(case).limitation_alert
        assert alert is not None
        words = alert.words(alert.last_day + timedelta(days=1))
        assert words.startswith("claim may be extinguished since") and "invoke" not in words


def test_lead_times_come_from_the_profile(tmp_path: Path) -> None:
    policy = Profile(country="NL", limitation_lead_days=(60,)).ladder_policy()
    assert policy.creditor_law == "nl" and policy.limitation_lead_days == (60,)
    with open_ledger(tmp_path / "l.json", policy) as ledger:
        case = old_case(ledger)
        assert case not in reasons(ledger, LAST - timedelta(days=61))
        assert case in reasons(ledger, LAST - timedelta(days=60))


def test_changing_the_customer_moves_its_cases(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.json") as ledger:
        case = old_case(ledger)
        customer = ledger.customer(ledger.case(case).customer_id)
        ledger.update_customer(Customer.from_json({**customer.to_json(), "limitation_law": "be"}))
        alert = ledger.case(case).limitation_alert
        assert alert is not None and alert.last_day == date(2031, 12, 1)  # 10 years


def test_a_closed_or_paid_case_has_no_warning(tmp_path: Path) -> None:
    from casetui.model import Payment

    with open_ledger(tmp_path / "l.json") as ledger:
        case = old_case(ledger)
        state = ledger.append(
            case, Payment(date=date(2022, 1, 5), amount=Money(Decimal("2400.00"), "EUR"))
        )
        assert state.limitation_alert is None
        assert state.next_action is not None and state.next_action.reason is Reason.PAID_IN_FULL


def test_reopening_the_ledger_gives_the_same_warnings(tmp_path: Path) -> None:
    path = tmp_path / "l.json"
    with open_ledger(path) as ledger:
        case = old_case(ledger)
        before = ledger.case(case)
    with open_ledger(path) as again:
        assert again.case(case).limitation_alert == before.limitation_alert
        assert again.case(case).next_action == before.next_action


def test_an_edit_that_sets_the_law_brings_the_warning_forward(tmp_path: Path) -> None:
    """Issue 15: a case given Dutch law by an edit is warned like one added with it; the
    edit itself is not an answer to a warning it could not have shown."""
    policy = LadderPolicy(creditor_law="be")  # 10 years by default: no warning yet
    today = LAST - timedelta(days=60)  # after the 90-day warning, before the 30-day one
    with open_ledger(tmp_path / "l.json", policy) as ledger:
        set_on_add = old_case(ledger, law="nl")
        edited = old_case(ledger, name="Groen B.V.")
        assert edited not in reasons(ledger, today)
        ledger.append(edited, Amended(date=today, limitation_law="nl"))
        assert ledger.case(edited).limitation_alert == ledger.case(set_on_add).limitation_alert
        got = reasons(ledger, today)
        assert got[edited] == got[set_on_add]
        assert got[edited].startswith("claim may be time-barred after 2026-12-01")


def test_a_snooze_never_hides_the_next_warning_day(tmp_path: Path) -> None:
    """Snoozed on the day of its 30-day warning until after the last day: the snooze
    answers that warning, but the case is back on the last day itself, not after it."""
    with open_ledger(tmp_path / "l.json") as ledger:
        case = old_case(ledger)
        warned = LAST - timedelta(days=30)
        ledger.append(case, Note(date=warned - timedelta(days=1), text="earlier ones seen"))
        state = ledger.append(case, Snooze(date=warned, until=LAST + timedelta(days=44)))
        assert state.next_action is not None
        assert (state.next_action.date, state.next_action.reason) == (LAST, Reason.LIMITATION)
        assert case not in reasons(ledger, warned + timedelta(days=7))
        assert case not in reasons(ledger, LAST - timedelta(days=1))
        assert reasons(ledger, LAST)[case].startswith("claim may be time-barred after 2026-12-01")
