"""The ledger as the rest of casetui sees it: customers, cases and their timelines.

`Ledger` sits between the store (bytes on disk) and everything else (CLI, app, letters,
import). It is the one place where events are checked, stamped (id, `recorded_at`) and
appended, and where a case's events are folded into its state.

It reads lazily: a case is folded when it is asked for (and kept), customers and the case
index (`casetui.caseindex`, one row per case) are read when first needed. Lists and the
agenda work on index rows (`rows()`, `agenda_rows()`), which cost a pass over plain rows
at 50,000 cases; `cases()` still folds every case, as it always did.

Every write is a transaction of the store: the lock is taken, what other processes wrote
is folded in (their cases are dropped from what is cached here), the write is checked
against that fresh state, and committed with its case's new index row. Writes are also
serialised between threads, so the app may write from a worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import os
import re
from _thread import RLock  # `threading` itself is not needed for one lock
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from casetui import codec, rules
from casetui.agenda import AgendaItem
from casetui.caseindex import AGENDA_DAY, CaseRow, index_stamp, next_due_row, rank_rows, row_of
from casetui.customers import (
    CustomerChange,
    apply_values,
    differences,
    forgotten_account_note,
    learnt_account_note,
    learnt_from_statement,
    normalise_name,
)
from casetui.dates import utc_now_iso
from casetui.describe import headline
from casetui.errors import InputError
from casetui.identifiers import compact_iban
from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.model import (
    EVENT_TYPES,
    Amended,
    Call,
    Customer,
    DisputeOpened,
    DisputeSettled,
    Event,
    LetterReceived,
    LetterSent,
    Opened,
    Payment,
    Promise,
    Reopened,
    SettlementLapsed,
    Snooze,
    Voided,
)
from casetui.money import Money
from casetui.patterns import lazy_pattern
from casetui.store import CaseDamaged, CorruptLedger, IndexSpec, LedgerStore
from casetui.store.chain import ChainProblem
from casetui.store.snapshot import Upto
from casetui.timeline import CaseState, fold

# Amounts are stored as 64-bit minor units; nobody chases a quadrillion.
LARGEST_MINOR = 10**17

# Customers looked up one at a time before all of them are read at once.
_FEW_CUSTOMERS = 16
# Customers whose rows (or an invoice among them) are found by their bytes before every
# row is read and grouped or indexed once.
_FEW_ASKS = 8

_CASE_ID = lazy_pattern(r"^C-(\d{4})-(\d{4,})$")
# How an undo and a redo say what they are (the start of their Voided event's reason).
_UNDO = "undo: "
_REDO = "redo: "
_CUSTOMER_ID = lazy_pattern(r"^CUS-(\d{4,})$")
# A case named by its number: `26`, `0026`, `2026-0026`, `C-2026-26` (any letter case).
_CASE_NUMBER = lazy_pattern(r"^(?:c-?)?(?:(?P<year>\d{4})-)?(?P<number>\d{1,6})$", re.IGNORECASE)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a lot of data loads.

    Loading allocates many small objects and none of them form cycles, yet every GC pass
    would walk them all. Afterwards `gc.freeze()` moves the loaded data out of the
    collector's way for good.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()


__all__ = ["Ledger", "gc_paused", "normalise_name"]


def new_batch_id() -> str:
    """An id for one action on several cases (`Event.batch`): when, and a random tail."""
    return f"{utc_now_iso()}/{os.urandom(4).hex()}"


class Ledger:
    """An open ledger. Use `Ledger.open(...)` and `close()`."""

    def __init__(
        self,
        store: LedgerStore,
        policy: LadderPolicy = DEFAULT_POLICY,
        today: date | None = None,
    ) -> None:
        self.store = store
        self.policy = policy
        # What "today" is for the rules (nothing dated after it); None: the real clock.
        # The CLI and the app pass their `--today`.
        self.today = today
        self._write_lock = RLock()
        # The customers as the fold sees them (a case's limitation follows its customer's).
        self._customer_view = _CustomerLookup(self._known_customer)
        self._forget_everything()

    def _forget_everything(self) -> None:
        """Drop what was read; it is read again from the store when asked for."""
        self._states: dict[str, CaseState] = {}
        self._rows: dict[str, CaseRow] | None = None
        # The rows read, by customer id, then case id (built on first ask, kept in step).
        self._by_customer: dict[str, dict[str, CaseRow]] | None = None
        self._customers: dict[str, Customer] = {}
        self._customer_docs: dict[str, Mapping[str, Any]] | None = None
        self._by_name: dict[str, str] | None = None
        self._customer_number: int | None = None  # the highest CUS- number in use
        self._invoices: dict[tuple[str, str], str] | None = None
        self._customer_asks = 0  # customers whose rows were asked for (`_rows_of`)
        self._case_numbers: dict[int, int] | None = None

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        readonly: bool = False,
        purpose: str = "",
        backup: bool = True,
        policy: LadderPolicy = DEFAULT_POLICY,
        today: date | None = None,
        lock_wait: float | None = None,
    ) -> Ledger:
        with gc_paused():
            store = LedgerStore(
                path,
                index=index_spec(policy),
                readonly=readonly,
                purpose=purpose,
                backup=backup,
                lock_wait=lock_wait,
            )
            try:
                return cls(store, policy, today)
            except BaseException:
                store.close()
                raise

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    @property
    def warnings(self) -> list[str]:
        """Housekeeping that failed after the writes were saved (a backup, a compaction)."""
        return self.store.warnings

    def close(self) -> None:
        self.store.close()

    def save_stale_index(self) -> None:
        """Save the index rows this writer had to build again (the app, when it ends: see
        `LedgerStore.save_stale_index`)."""
        self.store.save_stale_index()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- other processes

    def changed_on_disk(self) -> bool:
        """Did another process write since we looked? (Two `stat` calls.)"""
        return self.store.changed_on_disk()

    def refresh(self) -> frozenset[str] | None:
        """Fold in what other processes wrote. Returns the ids of the cases and customers
        that changed (None: everything may have, the ledger was compacted or restored)."""
        with self._write_lock:
            return self._take_in(self.store.refresh())

    def _take_in(self, changed: frozenset[str] | None) -> frozenset[str] | None:
        if changed is None:
            self._forget_everything()
            return None
        ids: set[str] = set()
        cases: set[str] = set()
        customers: set[str] = set()
        for name in changed:
            section, _, key = name.partition(":")
            if section in ("case", "index"):
                cases.add(key)
            elif section == "customer":
                customers.add(key)
            elif name == "_meta":
                self._rows = self._by_customer = None
        self._forget_cases(cases)
        self._forget_customers(customers)
        ids.update(cases)
        ids.update(customers)
        return frozenset(ids)

    def _forget_cases(self, case_ids: Iterable[str]) -> None:
        for case_id in case_ids:
            self._states.pop(case_id, None)
            if self._rows is not None:
                self._keep_row(case_id, self.store.row(case_id))
        self._invoices = None
        self._case_numbers = None

    def _forget_customers(self, customer_ids: Iterable[str]) -> None:
        for customer_id in customer_ids:
            self._customers.pop(customer_id, None)
            if self._customer_docs is not None:
                doc = self.store.customer(customer_id)
                if doc is None:
                    self._customer_docs.pop(customer_id, None)
                else:
                    self._customer_docs[customer_id] = doc
        self._by_name = None
        self._customer_number = None

    @contextlib.contextmanager
    def _atomic(self) -> Iterator[None]:
        """One commit for everything inside; on failure what was cached of it is dropped,
        so memory says what the disk says."""
        with self._write_lock:
            touched = self._touched = getattr(self, "_touched", None) or (set(), set())
            outermost = not getattr(self, "_depth", 0)
            self._depth = getattr(self, "_depth", 0) + 1
            try:
                with self.store.transaction() as changed:
                    if outermost:
                        self._take_in(changed)
                    yield
            except BaseException:
                if outermost:
                    self._forget_cases(touched[0])
                    self._forget_customers(touched[1])
                raise
            finally:
                self._depth -= 1
                if outermost:
                    self._touched = None

    def _touch(self, case_id: str | None = None, customer_id: str | None = None) -> None:
        touched = getattr(self, "_touched", None)
        if touched is not None:
            if case_id:
                touched[0].add(case_id)
            if customer_id:
                touched[1].add(customer_id)

    # ----------------------------------------------------------------- customers

    def _docs(self) -> dict[str, Mapping[str, Any]]:
        if self._customer_docs is None:
            self._customer_docs = {doc["id"]: doc for doc in self.store.customers()}
        return self._customer_docs

    def _names(self) -> dict[str, str]:
        if self._by_name is None:
            self._by_name = {normalise_name(doc["name"]): cid for cid, doc in self._docs().items()}
        return self._by_name

    def customers(self) -> list[Customer]:
        every = [self.customer(customer_id) for customer_id in self._docs()]
        return sorted(every, key=lambda c: normalise_name(c.name))

    def customer(self, customer_id: str) -> Customer:
        customer = self._customers.get(customer_id)
        if customer is not None:
            return customer
        docs = self._customer_docs
        if docs is None and len(self._customers) >= _FEW_CUSTOMERS:
            docs = self._docs()  # many asked for one by one (a list): read them all at once
        doc = docs.get(customer_id) if docs is not None else self.store.customer(customer_id)
        if doc is None:
            raise InputError(f"no customer {customer_id!r}")
        customer = _decode_customer(doc)
        self._customers[customer_id] = customer
        return customer

    def customer_name(self, customer_id: str) -> str:
        """A customer's name, read without decoding the customer: for lists of thousands
        (`agenda --json` at 50,000 cases names 10,000 customers)."""
        customer = self._customers.get(customer_id)
        if customer is not None:
            return customer.name
        name = self._docs().get(customer_id, {}).get("name")
        return name if isinstance(name, str) else self.customer(customer_id).name

    def _row_of(self, state: CaseState) -> dict[str, Any]:
        """The index row of a case just folded, with its customer's name."""
        return row_of(state, _name_for_row(state, self._known_customer))

    def _known_customer(self, customer_id: str) -> Customer | None:
        try:
            return self.customer(customer_id)
        except InputError:
            return None

    def find_customer(self, name: str) -> Customer | None:
        """The customer with this name (case-insensitive), if there is one."""
        customer_id = self._names().get(normalise_name(name))
        return self.customer(customer_id) if customer_id else None

    def search_customers(self, text: str, limit: int = 20) -> list[Customer]:
        """Customers whose name contains `text`, names starting with it first."""
        needle = normalise_name(text)
        if not needle:
            return self.customers()[:limit]
        matches = [(n, cid) for n, cid in self._names().items() if needle in n]
        found = [self.customer(cid) for _, cid in matches]
        found.sort(key=lambda c: (not normalise_name(c.name).startswith(needle), c.name))
        return found[:limit]

    def _next_customer_id(self) -> str:
        if self._customer_number is None:
            numbers = (int(m[1]) for cid in self._docs() if (m := _CUSTOMER_ID.match(cid)))
            self._customer_number = max(numbers, default=0)
        return f"CUS-{self._customer_number + 1:04d}"

    def add_customer(self, draft: Customer) -> Customer:
        """Save a new customer (its `id` is assigned here). Names must be unique."""
        with self._atomic():
            self._check_customer(draft, existing_id=None)
            customer = dataclasses.replace(draft, id=self._next_customer_id())
            self._save_customer(customer)
            return customer

    def update_customer(
        self, customer: Customer, *, note: str = "", day: date | None = None
    ) -> Customer:
        """Save new details of a customer, recorded as a change in its history (`note`:
        why; `day`: when, default today) that `undo_customer` can take back."""
        with self._atomic():
            old = self.customer(customer.id)
            changes = differences(old, customer)
            if not changes:
                return old
            self._check_customer(customer, existing_id=customer.id)
            history = self._raw_history(customer.id)
            change = CustomerChange(
                id=len(history) + 1,
                date=day or self.clock(),
                recorded_at=utc_now_iso(),
                changes=changes,
                note=note.strip(),
            )
            self._save_customer(customer, history=[*history, change.to_json()])
            if _rows_changed(old, customer):
                self._reindex_cases_of(customer.id)
            return customer

    def undo_customer(self, customer_id: str, day: date) -> tuple[CustomerChange, Customer]:
        """Take back the last change of a customer's details that is not undone yet."""
        with self._atomic():
            current = self.customer(customer_id)
            history = self.customer_history(customer_id)
            undone = {change.voids for change in history if change.voids}
            live = [c for c in history if not c.voids and c.id not in undone]
            if not live:
                raise InputError(f"no change of {current.name} ({current.id}) to undo")
            last = live[-1]
            restored = apply_values(current, {name: old for name, (old, _) in last.changes.items()})
            self._check_customer(restored, existing_id=customer_id)
            change = CustomerChange(
                id=len(history) + 1,
                date=day,
                recorded_at=utc_now_iso(),
                changes=differences(current, restored),
                voids=last.id,  # says "undo of change #N"
            )
            raw = [*self._raw_history(customer_id), change.to_json()]
            self._save_customer(restored, history=raw)
            if _rows_changed(current, restored):
                self._reindex_cases_of(customer_id)
            return last, restored

    def customer_history(self, customer_id: str) -> list[CustomerChange]:
        """The recorded changes of a customer's details, oldest first (undos included)."""
        return [CustomerChange.from_json(raw) for raw in self._raw_history(customer_id)]

    def _raw_history(self, customer_id: str) -> list[dict[str, Any]]:
        """A customer's changes as stored, in its record (`casetui.customers`)."""
        doc = self._docs().get(customer_id)
        return [dict(raw) for raw in doc.get("history", ())] if doc is not None else []

    def _save_customer(
        self, customer: Customer, *, history: list[dict[str, Any]] | None = None
    ) -> None:
        """Write a customer and keep what is known of them (kept up to date rather than
        dropped: an import adds hundreds, each looked up by name before the next). Its
        history of changes is kept as it was unless a new one is given."""
        doc = codec.encode_customer(customer)
        self._touch(customer_id=customer.id)
        docs = self._docs()
        old = docs.get(customer.id)
        kept = history if history is not None else (old or {}).get("history")
        if kept:
            doc["history"] = list(kept)
        self.store.put_customer(doc)
        docs[customer.id] = doc
        self._customers[customer.id] = customer
        if self._by_name is not None:
            if old is not None:
                self._by_name.pop(normalise_name(old["name"]), None)
            self._by_name[normalise_name(customer.name)] = customer.id
        if self._customer_number is not None and (match := _CUSTOMER_ID.match(customer.id)):
            self._customer_number = max(self._customer_number, int(match[1]))

    def _reindex_cases_of(self, customer_id: str) -> None:
        """Fold the customer's open cases again (their limitation follows the customer's law,
        their rows hold the customer's name) and save their new index rows in the current
        commit."""
        for row in self._rows_of(customer_id):
            if row.is_closed:
                continue
            self._states.pop(row.id, None)
            self._touch(case_id=row.id)
            try:
                state = self.case(row.id)
            except CaseDamaged:
                continue  # shown as damaged until restored or resealed; its row waits
            self.store.update_row(row.id, self._row_of(state))
            self._take_row(row.id)

    def _check_customer(self, customer: Customer, existing_id: str | None) -> None:
        if not customer.name.strip():
            raise InputError("a customer needs a name")
        _check_text(customer)
        same = self._names().get(normalise_name(customer.name))
        if same is not None and same != existing_id:
            raise InputError(f"a customer named {customer.name!r} already exists ({same})")

    # ----------------------------------------------------------------- the case index

    def _keep_row(self, case_id: str, raw: Mapping[str, Any] | None) -> None:
        """Put the row the store holds for a case among the rows read (None: no such case),
        and in its customer's group when those are made."""
        rows, groups = self._rows, self._by_customer
        assert rows is not None
        old = rows.get(case_id)
        if groups is not None and old is not None:
            groups.get(old.customer_id, {}).pop(case_id, None)
        if raw is None:
            rows.pop(case_id, None)
            return
        row = rows[case_id] = CaseRow(case_id, raw)
        if groups is not None:
            groups.setdefault(row.customer_id, {})[case_id] = row

    def _customer_groups(self) -> dict[str, dict[str, CaseRow]]:
        """The rows read, by customer: one pass over them, then kept in step with writes
        (a letter for each of 10,000 customers asked for each one's rows: a pass each)."""
        if self._by_customer is None:
            groups: dict[str, dict[str, CaseRow]] = {}
            for case_id, row in self._row_map().items():
                groups.setdefault(row.customer_id, {})[case_id] = row
            self._by_customer = groups
        return self._by_customer

    def _row_map(self) -> dict[str, CaseRow]:
        if self._rows is None:
            with gc_paused():
                sources = self.store.row_sources()
                self._rows = {cid: CaseRow(cid, raw) for cid, raw in sources.items()}
        return self._rows

    def rows(self, *, include_closed: bool = True) -> list[CaseRow]:
        """Every case as its index row: quick at 50,000 cases (lists, the agenda, filters)."""
        rows = list(self._row_map().values())
        return rows if include_closed else [row for row in rows if not row.is_closed]

    def row(self, case_id: str) -> CaseRow:
        """A case's index row, by id or by its unique invoice number (like `case`)."""
        rows = self._row_map()
        key = case_id.strip()
        row = rows.get(key) or rows.get(key.upper())
        return row if row is not None else rows[self.case(case_id).id]

    def agenda_rows(self, today: date) -> list[AgendaItem]:
        """Today's agenda over index rows (`item.case` is a `CaseRow`): what the app and
        `casetui agenda` show. The same items, in the same order, as `agenda()`."""
        with gc_paused():  # 23,000 items at 50k cases: the collector would walk them all
            if self._rows is not None:
                return rank_rows(self._row_map().values(), today)
            # Not every row is wanted: only those due by today are cut out of the index
            # section's bytes (and not kept: the other 27,000 are not among them).
            sources = self.store.row_sources(Upto(AGENDA_DAY, today.isoformat().encode()))
            return rank_rows([CaseRow(cid, raw) for cid, raw in sources.items()], today)

    def next_due(self, today: date) -> tuple[date, CaseRow] | None:
        """The first day after today on which a case needs action, and that case."""
        return next_due_row(self._row_map().values(), today)

    def _invoice_index(self) -> dict[tuple[str, str], str]:
        if self._invoices is None:
            self._invoices = {
                (row.customer_id, row.invoice.casefold()): row.id
                for row in self._row_map().values()
            }
        return self._invoices

    # ----------------------------------------------------------------- cases

    def _fold(self, case_id: str, raw_events: Sequence[Mapping[str, Any]]) -> CaseState:
        return fold_checked(case_id, raw_events, self.policy, self._customer_view)

    def _state(self, case_id: str) -> CaseState | None:
        state = self._states.get(case_id)
        if state is None:
            events = self.store.case_events(case_id)
            if not events:
                return None
            state = self._fold(case_id, events)
            self._states[case_id] = state
        return state

    def cases(self, *, include_closed: bool = True) -> list[CaseState]:
        """Every case, folded and kept (reads the whole ledger: lists use `rows()`; a single
        pass that needs no case twice, `each_case()`)."""
        states = self._states
        rows = self._row_map()
        # Once every case is folded (and none changed since), the store is not read again:
        # a pass over it costs a second at 50,000 cases.
        if not all(case_id in states for case_id in rows):
            with gc_paused():
                for case_id, events in self.store.iter_cases():
                    if case_id not in states and events:
                        states[case_id] = self._fold(case_id, events)
        every = [states[case_id] for case_id in rows if case_id in states]
        if not include_closed:
            return [s for s in every if s.closed is None]
        return every

    def each_case(
        self, where: Callable[[Sequence[Mapping[str, Any]]], bool] | None = None
    ) -> Iterator[CaseState]:
        """Every case folded, one at a time, keeping none: one pass over the store for those
        that need each case once (reports, a free-text `list`). `cases()` keeps them all for
        whoever asks again: some 700 MiB at 50,000 cases, and the app keeps that. `where`:
        only the cases whose stored events pass it are folded and given (the bank's, with
        bank entries recorded)."""
        states = self._states
        rows = set(self._row_map())  # as they are now: a write during the pass changes them
        if rows <= states.keys():  # all folded already
            every = [states[case_id] for case_id in self._row_map()]
            yield from (s for s in every if where is None or where(s.raw_events))
            return
        # (No pause of the garbage collector held across the yields: a caller that keeps
        # many pauses it, as the reports do.)
        for case_id, events in self.store.iter_cases():
            if events and case_id in rows and (where is None or where(events)):
                state = states.get(case_id)
                yield state if state is not None else self._fold(case_id, events)

    def iter_events(self) -> Iterator[tuple[str, list[Mapping[str, Any]]]]:
        """Every case's stored events (raw, in id order), in one pass over the store: the
        snapshot streamed with what the journal holds on top, nothing folded. Not checked
        against the hash chain (the lists' free-text words: a damaged case's words are still
        its words). Safe from a background thread: it reads the ledger as it stood when
        the pass began."""
        return self.store.iter_cases()

    def __len__(self) -> int:
        return len(self._row_map())

    def case(self, case_id: str) -> CaseState:
        """A case by id (`C-2026-0001`, any letter case) or by its unique invoice number."""
        key = case_id.strip()
        _check_utf8("case", key)  # bytes that are not UTF-8 name no case, and no table
        if key:
            for candidate in dict.fromkeys((key, key.upper())):
                state = self._state(candidate)
                if state is not None:
                    return state
        by_invoice = [r for r in self._row_map().values() if r.invoice.casefold() == key.casefold()]
        if len(by_invoice) == 1:
            state = self._state(by_invoice[0].id)
            if state is not None:
                return state
        if len(by_invoice) > 1:
            ids = ", ".join(sorted(r.id for r in by_invoice))
            raise InputError(f"invoice {case_id!r} is on several cases ({ids}): use the case id")
        by_number = self._cases_numbered(key)
        if len(by_number) == 1:
            return by_number[0]
        if by_number:
            ids = ", ".join(sorted(s.id for s in by_number))
            raise InputError(f"case {case_id!r} could be {ids}: add the year")
        raise InputError(f"no case {case_id!r} (case ids look like C-2026-0001)")

    def case_problems(self, case_id: str) -> list[ChainProblem]:
        """What does not match in a case's stored history (its hash chain), for showing it;
        `case()` refuses a case with problems."""
        read = self.store.read_case(case_id)
        return [] if read is None else read.problems

    def case_despite_problems(self, case_id: str) -> tuple[CaseState, list[ChainProblem]]:
        """A case as its events are now, even when they do not match their chain (the app
        shows the case with what is wrong, and takes no writes for it)."""
        read = self.store.read_case(case_id)
        if read is None:
            return self.case(case_id), []
        if not read.problems:
            return self.case(case_id), []
        return self._fold(case_id, read.events), read.problems

    def resealed(self, case_id: str) -> list[int]:
        """Events of this case whose change a `casetui reseal` accepted."""
        return sorted({brk.event_id for brk in self.store.accepted_breaks(case_id)})

    def _cases_numbered(self, text: str) -> list[CaseState]:
        """Cases by the number in their id, as people say it: `26`, `0026`, `2026-26`,
        `c-2026-26` (without a year, every year's case with that number)."""
        match = _CASE_NUMBER.match(text)
        if match is None:
            return []
        year, number = match["year"], int(match["number"])
        found = []
        for case_id in self._row_map():  # ids from the index: no case is folded to look
            own = _CASE_ID.match(case_id)
            if own and int(own[2]) == number and (year is None or own[1] == year):
                found.append(self.case(case_id))
        return found

    def rows_by_customer(self) -> dict[str, list[CaseRow]]:
        """Every case's index row, by customer id, in one pass (`customer list` at 50,000
        cases: not a pass over every row for each customer)."""
        return {customer: list(rows.values()) for customer, rows in self._customer_groups().items()}

    def cases_of(self, customer_id: str, *, include_closed: bool = False) -> list[CaseState]:
        rows = [row for row in self._rows_of(customer_id) if include_closed or not row.is_closed]
        states = [self.case(row.id) for row in rows]
        return sorted(states, key=lambda s: (s.due, s.id))

    def find_invoice(self, customer_id: str, invoice: str) -> CaseState | None:
        """The case for this customer's invoice number, if there is one (import dedup).
        The first few asked of a ledger whose rows are not all read look at the customer's
        rows alone (`add` at 50,000 cases); then every row's invoice is indexed once."""
        wanted = invoice.casefold()
        if self._invoices is None and self._rows is None and self._customer_asks < _FEW_ASKS:
            found = [
                row.id for row in self._rows_of(customer_id) if row.invoice.casefold() == wanted
            ]
            case_id = max(found) if found else None  # (as the index would keep it)
        else:
            case_id = self._invoice_index().get((customer_id, wanted))
        return self.case(case_id) if case_id else None

    def _rows_of(self, customer_id: str) -> list[CaseRow]:
        """A customer's index rows: from the rows read, grouped by customer; for the first
        few customers asked of a ledger whose rows are not read, found by their bytes (the
        customer's key and id) without reading the others (`add`, `customer show`). Each
        such ask is a pass over the index's bytes: a letter for each of 11,000 customers
        due one (`send --due` at 50,000 cases) reads the rows once instead."""
        self._customer_asks += 1
        if self._rows is not None or self._customer_asks > _FEW_ASKS:
            return list(self._customer_groups().get(customer_id, {}).values())
        marker = b'"customer":' + orjson.dumps(customer_id)
        with gc_paused():
            sources = self.store.row_sources(Upto(marker, b""))  # (every line with it)
        rows = [CaseRow(case_id, raw) for case_id, raw in sources.items()]
        return [row for row in rows if row.customer_id == customer_id]

    def next_case_id(self, year: int) -> str:
        if self._case_numbers is None:
            numbers: dict[int, int] = {}
            # (The ids alone: the rows' names, when they are not all read already.)
            ids = self._rows.keys() if self._rows is not None else self.store.case_ids()
            for case_id in ids:
                if match := _CASE_ID.match(case_id):
                    number_year, number = int(match[1]), int(match[2])
                    numbers[number_year] = max(numbers.get(number_year, 0), number)
            self._case_numbers = numbers
        return f"C-{year}-{self._case_numbers.get(year, 0) + 1:04d}"

    def open_case(
        self,
        opened: Opened,
        *,
        new_customer: Customer | None = None,
        year: int | None = None,
        actions: Iterable[Iterable[Event]] = (),
        with_opening: Sequence[Event] = (),
    ) -> CaseState:
        """Create a case from its opening event, in one commit with `new_customer` (saved
        first; its id replaces `opened.customer_id`) and any later `actions` (imports).
        `with_opening` are recorded as part of the opening action (an import's notes):
        like the opening itself, undo does not cancel them."""
        with self._atomic():
            case_id = self._open(opened, new_customer, year or opened.date.year, with_opening)
            for action in actions:
                self.append(case_id, *action)
            state = self._states[case_id]
        return state

    def open_cases(self, batch: Iterable[tuple[Opened, Customer | None]], year: int) -> list[str]:
        """Many cases in one commit (import, demo): all of them or none."""
        with self._atomic():
            return [self._open(opened, new_customer, year, ()) for opened, new_customer in batch]

    def _open(
        self,
        opened: Opened,
        new_customer: Customer | None,
        year: int,
        with_opening: Sequence[Event],
    ) -> str:
        if new_customer is not None:
            customer = self.add_customer(new_customer)
            opened = dataclasses.replace(opened, customer_id=customer.id)
        else:
            self.customer(opened.customer_id)
        self._check_opened(opened)
        for event in with_opening:
            _check_values(event)
        case_id = self.next_case_id(year)
        self._record(case_id, None, _stamped((opened, *with_opening), first_id=1))
        return case_id

    def _record(
        self, case_id: str, before: CaseState | None, encoded: list[dict[str, Any]]
    ) -> CaseState:
        """Fold the new events onto the case, commit them with its new index row, and keep
        the new state (the events get their chain links in the store)."""
        old = before.raw_events if before is not None else ()
        state = self._fold(case_id, [*old, *encoded])
        self._touch(case_id=case_id)
        self.store.append_events(case_id, encoded, self._row_of(state))
        return self._recorded(case_id, before, state)

    def _recorded(self, case_id: str, before: CaseState | None, state: CaseState) -> CaseState:
        """Keep what was just written to a case: its state, its row, its invoice and id."""
        self._states[case_id] = state
        self._take_row(case_id)
        if self._invoices is not None:
            if before is not None:
                self._invoices.pop((before.customer_id, before.invoice.casefold()), None)
            self._invoices[(state.customer_id, state.invoice.casefold())] = case_id
        numbers = self._case_numbers
        if before is None and numbers is not None and (match := _CASE_ID.match(case_id)):
            number_year, number = int(match[1]), int(match[2])
            numbers[number_year] = max(numbers.get(number_year, 0), number)
        return state

    def _take_row(self, case_id: str) -> None:
        """Keep the row the store now holds for a case we just wrote."""
        if self._rows is not None:
            raw = self.store.row(case_id)
            if raw is not None:
                self._keep_row(case_id, raw)

    def clock(self) -> date:
        """Today, as the rules see it."""
        return self.today or date.today()

    def _check_opened(self, opened: Opened) -> None:
        _check_values(opened)
        rules.check_not_in_future(opened.date, self.clock(), "the case's opening date")
        rules.check_not_in_future(opened.issued, self.clock(), "issued")  # an invoice sent
        if opened.delivered is not None:
            rules.check_not_in_future(opened.delivered, self.clock(), "delivered")
        if not opened.invoice.strip():
            raise InputError("an invoice number is required")
        if opened.amount.amount <= 0:
            raise InputError("the invoice amount must be more than zero")
        if opened.due < opened.issued:
            raise InputError(f"the due date {opened.due} is before the issue date {opened.issued}")
        existing = self.find_invoice(opened.customer_id, opened.invoice)
        if existing is not None:
            raise InputError(
                f"invoice {opened.invoice!r} of this customer is already case {existing.id}"
            )

    # ----------------------------------------------------------------- timeline

    def append(self, case_id: str, *events: Event) -> CaseState:
        """Append one action's events to a case (checked, stamped, one commit)."""
        if not events:
            raise ValueError("nothing to append")
        with self._atomic():
            state = self.case(case_id)
            for event in events:
                self._check_event(state, event)
            return self._record(state.id, state, _stamped(events, state.last_event_id + 1))

    def read_ahead(self, case_ids: Iterable[str]) -> None:
        """Many of these cases are about to be written (a bank statement): what the store
        holds of them is read now, a section at a time, rather than looked up case by case."""
        self.store.read_ahead(case_ids)

    def append_actions(self, case_id: str, actions: Iterable[Iterable[Event]]) -> CaseState:
        """Several actions on one case in one commit (demo data, imports), each checked
        against the state the previous ones left."""
        with self._atomic():
            state = self.case(case_id)
            for action in actions:
                state = self.append(case_id, *action)
        return state

    def append_many(self, actions: Iterable[tuple[str, Sequence[Event]]]) -> dict[str, CaseState]:
        """Actions on many cases in one commit, all or nothing (a bank statement: thousands
        of payments and closings). Each action is checked against its case as the earlier
        actions leave it, stamped, and undone on its own, exactly as one `append` each; but
        the cases are read ahead together, and each case is folded, linked and written
        once with all its actions, not once per action. Returns the new states by case."""
        actions = list(actions)
        if any(not events for _, events in actions):
            raise ValueError("nothing to append")
        states: dict[str, CaseState] = {}
        with self._atomic():
            self.read_ahead(dict.fromkeys(case_id for case_id, _ in actions))
            grouped: dict[str, list[Sequence[Event]]] = {}
            for case_id, events in actions:  # by the case's own id, however it was named
                grouped.setdefault(self.case(case_id).id, []).append(events)
            written = []
            for case_id, group in grouped.items():
                before = self.case(case_id)
                state, encoded = before, []
                for number, events in enumerate(group):
                    if number:  # checked against what the earlier actions left
                        state = self._fold(before.id, [*before.raw_events, *encoded])
                    for event in events:
                        self._check_event(state, event)
                    encoded += _stamped(events, state.last_event_id + 1)
                state = self._fold(before.id, [*before.raw_events, *encoded])
                self._touch(case_id=before.id)
                written.append((before, state, encoded))
            self.store.append_many(
                (before.id, encoded, self._row_of(state)) for before, state, encoded in written
            )
            for before, state, _ in written:
                states[before.id] = self._recorded(before.id, before, state)
        return states

    def append_batch(
        self, actions: Sequence[tuple[str, Sequence[Event]]]
    ) -> tuple[str, list[CaseState]]:
        """One action on several cases (snooze, close, a letter each): one commit, all or
        nothing, each case's events checked as `append` does. Returns the batch id, which
        `undo_batch` takes to cancel the lot, and the new states."""
        if not actions:
            raise ValueError("nothing to append")
        batch = new_batch_id()
        with self._atomic():
            states = [
                self.append(case_id, *(dataclasses.replace(e, batch=batch) for e in events))
                for case_id, events in actions
            ]
        return batch, states

    def batch_cases(self, batch: str, *, undone: bool = False) -> list[str]:
        """The cases a batch wrote to whose events of it are in force (`undone`: undone)."""
        found = []
        # Every case, folded: rare (an undo or redo of marked cases), and correct over any
        # case the batch touched, whatever is cached; one at a time, none kept.
        for state in self.each_case():
            if any(
                raw.get("batch") == batch and (raw["id"] in state.voided_ids) == undone
                for raw in reversed(state.raw_events)
            ):
                found.append(state.id)
        return sorted(found)

    def redo_batch(self, batch: str, today: date) -> list[tuple[list[Event], CaseState]]:
        """Cancel the undo of a batch on every case, in one commit: all or nothing. Refused
        when a case has recorded something since (redo ends with a new action)."""
        with self._atomic():
            cases = self.batch_cases(batch, undone=True)
            if not cases:
                raise InputError("nothing of that action to redo")
            for case_id in cases:
                undo = self.undone_action(case_id)
                state = self.case(case_id)
                voided = [e for e in state.timeline() if undo is not None and e.id in undo.voids]
                if not voided or voided[0].batch != batch:
                    raise InputError(f"{case_id} has a newer action; nothing to redo there")
            return [self.redo(case_id, today) for case_id in cases]

    def undo_batch(self, batch: str, today: date) -> list[tuple[list[Event], CaseState]]:
        """Undo a batch on every case it wrote to, in one commit: all or nothing. Refused
        when a case has a newer action (undo that on the case first)."""
        with self._atomic():
            cases = self.batch_cases(batch)
            if not cases:
                raise InputError("nothing left to undo of that action")
            for case_id in cases:
                last = self.last_action(case_id)
                if not last or last[0].batch != batch:
                    raise InputError(
                        f"{case_id} has a newer action; undo it on the case first (u there)"
                    )
            return [self.undo(case_id, today) for case_id in cases]

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Group writes (several cases, new customers) into one all-or-nothing commit."""
        return self._atomic()

    def set_policy(self, policy: LadderPolicy) -> None:
        """New ladder waits (the business profile changed): every case is folded again and
        the index rebuilt with them (persisted when the ledger is writable)."""
        with self._write_lock, gc_paused():
            self.store.index = index_spec(policy)
            self.policy = policy
            if not self.store.readonly:
                self.store.rebuild_index()
            self._forget_everything()

    def keep_backup(self, why: str) -> Any:
        """A backup of the ledger as it is now, kept whatever the rotation (the `Backup`,
        or None for a ledger with nothing in it yet)."""
        return self.store.keep_backup(why)

    def clear(self) -> None:
        """Remove every case and customer (after a backup; used by `demo --force`)."""
        with self._atomic():
            self.store.clear()
            self._forget_everything()

    def last_action(self, case_id: str) -> list[Event]:
        """The events of the most recent action that undo would cancel (empty: none)."""
        state = self.case(case_id)
        live = [
            raw
            for raw in state.raw_events
            if raw["id"] not in state.voided_ids and raw["kind"] != "voided"
        ]
        if not live:
            return []
        last = max(live, key=lambda raw: raw["id"])
        root = last.get("part_of") or last["id"]
        group = [raw for raw in live if raw["id"] == root or raw.get("part_of") == root]
        if any(raw["kind"] == "opened" for raw in group):
            return []
        return [codec.decode_event(dict(raw)) for raw in sorted(group, key=lambda r: r["id"])]

    def undo(self, case_id: str, today: date) -> tuple[list[Event], CaseState]:
        """Void the last action on a case. Returns what was undone and the new state."""
        with self._atomic():
            undone = self.last_action(case_id)
            if not undone:
                raise InputError(f"nothing to undo on {self.case(case_id).id}")
            currency = self.case(case_id).currency
            what = ", ".join(headline(event, currency) for event in undone)
            voided = Voided(
                date=today, voids=tuple(event.id for event in undone), reason=f"{_UNDO}{what}"
            )
            state = self.append(case_id, voided)
            for event in undone:
                if isinstance(event, Payment) and event.entry and event.payer_iban:
                    self._forget_learnt_account(state.customer_id, event, today)
            return undone, state

    def _forget_learnt_account(self, customer_id: str, payment: Payment, day: date) -> None:
        """A statement's payment was undone: the payer's account a statement taught the
        customer goes too (so the entry is not matched "by account" next time), unless
        another recorded entry that still stands was paid from it."""
        customer = self.customer(customer_id)
        iban = compact_iban(payment.payer_iban)
        if iban not in customer.ibans or self._paid_from(customer_id, iban):
            return
        history = self.customer_history(customer_id)
        cancelled = {change.voids for change in history if change.voids}
        live = [c for c in history if not c.voids and c.id not in cancelled]
        learnt = [c for c in live if learnt_from_statement(c, iban)]
        if not learnt:
            return  # known before any statement, or typed in by a person
        if live[-1] is learnt[-1]:
            self.undo_customer(customer_id, day)
        else:  # other details changed since: those stay, the account goes
            ibans = tuple(other for other in customer.ibans if other != iban)
            note = forgotten_account_note(payment.entry)
            self.update_customer(dataclasses.replace(customer, ibans=ibans), note=note, day=day)

    def _paid_from(self, customer_id: str, iban: str) -> bool:
        """Does a live payment read from a statement on one of the customer's cases come
        from this account? A damaged case may have one: it counts as yes (the account is
        kept), so that it never blocks an undo on a case that is whole."""
        for row in self._row_map().values():
            if row.customer_id != customer_id:
                continue
            try:
                state = self.case(row.id)
            except CaseDamaged:
                return True
            for raw in state.raw_events:
                if (
                    raw["kind"] == "payment"
                    and raw.get("entry")
                    and raw["id"] not in state.voided_ids
                    and compact_iban(str(raw.get("payer_iban", ""))) == iban
                ):
                    return True
        return False

    def _relearn_account(self, customer_id: str, payment: Payment, day: date) -> None:
        """A statement's payment is redone: an account a statement had taught the customer,
        and an undo took back, is remembered again."""
        customer = self.customer(customer_id)
        iban = compact_iban(payment.payer_iban)
        if iban in customer.ibans:
            return
        history = self.customer_history(customer_id)
        if any(learnt_from_statement(change, iban) for change in history):
            ibans = (*customer.ibans, iban)
            note = learnt_account_note(payment.entry)
            self.update_customer(dataclasses.replace(customer, ibans=ibans), note=note, day=day)

    def undone_action(self, case_id: str) -> Voided | None:
        """The undo that redo would cancel: the latest undo still in force, when nothing
        but undos and redos was recorded on the case after it (a new action ends redo)."""
        state = self.case(case_id)
        for raw in reversed(state.raw_events):
            reason = str(raw.get("reason", "")) if raw["kind"] == "voided" else ""
            if not reason.startswith((_UNDO, _REDO)):
                return None  # a new action since the undo: nothing to redo
            if reason.startswith(_UNDO) and raw["id"] not in state.voided_ids:
                event = codec.decode_event(dict(raw))
                assert isinstance(event, Voided)
                return event
        return None

    def redo(self, case_id: str, today: date) -> tuple[list[Event], CaseState]:
        """Cancel the latest undo on a case (the undone action is in force again).
        Returns the action restored and the new state."""
        with self._atomic():
            undo = self.undone_action(case_id)
            if undo is None:
                raise InputError(f"nothing to redo on {self.case(case_id).id}")
            state = self.case(case_id)
            restored = [event for event in state.timeline() if event.id in undo.voids]
            what = ", ".join(headline(event, state.currency) for event in restored)
            redo = Voided(date=today, voids=(undo.id,), reason=f"{_REDO}{what}")
            state = self.append(case_id, redo)
            for event in restored:
                if isinstance(event, Payment) and event.entry and event.payer_iban:
                    self._relearn_account(state.customer_id, event, today)
            return restored, state

    def _check_event(self, state: CaseState, event: Event) -> None:
        if isinstance(event, Opened):
            raise InputError("a case is opened only once")
        _check_values(event)
        rules.check_not_in_future(event.date, self.clock(), f"{event.label.lower()} dated")
        if state.closed is not None and rules.closed_case_refuses(event.kind):
            raise InputError(f"case {state.id} is closed; reopen it first")
        for name in ("amount",):
            money = getattr(event, name, None)
            if isinstance(money, Money):
                if money.currency != state.currency:
                    raise InputError(
                        f"{money.currency} amount on a {state.currency} case {state.id}"
                    )
                if money.amount <= 0:
                    raise InputError("the amount must be more than zero")
        if isinstance(event, Promise) and event.by < event.date:
            raise InputError(f"a promise to pay by {event.by} cannot be made on {event.date}")
        if isinstance(event, Call) and event.next_action and event.next_action < event.date:
            raise InputError(f"next action {event.next_action} is before the call ({event.date})")
        if isinstance(event, Snooze) and event.until <= event.date:
            raise InputError(f"snooze until {event.until}: pick a date after {event.date}")
        if isinstance(event, Reopened) and state.closed is None:
            raise InputError(f"case {state.id} is not closed")
        if isinstance(event, DisputeSettled):
            rules.check_settlement(event, state.currency)
        if isinstance(event, SettlementLapsed):
            rules.check_lapse(state)
        if isinstance(event, DisputeOpened) and state.dispute is not None:
            raise InputError(f"case {state.id} is already disputed since {state.dispute.since}")
        if isinstance(event, Amended):
            self._check_amendment(state, event)
            if event.delivered is not None:
                rules.check_not_in_future(event.delivered, self.clock(), "delivered")
        if isinstance(event, LetterSent) and event.deadline and event.deadline < event.date:
            raise InputError(f"deadline {event.deadline} is before the letter ({event.date})")
        if isinstance(event, LetterSent) and event.received:
            rules.check_receipt(event.date, event.received, self.clock())
        if isinstance(event, LetterReceived):
            sent = _letter_to_debtor(state, event.letter)
            rules.check_receipt(sent, event.date, self.clock())
        if isinstance(event, Voided):
            live = {raw["id"]: raw for raw in state.raw_events}
            for event_id in event.voids:
                target = live.get(event_id)
                if target is None or event_id in state.voided_ids:
                    raise InputError(f"event {event_id} of {state.id} cannot be voided")
                if target["kind"] == "opened" or (
                    target["kind"] == "voided"
                    and not (
                        str(target.get("reason", "")).startswith(_UNDO)
                        and event.reason.startswith(_REDO)
                    )
                ):
                    raise InputError(f"the {target['kind']} event cannot be voided")

    def _check_amendment(self, state: CaseState, event: Amended) -> None:
        if event.customer_id is not None:
            self.customer(event.customer_id)
        if event.issued is not None:
            rules.check_not_in_future(event.issued, self.clock(), "issued")
        due = event.due or state.due
        issued = event.issued or state.issued
        if due < issued:
            raise InputError(f"the due date {due} is before the issue date {issued}")
        if event.invoice is not None:
            other = self.find_invoice(event.customer_id or state.customer_id, event.invoice)
            if other is not None and other.id != state.id:
                raise InputError(f"invoice {event.invoice!r} is already case {other.id}")

    # ----------------------------------------------------------------- views

    def agenda(self, today: date) -> list[AgendaItem]:
        """Today's agenda with each case folded (`agenda_rows` is the quick one)."""
        return [
            AgendaItem(self.case(item.case.id), item.action, item.score, today)
            for item in self.agenda_rows(today)
        ]

    def verify(
        self,
        case_id: str | None = None,
        *,
        pause: Callable[[], None] | None = None,
        workers: int = 1,
        parallel_from: int | None = None,
    ) -> Any:
        """Every integrity check (`casetui verify`, the app's background check): the store's
        checksums, chains and index rows, and the checks of what the ledger's events point
        at (evidence files, attachments). Returns the store's `Report`. `workers` above one
        checks the cases of a big ledger (`parallel_from` cases, the store's default when
        None) in that many processes, with the same result."""
        from casetui.dossier.checks import attachment_check  # imported here: the bundle side
        from casetui.store.verify import PARALLEL_FROM, register_check, verify_ledger

        register_check(attachment_check)
        return verify_ledger(
            self.store,
            case_id,
            pause=pause,
            workers=workers,
            parallel_from=PARALLEL_FROM if parallel_from is None else parallel_from,
        )

    def meta(self) -> dict[str, Any]:
        return dict(self.store.meta())


