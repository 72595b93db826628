"""Recording matches in the ledger: payments, closings, returns, the payer's account.

Per file: the statement is kept as evidence first (`evidence/<sha256>.<ext>` beside the
ledger, as invoice imports do), then every match of the file is written in one
`ledger.transaction()`, so a file is recorded whole or not at all.

- A payment is a `payment` event dated on the booking date, method `bank`, with the bank's
  reference, the payer's name and account, the evidence checksum and the entry key. When the
  case owes nothing after it, a `closed` (paid) event is part of the same action, so one undo
  takes both back. An over-payment leaves the case open, where the agenda flags it.
- A return voids the payments of the entry it returns and, where one of them closed its
  case, that closing too: the case is open again, with the reason on its timeline.
- The payer's account is remembered on the customer, so the next statement knows them.

What is recorded is decided from the ledger as it is at that moment, not from the plan:
whether a payment closes its case, which events a return voids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from casetui.bank.index import compact_iban
from casetui.bank.matching import EntryMatch
from casetui.bank.records import BankFormat
from casetui.customers import learnt_account_note
from casetui.errors import InputError
from casetui.identifiers import is_valid_iban
from casetui.importers.evidence import evidence_dir, store_evidence
from casetui.ledger import Ledger
from casetui.model import Payment, Voided
from casetui.money import Money, to_minor
from casetui.plans import closing_event

EVIDENCE_EXTENSIONS: dict[BankFormat, str] = {
    "camt": "xml",
    "coda": "cod",
    "mt940": "sta",
    "csv": "csv",
}
METHOD = "bank"


def evidence_name(sha256: str, format: BankFormat) -> str:
    return f"{sha256}.{EVIDENCE_EXTENSIONS[format]}"


def keep_statement(ledger: Ledger, data: bytes, sha256: str, format: BankFormat) -> Path:
    return store_evidence(evidence_dir(ledger.path), evidence_name(sha256, format), data, sha256)


def _payment_events(ledger: Ledger, match: EntryMatch, sha256: str) -> list[tuple[str, list]]:
    entry = match.entry
    writes = []
    for allocation in match.allocations:
        state = ledger.case(allocation.case_id)
        if state.currency != entry.currency:
            raise InputError(f"{entry.where}: {entry.currency} entry for a {state.currency} case")
        payment = Payment(
            date=entry.booked_on,
            amount=Money(allocation.amount, entry.currency),
            method=METHOD,
            reference=match.reference,
            bank_ref=entry.bank_ref,
            payer=entry.payer,
            payer_iban=entry.iban,
            end_to_end=entry.end_to_end,
            evidence=sha256,
            entry=match.key,
        )
        events: list = [payment]
        # Paid in full (or more: the over-payment is on the closing's note) closes the case;
        # a settlement's last instalment closes it as settled (casetui.plans).
        how = f"paid in full by bank transfer on {entry.booked_on}"
        closing = closing_event(state, to_minor(allocation.amount, state.currency),
                                entry.booked_on, how)  # fmt: skip
        if closing is not None:
            events.append(closing)
        writes.append((state.id, events))
    return writes


def _return_events(ledger: Ledger, match: EntryMatch) -> list[tuple[str, list]]:
    entry = match.entry
    writes = []
    reason = f"returned by the bank on {entry.booked_on}"
    if entry.return_reason:
        reason += f" ({entry.return_reason})"
    for case_id in match.cases:
        state = ledger.case(case_id)
        live = [raw for raw in state.raw_events if raw["id"] not in state.voided_ids]
        payments = [
            raw["id"]
            for raw in live
            if raw["kind"] == "payment" and raw.get("entry") == match.returns
        ]
        if not payments:
            continue
        # The closing that came with the payment (same action) is voided too: reopened.
        closings = [
            raw["id"] for raw in live if raw["kind"] == "closed" and raw.get("part_of") in payments
        ]
        voided = Voided(
            date=max(entry.booked_on, state.opened_on),
            voids=tuple(payments + closings),
            reason=reason,
            entry=match.key,
        )
        writes.append((state.id, [voided]))
    return writes


def _remember_account(ledger: Ledger, match: EntryMatch) -> None:
    iban = compact_iban(match.entry.iban)
    if not match.customer_id or not iban:
        return
    customer = ledger.customer(match.customer_id)
    if iban not in customer.ibans and is_valid_iban(iban):  # known ones are valid: no check
        ledger.update_customer(
            replace(customer, ibans=(*customer.ibans, iban)), note=learnt_account_note(match.key)
        )


def _writes(ledger: Ledger, match: EntryMatch, sha256: str) -> list[tuple[str, list]]:
    """What recording one match appends, case by case, from the ledger as it is now."""
    if match.rule == "return":
        return _return_events(ledger, match)
    writes = _payment_events(ledger, match, sha256)
    _remember_account(ledger, match)
    return writes


def write_match(ledger: Ledger, match: EntryMatch, sha256: str) -> list[str]:
    """Write one match (inside the caller's transaction); returns the cases written to."""
    writes = _writes(ledger, match, sha256)
    for case_id, events in writes:
        ledger.append(case_id, *events)
    return [case_id for case_id, _ in writes]


def record_matches(
    ledger: Ledger,
    matches: Iterable[EntryMatch],
    *,
    data: bytes,
    sha256: str,
    format: BankFormat,
) -> list[EntryMatch]:
    """Keep the statement and write `matches` in one commit; returns those written.

    A case that one match alone writes to (nearly all of them) is planned from the ledger
    as it stands, and all of those are written together (`Ledger.append_many`: each case
    folded and written once). A case that several matches write to (a part payment and the
    rest, a payment and its return) takes them one at a time, each seeing the one before.
    """
    todo = [match for match in matches if match.recordable]
    if not todo:
        return []
    keep_statement(ledger, data, sha256, format)
    writers = Counter(case_id for match in todo for case_id in set(match.cases))
    written = []
    with ledger.transaction():
        ledger.read_ahead(writers)
        together: list[tuple[str, list]] = []
        for match in todo:
            if all(writers[case_id] == 1 for case_id in match.cases):
                writes = _writes(ledger, match, sha256)
                together += writes
            else:
                writes = [(case_id, []) for case_id in write_match(ledger, match, sha256)]
            if writes:
                written.append(match)
        ledger.append_many(together)
    return written
