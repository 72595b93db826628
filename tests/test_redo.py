"""Redo (issue 18, item 18): an undo is cancelled by voiding it, latest first, until a new
action is recorded; nothing is deleted, and the history reads the same after reopening."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.model import Call, CallOutcome, Note, Promise, Voided
from tests.support import customer, eur, opened

DAY = date(2026, 11, 20)


def test_redo_restores_undone_actions_latest_first(ledger: Ledger, ledger_path: Path) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    ledger.append(state.id, Note(date=DAY, text="first"))
    ledger.append(
        state.id,
        Call(date=DAY, outcome=CallOutcome.PROMISED, note="half on Friday"),
        Promise(date=DAY, amount=eur("625.00"), by=date(2026, 11, 27)),
    )
    with pytest.raises(InputError, match="nothing to redo"):
        ledger.redo(state.id, DAY)
    ledger.undo(state.id, DAY)
    ledger.undo(state.id, DAY)
    restored, state = ledger.redo(state.id, DAY)
    assert [event.kind for event in restored] == ["note"]
    restored, state = ledger.redo(state.id, DAY)
    assert [event.kind for event in restored] == ["call", "promise"]
    assert state.promise is not None and state.promise.amount == eur("625.00")
    with pytest.raises(InputError, match="nothing to redo"):
        ledger.redo(state.id, DAY)
    redo = state.timeline()[-1]
    assert isinstance(redo, Voided) and redo.reason.startswith("redo: outbound call")
    # undo after a redo cancels the restored action again, and redo brings it back
    undone, state = ledger.undo(state.id, DAY)
    assert [event.kind for event in undone] == ["call", "promise"]
    assert state.promise is None
    _, state = ledger.redo(state.id, DAY)
    assert state.promise is not None
    ledger.close()
    with Ledger.open(ledger_path, readonly=True) as again:
        assert again.case(state.id).promise is not None


def test_a_new_action_after_an_undo_ends_redo(ledger: Ledger) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    ledger.append(state.id, Note(date=DAY, text="first"))
    ledger.undo(state.id, DAY)
    ledger.append(state.id, Note(date=DAY, text="second"))
    with pytest.raises(InputError, match="nothing to redo"):
        ledger.redo(state.id, DAY)
    assert ledger.undone_action(state.id) is None


def test_only_a_redo_may_void_an_undo(ledger: Ledger) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    ledger.append(state.id, Note(date=DAY, text="first"))
    _, state = ledger.undo(state.id, DAY)
    undo = state.timeline()[-1]
    with pytest.raises(InputError, match="cannot be voided"):
        ledger.append(state.id, Voided(date=DAY, voids=(undo.id,), reason="a correction"))