class _CustomerLookup(Mapping[str, Customer]):
    """Customers found one at a time, as the fold asks for a case's own (`get`)."""

    def __init__(self, find: Callable[[str], Customer | None]) -> None:
        self._find = find

    def __getitem__(self, customer_id: str) -> Customer:
        customer = self._find(customer_id)
        if customer is None:
            raise KeyError(customer_id)
        return customer

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the customers of a ledger are looked up one at a time")

    def __len__(self) -> int:
        raise TypeError("the customers of a ledger are looked up one at a time")


def index_spec(policy: LadderPolicy) -> IndexSpec:
    """How this casetui derives index rows: `row_of` a fresh fold with `policy` and the
    case's customer (its limitation follows the customer's law), read from the store."""

    decoded: dict[str, tuple[Mapping[str, Any], Customer]] = {}  # kept while the doc is

    def build(
        case_id: str, events: list[Any], customer_doc: Callable[[str], Mapping[str, Any] | None]
    ) -> dict[str, Any]:
        def find(customer_id: str) -> Customer | None:
            doc = customer_doc(customer_id)
            if doc is None:
                return None
            known = decoded.get(customer_id)
            if known is None or (known[0] is not doc and known[0] != doc):
                known = decoded[customer_id] = (doc, _decode_customer(doc))
            return known[1]

        state = fold_checked(case_id, events, policy, _CustomerLookup(find))
        return row_of(state, _name_for_row(state, find))

    return IndexSpec(index_stamp(policy), build)


