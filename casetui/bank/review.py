"""What the app's bank screen does besides reading: propose cases for an entry, record
the cases a person chose, and undo what the screen recorded.

- `propose_cases`: the cases a person is likely to want for an entry: the probable match,
  then the recognised payer's open cases, then open cases owing exactly the amount; or,
  with a query, open cases whose id, invoice, customer or amount fit every word typed.
- `chosen_match`: an entry paid to the cases picked, split oldest first like any match.
- `undo_recorded`: take back what one change recorded, case by case, only where it is still
  the case's last action. A payment (and the closing with it) is voided like any undo; a
  return is taken back by recording the payments it had voided again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from casetui import codec
from casetui.bank.index import CaseIndex
from casetui.bank.matching import EntryMatch, allocate
from casetui.errors import InputError
from casetui.importers.text import fold
from casetui.ledger import Ledger
from casetui.model import Closed, CloseReason, Payment
from casetui.money import parse_amount
from casetui.plans import closing_reason

PROPOSALS = 50


def _amount(text: str, currency: str) -> Decimal | None:
    try:
        return parse_amount(text, currency)
    except InputError:
        return None


def propose_cases(index: CaseIndex, match: EntryMatch, query: str = "") -> list[str]:
    """Open cases in the entry's currency, best first, at most `PROPOSALS`."""
    entry = match.entry
    currency = entry.currency
    open_ids = [
        case_id
        for case_id in index.oldest_first(index.open_ids)
        if index.states[case_id].currency == currency
    ]
    words = fold(query).split()
    if words:
        amount = _amount(query, currency) if len(words) == 1 else None
        found = []
        for case_id in open_ids:
            state = index.states[case_id]
            name = index.customer_names.get(state.customer_id, "")
            owed = index.outstanding[case_id]
            haystack = fold(f"{state.id} {state.invoice} {name} {owed:f}")
            if (amount is not None and owed == amount) or all(w in haystack for w in words):
                found.append(case_id)
        return found[:PROPOSALS]
    ranked: list[str] = [case_id for case_id in match.cases if case_id in index.open_ids]
    for customer_id in index.customers_paying(entry.iban, entry.payer):
        ranked += index.open_cases(customer_id, currency)
    ranked += [case_id for case_id in open_ids if index.outstanding[case_id] == entry.amount]
    ranked += open_ids
    return list(dict.fromkeys(ranked))[:PROPOSALS]


def chosen_match(index: CaseIndex, match: EntryMatch, case_ids: Iterable[str]) -> EntryMatch:
    """`match` paid to the cases a person picked (oldest first, over-payment on the last)."""
    cases = index.oldest_first(case_ids)
    if not cases:
        raise InputError("pick at least one case")
    if match.entry.amount <= 0:
        raise InputError("only money in (a credit) can pay a case")
    allocations, overpaid = allocate(index, cases, match.entry.amount)
    paid = tuple(allocation.case_id for allocation in allocations)  # oldest first took it all?
    customers = {index.states[case_id].customer_id for case_id in cases}
    return dataclasses.replace(
        match,
        match="exact",
        rule="chosen",
        reason=f"chosen: {', '.join(paid)}",
        cases=paid,
        allocations=tuple(allocations),
        overpaid=overpaid,
        customer_id=next(iter(customers)) if len(customers) == 1 else "",
    )


def _redo_return(ledger: Ledger, case_id: str, voided: dict) -> None:
    """Record again the payments a return voided (the closing comes back if it is paid)."""
    state = ledger.case(case_id)
    by_id = {raw["id"]: raw for raw in state.raw_events}
    payments = [
        codec.decode_event(dict(by_id[event_id]))
        for event_id in voided["voids"]
        if by_id.get(event_id, {}).get("kind") == "payment"
    ]
    for payment in payments:
        assert isinstance(payment, Payment)
        again = dataclasses.replace(payment, id=0, recorded_at="", part_of=0)
        events: list = [again]
        current = ledger.case(case_id)
        if current.closed is None and current.outstanding.amount == payment.amount.amount:
            note = f"paid in full by bank transfer on {payment.date} (return taken back)"
            reason = closing_reason(current, current.outstanding_minor) or CloseReason.PAID
            events.append(Closed(date=payment.date, reason=reason, note=note))
        ledger.append(case_id, *events)


def undo_recorded(
    ledger: Ledger, written: Iterable[tuple[str, str]], today: date
) -> tuple[list[str], list[str]]:
    """Undo what a change wrote: `(case id, entry key)` pairs. Returns (cases undone, cases
    left alone because something else happened on them since)."""
    undone: list[str] = []
    kept: list[str] = []
    with ledger.transaction():
        for case_id, key in written:
            state = ledger.case(case_id)
            live = [r for r in state.raw_events if r["id"] not in state.voided_ids]
            latest = max(live, key=lambda raw: raw["id"]) if live else None
            if latest is not None and latest["kind"] == "voided" and latest.get("entry") == key:
                _redo_return(ledger, case_id, latest)
                undone.append(case_id)
                continue
            action = ledger.last_action(case_id)
            if action and getattr(action[0], "entry", "") == key:
                ledger.undo(case_id, today)  # forgets the account the entry taught, too
                undone.append(case_id)
            else:
                kept.append(case_id)
    return undone, kept
