"""A property: whatever sequence of writes, undos, imports, compactions and crashes a
ledger goes through, its index never disagrees with its events, and nothing acknowledged
is lost."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casetui.agenda import build_agenda
from casetui.caseindex import row_of
from casetui.errors import CasetuiError
from casetui.ledger import Ledger
from casetui.model import (
    Closed,
    CloseReason,
    DisputeOpened,
    DisputeSettled,
    Note,
    Payment,
    Promise,
    Reopened,
    Snooze,
)
from casetui.store import chain, journal
from casetui.store.durable import journal_path
from casetui.store.verify import verify_ledger
from tests.support import customer, eur, opened

START = date(2026, 10, 1)

case_number = st.integers(0, 3)
operation = st.one_of(
    st.tuples(st.just("note"), case_number),
    st.tuples(st.just("payment"), case_number, st.integers(1, 200_000)),
    st.tuples(st.just("promise"), case_number, st.integers(0, 40)),
    st.tuples(st.just("snooze"), case_number, st.integers(1, 40)),
    st.tuples(st.just("dispute"), case_number),
    st.tuples(st.just("settle"), case_number),
    st.tuples(st.just("close"), case_number),
    st.tuples(st.just("reopen"), case_number),
    st.tuples(st.just("undo"), case_number),
    st.tuples(st.just("import"), st.integers(1, 3)),
    # The customer's law moves the limitation warning (a next action) of all their cases.
    st.tuples(st.just("customer law"), st.sampled_from(["", "be", "nl", "ew", "scot"])),
    # Rows of open cases hold the customer's name: a new name (or its undo) rewrites them.
    st.tuples(st.just("customer name"), st.sampled_from(["Customer 0", "Klant Nul BV", "Zéro"])),
    st.tuples(st.just("customer undo")),
    st.tuples(st.just("compact")),
    st.tuples(st.just("torn write"), case_number),
    st.tuples(st.just("crash while compacting")),
)


def _events(kind: str, day: date, argument: int) -> tuple:
    if kind == "note":
        return (Note(date=day, text=f"note on {day}"),)
    if kind == "payment":
        return (Payment(date=day, amount=eur(f"{argument / 100:.2f}")),)
    if kind == "promise":
        return (Promise(date=day, amount=eur("100.00"), by=day + timedelta(days=argument)),)
    if kind == "snooze":
        return (Snooze(date=day, until=day + timedelta(days=argument)),)
    if kind == "dispute":
        return (DisputeOpened(date=day, reason="not ordered"),)
    if kind == "settle":
        return (DisputeSettled(date=day, terms="half", amount=eur("500.00")),)
    if kind == "close":
        return (Closed(date=day, reason=CloseReason.PAID),)
    return (Reopened(date=day, reason="again"),)


def _apply(db: Path, ledger: Ledger, step: int, op: tuple) -> Ledger:
    """Run one operation; returns the ledger to go on with (a crash reopens it)."""
    day = START + timedelta(days=step)
    kind = op[0]
    ids = sorted(row.id for row in ledger.rows())
    try:
        if kind == "import":
            first = ledger.find_customer("Customer 0")
            for number in range(op[1]):
                ledger.open_case(
                    opened(invoice=f"I-{step}-{number}", customer_id=first.id if first else ""),
                    new_customer=None if first else customer("Customer 0"),
                    with_opening=[Note(date=day, text="imported")],
                )
                first = ledger.find_customer("Customer 0")
        elif kind == "customer law":
            first = ledger.find_customer("Customer 0")
            if first is not None:
                ledger.update_customer(dataclasses.replace(first, limitation_law=op[1]))
        elif kind in ("customer name", "customer undo"):
            first = next(iter(ledger.customers()), None)
            if first is not None and kind == "customer name":
                ledger.update_customer(dataclasses.replace(first, name=op[1]))
            elif first is not None:
                ledger.undo_customer(first.id, day)
        elif kind == "compact":
            ledger.store.compact()
        elif kind == "torn write" and ids:
            # A process dies half-way through its journal line: the line has no newline.
            ledger.close()
            with open(journal_path(db), "ab") as handle:
                handle.write(b'0badf00d {"case:' + ids[op[1] % len(ids)].encode() + b'":{"9')
            return Ledger.open(db, backup=False)
        elif kind == "crash while compacting":
            # The new snapshot is in place, then the process dies before the new journal.
            real = journal.Journal.reset

            def die(self: journal.Journal, snapshot_id: str | None) -> None:
                raise SystemExit("killed")

            journal.Journal.reset = die  # type: ignore[method-assign]
            try:
                ledger.store.compact()
            except SystemExit:
                pass
            finally:
                journal.Journal.reset = real  # type: ignore[method-assign]
            ledger.close()
            return Ledger.open(db, backup=False)
        elif ids:
            case_id = ids[op[1] % len(ids)]
            if kind == "undo":
                ledger.undo(case_id, day)
            elif kind in (
                "note",
                "payment",
                "promise",
                "snooze",
                "dispute",
                "settle",
                "close",
                "reopen",
            ):
                ledger.append(case_id, *_events(kind, day, op[2] if len(op) > 2 else 0))
    except CasetuiError:
        pass  # refused by the ledger's rules: nothing was written
    return ledger


def _check(db: Path, acknowledged: dict[str, int]) -> None:
    with Ledger.open(db, readonly=True) as ledger:
        store = ledger.store
        states = {state.id: state for state in ledger.cases()}
        assert {row.id for row in ledger.rows()} == set(states)
        for case_id, state in states.items():
            raw = dict(store.row(case_id))
            assert raw.pop("head") == chain.event_hash(state.raw_events[-1])
            assert raw.pop("last") == state.last_event_id
            assert raw == row_of(state, ledger.customer(state.customer_id).name)
            assert state.last_event_id >= acknowledged.get(case_id, 0)
        for today in (START, START + timedelta(days=60)):
            assert [(i.case.id, i.score) for i in ledger.agenda_rows(today)] == [
                (i.case.id, i.score) for i in build_agenda(states.values(), today)
            ]
        assert verify_ledger(store).ok


@given(st.lists(operation, min_size=1, max_size=18))
@settings(
    max_examples=int(os.environ.get("CASETUI_PROPERTY_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_the_index_never_disagrees_with_the_events(operations: list[tuple]) -> None:
    with tempfile.TemporaryDirectory(prefix="casetui-property-") as folder:
        db = Path(folder) / "ledger.json"
        ledger = Ledger.open(db, backup=False)
        acknowledged: dict[str, int] = {}
        try:
            ledger.open_case(opened(invoice="F-0"), new_customer=customer("Customer 0"))
            for step, op in enumerate(operations, start=1):
                ledger = _apply(db, ledger, step, op)
                for row in ledger.rows():  # what each case is known to hold by now
                    acknowledged[row.id] = row.last_event_id
        finally:
            ledger.close()
        _check(db, acknowledged)


@pytest.mark.parametrize("seed", range(3))
def test_a_long_random_history_keeps_the_index_true(seed: int, tmp_path: Path) -> None:
    """The same, one long run per seed (hypothesis explores short ones)."""
    import random

    chooser = random.Random(seed)
    kinds = ["note", "payment", "promise", "snooze", "dispute", "settle", "close", "reopen"]
    db = tmp_path / "ledger.json"
    ledger = Ledger.open(db, backup=False)
    try:
        ledger.open_case(opened(invoice="F-0"), new_customer=customer("Customer 0"))
        for step in range(1, 120):
            roll = chooser.random()
            if roll < 0.1:
                op: tuple = ("import", chooser.randint(1, 2))
            elif roll < 0.15:
                op = ("undo", chooser.randint(0, 9))
            elif roll < 0.17:
                op = ("customer law", chooser.choice(["", "be", "nl", "ew", "scot"]))
            elif roll < 0.18:
                op = ("compact",)
            elif roll < 0.2:
                op = (chooser.choice(["torn write", "crash while compacting"]), 0)
            else:
                op = (chooser.choice(kinds), chooser.randint(0, 9), chooser.randint(1, 40))
            ledger = _apply(db, ledger, step, op)
    finally:
        ledger.close()
    _check(db, {})