def _name_for_row(state: CaseState, find: Callable[[str], Customer | None]) -> str:
    """The customer's name for the case's index row: only its `agenda` list holds it, so
    only a case with a next action looks the customer up (a write to a closed case never
    reads it); "" when the customer cannot be read (the agenda then asks for the name)."""
    if state.next_action is None:
        return ""
    try:
        customer = find(state.customer_id)
    except CorruptLedger:
        return ""
    return customer.name if customer is not None else ""


def fold_checked(
    case_id: str,
    raw_events: Sequence[Mapping[str, Any]],
    policy: LadderPolicy,
    customers: Mapping[str, Customer] | None = None,
) -> CaseState:
    """`fold`, with a clear message instead of a traceback when an event cannot be read
    (an event without a date, of a kind this casetui does not know...)."""
    for raw in raw_events:
        kind = raw.get("kind")
        if kind not in EVENT_TYPES:
            raise CorruptLedger(
                f"case {case_id} event #{raw.get('id')} is of a kind this casetui does not know "
                f"({kind!r}): it was written by a newer casetui or changed by hand"
            )
    try:
        return fold(case_id, raw_events, policy, customers)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise CorruptLedger(_unreadable(case_id, raw_events, error)) from None


def _unreadable(case_id: str, raw_events: Sequence[Mapping[str, Any]], error: Exception) -> str:
    for raw in raw_events:
        try:
            codec.decode_event(dict(raw))
            if not isinstance(raw.get("date"), str):
                raise KeyError("date")
            date.fromisoformat(raw["date"])
        except (KeyError, TypeError, ValueError, InputError) as problem:
            what = f"has no {problem}" if isinstance(problem, KeyError) else f"({problem})"
            return (
                f"case {case_id} event #{raw.get('id')} ({raw.get('kind')}) cannot be read: "
                f"it {what}"
            )
    return f"case {case_id} cannot be read ({type(error).__name__}: {error})"


