"""One action on several cases (issue 18, what daily users expect next): one commit, all or
nothing, and one undo for the lot, designed in the ledger so the app and the CLI share it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.model import Closed, CloseReason, Note, Snooze
from tests.support import customer, opened

DAY = date(2026, 11, 20)


def three_cases(ledger: Ledger) -> list[str]:
    first = ledger.open_case(opened(invoice="F-1"), new_customer=customer("Acme BV"))
    return [
        first.id,
        ledger.open_case(opened(invoice="F-2", customer_id=first.customer_id)).id,
        ledger.open_case(opened(invoice="F-3"), new_customer=customer("Beta BV")).id,
    ]


def test_a_batch_is_one_commit_and_one_undo(ledger: Ledger, ledger_path: Path) -> None:
    ids = three_cases(ledger)
    until = DAY + timedelta(days=7)
    batch, states = ledger.append_batch(
        [(case_id, (Snooze(date=DAY, until=until, reason="holiday"),)) for case_id in ids]
    )
    assert [s.snoozed_until for s in states] == [until] * 3
    assert ledger.batch_cases(batch) == sorted(ids)
    undone = ledger.undo_batch(batch, DAY)
    assert [state.id for _, state in undone] == sorted(ids)
    assert all(ledger.case(case_id).snoozed_until is None for case_id in ids)
    with pytest.raises(InputError, match="nothing left to undo"):
        ledger.undo_batch(batch, DAY)
    # Each case's own redo brings its part back.
    _, state = ledger.redo(ids[0], DAY)
    assert state.snoozed_until == until
    ledger.close()
    with Ledger.open(ledger_path, readonly=True) as again:
        assert again.case(ids[0]).snoozed_until == until
        assert again.case(ids[1]).snoozed_until is None


def test_a_batch_is_all_or_nothing(ledger: Ledger) -> None:
    ids = three_cases(ledger)
    ledger.append(ids[1], Closed(date=DAY, reason=CloseReason.WRITTEN_OFF))
    until = DAY + timedelta(days=7)
    with pytest.raises(InputError, match="closed"):
        ledger.append_batch([(case_id, (Snooze(date=DAY, until=until),)) for case_id in ids])
    assert all(ledger.case(case_id).snoozed_until is None for case_id in ids)


def test_undo_of_a_batch_refuses_when_a_case_moved_on(ledger: Ledger) -> None:
    ids = three_cases(ledger)
    batch, _ = ledger.append_batch([(case_id, (Note(date=DAY, text="x"),)) for case_id in ids])
    ledger.append(ids[2], Note(date=DAY, text="later"))
    with pytest.raises(InputError, match=f"{ids[2]} has a newer action"):
        ledger.undo_batch(batch, DAY)
    assert all(len(ledger.case(case_id).voided_ids) == 0 for case_id in ids)


def test_redo_of_a_batch_brings_the_lot_back(ledger: Ledger) -> None:
    ids = three_cases(ledger)
    until = DAY + timedelta(days=7)
    batch, _ = ledger.append_batch([(case_id, (Snooze(date=DAY, until=until),)) for case_id in ids])
    with pytest.raises(InputError, match="nothing of that action to redo"):
        ledger.redo_batch(batch, DAY)
    ledger.undo_batch(batch, DAY)
    redone = ledger.redo_batch(batch, DAY)
    assert [state.snoozed_until for _, state in redone] == [until] * 3
    ledger.undo_batch(batch, DAY)
    ledger.append(ids[0], Note(date=DAY, text="new"))
    with pytest.raises(InputError, match=f"{ids[0]} has a newer action"):
        ledger.redo_batch(batch, DAY)
    assert all(ledger.case(case_id).snoozed_until is None for case_id in ids)
