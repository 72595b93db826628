"""`Ledger.append_many` (a bank statement's thousands of payments in one commit) records
exactly what the same actions appended one by one record: the same events, ids, undo groups
and folds, and refuses exactly what they refuse, writing nothing then."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casetui.caseindex import row_of
from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.model import Closed, CloseReason, Note, Payment, Promise, Reopened, Snooze
from casetui.money import Money
from tests.support import customer, opened

DAY = date(2026, 11, 20)
CASES = 4


def _ledger(folder: Path) -> tuple[Ledger, list[str]]:
    ledger = Ledger.open(folder / "ledger.json", backup=False, today=DAY + timedelta(days=3))
    first = ledger.open_case(opened(invoice="F-0", amount="300.00"), new_customer=customer())
    ids = [first.id]
    for number in range(1, CASES):
        state = ledger.open_case(
            opened(invoice=f"F-{number}", amount="300.00", customer_id=first.customer_id)
        )
        ids.append(state.id)
    return ledger, ids


def _event(kind: str, amount: int) -> Any:
    money = Money(Decimal(amount), "EUR")
    if kind == "payment":
        return Payment(date=DAY, amount=money, method="bank", entry=f"E{amount}")
    if kind == "promise":
        return Promise(date=DAY, amount=money, by=DAY + timedelta(days=amount))
    if kind == "snooze":
        return Snooze(date=DAY, until=DAY + timedelta(days=amount))
    if kind == "closed":
        return Closed(date=DAY, reason=CloseReason.PAID, note="paid")
    if kind == "reopened":
        return Reopened(date=DAY, reason="cheque bounced")
    return Note(date=DAY, text=f"note {amount} é")


KINDS = st.sampled_from(["payment", "promise", "snooze", "closed", "reopened", "note"])
ACTION = st.tuples(
    st.integers(0, CASES - 1),
    st.lists(st.tuples(KINDS, st.integers(1, 150)), min_size=1, max_size=3),
)


def _comparable(ledger: Ledger, case_id: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A case's events and index row without what differs between two runs (the time
    they were recorded, and the chain hashes taken over it)."""
    state = ledger.case(case_id)
    events = [
        {k: v for k, v in raw.items() if k not in ("recorded_at", "prev")}
        for raw in state.raw_events
    ]
    row = {
        k: v
        for k, v in row_of(state, ledger.customer(state.customer_id).name).items()
        if k not in ("head",)
    }
    return events, row


def _ids(events: list[Any]) -> list[tuple[int, str]]:
    return [(event.id, event.kind) for event in events]


def _one_by_one(ledger: Ledger, actions: list[tuple[str, list[Any]]]) -> None:
    with ledger.transaction():
        for case_id, events in actions:
            ledger.append(case_id, *events)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTION, min_size=1, max_size=8))
def test_many_at_once_records_what_one_by_one_records(plan) -> None:
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as other:
        each, ids = _ledger(Path(one))
        many, _ = _ledger(Path(other))
        try:
            actions = [(ids[case], [_event(*spec) for spec in specs]) for case, specs in plan]
            refused: list[str] = []
            for ledger, write in (
                (each, _one_by_one),
                (many, lambda ledger, actions: ledger.append_many(actions)),
            ):
                try:
                    write(ledger, actions)
                except InputError as error:
                    refused.append(str(error))
            # Both refuse, or neither does (the batch checks case by case, so it may name
            # another of the refused actions first).
            assert len(refused) in (0, 2)
            for case_id in ids:
                assert _comparable(each, case_id) == _comparable(many, case_id)
            if not refused:
                # Each action is its own undo, whichever way it was recorded.
                for case_id in {case_id for case_id, _ in actions}:
                    assert _ids(each.last_action(case_id)) == _ids(many.last_action(case_id))
                    each.undo(case_id, DAY)
                    many.undo(case_id, DAY)
                    assert _comparable(each, case_id) == _comparable(many, case_id)
            assert not many.verify().problems
        finally:
            each.close()
            many.close()


def test_a_refused_action_writes_nothing_of_the_batch(tmp_path: Path) -> None:
    ledger, ids = _ledger(tmp_path)
    try:
        paid = Payment(date=DAY, amount=Money(Decimal("10.00"), "EUR"))
        future = Note(date=DAY + timedelta(days=30), text="not yet")
        with pytest.raises(InputError, match="in the future"):
            ledger.append_many([(ids[0], [paid]), (ids[1], [paid]), (ids[2], [future])])
        assert all(len(ledger.case(case_id).raw_events) == 1 for case_id in ids)
    finally:
        ledger.close()
    with Ledger.open(tmp_path / "ledger.json", readonly=True) as again:
        assert all(len(again.case(case_id).raw_events) == 1 for case_id in ids)


def test_nothing_to_append_is_refused(tmp_path: Path) -> None:
    ledger, ids = _ledger(tmp_path)
    try:
        with pytest.raises(ValueError, match="nothing to append"):
            ledger.append_many([(ids[0], [])])
    finally:
        ledger.close()


def test_a_case_named_two_ways_is_one_case(tmp_path: Path) -> None:
    ledger, ids = _ledger(tmp_path)
    try:
        states = ledger.append_many(
            [(ids[0], [Note(date=DAY, text="one")]), (ids[0].lower(), [Note(date=DAY, text="two")])]
        )
        assert list(states) == [ids[0]]
        notes = [raw.get("text") for raw in ledger.case(ids[0]).raw_events[1:]]
        assert notes == ["one", "two"]
        assert [raw.get("part_of") for raw in ledger.case(ids[0]).raw_events[1:]] == [None, None]
    finally:
        ledger.close()
