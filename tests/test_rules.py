"""Rules in the core (issue 19, item 2): one function per rule, and `Ledger.append` refuses
what no front end may write."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.errors import InputError
from casetui.ladder import LadderPolicy
from casetui.ledger import Ledger
from casetui.model import (
    Amended,
    Call,
    CallOutcome,
    Channel,
    Closed,
    CloseReason,
    LetterKind,
    LetterSent,
    Payment,
    Snooze,
)
from casetui.rules import (
    check_in_range,
    check_not_in_future,
    closed_case_refuses,
    follow_up_after_call,
)
from tests.support import customer, eur, opened

FRIDAY = date(2026, 11, 27)
BELGIUM = LadderPolicy(country="BE")


def test_a_call_back_lands_on_the_creditor_s_next_working_day() -> None:
    nowhere = LadderPolicy()
    assert follow_up_after_call(CallOutcome.NO_ANSWER, FRIDAY, nowhere) == date(2026, 11, 30)
    # Wednesday 11 November is a public holiday in Belgium, not in the Netherlands.
    tuesday = date(2026, 11, 10)
    assert follow_up_after_call(CallOutcome.WRONG_NUMBER, tuesday, BELGIUM) == date(2026, 11, 12)
    dutch = LadderPolicy(country="NL")
    assert follow_up_after_call(CallOutcome.WRONG_NUMBER, tuesday, dutch) == date(2026, 11, 11)


def test_each_outcome_has_its_follow_up() -> None:
    policy = LadderPolicy(dispute_follow_up_days=3, country="BE")
    monday = date(2026, 11, 23)
    assert follow_up_after_call(CallOutcome.REACHED, monday, policy) == date(2026, 11, 30)
    assert follow_up_after_call(CallOutcome.DISPUTED, monday, policy) == date(2026, 11, 26)
    assert follow_up_after_call(CallOutcome.PROMISED, monday, policy) is None
    # Promised by Friday: broken on Saturday, looked at on Monday.
    assert follow_up_after_call(CallOutcome.PROMISED, monday, policy, FRIDAY) == date(2026, 11, 30)


def test_the_date_rules() -> None:
    assert check_in_range(date(1900, 1, 1)) == date(1900, 1, 1)
    with pytest.raises(InputError, match=r"--due 9999-12-31 is out of range \(1900 to 2199\)"):
        check_in_range(date(9999, 12, 31), "--due")
    assert check_not_in_future(FRIDAY, FRIDAY) == FRIDAY
    with pytest.raises(InputError, match="is in the future"):
        check_not_in_future(date(2026, 11, 28), FRIDAY)


def test_what_a_closed_case_takes() -> None:
    assert not closed_case_refuses("payment") and not closed_case_refuses("reopened")
    assert closed_case_refuses("call") and closed_case_refuses("letter")


@pytest.fixture
def ledger(tmp_path: Path):
    with Ledger.open(tmp_path / "ledger.json", today=FRIDAY) as opened_ledger:
        yield opened_ledger


@pytest.mark.parametrize(
    "event",
    [
        Payment(date=date(2026, 11, 28), amount=eur("10")),
        LetterSent(
            date=date(2026, 12, 10), letter_kind=LetterKind.SECOND_REMINDER, channel=Channel.POST
        ),
        Call(date=date(2026, 11, 28), outcome=CallOutcome.REACHED),
    ],
)
def test_the_ledger_refuses_what_happened_in_the_future(ledger: Ledger, event: object) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    with pytest.raises(InputError, match="is in the future"):
        ledger.append(state.id, event)  # type: ignore[arg-type]
    assert ledger.case(state.id).last_event_id == 1


def test_the_ledger_refuses_a_call_whose_next_action_is_before_it(ledger: Ledger) -> None:
    """Regression: only `casetui log call --next` and the app's call form refused it (each
    its own copy); the ledger took a call whose follow-up came before the call."""
    state = ledger.open_case(opened(), new_customer=customer())
    call = Call(date=FRIDAY, outcome=CallOutcome.REACHED, next_action=date(2026, 11, 26))
    with pytest.raises(InputError, match="next action 2026-11-26 is before the call"):
        ledger.append(state.id, call)
    assert ledger.case(state.id).last_event_id == 1
    ledger.append(state.id, replace(call, next_action=FRIDAY))  # the same day is fine


def test_the_ledger_refuses_a_letter_whose_deadline_is_before_it(ledger: Ledger) -> None:
    """Regression: only `casetui log letter --deadline` refused it, in its own copy."""
    state = ledger.open_case(opened(), new_customer=customer())
    letter = LetterSent(
        date=FRIDAY,
        letter_kind=LetterKind.REMINDER,
        channel=Channel.POST,
        deadline=date(2026, 11, 20),
    )
    with pytest.raises(InputError, match="deadline 2026-11-20 is before the letter"):
        ledger.append(state.id, letter)
    assert ledger.case(state.id).last_event_id == 1


def test_the_ledger_refuses_an_invoice_issued_in_the_future(
    ledger: Ledger,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: only `casetui add` refused an issue date after today; the ledger took it
    from the app's new-case and edit forms, `casetui edit --issued` and `casetui import`."""
    later = date(2026, 11, 28)
    with pytest.raises(InputError, match="issued 2026-11-28 is in the future"):
        recorded_today = replace(opened(issued=later, due=date(2026, 12, 28)), date=FRIDAY)
        ledger.open_case(recorded_today, new_customer=customer())
    assert len(ledger) == 0
    state = ledger.open_case(opened(), new_customer=customer())
    with pytest.raises(InputError, match="issued 2026-11-28 is in the future"):
        ledger.append(state.id, Amended(date=FRIDAY, issued=later, due=date(2026, 12, 28)))
    assert ledger.case(state.id).last_event_id == 1
    # The command line says it in one line, and an import plans it as a refused row.
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    db = str(tmp_path / "cli" / "ledger.json")
    base = ["--db", db, "--today", FRIDAY.isoformat()]
    add = ["add", "--customer", "X", "--invoice", "1", "--amount", "5"]
    assert main([*base, *add, "--issued", "2026-10-01", "--due", "2026-10-31"]) == 0
    capsys.readouterr()
    assert main([*base, "edit", "C-2026-0001", "--issued", "+1d", "--due", "+1m"]) == 2
    assert capsys.readouterr().err == (
        "casetui: issued 2026-11-28 is in the future (today is 2026-11-27)\n"
    )
    rows = tmp_path / "future.csv"
    rows.write_text(
        "Invoice Number;Customer;Invoice Date;Due Date;Balance\n9;Y;2026-11-28;2026-12-28;5,00\n"
    )
    assert main([*base, "import", str(rows)]) == 2
    assert "invoice 9: issued 2026-11-28, after today (2026-11-27)" in capsys.readouterr().err


