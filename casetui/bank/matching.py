"""Which case(s) each statement entry pays, by the rules of issue 12, in order.

Only credits are candidates. A credit is matched by
1. **exact**, reference: a valid structured reference (OGM in any spelling, RF, Dutch
   betalingskenmerk), in the structured field or written in the text, is the payment
   reference of an open case (the one its letters print, or the invoice's own);
2. **exact**, invoice: the invoice number of one of the payer's open cases stands in the
   text (the payer is a customer by account or by name);
3. **probable**, amount: the payer is a customer, and the amount equals what one of their
   open cases owes, or what several of them owe together;
4. otherwise **unmatched**, with what is known about it.

A debit is `ignored`, unless it returns a credit recorded earlier (a camt reversal, a CODA
or MT940 return code): then it is an exact match that voids that payment. A credit marked as
a return is money of the user's coming back, `ignored`. An entry whose key is already in the
ledger is `known`.

`match_file` walks the entries in order and books what it would record in the index, so a
credit split over cases, or returned later in the same file, is seen by the entries after it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import Literal

from casetui.bank.index import (
    BankPayment,
    CaseIndex,
    compact_iban,
    display_reference,
)
from casetui.bank.records import Entry, StatementFile
from casetui.bank.references import keys_in_text, reference_key
from casetui.importers.text import fold
from casetui.money import format_grouped

MatchKind = Literal["exact", "probable", "unmatched", "ignored", "known"]
# "chosen": a person picked the cases (the app's proposals).
Rule = Literal["reference", "invoice", "amount", "return", "chosen", ""]

# Subsets of a customer's open cases tried for "the sum of several": all of them up to this
# many open cases (2^12 sums at most), only oldest-first runs beyond.
_SUBSET_LIMIT = 12
_RUNS = re.compile(r"[0-9a-z]+")
_PROGRESS_EVERY = 250


@dataclass(frozen=True, slots=True)
class Allocation:
    case_id: str
    amount: Decimal
    closes: bool  # the case owes nothing after it: closed as paid


@dataclass(frozen=True, slots=True)
class EntryMatch:
    """What one statement entry is, and what recording it writes."""

    number: int  # 1-based position in the file, over all its statements
    statement: int
    account: str
    entry: Entry
    key: str  # recognises the entry when a statement is read again
    match: MatchKind
    rule: Rule
    reason: str
    cases: tuple[str, ...] = ()
    allocations: tuple[Allocation, ...] = ()
    overpaid: Decimal = Decimal(0)
    customer_id: str = ""
    reference: str = ""  # the reference it was matched by, as printed
    returns: str = ""  # for a return: the key of the entry it returns

    @property
    def recordable(self) -> bool:
        return self.match in ("exact", "probable") and bool(self.cases)


def entry_key(account: str, entry: Entry, occurrence: int) -> str:
    """The bank's reference where it gives one, else account + date + amount + text; the
    occurrence counts identical entries in one file apart. Hashed: it is an identity, not
    something to read."""
    if entry.bank_ref:
        parts = [account, "ref", entry.bank_ref, entry.end_to_end, f"{entry.amount:f}"]
    else:
        parts = [
            account,
            entry.booked_on.isoformat(),
            f"{entry.amount:f}",
            entry.currency,
            " ".join(entry.text.split()).casefold(),
            " ".join(entry.payer.split()).casefold(),
            entry.iban,
        ]
    parts.append(str(occurrence))
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=12)
    return f"e:{digest.hexdigest()}"


def _mentions(runs: list[str], invoice: str) -> bool:
    parts = _RUNS.findall(fold(invoice))
    joined = "".join(parts)
    if len(joined) < 3 or not any(char.isdigit() for char in joined):
        return False  # "12" or "A" would be found in too many texts
    if joined in runs:
        return True
    size = len(parts)
    return any(runs[i : i + size] == parts for i in range(len(runs) - size + 1))


class _Matcher:
    def __init__(self, index: CaseIndex, accept_probable: bool) -> None:
        self.index = index
        self.accept_probable = accept_probable

    # ---------------------------------------------------------------- credits

    def credit(self, base: EntryMatch) -> EntryMatch:
        found = self._by_reference(base)
        if found is None:
            found = self._by_invoice(base)
        if found is None:
            found = self._by_amount(base)
        return found or self._unmatched(base)

    def _by_reference(self, base: EntryMatch) -> EntryMatch | None:
        entry = base.entry
        keys = []
        if structured := reference_key(entry.reference):
            keys.append(structured)
        keys += [key for key in keys_in_text(entry.text) if key not in keys]
        cases: list[str] = []
        used: list[str] = []
        for key in keys:
            found = self.index.cases_with_reference(key)
            live = [
                cid
                for cid in found
                if cid in self.index.open_ids and self.index.states[cid].currency == entry.currency
            ]
            if len(found) == 1 and len(live) == 1 and live[0] not in cases:
                cases.append(live[0])
                used.append(key)
        if not cases:
            return None
        printed = display_reference(used[0])
        what = ", ".join(display_reference(k) for k in used)
        return self._paying(
            base, "exact", "reference", cases, f"reference {what} of {', '.join(cases)}", printed
        )

    def _payers(self, entry: Entry) -> list[str]:
        return self.index.customers_paying(entry.iban, entry.payer)

    def _by_invoice(self, base: EntryMatch) -> EntryMatch | None:
        entry = base.entry
        runs = _RUNS.findall(fold(entry.text))
        if not runs:
            return None
        for customer_id in self._payers(entry):
            cases = [
                cid
                for cid in self.index.open_cases(customer_id, entry.currency)
                if _mentions(runs, self.index.states[cid].invoice)
            ]
            if cases:
                invoices = ", ".join(self.index.states[cid].invoice for cid in cases)
                name = self.index.customer_names.get(customer_id, customer_id)
                reason = f"invoice {invoices} of {name} ({customer_id}) in the text"
                return self._paying(base, "exact", "invoice", cases, reason, "", customer_id)
        return None

    def _by_amount(self, base: EntryMatch) -> EntryMatch | None:
        entry = base.entry
        for customer_id in self._payers(entry):
            open_ids = [
                cid
                for cid in self.index.open_cases(customer_id, entry.currency)
                if self.index.outstanding[cid] > 0
            ]
            cases = self._summing_to(open_ids, entry.amount)
            if cases:
                name = self.index.customer_names.get(customer_id, customer_id)
                how = "by account" if compact_iban(entry.iban) in self.index.by_iban else "by name"
                what = "what it owes on" if len(cases) == 1 else "what it owes together on"
                reason = f"{name} ({customer_id}, {how}) pays exactly {what} {', '.join(cases)}"
                return self._paying(base, "probable", "amount", cases, reason, "", customer_id)
        return None

    def _summing_to(self, open_ids: list[str], amount: Decimal) -> list[str]:
        owed = self.index.outstanding
        for case_id in open_ids:  # oldest first
            if owed[case_id] == amount:
                return [case_id]
        if len(open_ids) <= _SUBSET_LIMIT:
            for size in range(2, len(open_ids) + 1):
                for group in combinations(open_ids, size):
                    if sum(owed[cid] for cid in group) == amount:
                        return list(group)
            return []
        total = Decimal(0)
        for position, case_id in enumerate(open_ids):
            total += owed[case_id]
            if total == amount:
                return open_ids[: position + 1]
        return []

    def _unmatched(self, base: EntryMatch) -> EntryMatch:
        entry = base.entry
        hints = []
        keys = [k for k in [reference_key(entry.reference), *keys_in_text(entry.text)] if k]
        for key in keys:
            found = sorted(self.index.cases_with_reference(key))
            if found:
                hints.append(
                    f"reference {display_reference(key)} is of {', '.join(found)}, "
                    "which is closed or in another currency"
                )
        payers = self._payers(entry)
        for customer_id in payers:
            open_ids = self.index.open_cases(customer_id, entry.currency)
            owed = sum((self.index.outstanding[cid] for cid in open_ids), Decimal(0))
            name = self.index.customer_names.get(customer_id, customer_id)
            hints.append(
                f"paid by {name} ({customer_id}): {len(open_ids)} open case"
                f"{'s' if len(open_ids) != 1 else ''}, owing {format_grouped(owed, entry.currency)}"
            )
        if not payers:
            hints.append("the payer is not a known customer")
        return _replace(
            base,
            match="unmatched",
            reason="; ".join(hints),
            customer_id=payers[0] if len(payers) == 1 else "",
        )

    def _paying(
        self,
        base: EntryMatch,
        match: MatchKind,
        rule: Rule,
        cases: list[str],
        reason: str,
        reference: str,
        customer_id: str = "",
    ) -> EntryMatch:
        ordered = self.index.oldest_first(cases)
        allocations, overpaid = allocate(self.index, ordered, base.entry.amount)
        customers = {self.index.states[cid].customer_id for cid in ordered}
        if not customer_id and len(customers) == 1:
            customer_id = next(iter(customers))
        if overpaid:
            reason += f"; over-payment of {format_grouped(overpaid, base.entry.currency)}"
        return _replace(
            base,
            match=match,
            rule=rule,
            reason=reason,
            cases=tuple(ordered),
            allocations=tuple(allocations),
            overpaid=overpaid,
            customer_id=customer_id,
            reference=reference or base.entry.reference,
        )

    # ---------------------------------------------------------------- returns

    def returned(self, base: EntryMatch) -> EntryMatch:
        entry = base.entry
        key = self._returned_key(entry)
        if key is None:
            return _replace(base, match="ignored", reason=_RETURN_UNKNOWN + _why_return(entry))
        parts = self.index.payments.get(key, [])
        cases = tuple(dict.fromkeys(part.case_id for part in parts))
        reason = f"returns the payment recorded on {', '.join(cases)}" + _why_return(entry)
        return _replace(base, match="exact", rule="return", reason=reason, cases=cases, returns=key)

    def _returned_key(self, entry: Entry) -> str | None:
        index = self.index
        key = index.by_end_to_end.get(entry.end_to_end) if entry.end_to_end else None
        if key is not None and key in index.payments:
            return key
        if entry.iban:
            candidates = index.by_payer_amount.get((compact_iban(entry.iban), -entry.amount), [])
            live = [key for key in candidates if key in index.payments]
            if live:
                # The most recent payment of that amount from that account, before the return.
                return max(live, key=lambda k: max(p.day for p in index.payments[k]))
        return None


_RETURN_UNKNOWN = "a return of a payment that is not in the ledger"


def _why_return(entry: Entry) -> str:
    return f" ({entry.return_reason})" if entry.return_reason else ""


def _replace(base: EntryMatch, **changes: object) -> EntryMatch:
    values = {name: getattr(base, name) for name in EntryMatch.__slots__}  # type: ignore[attr-defined]
    values.update(changes)
    return EntryMatch(**values)


def allocate(
    index: CaseIndex, cases: list[str], amount: Decimal
) -> tuple[list[Allocation], Decimal]:
    """Split `amount` over `cases` (oldest first), each up to what it owes; what is left
    goes to the last case as an over-payment."""
    allocations: list[Allocation] = []
    left = amount
    for position, case_id in enumerate(cases):
        owed = max(index.outstanding[case_id], Decimal(0))
        last = position == len(cases) - 1
        share = left if last else min(left, owed)
        if share <= 0:
            continue
        allocations.append(Allocation(case_id, share, closes=share == owed))
        left -= share
    overpaid = max(Decimal(0), amount - sum((cases_owed(index, cases)), Decimal(0)))
    return allocations, overpaid


def cases_owed(index: CaseIndex, cases: list[str]) -> list[Decimal]:
    return [max(index.outstanding[case_id], Decimal(0)) for case_id in cases]


def book(index: CaseIndex, match: EntryMatch) -> None:
    """Enter a match that will be recorded into the working index."""
    if match.rule == "return":
        index.returned(match.returns)
        index.known[match.key] = match.cases
        return
    parts = []
    for allocation in match.allocations:
        index.paid(allocation.case_id, allocation.amount)
        state = index.states[allocation.case_id]
        parts.append(BankPayment(state.id, 0, allocation.amount, match.entry.booked_on))
    index.add_payment(
        match.key, match.entry.iban, match.entry.amount, parts, match.entry.end_to_end
    )
    if match.customer_id and match.entry.iban:
        index.remember_iban(match.customer_id, match.entry.iban)


def match_entry(index: CaseIndex, base: EntryMatch, accept_probable: bool = False) -> EntryMatch:
    """Match one entry against the index (without booking it)."""
    matcher = _Matcher(index, accept_probable)
    entry = base.entry
    if base.key in index.known:
        cases = index.known[base.key]
        where = f" on {', '.join(cases)}" if cases else ""
        return _replace(base, match="known", reason=f"already recorded{where}", cases=cases)
    if entry.amount < 0:
        if entry.is_return:
            return matcher.returned(base)
        return _replace(base, match="ignored", reason="a debit (money out)")
    if entry.amount == 0:
        return _replace(base, match="ignored", reason="an amount of zero")
    if entry.is_return:
        reason = "money of yours coming back (a return or reversal), not a customer paying"
        return _replace(base, match="ignored", reason=reason + _why_return(entry))
    return matcher.credit(base)


def match_file(
    index: CaseIndex,
    parsed: StatementFile,
    *,
    accept_probable: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[EntryMatch]:
    """Every entry of a file, matched in order; what would be recorded is booked in
    `index` as it goes. `progress(done, total)` is called now and then (long statements)."""
    matches: list[EntryMatch] = []
    total = sum(len(statement.entries) for statement in parsed.statements)
    seen: dict[tuple[str, str], int] = {}
    number = 0
    for statement_number, statement in enumerate(parsed.statements, 1):
        for entry in statement.entries:
            number += 1
            base_key = entry_key(statement.account, entry, 0)
            occurrence = seen.get((statement.account, base_key), 0)
            seen[(statement.account, base_key)] = occurrence + 1
            base = EntryMatch(
                number=number,
                statement=statement_number,
                account=statement.account,
                entry=entry,
                key=entry_key(statement.account, entry, occurrence) if occurrence else base_key,
                match="unmatched",
                rule="",
                reason="",
            )
            match = match_entry(index, base, accept_probable)
            if match.match == "exact" or (match.match == "probable" and accept_probable):
                book(index, match)
            matches.append(match)
            if progress is not None and number % _PROGRESS_EVERY == 0:
                progress(number, total)
    if progress is not None:
        progress(total, total)
    return matches
