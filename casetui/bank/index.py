"""What matching looks up, built once per statement run: no scan of every case per entry.

- payment references (the one letters print, in either scheme, and the invoice's own) ->
  cases;
- customers by the accounts they paid from and by their name (legal forms, case, accents
  and punctuation ignored);
- each customer's open cases, oldest first;
- statement entries already recorded (their keys, on `payment` and return `voided` events),
  and the bank payments a return may have to undo.

The index is a working copy: `record_payment` and `record_return` update it while a
statement is planned, so that later entries of the same file see earlier ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from casetui.bank.references import reference_key
from casetui.caseindex import Case
from casetui.identifiers import compact_iban, format_ogm, format_rf
from casetui.importers.text import fold
from casetui.ledger import Ledger
from casetui.letters.references import payment_reference
from casetui.money import from_minor
from casetui.timeline import CaseState

# Legal forms left out when names are compared ("ACME B.V." is "Acme").
_LEGAL_FORMS = frozenset((
    "bv", "nv", "bvba", "srl", "sprl", "sa", "ltd", "limited", "gmbh", "vof", "cv", "commv",
    "cvba", "scrl", "vzw", "asbl", "inc", "llc", "plc", "ag", "sas", "sasu", "sarl", "eurl",
    "ohg", "kg", "ug", "co", "company",
))  # fmt: skip
_WORDS = re.compile(r"[a-z0-9]+")


def name_key(name: str) -> str:
    """`"ACME B.V."` and `"Acme bv"` -> `"acme"`; single letters (`b.v.`) are joined first."""
    words = _WORDS.findall(fold(name))
    joined: list[str] = []
    letters = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            letters += word
            continue
        if letters:
            joined.append(letters)
            letters = ""
        joined.append(word)
    if letters:
        joined.append(letters)
    kept = [word for word in joined if word not in _LEGAL_FORMS]
    return " ".join(kept or joined)


def printed_reference(state: CaseState, country: str) -> str:
    """The reference letters print for the case (`casetui.letters.references`)."""
    return payment_reference(country, state)


def display_reference(key: str) -> str:
    scheme, _, value = key.partition(":")
    if scheme == "ogm":
        return format_ogm(value)
    if scheme == "rf":
        return format_rf(value)
    return value


@dataclass
class BankPayment:
    """A live payment recorded from a statement, as a return would find it."""

    case_id: str
    event_id: int
    amount: Decimal
    day: date


@dataclass
class CaseIndex:
    """Open and closed cases by reference, customers by account and name."""

    country: str
    states: dict[str, Case]  # index rows: what matching reads of a case
    outstanding: dict[str, Decimal]  # the working copy, updated as payments are planned
    open_ids: set[str]
    by_reference: dict[str, set[str]] = field(default_factory=dict)
    by_iban: dict[str, set[str]] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)
    customer_names: dict[str, str] = field(default_factory=dict)
    open_of_customer: dict[str, list[str]] = field(default_factory=dict)
    known: dict[str, tuple[str, ...]] = field(default_factory=dict)  # entry key -> cases
    payments: dict[str, list[BankPayment]] = field(default_factory=dict)  # entry key -> ...
    by_end_to_end: dict[str, str] = field(default_factory=dict)  # end-to-end id -> entry key
    by_payer_amount: dict[tuple[str, Decimal], list[str]] = field(default_factory=dict)
    payer_of: dict[str, str] = field(default_factory=dict)  # entry key -> payer's account

    # ------------------------------------------------------------------ look-ups

    def cases_with_reference(self, key: str) -> set[str]:
        return self.by_reference.get(key, set())

    def customers_paying(self, iban: str, payer: str) -> list[str]:
        """The customers this payer is: by account first, else by name."""
        found = self.by_iban.get(compact_iban(iban), set()) if iban else set()
        if not found and payer:
            found = self.by_name.get(name_key(payer), set())
        return sorted(found)

    def open_cases(self, customer_id: str, currency: str) -> list[str]:
        return [
            case_id
            for case_id in self.open_of_customer.get(customer_id, ())
            if case_id in self.open_ids and self.states[case_id].currency == currency
        ]

    def oldest_first(self, case_ids: Iterable[str]) -> list[str]:
        return sorted(set(case_ids), key=lambda cid: self._age(self.states[cid]))

    @staticmethod
    def _age(state: Case) -> tuple[date, date, str]:
        return (state.due, state.issued, state.id)

    # ------------------------------------------------------------------ updates

    def remember_iban(self, customer_id: str, iban: str) -> None:
        self.by_iban.setdefault(compact_iban(iban), set()).add(customer_id)

    def paid(self, case_id: str, amount: Decimal) -> Decimal:
        """Book a planned payment; returns what the case still owes after it."""
        left = self.outstanding[case_id] - amount
        self.outstanding[case_id] = left
        if left == 0:
            self.open_ids.discard(case_id)
        return left

    def add_payment(
        self, key: str, payer_iban: str, total: Decimal, parts: list[BankPayment], end_to_end: str
    ) -> None:
        self.known[key] = tuple(part.case_id for part in parts)
        self.payments[key] = parts
        if end_to_end:
            self.by_end_to_end.setdefault(end_to_end, key)
        if payer_iban:
            self.payer_of[key] = compact_iban(payer_iban)
            self.by_payer_amount.setdefault((compact_iban(payer_iban), total), []).append(key)

    def returned(self, key: str) -> list[BankPayment]:
        """Forget the payments of entry `key` (a return voids them) and reopen their cases."""
        parts = self.payments.pop(key, [])
        for part in parts:
            self.outstanding[part.case_id] += part.amount
            if self.outstanding[part.case_id] > 0:
                self.open_ids.add(part.case_id)
        return parts


def _generated_key(printed: str) -> str:
    """The key of a reference `payment_reference` made (valid by construction)."""
    if printed.startswith("+++"):
        return "ogm:" + printed.strip("+").replace("/", "")
    return "rf:" + printed.replace(" ", "")


def _reference_keys(state: Case, country: str) -> set[str]:
    keys = {
        _generated_key(payment_reference(country, state)),
        # A letter printed before the business profile changed country used the other scheme.
        _generated_key(payment_reference("BE" if country.upper() != "BE" else "NL", state)),
    }
    if state.reference and (own := reference_key(state.reference)):
        keys.add(own)
    return keys


def build_index(ledger: Ledger, country: str) -> CaseIndex:
    # What matching reads of a case (id, invoice, reference, currency, due and issue days,
    # customer, balance, closed or not) is in its index row; only the cases bank entries
    # were recorded on are folded, for those entries. (Every case folded and kept: 3.5 s
    # and 767 MiB for a statement of one line at 50,000 cases.)
    cases: dict[str, Case] = {row.id: row for row in ledger.rows()}
    open_ids = {case_id for case_id, case in cases.items() if not case.is_closed}
    index = CaseIndex(
        country=country,
        states=cases,
        outstanding={
            case_id: from_minor(case.outstanding_minor, case.currency)
            for case_id, case in cases.items()
        },
        open_ids=open_ids,
    )
    for customer in ledger.customers():
        index.customer_names[customer.id] = customer.name
        key = name_key(customer.name)
        if len(key) >= 3:
            index.by_name.setdefault(key, set()).add(customer.id)
        for iban in customer.ibans:
            index.remember_iban(customer.id, iban)
    for case in sorted(cases.values(), key=CaseIndex._age):
        for key in _reference_keys(case, country):
            index.by_reference.setdefault(key, set()).add(case.id)
        if not case.is_closed:
            index.open_of_customer.setdefault(case.customer_id, []).append(case.id)
    banked = sorted(ledger.each_case(where=_has_bank_entry), key=CaseIndex._age)
    for state in banked:
        _index_bank_events(index, state)
    for key, parts in index.payments.items():
        if key in index.payer_of:
            total = sum((part.amount for part in parts), Decimal(0))
            index.by_payer_amount.setdefault((index.payer_of[key], total), []).append(key)
    return index


def _has_bank_entry(events: Sequence[Mapping[str, Any]]) -> bool:
    return any(raw.get("entry") for raw in events)


def _index_bank_events(index: CaseIndex, state: CaseState) -> None:
    """Entries recorded on this case (payments and returns) and its live bank payments."""
    for raw in state.raw_events:
        key = raw.get("entry")
        if not key:
            continue
        cases = index.known.get(key, ())
        if state.id not in cases:
            index.known[key] = (*cases, state.id)
        if raw["kind"] != "payment" or raw["id"] in state.voided_ids:
            continue
        amount = from_minor(raw["amount"]["minor"], state.currency)
        payment = BankPayment(state.id, raw["id"], amount, date.fromisoformat(raw["date"]))
        index.payments.setdefault(key, []).append(payment)
        if raw.get("end_to_end"):
            index.by_end_to_end.setdefault(raw["end_to_end"], key)
        if raw.get("payer_iban"):
            index.payer_of.setdefault(key, compact_iban(raw["payer_iban"]))
    # A payment voided by hand (undo) no longer marks its entry as known.
    for raw in state.raw_events:
        key = raw.get("entry")
        if key and raw["kind"] == "payment" and raw["id"] in state.voided_ids:
            returned = any(
                other["kind"] == "voided" and other.get("entry") and raw["id"] in other["voids"]
                for other in state.raw_events
            )
            if not returned and key not in index.payments:
                index.known.pop(key, None)