def test_the_ledger_refuses_dates_out_of_range_and_a_closed_case(ledger: Ledger) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    with pytest.raises(InputError, match="until 2200-01-01 is out of range"):
        ledger.append(state.id, Snooze(date=FRIDAY, until=date(2200, 1, 1)))
    ledger.append(state.id, Closed(date=FRIDAY, reason=CloseReason.WRITTEN_OFF))
    with pytest.raises(InputError, match="is closed; reopen it first"):
        ledger.append(state.id, Call(date=FRIDAY, outcome=CallOutcome.REACHED))
    ledger.append(state.id, Payment(date=FRIDAY, amount=eur("1")))  # money still arrives


def test_advance_refuses_a_letter_dated_in_the_future(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18, item 3: `advance --date` after today recorded a letter "sent" in the future."""
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    db = str(tmp_path / "ledger.json")
    assert main(["--db", db, "--today", "2026-11-23", "demo", "--cases", "8"]) == 0
    before = Path(db).read_bytes()
    argv = ["--db", db, "--today", "2026-12-03", "advance", "C-2026-0002", "--yes"]
    capsys.readouterr()
    assert main([*argv, "--date", "2026-12-10"]) == 2
    assert "in the future" in capsys.readouterr().err
    assert Path(db).read_bytes() == before
