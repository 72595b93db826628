"""A settlement for less than the claim says what it gave up; one for more is refused.

The claim a settlement replaced is the one on the day it was agreed, interest and costs
included (LAW.md 8.4); `show`, `show --json` and the recording itself say what was waived.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from casetui.claims import claim_before_settlement, claim_for_case, given_up_words
from casetui.cli import main
from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.model import DisputeSettled, Payment, PlanInstalment
from casetui.rules import check_within_claim
from tests.support import customer, eur, opened

AGREED = date(2026, 12, 3)


def test_the_claim_before_the_settlement_is_the_claim_on_its_day(tmp_path: Path) -> None:
    """The same figures as the claim computed that day before it was agreed (a payment made
    before it applied as the law imputes it)."""
    with Ledger.open(tmp_path / "l.json", backup=False, today=AGREED) as ledger:
        case = ledger.open_case(opened(amount="1000.00"), new_customer=customer()).id
        ledger.append(case, Payment(date=date(2026, 11, 10), amount=eur("100.00")))
        debtor = ledger.customer(ledger.case(case).customer_id)
        that_day = claim_for_case(ledger.case(case), debtor, AGREED)
        state = ledger.append(
            case,
            DisputeSettled(
                date=AGREED,
                terms="two payments",
                instalments=(
                    PlanInstalment(date(2026, 12, 20), eur("450.00")),
                    PlanInstalment(date(2027, 1, 20), eur("450.00")),
                ),
            ),
        )
        assert claim_for_case(state, debtor, AGREED).total == Decimal("900.00")
        before = claim_before_settlement(state, debtor)
    assert before is not None and that_day.interest > 0
    figures = ("principal", "interest", "compensation", "total")
    assert [getattr(before, f) for f in figures] == [getattr(that_day, f) for f in figures]
    assert given_up_words(Decimal("900.00"), before).endswith(" waived")


@pytest.mark.parametrize(
    ("agreed", "words"),
    [
        ("207.74", "nothing waived"),
        ("166.12", "interest 1.62 and compensation 40.00 waived"),
        ("187.74", "20.00 of interest 1.62 and compensation 40.00 waived"),
        ("100.00", "interest 1.62, compensation 40.00 and 66.12 of the principal waived"),
    ],
)
def test_what_an_agreed_amount_gives_up(agreed: str, words: str) -> None:
    class Before:  # the three figures `given_up_words` reads from a claim
        currency = "EUR"
        principal, interest, compensation = Decimal("166.12"), Decimal("1.62"), Decimal("40.00")
        total = principal + interest + compensation

    assert given_up_words(Decimal(agreed), Before()) == words  # type: ignore[arg-type]


def test_a_settlement_for_more_than_the_claim_is_refused() -> None:
    plan = DisputeSettled(
        date=AGREED, terms="t", instalments=(PlanInstalment(date(2026, 12, 20), eur("5000")),)
    )
    with pytest.raises(InputError, match=r"add up to 5,000.00 EUR, more than the 207.74 EUR"):
        check_within_claim(plan, Decimal("207.74"), "EUR")
    check_within_claim(plan, Decimal("5000.00"), "EUR")  # the whole claim is fine


def test_the_command_line_says_what_a_plan_gave_up_and_refuses_too_much(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "ledger.json")

    def run(*argv: str, code: int = 0) -> tuple[str, str]:
        got = main(["--db", db, "--today", AGREED.isoformat(), *argv])
        out, err = capsys.readouterr()
        assert got == code, err
        return out, err

    run("add", "--customer", "Acme BV", "--country", "BE", "--invoice", "F1",
        "--amount", "1000", "--issued", "2026-10-01", "--due", "2026-10-31")  # fmt: skip
    case = "C-2026-0001"
    claim = json.loads(run("show", case, "--json")[0])["claim"]
    owed_today = Decimal(claim["total"])
    assert owed_today > Decimal("1040.00")
    _, err = run("log", case, "settle", "--terms", "t", "--instalment", "2026-12-20=5000", code=2)
    assert err.strip() == (
        "casetui: settle: the instalments add up to 5,000.00 EUR, more than the "
        f"{owed_today:,.2f} EUR owed today with interest and costs"
    )
    out, _ = run("log", case, "settle", "--terms", "t",
                 "--instalment", "2026-12-20=500", "--instalment", "2027-01-20=500")  # fmt: skip
    interest = Decimal(claim["interest"])
    waived = f"interest {interest} and compensation 40.00 waived"
    assert out.count("\n") == 1 and f"; settled on 2026-12-03 for 1,000.00 EUR ({waived})" in out
    shown, _ = run("show", case)
    assert f"Settled   on 2026-12-03 for 1,000.00 EUR ({waived})" in shown
    settlement = json.loads(run("show", case, "--json")[0])["settlement"]
    assert settlement["settled_from"] == {
        "principal": "1000.00",
        "interest": str(interest),
        "compensation": "40.00",
        "total": str(owed_today),
    }
