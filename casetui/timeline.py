"""Fold a case's timeline into its current state.

The timeline is the truth: stage, balance, dispute, promise, snooze and the next action are
computed here from the events and never stored. The fold reads events in their on-disk shape
(plain dicts, see `casetui.codec`): money as integer minor units and dates as ISO strings,
which compare correctly as strings. That keeps loading a 50k-case ledger fast and the sums
exact; typed events are decoded only when someone looks at them (`CaseState.timeline()`).

Order: events are folded by (date, id), so a payment typed in today but dated last week
counts from last week. Voided events are skipped entirely.

The next action is a date and a reason that do not depend on today: the agenda asks "which
cases have a next action on or before today?" and explains the reason in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import Any

from casetui import codec
from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.limitation.cases import LimitationAlert, limitation_watch
from casetui.model import (
    Channel,
    CloseReason,
    Customer,
    Event,
    HandoverTo,
    LetterKind,
    Stage,
)
from casetui.money import Money, from_minor, to_minor
from casetui.plans import PlanState, allocate
from casetui.records import NamedTuple
from casetui.values import frozen
from casetui.workdays import roll_forward

RawEvent = dict[str, Any]


class Reason(StrEnum):
    """Why a case needs action. The agenda turns these into words."""

    PROMISE_BROKEN = "promise-broken"
    DEADLINE_PASSED = "deadline-passed"
    FOLLOW_UP = "follow-up"
    SNOOZE_ENDED = "snooze-ended"
    OVERDUE_NO_REMINDER = "overdue-no-reminder"
    STEP_DUE = "step-due"
    DISPUTE_OPEN = "dispute-open"
    HANDOVER_CHECK = "handover-check"
    PAID_IN_FULL = "paid-in-full"
    OVERPAID = "overpaid"
    LIMITATION = "limitation"  # a lead time before the claim may be time-barred
    INSTALMENT_MISSED = "instalment-missed"  # a payment plan's instalment was not paid


class NextAction(NamedTuple):
    """The day a case next needs attention and why.

    Days the ladder computes land on the creditor's working days: a deadline that ran out
    on Friday brings the case back on Monday. `since` then keeps the day the reason arose
    (the Saturday), which "passed 2 days ago" texts and the urgency score count from."""

    date: date
    reason: Reason
    detail: str = ""  # letter kind, snooze reason, agency name: words for the explanation
    since: date | None = None  # when the reason arose, if `date` was moved past days off

    @property
    def arose(self) -> date:
        return self.since or self.date


class PromiseState(NamedTuple):
    event_id: int
    made_on: date
    by: date
    amount: Money
    paid_since: Money  # payments and credits dated on or after the promise

    @property
    def kept(self) -> bool:
        return self.paid_since.amount >= self.amount.amount

    def broken(self, today: date) -> bool:
        return not self.kept and today > self.by


class LetterState(NamedTuple):
    event_id: int
    kind: LetterKind
    day: date
    channel: Channel
    deadline: date | None
    tracking: str


class DisputeState(NamedTuple):
    event_id: int
    since: date
    reason: str


class SettlementState(NamedTuple):
    event_id: int
    day: date
    terms: str
    amount: Money | None
    revive: bool = False  # a missed instalment revives the original claim (LAW.md 8.4)
    # The day the creditor ended it. A lapsed settlement with a revival clause is no longer
    # the case's settlement (`CaseState.settlement` is None); without one it still says
    # what is owed: its unpaid rest.
    lapsed: date | None = None


class HandoverState(NamedTuple):
    event_id: int
    day: date
    to: HandoverTo
    name: str
    fee_model: str
    reference: str


class ClosedState(NamedTuple):
    event_id: int
    day: date
    reason: CloseReason
    note: str


# Event kinds that are a contact with the debtor (`CaseState.last_contact`).
CONTACT_KINDS = frozenset({"call", "letter", "promise", "acknowledged", "received"})


@frozen
class CaseState:
    """Everything known about one case, derived from its timeline.

    Small parts (letters, promise, next action) are NamedTuples: immutable and about ten
    times cheaper to build than frozen dataclasses, which matters when 50k cases are folded
    at start-up. For the same reason `fold` builds CaseState through `_build`.
    """

    id: str
    invoice: str
    customer_id: str
    issued: date
    due: date
    currency: str
    regime: str
    tags: tuple[str, ...]
    reference: str
    source: str
    opened_on: date
    stage: Stage
    amount_minor: int  # the invoice amount, after amendments
    paid_minor: int
    credited_minor: int
    outstanding_minor: int
    waived_minor: int  # given up in a settlement
    dispute: DisputeState | None
    settlement: SettlementState | None
    plan: PlanState | None  # a settlement in instalments (casetui.plans), running or not
    promise: PromiseState | None  # the latest promise, kept or not
    broken_promises: int  # promises whose date passed unpaid, earlier than the latest one
    snoozed_until: date | None
    letters: tuple[LetterState, ...]
    handover: HandoverState | None
    closed: ClosedState | None
    last_activity: date
    last_event_id: int
    next_action: NextAction | None
    raw_events: tuple[RawEvent, ...]
    voided_ids: frozenset[int]
    # Limitation: the case's own settings (casetui.limitation derives the rest). The next
    # warning day is `limitation_alert`, when the ledger folded the case with its customers.
    limitation_law: str
    claim_kind: str
    delivered: date | None

    @property
    def instalment_words(self) -> tuple[str, str] | None:
        """The first unpaid instalment of a payment plan, in words: as missed ("instalment 2
        of 4 (...) not paid") and as awaited; None without a plan or with all paid. Index
        rows carry it, so the agenda can say it without the timeline."""
        plan = self.plan
        item = plan.first_unpaid() if plan is not None else None
        if plan is None or item is None:
            return None
        return plan.not_paid_words(item), plan.describe(item)

    # Money as values, built on demand: loading stays cheap and callers never see minor units.
    @property
    def amount(self) -> Money:
        return Money(from_minor(self.amount_minor, self.currency), self.currency)

    @property
    def paid(self) -> Money:
        return Money(from_minor(self.paid_minor, self.currency), self.currency)

    @property
    def credited(self) -> Money:
        return Money(from_minor(self.credited_minor, self.currency), self.currency)

    @property
    def outstanding(self) -> Money:
        return Money(from_minor(self.outstanding_minor, self.currency), self.currency)

    @property
    def waived(self) -> Money:
        return Money(from_minor(self.waived_minor, self.currency), self.currency)

    @property
    def is_closed(self) -> bool:
        return self.closed is not None

    @property
    def last_contact(self) -> date | None:
        """The last call, letter, promise, acknowledgment or receipt on the case (not
        undone): when the debtor last heard from us or we from them."""
        days = [
            raw["date"]
            for raw in self.raw_events
            if raw["kind"] in CONTACT_KINDS and raw["id"] not in self.voided_ids
        ]
        return date.fromisoformat(max(days)) if days else None

    @property
    def disputed(self) -> bool:
        return self.dispute is not None

    @property
    def last_letter(self) -> LetterState | None:
        return self.letters[-1] if self.letters else None

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due).days)

    def active_promise(self, today: date) -> PromiseState | None:
        """The latest promise while it is still pending (not kept, date not passed)."""
        promise = self.promise
        if promise is None or promise.kept or promise.broken(today):
            return None
        return promise

    def needs_action(self, today: date) -> bool:
        return self.next_action is not None and self.next_action.date <= today

    @property
    def limitation_alert(self) -> LimitationAlert | None:
        """The next limitation warning (None: no law known, no date, or closed). Worked out
        by the fold when it may be the next action, else the first time it is asked."""
        value = self.__dict__["_limitation"]
        if callable(value):
            value = value()
            self.__dict__["_limitation"] = value  # frozen for fields; this is a cache
        return value

    @classmethod
    def _build(cls, fields: dict[str, Any]) -> CaseState:
        """Construct without the frozen-dataclass `__init__`, whose per-field
        `object.__setattr__` calls cost ~12 µs per case (a third of loading time).
        `fold` passes every field; `tests/test_timeline.py` checks none is missing."""
        state = object.__new__(cls)
        object.__setattr__(state, "__dict__", fields)
        return state

    def timeline(self) -> tuple[Event, ...]:
        """The typed events in the order they happened (voided ones included)."""
        ordered = sorted(self.raw_events, key=_ORDER)
        return tuple(codec.decode_event(raw) for raw in ordered)


_ORDER = itemgetter("date", "id")
_DAY = timedelta(days=1)
# Enum lookups by value through the class call are slow; these dicts are not.
_LETTER_KINDS = {kind.value: kind for kind in LetterKind}
_CHANNELS = {channel.value: channel for channel in Channel}
_NOTHING_VOIDED: frozenset[int] = frozenset()
_LETTER_STAGES = {kind: kind.stage for kind in LetterKind if kind.stage is not None}
_RANK = {stage: stage.rank for stage in Stage}


def fold(
    case_id: str,
    raw_events: Sequence[RawEvent],
    policy: LadderPolicy = DEFAULT_POLICY,
    customers: Mapping[str, Customer] | None = None,
) -> CaseState:
    """Derive a case's state from its events (in on-disk form).

    With `customers` (the ledger's), an open case also gets its limitation warning: the
    next action is then the earlier of the ladder's and the warning day.
    """
    events, voided, opened = _live_events(case_id, raw_events)
    acc = _folded(events, opened, policy)
    plan = None if acc.plan_raw is None else _plan_state(acc, acc.plan_raw)
    settlement = _settlement(acc)
    waived, outstanding = _owed(acc, settlement)
    promise = None if acc.promise_raw is None else _promise_state(acc, acc.promise_raw)
    next_action = (
        None
        if acc.closed is not None
        else _next_action(
            policy,
            acc.due,
            acc.stage,
            acc.stage_since,
            outstanding,
            acc.last_money_day,
            acc.explicit,
            promise,
            acc.dispute,
            acc.handover,
            plan,
        )
    )
    limitation: LimitationAlert | Callable[[], LimitationAlert | None] | None = None
    if customers is not None and acc.closed is None and outstanding > 0:
        next_action, limitation = _with_limitation(acc, events, customers, next_action)

    return _case_state(
        case_id, raw_events, events, voided, opened, acc, settlement, plan, promise,
        waived, outstanding, next_action, limitation,
    )  # fmt: skip


class Balance(NamedTuple):
    """What `balance` tells of a case: its balance in minor units, closed, disputed."""

    outstanding_minor: int
    closed: bool
    disputed: bool


def balance(
    case_id: str, raw_events: Sequence[RawEvent], policy: LadderPolicy = DEFAULT_POLICY
) -> Balance:
    """The fold's balance, closing and dispute of a case, without the rest of its state
    (the next action, the promise, the plan, the limitation): what reports over a whole
    ledger ask of each case as it stood on an earlier day (`casetui.owed.owed_on`)."""
    events, _voided, opened = _live_events(case_id, raw_events)
    acc = _folded(events, opened, policy)
    _waived, outstanding = _owed(acc, _settlement(acc))
    return Balance(outstanding, acc.closed is not None, acc.dispute is not None)


def _folded(events: list[RawEvent], opened: RawEvent, policy: LadderPolicy) -> _Fold:
    """The fold's accumulator after every event (`events` from `_live_events`)."""
    acc = _start(opened, policy)
    handlers = _HANDLERS
    for raw in events[1:]:
        kind = raw["kind"]
        if kind == "note":
            continue  # the most common event changes nothing
        handler = handlers.get(kind)
        if handler is not None:
            handler(acc, raw, raw["date"])
    return acc


def _settlement(acc: _Fold) -> SettlementState | None:
    """The settlement that stands: a lapsed one that revives the claim no longer does."""
    settlement = acc.settlement
    if settlement is not None and settlement.lapsed is not None and settlement.revive:
        return None  # revived: the claim is the original one again
    return settlement


def _live_events(
    case_id: str, raw_events: Sequence[RawEvent]
) -> tuple[list[RawEvent], set[int], RawEvent]:
    """The events that count in the order they are folded (by date and id, the opening
    first), the ids of the voided ones, and the opening."""
    voided: set[int] = set()
    # Latest first: a redo voids an undo, and an undo that was voided voids nothing.
    for raw in reversed(raw_events):
        if raw["kind"] == "voided" and raw["id"] not in voided:
            voided.update(raw["voids"])
    events = [raw for raw in raw_events if raw["id"] not in voided] if voided else list(raw_events)
    # Events arrive in id order, which is nearly always date order too: checking is cheaper
    # than sorting (with its key tuples) and the fold runs for every case at start-up.
    previous = ""
    for raw in events:
        day = raw["date"]
        if day < previous:
            events.sort(key=_ORDER)
            break
        previous = day
    opened = events[0] if events else None
    if opened is None or opened["kind"] != "opened":
        # Something was dated before the invoice: fold it, but after the opening.
        opened = next((raw for raw in events if raw["kind"] == "opened"), None)
        if opened is None:
            raise ValueError(f"case {case_id} has no opening event")
        events.remove(opened)
        events.insert(0, opened)
    return events, voided, opened


class _Fold:
    """What the fold knows so far, event by event: the invoice's terms (as amended), the
    money, the stage and what the case waits for. Dates stay ISO strings until the end.
    Slots, not a dict: the handlers below read and write these for every event."""

    __slots__ = (
        "amount", "broken", "claim_kind", "closed", "credited", "currency", "customer_id",
        "delivered", "dispute", "due", "explicit", "handover", "invoice", "issued", "lapsed_on",
        "last_money_day", "letters", "limitation_law", "paid", "plan_money", "plan_raw",
        "policy", "promise_paid", "promise_raw", "reference", "regime", "settled_at",
        "settlement", "snoozed_until", "stage", "stage_before_close", "stage_since", "tags",
    )  # fmt: skip

    policy: LadderPolicy
    # The invoice's terms, from the opening and the amendments.
    invoice: str
    customer_id: str
    issued: str
    due: str
    currency: str
    amount: int
    regime: str
    tags: tuple[str, ...]
    reference: str
    limitation_law: str
    claim_kind: str
    delivered: str | None
    # What happened since.
    stage: Stage
    stage_since: str
    stage_before_close: Stage
    paid: int
    credited: int
    settled_at: int | None  # paid + credited when the settlement was agreed
    settlement: SettlementState | None
    plan_raw: RawEvent | None  # the settlement with instalments, if any
    plan_money: list[tuple[str, int]]  # payments and credits since it, oldest first
    lapsed_on: str | None
    dispute: DisputeState | None
    promise_raw: RawEvent | None
    promise_paid: int
    broken: int
    letters: list[LetterState]
    handover: HandoverState | None
    closed: ClosedState | None
    # The explicit next date chosen by the user or set by a letter:
    # (day, reason, detail, the ISO day of the event that set it).
    explicit: tuple[date, Reason, str, str] | None
    snoozed_until: str | None
    last_money_day: str


_new_fold = object.__new__  # calling the class would run `__init__` in a frame of its own


def _start(opened: RawEvent, policy: LadderPolicy) -> _Fold:
    """The fold's state after the opening event."""
    acc: _Fold = _new_fold(_Fold)
    acc.policy = policy
    acc.invoice = opened["invoice"]
    acc.customer_id = opened["customer_id"]
    acc.issued = opened["issued"]
    acc.due = opened["due"]
    acc.currency = opened["amount"]["currency"]
    acc.amount = opened["amount"]["minor"]
    acc.regime = opened.get("regime", "")
    acc.tags = tuple(opened.get("tags", ()))
    acc.reference = opened.get("reference", "")
    acc.limitation_law = opened.get("limitation_law", "")
    acc.claim_kind = opened.get("claim_kind") or ""
    acc.delivered = opened.get("delivered")
    acc.stage = acc.stage_before_close = Stage.OPEN
    acc.stage_since = acc.last_money_day = opened["date"]
    acc.paid = acc.credited = acc.promise_paid = acc.broken = 0
    acc.settled_at = acc.settlement = acc.plan_raw = acc.lapsed_on = acc.dispute = None
    acc.promise_raw = acc.handover = acc.closed = acc.explicit = acc.snoozed_until = None
    acc.plan_money = []
    acc.letters = []
    return acc


# One handler per event kind that changes the state; `day` is the event's ISO date.


def _money_in(acc: _Fold, day: str, minor: int) -> None:
    """What a payment and a credit both change besides their own total."""
    if acc.promise_raw is not None and day >= acc.promise_raw["date"]:
        acc.promise_paid += minor
    if acc.plan_raw is not None:
        acc.plan_money.append((day, minor))
    acc.last_money_day = day


def _on_payment(acc: _Fold, raw: RawEvent, day: str) -> None:
    minor = raw["amount"]["minor"]
    acc.paid += minor
    _money_in(acc, day, minor)


def _on_credit(acc: _Fold, raw: RawEvent, day: str) -> None:
    minor = raw["amount"]["minor"]
    acc.credited += minor
    _money_in(acc, day, minor)


def _on_call(acc: _Fold, raw: RawEvent, day: str) -> None:
    if raw.get("next_action"):
        follow_up = date.fromisoformat(raw["next_action"])
        acc.explicit = (follow_up, Reason.FOLLOW_UP, raw.get("outcome", ""), day)


def _on_snooze(acc: _Fold, raw: RawEvent, day: str) -> None:
    until = date.fromisoformat(raw["until"])
    acc.explicit = (until, Reason.SNOOZE_ENDED, raw.get("reason", ""), day)
    acc.snoozed_until = raw["until"]


def _on_letter(acc: _Fold, raw: RawEvent, day: str) -> None:
    letter_kind = _LETTER_KINDS[raw["letter_kind"]]
    sent = date.fromisoformat(day)
    deadline = raw.get("deadline")
    deadline_day = date.fromisoformat(deadline) if deadline else None
    acc.letters.append(
        LetterState(
            raw["id"],
            letter_kind,
            sent,
            _CHANNELS[raw["channel"]],
            deadline_day,
            raw.get("tracking", ""),
        )
    )
    new_stage = _LETTER_STAGES.get(letter_kind)
    if letter_kind is LetterKind.INSTALMENT_REMINDER and deadline_day is not None:
        acc.explicit = (deadline_day + _DAY, Reason.DEADLINE_PASSED, raw["letter_kind"], day)
    if new_stage is not None:
        if acc.closed is None and _RANK[new_stage] > _RANK[acc.stage]:
            acc.stage, acc.stage_since = new_stage, day
        waited = deadline_day or sent + timedelta(days=acc.policy.wait_after(new_stage))
        acc.explicit = (waited + _DAY, Reason.DEADLINE_PASSED, raw["letter_kind"], day)


def _on_promise(acc: _Fold, raw: RawEvent, day: str) -> None:
    if acc.promise_raw is not None and _promise_broken_before(
        acc.promise_raw, acc.promise_paid, day
    ):
        acc.broken += 1
    acc.promise_raw, acc.promise_paid = raw, 0
    acc.explicit = None  # a promise pauses the chase until its date


def _on_dispute(acc: _Fold, raw: RawEvent, day: str) -> None:
    acc.dispute = DisputeState(raw["id"], date.fromisoformat(day), raw.get("reason", ""))
    acc.explicit = None  # a dispute pauses the ladder, deadlines included


def _on_settled(acc: _Fold, raw: RawEvent, day: str) -> None:
    acc.dispute = None
    instalments = raw.get("instalments")
    agreed = raw.get("amount")
    if agreed is None and instalments:
        agreed = {"minor": sum(item["amount"]["minor"] for item in instalments)}
    currency = acc.currency
    acc.settlement = SettlementState(
        raw["id"],
        date.fromisoformat(day),
        raw.get("terms", ""),
        Money(from_minor(agreed["minor"], currency), currency) if agreed else None,
        bool(raw.get("revive")),
    )
    acc.settled_at = acc.paid + acc.credited if agreed else None
    acc.plan_raw, acc.plan_money, acc.lapsed_on = (raw if instalments else None), [], None
    acc.explicit = None
    acc.stage_since = day  # the ladder resumes from the compromise


def _on_lapsed(acc: _Fold, raw: RawEvent, day: str) -> None:
    settlement = acc.settlement
    if settlement is not None and settlement.lapsed is None:
        acc.lapsed_on = day
        acc.settlement = settlement._replace(lapsed=date.fromisoformat(day))
        if settlement.revive:
            acc.settled_at = None  # the original claim is back, less what was paid
        acc.stage_since = day
        acc.explicit = (date.fromisoformat(day), Reason.FOLLOW_UP, "lapsed", day)


def _on_stage(acc: _Fold, raw: RawEvent, day: str) -> None:
    acc.stage, acc.stage_since = Stage(raw["stage"]), day
    if acc.stage is not Stage.CLOSED:
        acc.explicit = None  # a new step starts its own clock


def _on_handover(acc: _Fold, raw: RawEvent, day: str) -> None:
    acc.handover = HandoverState(
        raw["id"],
        date.fromisoformat(day),
        HandoverTo(raw["to"]),
        raw.get("name", ""),
        raw.get("fee_model", "no-cure-no-pay"),
        raw.get("reference", ""),
    )
    acc.stage, acc.stage_since = Stage.HANDED_OVER, day
    acc.explicit = None


def _on_closed(acc: _Fold, raw: RawEvent, day: str) -> None:
    if acc.closed is None:
        acc.stage_before_close = acc.stage
    acc.closed = ClosedState(
        raw["id"], date.fromisoformat(day), CloseReason(raw["reason"]), raw.get("note", "")
    )
    acc.stage = Stage.CLOSED


def _on_reopened(acc: _Fold, raw: RawEvent, day: str) -> None:
    if acc.closed is not None:
        acc.stage, acc.stage_since = acc.stage_before_close, day
        acc.closed = None
        acc.explicit = (date.fromisoformat(day), Reason.FOLLOW_UP, "reopened", day)


def _on_amended(acc: _Fold, raw: RawEvent, day: str) -> None:
    acc.invoice = raw.get("invoice", acc.invoice)
    acc.issued = raw.get("issued", acc.issued)
    acc.due = raw.get("due", acc.due)
    if "amount" in raw:
        acc.amount = raw["amount"]["minor"]
    acc.regime = raw.get("regime", acc.regime)
    acc.tags = tuple(raw.get("tags", acc.tags))
    acc.reference = raw.get("reference", acc.reference)
    acc.customer_id = raw.get("customer_id", acc.customer_id)
    acc.limitation_law = raw.get("limitation_law", acc.limitation_law)
    acc.claim_kind = raw.get("claim_kind", acc.claim_kind)
    acc.delivered = raw.get("delivered", acc.delivered)


# Kinds not named here (a note, an attachment, a voiding...) change nothing the fold derives.
_HANDLERS: dict[str, Callable[[_Fold, RawEvent, str], None]] = {
    "payment": _on_payment,
    "credit": _on_credit,
    "call": _on_call,
    "snooze": _on_snooze,
    "letter": _on_letter,
    "promise": _on_promise,
    "dispute": _on_dispute,
    "settled": _on_settled,
    "lapsed": _on_lapsed,
    "stage": _on_stage,
    "handover": _on_handover,
    "closed": _on_closed,
    "reopened": _on_reopened,
    "amended": _on_amended,
}


def _case_state(
    case_id: str,
    raw_events: Sequence[RawEvent],
    events: list[RawEvent],
    voided: set[int],
    opened: RawEvent,
    acc: _Fold,
    settlement: SettlementState | None,
    plan: PlanState | None,
    promise: PromiseState | None,
    waived: int,
    outstanding: int,
    next_action: NextAction | None,
    limitation: LimitationAlert | Callable[[], LimitationAlert | None] | None,
) -> CaseState:
    """The folded state, every field of `CaseState` (dates as dates at last)."""
    delivered = acc.delivered
    return CaseState._build(
        {
            "id": case_id,
            "invoice": acc.invoice,
            "customer_id": acc.customer_id,
            "issued": date.fromisoformat(acc.issued),
            "due": date.fromisoformat(acc.due),
            "currency": acc.currency,
            "regime": acc.regime,
            "tags": acc.tags,
            "reference": acc.reference,
            "source": opened.get("source", ""),
            "opened_on": date.fromisoformat(opened["date"]),
            "stage": acc.stage,
            "amount_minor": acc.amount,
            "paid_minor": acc.paid,
            "credited_minor": acc.credited,
            "outstanding_minor": outstanding,
            "waived_minor": waived,
            "dispute": acc.dispute,
            "settlement": settlement,
            "plan": plan,
            "promise": promise,
            "broken_promises": acc.broken,
            "snoozed_until": date.fromisoformat(acc.snoozed_until) if acc.snoozed_until else None,
            "letters": tuple(acc.letters),
            "handover": acc.handover,
            "closed": acc.closed,
            "last_activity": date.fromisoformat(events[-1]["date"]),
            "last_event_id": raw_events[-1]["id"],  # the store keeps events in id order
            "next_action": next_action,
            "raw_events": tuple(raw_events),
            "voided_ids": frozenset(voided) if voided else _NOTHING_VOIDED,
            "limitation_law": acc.limitation_law,
            "claim_kind": acc.claim_kind,
            "delivered": date.fromisoformat(delivered) if delivered else None,
            "_limitation": limitation,
        }
    )


def _plan_state(acc: _Fold, plan_raw: RawEvent) -> PlanState:
    """The payment plan of the latest settlement in instalments (`plan_raw`), its
    instalments paid from the money that came in since."""
    return PlanState(
        plan_raw["id"],
        date.fromisoformat(plan_raw["date"]),
        acc.currency,
        allocate(
            [(item["due"], item["amount"]["minor"]) for item in plan_raw["instalments"]],
            acc.plan_money,
        ),
        bool(plan_raw.get("revive")),
        acc.policy.instalment_grace_days,
        date.fromisoformat(acc.lapsed_on) if acc.lapsed_on else None,
    )


def _owed(acc: _Fold, settlement: SettlementState | None) -> tuple[int, int]:
    """(waived, outstanding) in minor units: a settlement for an amount replaces what was
    owed when it was agreed; what it gave up is waived."""
    paid_in = acc.paid + acc.credited
    settled_at = acc.settled_at
    if settlement is not None and settlement.amount is not None and settled_at is not None:
        agreed_minor = to_minor(settlement.amount.amount, acc.currency)
        owed_at_settlement = acc.amount - settled_at
        waived = max(0, owed_at_settlement - agreed_minor)
        return waived, agreed_minor - (paid_in - settled_at)
    return 0, acc.amount - acc.paid - acc.credited


def _promise_state(acc: _Fold, promise_raw: RawEvent) -> PromiseState:
    """The latest promise (`promise_raw`), with what came in on or after the day it was made."""
    currency = acc.currency
    return PromiseState(
        promise_raw["id"],
        date.fromisoformat(promise_raw["date"]),
        date.fromisoformat(promise_raw["by"]),
        Money(from_minor(promise_raw["amount"]["minor"], currency), currency),
        Money(from_minor(acc.promise_paid, currency), currency),
    )


def _with_limitation(
    acc: _Fold,
    events: list[RawEvent],
    customers: Mapping[str, Customer],
    next_action: NextAction | None,
) -> tuple[NextAction | None, LimitationAlert | Callable[[], LimitationAlert | None] | None]:
    """The next action and the limitation warning of an open case that still owes money:
    the warning is the next action when it comes first, and is worked out only when it may
    (else the case keeps a function that works it out when asked)."""
    watch = limitation_watch(
        case_law=acc.limitation_law,
        case_kind=acc.claim_kind,
        issued=acc.issued,
        due=acc.due,
        delivered=acc.delivered,
        customer_id=acc.customer_id,
        customers=customers,
        events=events,
        policy=acc.policy,
    )
    if watch is None:
        return next_action, None
    earliest, warning = watch
    if next_action is not None and earliest > next_action.date:
        return next_action, warning  # not the next action: worked out when asked
    alert = warning()
    if alert is not None and (next_action is None or alert.date <= next_action.date):
        next_action = NextAction(alert.date, Reason.LIMITATION, alert.article)
    return next_action, alert


def fold_events(
    case_id: str,
    events: Iterable[Event],
    policy: LadderPolicy = DEFAULT_POLICY,
    customers: Mapping[str, Customer] | None = None,
) -> CaseState:
    """Fold typed events (tests, previews of a draft): encodes them and folds."""
    return fold(case_id, [codec.encode_event(event) for event in events], policy, customers)


def _promise_broken_before(promise: RawEvent, paid_since: int, day: str) -> bool:
    """Was `promise` already broken when a newer promise replaced it on `day`?"""
    return paid_since < promise["amount"]["minor"] and day > promise["by"]


def _working(day: date, reason: Reason, detail: str, country: str) -> NextAction:
    """A next action the ladder computed, moved to the creditor's next working day."""
    moved = roll_forward(day, country)
    return NextAction(moved, reason, detail, day if moved != day else None)


def _next_action(
    policy: LadderPolicy,
    due: str,
    stage: Stage,
    stage_since: str,
    outstanding: int,
    last_money_day: str,
    explicit: tuple[date, Reason, str, str] | None,
    promise: PromiseState | None,
    dispute: DisputeState | None,
    handover: HandoverState | None,
    plan: PlanState | None = None,
) -> NextAction:
    """The earliest day an open case needs attention, and why. Days the ladder computes
    (not the ones a user chose) land on the creditor's working days."""
    country = policy.country
    if outstanding == 0:
        return NextAction(date.fromisoformat(last_money_day), Reason.PAID_IN_FULL)
    if outstanding < 0:
        return NextAction(date.fromisoformat(last_money_day), Reason.OVERPAID)

    # What the case waits for: an explicit date (call, snooze, letter deadline), else the
    # dispute or hand-over follow-up, else the ladder. A pending promise pauses the ladder.
    pending_promise = promise is not None and not promise.kept
    if explicit is not None:
        day, why, detail = explicit[:3]
        # A day the user chose (a call's follow-up, a snooze) stays as chosen.
        chosen = why is not Reason.DEADLINE_PASSED
        action = NextAction(day, why, detail) if chosen else _working(day, why, detail, country)
    elif dispute is not None:
        follow_up = dispute.since + timedelta(days=policy.dispute_follow_up_days)
        action = _working(follow_up, Reason.DISPUTE_OPEN, dispute.reason, country)
    elif handover is not None:
        check = handover.day + timedelta(days=policy.handover_check_days)
        action = _working(check, Reason.HANDOVER_CHECK, handover.name or handover.to.value, country)
    elif pending_promise:
        action = None
    elif stage is Stage.OPEN:
        first = date.fromisoformat(due) + timedelta(days=policy.first_reminder_after_days)
        action = _working(first, Reason.OVERDUE_NO_REMINDER, "", country)
    else:
        waited = date.fromisoformat(stage_since) + timedelta(days=policy.wait_after(stage) + 1)
        action = _working(waited, Reason.STEP_DUE, stage.value, country)

    # ...unless a promise breaks first: that always comes back, until the user has acted
    # on it (a call, letter or snooze dated after the promised day set the next date).
    reacted = explicit is not None and promise is not None and explicit[3] > promise.by.isoformat()
    if promise is not None and pending_promise and not reacted:
        amount = str(promise.amount.amount)
        broken = _working(promise.by + _DAY, Reason.PROMISE_BROKEN, amount, country)
        if action is None or broken.date < action.date:
            return broken
    if plan is not None and plan.running:
        return _plan_action(plan, explicit, action if explicit is not None else None, country)
    assert action is not None
    return action


def _plan_action(
    plan: PlanState,
    explicit: tuple[date, Reason, str, str] | None,
    chosen: NextAction | None,
    country: str,
) -> NextAction:
    """A running plan replaces the ladder: the case comes back the day after the first
    unpaid instalment's grace period, unless the user already acted on that instalment (a
    reminder, a call or a snooze dated after it fell due set the next date)."""
    item = plan.first_unpaid()
    assert item is not None  # a running plan has one
    missed = _working(plan.missed_from(item), Reason.INSTALMENT_MISSED, str(item.number), country)
    if chosen is None:
        return missed
    assert explicit is not None
    reacted = explicit[3] > item.due.isoformat()
    return chosen if reacted or chosen.date < missed.date else missed
