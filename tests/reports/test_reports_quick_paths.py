"""The reports' quick paths give the report a fresh fold gives.

Aging reads the index rows alone when no case moved after the as-of day; otherwise it folds
a case again only when something after that day changed its balance or its dispute, and
then only its balance (`owed.owed_on`, `timeline.balance`). Here Hypothesis makes ledgers of
every shape (payments voided later, credit notes, disputes settled at an amount, cases
closed and reopened, entries dated before earlier ones, three currencies, one customer in
two of them) and each report is checked against one worked out from `owed.as_of`, the full
fold of the events known on the day, as of days before, between and after the events.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casetui.errors import CasetuiError
from casetui.ledger import Ledger
from casetui.model import (
    Call,
    CallOutcome,
    Channel,
    Closed,
    CloseReason,
    Credit,
    Customer,
    CustomerKind,
    Direction,
    DisputeOpened,
    DisputeSettled,
    LetterKind,
    LetterSent,
    Note,
    Opened,
    Payment,
    Promise,
    Reopened,
    Voided,
)
from casetui.money import Money
from casetui.owed import as_of, owed_minor
from casetui.reports import aging_report
from casetui.reports.aging import _owing_by_fold, _owing_by_rows, bucket_of

START = date(2026, 3, 2)
LAST = START + timedelta(days=150)
CURRENCIES = ("EUR", "GBP", "JPY")
CASES = 6

# (what, which case, day after START, an amount or a choice)
operation = st.tuples(
    st.sampled_from(
        [
            "payment",
            "payment",
            "credit",
            "void money",
            "undo",
            "dispute",
            "settle",
            "close paid",
            "close written off",
            "reopen",
            "letter",
            "call",
            "promise",
            "note",
        ]
    ),
    st.integers(0, CASES - 1),
    st.integers(0, 150),
    st.integers(1, 900),
)


def _money(units: int, currency: str) -> Money:
    # JPY has no minor unit: the same draw is a whole number of yen.
    amount = Decimal(units * 100) if currency == "JPY" else Decimal(units)
    return Money(amount, currency)


def _event(what: str, day: date, units: int, currency: str, state) -> object | None:
    if what == "payment":
        return Payment(date=day, amount=_money(units, currency))
    if what == "credit":
        return Credit(date=day, amount=_money(units // 3 + 1, currency))
    if what == "void money":
        money = [
            raw["id"]
            for raw in state.raw_events
            if raw["kind"] in ("payment", "credit") and raw["id"] not in state.voided_ids
        ]
        return Voided(date=day, voids=(money[units % len(money)],)) if money else None
    if what == "dispute":
        return DisputeOpened(date=day, reason="not as ordered")
    if what == "settle":
        return DisputeSettled(date=day, terms="agreed", amount=_money(units, currency))
    if what == "close paid":
        return Closed(date=day, reason=CloseReason.PAID)
    if what == "close written off":
        return Closed(date=day, reason=CloseReason.WRITTEN_OFF)
    if what == "reopen":
        return Reopened(date=day, reason="again")
    if what == "letter":
        kinds = (LetterKind.REMINDER, LetterKind.SECOND_REMINDER, LetterKind.FORMAL_NOTICE)
        return LetterSent(date=day, letter_kind=kinds[units % 3], channel=Channel.EMAIL)
    if what == "call":
        inbound = units % 4 == 0
        return Call(
            date=day,
            outcome=CallOutcome.REACHED,
            direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
        )
    if what == "promise":
        return Promise(date=day, amount=_money(units, currency), by=day + timedelta(units % 20))
    return Note(date=day, text="spoke to accounts")


def _build(path: Path, operations: list[tuple[str, int, int, int]]) -> None:
    with Ledger.open(path, backup=False, today=LAST) as ledger:
        ids = []
        customer_ids: list[str] = []
        for number in range(CASES):
            who = number % 2  # customer 0 has EUR and JPY cases; customer 1 EUR and GBP
            currency = CURRENCIES[number % 3]
            issued = START + timedelta(days=7 * number)
            state = ledger.open_case(
                Opened(
                    date=issued,
                    invoice=f"INV-{number}",
                    customer_id=customer_ids[who] if len(customer_ids) > who else "",
                    issued=issued,
                    due=issued + timedelta(days=30),
                    amount=_money(1000, currency),
                ),
                new_customer=None
                if len(customer_ids) > who
                else Customer(id="", name=f"Customer {who}", kind=CustomerKind.BUSINESS),
            )
            if len(customer_ids) <= who:
                customer_ids.append(state.customer_id)
            ids.append(state.id)
        for what, number, offset, units in operations:
            case_id = ids[number]
            state = ledger.case(case_id)
            # Days run in the order drawn, not the order written: entries come backdated.
            day = max(state.issued, START + timedelta(days=offset))
            try:
                if what == "undo":
                    ledger.undo(case_id, day)
                    continue
                event = _event(what, day, units, state.currency, state)
                if event is not None:
                    ledger.append(case_id, event)
            except CasetuiError:
                pass  # refused by the ledger's rules (a payment on a closed case...)


def _expected(ledger: Ledger, day: date) -> tuple[dict, dict, dict]:
    """Per currency, per (customer, currency) and per case, from the full fold as of `day`:
    buckets, cases, disputed."""
    currencies: dict[str, list[int]] = defaultdict(lambda: [0] * 8)
    customers: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 8)
    cases = {}
    for state in ledger.cases():
        then = as_of(state, day)
        owed = 0 if then is None else owed_minor(then)
        if not owed:
            continue
        bucket = bucket_of((day - then.due).days)
        disputed = then.dispute is not None
        for sums in (currencies[then.currency], customers[(then.customer_id, then.currency)]):
            sums[bucket] += owed
            sums[5] += 1
            sums[6] += owed if disputed else 0
            sums[7] += disputed
        cases[state.id] = (then.currency, bucket, owed, disputed)
    return dict(currencies), dict(customers), cases


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(operation, min_size=5, max_size=45))
def test_aging_is_the_full_fold_on_every_day(operations) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.json"
        _build(path, operations)
        with Ledger.open(path, readonly=True) as ledger:
            # Nothing happened after the last day: the index rows alone answer for it.
            by_rows = _owing_by_rows(ledger, LAST)
            assert by_rows is not None
            assert {(case.id, owed, disputed) for case, owed, disputed in by_rows} == {
                (case.id, owed, disputed)
                for case, owed, disputed in _owing_by_fold(ledger, LAST, ledger.policy)
            }
            days = [START - timedelta(days=1), LAST, LAST + timedelta(days=40)]
            days += [START + timedelta(days=offset) for offset in range(3, 150, 11)]
            for day in days:
                currencies, customers, cases = _expected(ledger, day)
                report = aging_report(ledger, day)
                assert {
                    c.currency: [*c.buckets, c.cases, c.disputed, c.disputed_cases]
                    for c in report.currencies
                } == currencies, day
                assert {
                    (line.customer_id, line.currency): [*line.buckets, line.cases, line.disputed]
                    for line in report.lines
                } == {key: sums[:7] for key, sums in customers.items()}, day
                assert [line.total for line in report.lines] == [
                    sum(line.buckets) for line in report.lines
                ]
                by_case = aging_report(ledger, day, by="case")
                assert {
                    line.id: (
                        line.currency,
                        next(i for i, minor in enumerate(line.buckets) if minor),
                        line.total,
                        bool(line.disputed),
                    )
                    for line in by_case.lines
                } == cases, day
                assert by_case.currencies == report.currencies
