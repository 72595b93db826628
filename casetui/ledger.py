"""The ledger as the rest of casetui sees it: customers, cases and their timelines.

`Ledger` sits between the store (bytes on disk) and everything else (CLI, app, letters,
import). It loads and folds every case once, keeps the folded states in memory, and is the
one place where events are checked, stamped (id, `recorded_at`) and appended. After each
append it re-folds just that case.

Writes are serialised by a lock, so the app may write from worker threads.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import re
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from casetui import codec, rules
from casetui.agenda import AgendaItem, build_agenda
from casetui.customers import CustomerChange, apply_values, differences, normalise_name
from casetui.dates import utc_now_iso
from casetui.describe import headline
from casetui.errors import InputError
from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.model import (
    Amended,
    Customer,
    DisputeOpened,
    DisputeSettled,
    Event,
    LetterReceived,
    LetterSent,
    Opened,
    Promise,
    Reopened,
    SettlementLapsed,
    Snooze,
    Voided,
)
from casetui.money import Money
from casetui.store import LedgerStore
from casetui.timeline import CaseState, fold

# Amounts are stored as 64-bit minor units; nobody chases a quadrillion.
LARGEST_MINOR = 10**17

_CASE_ID = re.compile(r"^C-(\d{4})-(\d{4,})$")
_CUSTOMER_ID = re.compile(r"^CUS-(\d{4,})$")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a ledger loads.

    Loading allocates a million small objects and none of them form cycles, yet every GC
    pass would walk them all: a quarter of the load time at 10k cases. Afterwards
    `gc.freeze()` moves the loaded data out of the collector's way for good.
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


class Ledger:
    """An open ledger with every case folded. Use `Ledger.open(...)` and `close()`."""

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
        self._write_lock = threading.RLock()
        self._load()

    def _load(self) -> None:
        """Decode customers and fold every case from what the store holds."""
        with gc_paused():
            self._load_all()

    def _load_all(self) -> None:
        self._customers: dict[str, Customer] = {}
        # Each customer's changes (casetui.customers), in their stored form.
        self._customer_history: dict[str, list[dict[str, Any]]] = {}
        for doc in self.store.customers():
            customer = codec.decode_customer(dict(doc))
            self._customers[customer.id] = customer
            if doc.get("history"):
                self._customer_history[customer.id] = list(doc["history"])
        self._by_name = {normalise_name(c.name): c.id for c in self._customers.values()}
        policy, customers = self.policy, self._customers
        self._states: dict[str, CaseState] = {
            case_id: fold(case_id, events, policy, customers)
            for case_id, events in self.store.iter_cases()
        }
        self._invoice_index: dict[tuple[str, str], str] = {
            (state.customer_id, state.invoice.casefold()): state.id
            for state in self._states.values()
        }
        # Highest number in use per year (cases) and overall (customers), for new ids.
        self._case_numbers: dict[int, int] = {}
        for case_id in self._states:
            if match := _CASE_ID.match(case_id):
                year, number = int(match[1]), int(match[2])
                self._case_numbers[year] = max(self._case_numbers.get(year, 0), number)
        self._customer_number = max(
            (int(m[1]) for cid in self._customers if (m := _CUSTOMER_ID.match(cid))), default=0
        )

    @contextlib.contextmanager
    def _atomic(self) -> Iterator[None]:
        """One commit for several writes; on failure memory is rebuilt from what is on disk."""
        with self._write_lock:
            try:
                with self.store.transaction():
                    yield
            except BaseException:
                self._load()
                raise

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
    ) -> Ledger:
        with gc_paused():
            store = LedgerStore(path, readonly=readonly, purpose=purpose, backup=backup)
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

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- customers

    def customers(self) -> list[Customer]:
        return sorted(self._customers.values(), key=lambda c: normalise_name(c.name))

    def customer(self, customer_id: str) -> Customer:
        try:
            return self._customers[customer_id]
        except KeyError:
            raise InputError(f"no customer {customer_id!r}") from None

    def find_customer(self, name: str) -> Customer | None:
        """The customer with this name (case-insensitive), if there is one."""
        customer_id = self._by_name.get(normalise_name(name))
        return self._customers.get(customer_id) if customer_id else None

    def search_customers(self, text: str, limit: int = 20) -> list[Customer]:
        """Customers whose name contains `text`, names starting with it first."""
        needle = normalise_name(text)
        if not needle:
            return self.customers()[:limit]
        matches = [c for c in self._customers.values() if needle in normalise_name(c.name)]
        matches.sort(key=lambda c: (not normalise_name(c.name).startswith(needle), c.name))
        return matches[:limit]

    def _next_customer_id(self) -> str:
        return f"CUS-{self._customer_number + 1:04d}"

    def add_customer(self, draft: Customer) -> Customer:
        """Save a new customer (its `id` is assigned here). Names must be unique."""
        with self._write_lock:
            self._check_customer(draft, existing_id=None)
            customer = dataclasses.replace(draft, id=self._next_customer_id())
            self.store.put_customer(codec.encode_customer(customer))
            self._remember_customer(customer)
            return customer

    def update_customer(
        self, customer: Customer, *, note: str = "", day: date | None = None
    ) -> Customer:
        """Save new details of a customer, recorded as a change in its history (`note`:
        why; `day`: when, default today) that `undo_customer` can take back."""
        with self._write_lock:
            old = self.customer(customer.id)
            changes = differences(old, customer)
            if not changes:
                return old
            self._check_customer(customer, existing_id=customer.id)
            history = self._customer_history.get(customer.id, [])
            change = CustomerChange(
                id=len(history) + 1,
                date=day or self.clock(),
                recorded_at=utc_now_iso(),
                changes=changes,
                note=note.strip(),
            )
            self._save_customer(old, customer, [*history, change.to_json()])
            return customer

    def undo_customer(self, customer_id: str, day: date) -> tuple[CustomerChange, Customer]:
        """Take back the last change of a customer's details that is not undone yet."""
        with self._write_lock:
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
            raw = [*self._customer_history.get(customer_id, []), change.to_json()]
            self._save_customer(current, restored, raw)
            return last, restored

    def customer_history(self, customer_id: str) -> list[CustomerChange]:
        """The recorded changes of a customer's details, oldest first (undos included)."""
        return [
            CustomerChange.from_json(raw) for raw in self._customer_history.get(customer_id, [])
        ]

    def _save_customer(self, old: Customer, new: Customer, history: list[dict[str, Any]]) -> None:
        doc = codec.encode_customer(new)
        doc["history"] = history
        self.store.put_customer(doc)
        self._customer_history[new.id] = history
        self._by_name.pop(normalise_name(old.name), None)
        self._remember_customer(new)
        if _limitation_changed(old, new):
            for state in self.cases_of(new.id):
                self._refold(state.id)  # their limitation follows the customer

    def _check_customer(self, customer: Customer, existing_id: str | None) -> None:
        if not customer.name.strip():
            raise InputError("a customer needs a name")
        same = self._by_name.get(normalise_name(customer.name))
        if same is not None and same != existing_id:
            raise InputError(f"a customer named {customer.name!r} already exists ({same})")

    def _remember_customer(self, customer: Customer) -> None:
        if match := _CUSTOMER_ID.match(customer.id):
            self._customer_number = max(self._customer_number, int(match[1]))
        self._customers[customer.id] = customer
        self._by_name[normalise_name(customer.name)] = customer.id

    # ----------------------------------------------------------------- cases

    def cases(self, *, include_closed: bool = True) -> list[CaseState]:
        states = self._states.values()
        if not include_closed:
            return [s for s in states if s.closed is None]
        return list(states)

    def __len__(self) -> int:
        return len(self._states)

    def case(self, case_id: str) -> CaseState:
        """A case by id (`C-2026-0001`, any letter case) or by its unique invoice number."""
        key = case_id.strip()
        state = self._states.get(key) or self._states.get(key.upper())
        if state is not None:
            return state
        by_invoice = [s for s in self._states.values() if s.invoice.casefold() == key.casefold()]
        if len(by_invoice) == 1:
            return by_invoice[0]
        if len(by_invoice) > 1:
            ids = ", ".join(sorted(s.id for s in by_invoice))
            raise InputError(f"invoice {case_id!r} is on several cases ({ids}): use the case id")
        raise InputError(f"no case {case_id!r} (case ids look like C-2026-0001)")

    def cases_of(self, customer_id: str, *, include_closed: bool = False) -> list[CaseState]:
        return sorted(
            (
                s
                for s in self._states.values()
                if s.customer_id == customer_id and (include_closed or s.closed is None)
            ),
            key=lambda s: (s.due, s.id),
        )

    def find_invoice(self, customer_id: str, invoice: str) -> CaseState | None:
        """The case for this customer's invoice number, if there is one (import dedup)."""
        case_id = self._invoice_index.get((customer_id, invoice.casefold()))
        return self._states.get(case_id) if case_id else None

    def next_case_id(self, year: int) -> str:
        return f"C-{year}-{self._case_numbers.get(year, 0) + 1:04d}"

    def open_case(
        self,
        opened: Opened,
        *,
        new_customer: Customer | None = None,
        year: int | None = None,
        actions: Iterable[Iterable[Event]] = (),
    ) -> CaseState:
        """Create a case from its opening event, in one commit with `new_customer` (saved
        first; its id replaces `opened.customer_id`) and any later `actions` (imports)."""
        with self._atomic():
            case_id = self._open(opened, new_customer, year or opened.date.year)
            for action in actions:
                self.append(case_id, *action)
        return self._states[case_id]

    def open_cases(self, batch: Iterable[tuple[Opened, Customer | None]], year: int) -> list[str]:
        """Many cases in one commit (import, demo): all of them or none."""
        with self._atomic():
            return [self._open(opened, new_customer, year) for opened, new_customer in batch]

    def _open(self, opened: Opened, new_customer: Customer | None, year: int) -> str:
        if new_customer is not None:
            customer = self.add_customer(new_customer)
            opened = dataclasses.replace(opened, customer_id=customer.id)
        else:
            self.customer(opened.customer_id)
        self._check_opened(opened)
        case_id = self.next_case_id(year)
        self.store.append_events(case_id, _stamped((opened,), first_id=1))
        self._refold(case_id)
        return case_id

    def clock(self) -> date:
        """Today, as the rules see it."""
        return self.today or date.today()

    def _check_opened(self, opened: Opened) -> None:
        _check_values(opened)
        rules.check_not_in_future(opened.date, self.clock(), "the case's opening date")
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
        with self._write_lock:
            state = self.case(case_id)
            for event in events:
                self._check_event(state, event)
            self.store.append_events(state.id, _stamped(events, state.last_event_id + 1))
            return self._refold(state.id)

    def append_actions(self, case_id: str, actions: Iterable[Iterable[Event]]) -> CaseState:
        """Several actions on one case in one commit (demo data, imports), each checked
        against the state the previous ones left."""
        with self._atomic():
            state = self.case(case_id)
            for action in actions:
                state = self.append(case_id, *action)
        return state

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Group writes (several cases, new customers) into one all-or-nothing commit."""
        return self._atomic()

    def set_policy(self, policy: LadderPolicy) -> None:
        """Refold every case with new ladder waits (the business profile changed)."""
        with self._write_lock, gc_paused():
            states = {
                case_id: fold(case_id, events, policy, self._customers)
                for case_id, events in self.store.iter_cases()
            }
            self.policy = policy
            self._states = states  # one assignment: readers see the old or the new states

    def clear(self) -> None:
        """Remove every case and customer (after a backup; used by `demo --force`)."""
        with self._write_lock:
            self.store.clear()
            self._load()

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
        with self._write_lock:
            undone = self.last_action(case_id)
            if not undone:
                raise InputError(f"nothing to undo on {self.case(case_id).id}")
            currency = self.case(case_id).currency
            what = ", ".join(headline(event, currency) for event in undone)
            voided = Voided(
                date=today, voids=tuple(event.id for event in undone), reason=f"undo: {what}"
            )
            return undone, self.append(case_id, voided)

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
                if target["kind"] in ("opened", "voided"):
                    raise InputError(f"the {target['kind']} event cannot be voided")

    def _check_amendment(self, state: CaseState, event: Amended) -> None:
        if event.customer_id is not None:
            self.customer(event.customer_id)
        due = event.due or state.due
        issued = event.issued or state.issued
        if due < issued:
            raise InputError(f"the due date {due} is before the issue date {issued}")
        if event.invoice is not None:
            other = self.find_invoice(event.customer_id or state.customer_id, event.invoice)
            if other is not None and other.id != state.id:
                raise InputError(f"invoice {event.invoice!r} is already case {other.id}")

    def _refold(self, case_id: str) -> CaseState:
        old = self._states.get(case_id)
        state = fold(case_id, self.store.case_events(case_id), self.policy, self._customers)
        if old is not None:
            self._invoice_index.pop((old.customer_id, old.invoice.casefold()), None)
        self._invoice_index[(state.customer_id, state.invoice.casefold())] = case_id
        self._states[case_id] = state
        if old is None and (match := _CASE_ID.match(case_id)):
            year, number = int(match[1]), int(match[2])
            self._case_numbers[year] = max(self._case_numbers.get(year, 0), number)
        return state

    # ----------------------------------------------------------------- views

    def agenda(self, today: date) -> list[AgendaItem]:
        return build_agenda(self._states.values(), today)

    def meta(self) -> dict[str, Any]:
        return dict(self.store.meta())


def _letter_to_debtor(state: CaseState, letter: int) -> date:
    """The day letter #`letter` of the case was sent; refused unless it is a live letter to
    the debtor (a receipt names one)."""
    target = next((raw for raw in state.raw_events if raw["id"] == letter), None)
    if target is None or target["kind"] != "letter" or letter in state.voided_ids:
        raise InputError(f"{state.id} has no letter #{letter}")
    if target["letter_kind"] == "handover":
        raise InputError(f"letter #{letter} is the hand-over file, not one to the debtor")
    return date.fromisoformat(target["date"])


def _limitation_changed(old: Customer, new: Customer) -> bool:
    """Does the change move the law of the customer's contracts (casetui.limitation.cases)?"""
    fields = ("kind", "country", "limitation_law")
    return any(getattr(old, name) != getattr(new, name) for name in fields)


def _check_values(event: Event) -> None:
    """Dates casetui takes and amounts that fit the ledger, for any event kind."""
    for spec in dataclasses.fields(event):
        value = getattr(event, spec.name)
        if isinstance(value, date):
            rules.check_in_range(value, spec.name.replace("_", " "))
        if isinstance(value, Money) and abs(value.amount.scaleb(2)) >= LARGEST_MINOR:
            raise InputError(f"the amount {value} is too large")


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
