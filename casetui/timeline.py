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
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import Any, NamedTuple

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


@dataclass(frozen=True)
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
    voided: set[int] = set()
    for raw in raw_events:
        if raw["kind"] == "voided":
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
    invoice = opened["invoice"]
    customer_id = opened["customer_id"]
    issued = opened["issued"]
    due = opened["due"]
    currency = opened["amount"]["currency"]
    amount = opened["amount"]["minor"]
    regime = opened.get("regime", "")
    tags = tuple(opened.get("tags", ()))
    reference = opened.get("reference", "")
    limitation_law = opened.get("limitation_law", "")
    claim_kind = opened.get("claim_kind") or ""
    delivered = opened.get("delivered")

    stage = Stage.OPEN
    stage_since = opened["date"]
    stage_before_close = Stage.OPEN
    paid = credited = 0
    settled_at: int | None = None  # paid + credited when the settlement was agreed
    settlement = None
    plan_raw: RawEvent | None = None  # the settlement with instalments, if any
    plan_money: list[tuple[str, int]] = []  # payments and credits since it, oldest first
    lapsed_on: str | None = None
    dispute = None
    promise_raw: RawEvent | None = None
    promise_paid = 0
    broken = 0
    letters: list[LetterState] = []
    handover = None
    closed = None
    # The explicit next date chosen by the user or set by a letter:
    # (day, reason, detail, the ISO day of the event that set it).
    explicit: tuple[date, Reason, str, str] | None = None
    snoozed_until = None
    last_money_day = opened["date"]

    for raw in events[1:]:
        kind = raw["kind"]
        if kind == "note":
            continue  # the most common event changes nothing
        day = raw["date"]
        if kind == "payment" or kind == "credit":
            minor = raw["amount"]["minor"]
            if kind == "payment":
                paid += minor
            else:
                credited += minor
            if promise_raw is not None and day >= promise_raw["date"]:
                promise_paid += minor
            if plan_raw is not None:
                plan_money.append((day, minor))
            last_money_day = day
        elif kind == "call":
            if raw.get("next_action"):
                follow_up = date.fromisoformat(raw["next_action"])
                explicit = (follow_up, Reason.FOLLOW_UP, raw.get("outcome", ""), day)
        elif kind == "snooze":
            until = date.fromisoformat(raw["until"])
            explicit = (until, Reason.SNOOZE_ENDED, raw.get("reason", ""), day)
            snoozed_until = raw["until"]
        elif kind == "letter":
            letter_kind = _LETTER_KINDS[raw["letter_kind"]]
            sent = date.fromisoformat(day)
            deadline = raw.get("deadline")
            deadline_day = date.fromisoformat(deadline) if deadline else None
            letters.append(
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
                explicit = (deadline_day + _DAY, Reason.DEADLINE_PASSED, raw["letter_kind"], day)
            if new_stage is not None:
                if closed is None and _RANK[new_stage] > _RANK[stage]:
                    stage, stage_since = new_stage, day
                waited = deadline_day or sent + timedelta(days=policy.wait_after(new_stage))
                explicit = (waited + _DAY, Reason.DEADLINE_PASSED, raw["letter_kind"], day)
        elif kind == "promise":
            if promise_raw is not None and _promise_broken_before(promise_raw, promise_paid, day):
                broken += 1
            promise_raw, promise_paid = raw, 0
            explicit = None  # a promise pauses the chase until its date
        elif kind == "dispute":
            dispute = DisputeState(raw["id"], date.fromisoformat(day), raw.get("reason", ""))
            explicit = None  # a dispute pauses the ladder, deadlines included
        elif kind == "settled":
            dispute = None
            instalments = raw.get("instalments")
            agreed = raw.get("amount")
            if agreed is None and instalments:
                agreed = {"minor": sum(item["amount"]["minor"] for item in instalments)}
            settlement = SettlementState(
                raw["id"],
                date.fromisoformat(day),
                raw.get("terms", ""),
                Money(from_minor(agreed["minor"], currency), currency) if agreed else None,
                bool(raw.get("revive")),
            )
            settled_at = paid + credited if agreed else None
            plan_raw, plan_money, lapsed_on = (raw if instalments else None), [], None
            explicit = None
            stage_since = day  # the ladder resumes from the compromise
        elif kind == "lapsed":
            if settlement is not None and settlement.lapsed is None:
                lapsed_on = day
                settlement = settlement._replace(lapsed=date.fromisoformat(day))
                if settlement.revive:
                    settled_at = None  # the original claim is back, less what was paid
                stage_since = day
                explicit = (date.fromisoformat(day), Reason.FOLLOW_UP, "lapsed", day)
        elif kind == "stage":
            stage, stage_since = Stage(raw["stage"]), day
            if stage is not Stage.CLOSED:
                explicit = None  # a new step starts its own clock
        elif kind == "handover":
            handover = HandoverState(
                raw["id"],
                date.fromisoformat(day),
                HandoverTo(raw["to"]),
                raw.get("name", ""),
                raw.get("fee_model", "no-cure-no-pay"),
                raw.get("reference", ""),
            )
            stage, stage_since = Stage.HANDED_OVER, day
            explicit = None
        elif kind == "closed":
            if closed is None:
                stage_before_close = stage
            closed = ClosedState(
                raw["id"], date.fromisoformat(day), CloseReason(raw["reason"]), raw.get("note", "")
            )
            stage = Stage.CLOSED
        elif kind == "reopened":
            if closed is not None:
                stage, stage_since = stage_before_close, day
                closed = None
                explicit = (date.fromisoformat(day), Reason.FOLLOW_UP, "reopened", day)
        elif kind == "amended":
            invoice = raw.get("invoice", invoice)
            issued = raw.get("issued", issued)
            due = raw.get("due", due)
            if "amount" in raw:
                amount = raw["amount"]["minor"]
            regime = raw.get("regime", regime)
            tags = tuple(raw.get("tags", tags))
            reference = raw.get("reference", reference)
            customer_id = raw.get("customer_id", customer_id)
            limitation_law = raw.get("limitation_law", limitation_law)
            claim_kind = raw.get("claim_kind", claim_kind)
            delivered = raw.get("delivered", delivered)

    plan = None
    if plan_raw is not None:
        plan = PlanState(
            plan_raw["id"],
            date.fromisoformat(plan_raw["date"]),
            currency,
            allocate(
                [(item["due"], item["amount"]["minor"]) for item in plan_raw["instalments"]],
                plan_money,
            ),
            bool(plan_raw.get("revive")),
            policy.instalment_grace_days,
            date.fromisoformat(lapsed_on) if lapsed_on else None,
        )
    if settlement is not None and settlement.lapsed is not None and settlement.revive:
        settlement = None  # revived: the claim is the original one again
    if settlement is not None and settlement.amount is not None and settled_at is not None:
        agreed_minor = to_minor(settlement.amount.amount, currency)
        owed_at_settlement = amount - settled_at
        waived = max(0, owed_at_settlement - agreed_minor)
        outstanding = agreed_minor - (paid + credited - settled_at)
    else:
        waived = 0
        outstanding = amount - paid - credited

    promise = None
    if promise_raw is not None:
        promise = PromiseState(
            promise_raw["id"],
            date.fromisoformat(promise_raw["date"]),
            date.fromisoformat(promise_raw["by"]),
            Money(from_minor(promise_raw["amount"]["minor"], currency), currency),
            Money(from_minor(promise_paid, currency), currency),
        )

    next_action = (
        None
        if closed is not None
        else _next_action(
            policy,
            due,
            stage,
            stage_since,
            outstanding,
            last_money_day,
            explicit,
            promise,
            dispute,
            handover,
            plan,
        )
    )
    limitation: LimitationAlert | Callable[[], LimitationAlert | None] | None = None
    if customers is not None and closed is None and outstanding > 0:
        watch = limitation_watch(
            case_law=limitation_law,
            case_kind=claim_kind,
            issued=issued,
            due=due,
            delivered=delivered,
            customer_id=customer_id,
            customers=customers,
            events=events,
            policy=policy,
        )
        if watch is not None:
            earliest, warning = watch
            if next_action is not None and earliest > next_action.date:
                limitation = warning  # not the next action: worked out when asked
            else:
                limitation = alert = warning()
                if alert is not None and (next_action is None or alert.date <= next_action.date):
                    next_action = NextAction(alert.date, Reason.LIMITATION, alert.article)

    return CaseState._build(
        {
            "id": case_id,
            "invoice": invoice,
            "customer_id": customer_id,
            "issued": date.fromisoformat(issued),
            "due": date.fromisoformat(due),
            "currency": currency,
            "regime": regime,
            "tags": tags,
            "reference": reference,
            "source": opened.get("source", ""),
            "opened_on": date.fromisoformat(opened["date"]),
            "stage": stage,
            "amount_minor": amount,
            "paid_minor": paid,
            "credited_minor": credited,
            "outstanding_minor": outstanding,
            "waived_minor": waived,
            "dispute": dispute,
            "settlement": settlement,
            "plan": plan,
            "promise": promise,
            "broken_promises": broken,
            "snoozed_until": date.fromisoformat(snoozed_until) if snoozed_until else None,
            "letters": tuple(letters),
            "handover": handover,
            "closed": closed,
            "last_activity": date.fromisoformat(events[-1]["date"]),
            "last_event_id": raw_events[-1]["id"],  # the store keeps events in id order
            "next_action": next_action,
            "raw_events": tuple(raw_events),
            "voided_ids": frozenset(voided) if voided else _NOTHING_VOIDED,
            "limitation_law": limitation_law,
            "claim_kind": claim_kind,
            "delivered": date.fromisoformat(delivered) if delivered else None,
            "_limitation": limitation,
        }
    )


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