def _decode_customer(doc: Mapping[str, Any]) -> Customer:
    try:
        return codec.decode_customer(dict(doc))
    except (KeyError, TypeError, ValueError) as error:
        raise CorruptLedger(f"customer {doc.get('id')!r} cannot be read ({error})") from None


def _letter_to_debtor(state: CaseState, letter: int) -> date:
    """The day letter #`letter` of the case was sent; refused unless it is a live letter to
    the debtor (a receipt names one)."""
    target = next((raw for raw in state.raw_events if raw["id"] == letter), None)
    if target is None or target["kind"] != "letter" or letter in state.voided_ids:
        raise InputError(f"{state.id} has no letter #{letter}")
    if target["letter_kind"] == "handover":
        raise InputError(f"letter #{letter} is the hand-over file, not one to the debtor")
    return date.fromisoformat(target["date"])


def _rows_changed(old: Customer, new: Customer) -> bool:
    """Does the change move what the index rows of the customer's open cases hold: the law
    of their contracts (casetui.limitation.cases) or the customer's name?"""
    fields = ("kind", "country", "limitation_law", "name")
    return any(getattr(old, name) != getattr(new, name) for name in fields)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names (`dataclasses.fields` builds its tuple on every call: a
    statement checks thousands of events)."""
    return tuple(spec.name for spec in dataclasses.fields(kind))


@functools.cache
def _label(name: str) -> str:
    return name.replace("_", " ")


def _check_values(event: Event) -> None:
    """Dates casetui takes, amounts that fit the ledger and text that is text, for any
    event kind (one pass over its fields: a statement checks thousands of events)."""
    for name in _field_names(type(event)):
        value = getattr(event, name)
        if isinstance(value, str):
            _check_utf8(name, value)
        elif isinstance(value, date):
            rules.check_in_range(value, _label(name))
        elif isinstance(value, Money):
            if abs(value.amount.scaleb(2)) >= LARGEST_MINOR:
                raise InputError(f"the amount {value} is too large")
        elif isinstance(value, tuple):
            for text in value:
                if isinstance(text, str):
                    _check_utf8(name, text)


def _check_text(value: Any) -> None:
    """Text must be text: bytes that are not UTF-8 (an argument typed in another encoding
    arrives as lone surrogates) are bad input, refused before anything is written."""
    for name in _field_names(type(value)):
        field = getattr(value, name)
        for text in field if isinstance(field, tuple) else (field,):
            if isinstance(text, str):
                _check_utf8(name, text)


def _check_utf8(name: str, text: str) -> None:
    if text.isascii():
        return  # no lone surrogate in it
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"{_label(name)}: {text!r} is not valid text (it holds bytes that are not UTF-8)"
        ) from None


def _stamped(events: Iterable[Event], first_id: int) -> list[dict[str, Any]]:
    """Events in their on-disk shape, numbered from `first_id`, with the time they were
    recorded; the second and later events point at the first (`part_of`), so that one
    undo cancels the whole action."""
    stamp = utc_now_iso()
    encoded = []
    for offset, event in enumerate(events):
        data = codec.encode_event(event)
        data["id"] = first_id + offset
        data["recorded_at"] = stamp
        if offset:
            data["part_of"] = first_id
        else:
            data.pop("part_of", None)
        encoded.append(data)
    return encoded
