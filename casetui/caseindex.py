"""The case index: one compact row per case, derived from its folded state, so that lists,
the agenda and filters read rows instead of folding 500,000 events.

The store keeps the rows in the ledger file, written in the same commit as the events they
come from (see `casetui.store`). A row is made by one function, `row_of(state, customer_name)`,
and read back as a `CaseRow`, which answers the same questions a `CaseState` does for everything but
the timeline (`raw_events`, `letters`, `timeline()`): ask the ledger for the case for those.

**When the fold changes** (a new derived field, a new event kind that moves a balance or a
date), bump `INDEX_VERSION`: every ledger then rebuilds its rows once. Rows also carry the
ladder policy they were folded with (`index_stamp`): new waits in the business profile
rebuild them too. A new field is three lines: set it in `row_of`, read it in `CaseRow`, bump.

On disk (dates ISO, money integer minor units, absent when empty):

    {"invoice": "F-1", "customer": "CUS-0001", "issued": "2026-10-01", "due": "2026-10-31",
     "currency": "EUR", "stage": "reminder", "amount": 125000, "paid": 0, "credited": 0,
     "outstanding": 125000, "opened": "2026-10-01", "activity": "2026-11-05", "broken": 0,
     "agenda": ["2026-11-23", "deadline-passed", "reminder", "2026-11-21", 45,
                "2026-10-31", "F-1", "CUS-0001", "EUR", "reminder", 125000, "1250.00",
                "1,250.00", false, 0, "2027-04-04", "Acme BV"],
     "promise": [4, "2026-11-01", "2026-11-15", 50000, 0], "dispute": [id, since, reason],
     "settlement": [id, day, terms, minor or null], "handover": [id, day, to, name, fee
     model, reference], "closed": [id, day, reason, note], "snoozed": "2026-12-01",
     "contact": "2026-11-05",
     "waived": 0, "tags": [...], "regime": "", "reference": "", "source": "",
     "law": "be", "claim": "goods", "delivered": "2026-09-30",
     "limitation": ["2027-04-04", "2027-10-01", "art. 2272 BW", "send a formal notice", false],
     "head": "<sha256 of the last event>", "last": 7}

`limitation` is the case's next limitation warning (`casetui.limitation.cases.LimitationAlert`:
its day, the last day, the article, the advice, extinctive or not), folded with the case's
customer: changing a customer's law or country rebuilds its cases' rows in the same commit.
`agenda` is the next action and what the agenda reads of a case that has one
(`AgendaFacts`): the action's day (a working day of the creditor), reason, detail, and the
day the reason arose when the ladder moved it past days off (else null); the part of the
agenda's urgency score that does not depend on today (`agenda.fixed_points`), then the
due day, invoice, customer, currency, stage, balance (in minor units, then written as
`agenda --json` prints it, plain and grouped), closed or not, promises broken and the
limitation warning's day, repeated from the fields above, and the customer's name (a
change of name rewrites the rows of the customer's open cases in the same commit, as a
change of law does). Its key sorts right after
`activity`, so a row's bytes give it without parsing the rest: the agenda of 50,000 cases
picks the 23,000 due by the day at its start, ranks them (`rank_rows` adds today's part
of the score) and prints them from these lists alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any

import orjson

from casetui.agenda import AgendaItem, fixed_points, points_for_today
from casetui.digest import sha256_hex
from casetui.ladder import LadderPolicy
from casetui.limitation import Settings
from casetui.limitation.cases import LimitationAlert
from casetui.model import CloseReason, HandoverTo, Stage
from casetui.money import Money, format_minor, from_minor, to_minor
from casetui.records import NamedTuple
from casetui.timeline import (
    CaseState,
    ClosedState,
    DisputeState,
    HandoverState,
    NextAction,
    PromiseState,
    Reason,
    SettlementState,
)

# Bump when the fold (timeline.py, the working days it lands on), the agenda's fixed points
# or this row change.
INDEX_VERSION = 8  # 3: limitation (the case's law, claim, delivery day, next warning);
# 4: a payment plan's first unpaid instalment, in words; 5: a limitation warning on the last
# day itself, and an edit no longer answers a warning; 6: `agenda` (what the agenda reads of
# a case, in one list near the row's start) replaces `next` and `points`; 7: the customer's
# name at the end of `agenda`; 8: `contact`, the day of the last contact

Row = dict[str, Any]


def index_stamp(policy: LadderPolicy) -> str:
    """What rows built now depend on: this module's version and the ladder's waits."""
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(policy):
        value = getattr(policy, spec.name)
        if spec.name == "limitation_settings" and value is None:
            value = Settings()  # None stands for the bundled defaults
        if isinstance(value, Mapping):
            value = {str(key): days for key, days in value.items()}
        values[spec.name] = value
    digest = sha256_hex(orjson.dumps(values, option=orjson.OPT_SORT_KEYS))
    return f"{INDEX_VERSION}:{digest[:16]}"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def row_of(state: CaseState, customer_name: str) -> Row:
    """The index row of a folded case (without `head` and `last`, which the store adds),
    whose customer is called `customer_name` ("" when the customer cannot be read)."""
    row: Row = {
        "invoice": state.invoice,
        "customer": state.customer_id,
        "issued": state.issued.isoformat(),
        "due": state.due.isoformat(),
        "currency": state.currency,
        "stage": state.stage.value,
        "amount": state.amount_minor,
        "paid": state.paid_minor,
        "credited": state.credited_minor,
        "outstanding": state.outstanding_minor,
        "opened": state.opened_on.isoformat(),
        "activity": state.last_activity.isoformat(),
        "broken": state.broken_promises,
    }
    action = state.next_action
    if action is not None:
        alert = state.limitation_alert
        row["agenda"] = [
            action.date.isoformat(),
            action.reason.value,
            action.detail,
            _iso(action.since),
            fixed_points(state, action),
            state.due.isoformat(),
            state.invoice,
            state.customer_id,
            state.currency,
            state.stage.value,
            state.outstanding_minor,
            format_minor(state.outstanding_minor, state.currency),
            format_minor(state.outstanding_minor, state.currency, grouped=True),
            state.is_closed,
            state.broken_promises,
            alert.date.isoformat() if alert is not None else None,
            customer_name,
        ]
    if (promise := state.promise) is not None:
        row["promise"] = [
            promise.event_id,
            promise.made_on.isoformat(),
            promise.by.isoformat(),
            _minor(promise.amount),
            _minor(promise.paid_since),
        ]
    if (instalment := state.instalment_words) is not None:
        row["instalment"] = list(instalment)
    if (dispute := state.dispute) is not None:
        row["dispute"] = [dispute.event_id, dispute.since.isoformat(), dispute.reason]
    if (settlement := state.settlement) is not None:
        row["settlement"] = [
            settlement.event_id,
            settlement.day.isoformat(),
            settlement.terms,
            _minor(settlement.amount) if settlement.amount is not None else None,
        ]
    if (handover := state.handover) is not None:
        row["handover"] = [
            handover.event_id,
            handover.day.isoformat(),
            handover.to.value,
            handover.name,
            handover.fee_model,
            handover.reference,
        ]
    if (closed := state.closed) is not None:
        row["closed"] = [closed.event_id, closed.day.isoformat(), closed.reason.value, closed.note]
    if state.snoozed_until is not None:
        row["snoozed"] = state.snoozed_until.isoformat()
    if (contact := state.last_contact) is not None:
        row["contact"] = contact.isoformat()
    for key, value in (
        ("waived", state.waived_minor),
        ("tags", list(state.tags)),
        ("regime", state.regime),
        ("reference", state.reference),
        ("source", state.source),
        ("law", state.limitation_law),
        ("claim", state.claim_kind),
        ("delivered", _iso(state.delivered)),
    ):
        if value:
            row[key] = value
    if (alert := state.limitation_alert) is not None:
        row["limitation"] = [
            alert.date.isoformat(),
            alert.last_day.isoformat(),
            alert.article,
            alert.advice,
            alert.extinctive,
        ]
    return row


def _minor(money: Money) -> int:
    return to_minor(money.amount, money.currency)


_STAGES = {stage.value: stage for stage in Stage}
_REASONS = {reason.value: reason for reason in Reason}
_HANDOVER_TO = {to.value: to for to in HandoverTo}  # (an enum's call is slow on Python 3.11)
_NO_TAGS: tuple[str, ...] = ()

# Rows repeat the same days and the same next actions (a thousand reminders sent on one
# day come back on one day): each is decoded once. (Both are immutable.)
_day_of = lru_cache(maxsize=8192)(date.fromisoformat)


@lru_cache(maxsize=8192)
def _next_action(day: str, reason: str, detail: str, since: str | None) -> NextAction:
    return NextAction(_day_of(day), _REASONS[reason], detail, _day_of(since) if since else None)


@lru_cache(maxsize=8192)
def _action_days(
    day: str, reason: str, detail: str, since: str | None
) -> tuple[NextAction, int, int]:
    """`_next_action`, with its day and the day its reason arose as ordinals (ranking)."""
    action = _next_action(day, reason, detail, since)
    return action, action.date.toordinal(), action.arose.toordinal()


@lru_cache(maxsize=8192)
def _ordinal(day: str) -> int:
    return _day_of(day).toordinal()


class AgendaFacts(NamedTuple):
    """A row's `agenda` list: the next action and what the agenda reads of the case."""

    day: str  # the next action's (ISO)
    reason: str  # a `Reason` value
    detail: str
    since: str | None  # the day the reason arose, when the ladder moved the action
    points: int  # `agenda.fixed_points`
    due: str
    invoice: str
    customer: str
    currency: str
    stage: str
    outstanding: int  # the balance, in minor units
    balance: str  # the same as `agenda --json` prints it (`money.format_minor`)
    grouped: str  # and as its score part says it (`format_minor(..., grouped=True)`)
    closed: bool
    broken: int  # promises broken before the current one
    alert: str | None  # the day of the limitation warning (ISO), if there is one
    name: str  # the customer's ("": not known when the row was made)


AGENDA_DAY = b'"agenda":["'  # the key and the start of its first text, the day
_DAY_AT = len(AGENDA_DAY)  # from the key's start: the day
_LIST_AT = len(b'"agenda":')  # and the list
# The list ends where the next key begins: `amount` sorts right after `agenda`, and a
# quote inside text is escaped (`\"`), so `],"amount":` is found nowhere else.
_AGENDA_END = b'],"amount":'

# `AgendaFacts(*values)`, made in C (a NamedTuple's own `__new__` is a Python call)
_agenda_facts = partial(tuple.__new__, AgendaFacts)


class CaseRow:
    """A case as its index row tells it: everything a `CaseState` offers but the timeline.

    A row read from the snapshot stays the bytes it was (`{"1":{...}}`) until a field is
    asked for: the agenda of 50,000 cases picks the rows due today by their next action's
    day, read from the bytes, then reads the `agenda` list of those alone (`agenda`); the
    rest of a row is parsed when a field outside that list is asked for."""

    __slots__ = (
        "_agenda",
        "_alert",
        "_body",
        "_day",
        "_due",
        "_next",
        "_outstanding",
        "_parsed",
        "_rank",
        "_stage",
        "id",
    )

    def __init__(self, case_id: str, raw: Row | bytes) -> None:
        self.id = case_id
        if isinstance(raw, bytes):
            self._body: bytes | None = raw
            self._parsed: Row | None = None
        else:
            self._body, self._parsed = None, raw
        self._due: date | None = None
        self._next: NextAction | bool | None = False  # False: not decoded yet
        self._stage: Stage | None = None
        self._outstanding: Money | None = None
        self._day: str | bool | None = False  # False: not read yet
        self._agenda: AgendaFacts | bool | None = False  # False: not read yet
        self._rank: tuple[int, int, int, int] | None = None
        self._alert: LimitationAlert | bool | None = False  # False: not decoded yet

    def __repr__(self) -> str:
        return f"CaseRow({self.id!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CaseRow) and other.id == self.id and other.raw == self.raw

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def raw(self) -> Row:
        """The row as a dict, parsed from its bytes on first use. (No `__getattr__` for
        this: a class with one has every attribute read take the slow path, and ranking
        reads the slots of 23,000 rows.)"""
        data = self._parsed
        if data is None:
            body = self._body
            assert body is not None
            data = self._parsed = orjson.loads(body)["1"]
            self._body = None
            if self._agenda:  # read again from the dict when asked, sharing its text
                self._agenda = False
        return data

    def _list(self, key: bytes, end: bytes, name: str) -> list[Any] | None:
        """`raw.get(name)` for a list field, from the row's bytes alone while it is not
        parsed: the list runs from `key` (`"name":[`) to `end`, its `]` and what always
        follows it (the next key: canonical JSON escapes every quote inside text, so
        neither is found inside text; a list of numbers and days alone ends at `]`). The
        words of an agenda item ask one such field of 5,400 rows of 23,000 at 50k cases."""
        body = self._body
        if body is None:
            return self.raw.get(name)
        at = body.find(key)
        if at < 0:
            return None
        stop = body.find(end, at)
        if stop < 0:
            return self.raw.get(name)  # not the layout this expects: parse it all
        return orjson.loads(body[at + len(key) - 1 : stop + 1])  # type: ignore[no-any-return]

    def next_day(self) -> str | None:
        """The ISO day of the next action, read from the row's bytes when it was not parsed
        yet. (Canonical JSON escapes every quote inside text, so `"agenda":["` is the key.)"""
        day = self._day
        if day is False:
            body = self._body
            if body is not None:
                at = body.find(AGENDA_DAY)
                day = None if at < 0 else body[at + _DAY_AT : at + _DAY_AT + 10].decode()
            else:
                agenda = self.agenda
                day = agenda.day if agenda is not None else None
            self._day = day
        return day  # type: ignore[return-value]

    @property
    def agenda(self) -> AgendaFacts | None:
        """The row's `agenda` list (None: no next action), from the row's bytes alone when
        it was not parsed yet."""
        facts = self._agenda
        if facts is False:
            body = self._body
            if body is None:
                found = self.raw.get("agenda")
            elif (at := body.find(AGENDA_DAY)) < 0:
                found = None
            else:
                end = body.find(_AGENDA_END, at)
                found = (
                    orjson.loads(body[at + _LIST_AT : end + 1]) if end > 0 else self.raw["agenda"]
                )
            facts = self._agenda = _agenda_facts(found) if found is not None else None
        return facts  # type: ignore[return-value]

    def rank_key(self) -> tuple[int, int, int, int]:
        """What ranking needs of a case due today, as ordinal days: the next action's day,
        the day its reason arose, the invoice's due day, and the fixed points."""
        key = self._rank
        if key is None:
            facts = self._agenda or self.agenda
            assert facts is not None
            action, action_day, arose = _action_days(facts[0], facts[1], facts[2], facts[3])
            self._next = action
            key = self._rank = (action_day, arose, _ordinal(facts[5]), facts[4])
        return key

    def _rank_from_bytes(self, today: str) -> tuple[int, int, int, int] | None:
        """`rank_key` when the row is due by `today` (ISO), else None: for a row not read
        yet, its day, `agenda` list and key in one go (`rank_rows`, 23,000 rows)."""
        body = self._body
        assert body is not None
        at = body.find(AGENDA_DAY)
        if at < 0:
            self._day = self._agenda = None
            return None
        day = self._day = body[at + _DAY_AT : at + _DAY_AT + 10].decode()
        if day > today:
            return None
        end = body.find(_AGENDA_END, at)
        if end >= 0:  # else not the layout this expects: `agenda` parses it all
            self._agenda = _agenda_facts(orjson.loads(body[at + _LIST_AT : end + 1]))
        return self.rank_key()

    # -- identity and invoice
    # (What the `agenda` list holds is read from it, from the row's bytes while the row is
    # not parsed: the agenda's cases, and the open cases of a list of all 50,000, are never
    # parsed whole for these; 130 MiB less when the app filters All cases.)
    @property
    def invoice(self) -> str:
        facts = self.agenda
        return facts.invoice if facts else self.raw["invoice"]  # type: ignore[union-attr]

    @property
    def customer_id(self) -> str:
        facts = self.agenda
        return facts.customer if facts else self.raw["customer"]  # type: ignore[union-attr]

    @property
    def issued(self) -> date:
        return date.fromisoformat(self.raw["issued"])

    @property
    def due(self) -> date:
        if self._due is None:
            facts = self.agenda
            self._due = _day_of(facts.due if facts else self.raw["due"])  # type: ignore[union-attr]
        return self._due

    @property
    def currency(self) -> str:
        facts = self.agenda
        return facts.currency if facts else self.raw["currency"]  # type: ignore[union-attr]

    @property
    def regime(self) -> str:
        return self.raw.get("regime", "")

    @property
    def tags(self) -> tuple[str, ...]:
        tags = self.raw.get("tags")
        return tuple(tags) if tags else _NO_TAGS

    @property
    def instalment_words(self) -> tuple[str, str] | None:
        raw = self._list(b'"instalment":[', b'],"invoice":', "instalment")
        return (raw[0], raw[1]) if raw else None

    @property
    def reference(self) -> str:
        return self.raw.get("reference", "")

    @property
    def source(self) -> str:
        return self.raw.get("source", "")

    @property
    def limitation_law(self) -> str:
        return self.raw.get("law", "")

    @property
    def claim_kind(self) -> str:
        return self.raw.get("claim", "")

    @property
    def delivered(self) -> date | None:
        raw = self.raw.get("delivered")
        return date.fromisoformat(raw) if raw else None

    @property
    def limitation_alert(self) -> LimitationAlert | None:
        alert = self._alert
        if alert is False:
            facts = self.agenda  # (the warning's day, when the row has a next action)
            raw = (
                None
                if facts is not None and facts.alert is None
                else self._list(b'"limitation":[', b'],"opened":', "limitation")
            )
            if raw is None:
                alert = None
            else:
                day, last_day, article, advice, extinctive = raw
                alert = LimitationAlert(
                    _day_of(day), _day_of(last_day), article, advice, extinctive
                )
            self._alert = alert
        return alert  # type: ignore[return-value]

    @property
    def last_contact(self) -> date | None:
        """From the row's bytes while it is not parsed (`customer list` asks it of every
        row): `"contact":"` is found only as the key, an ISO day after it."""
        body = self._body
        if body is not None:
            at = body.find(b'"contact":"')
            return None if at < 0 else _day_of(body[at + 11 : at + 21].decode())
        day = self.raw.get("contact")
        return _day_of(day) if day else None

    @property
    def opened_on(self) -> date:
        return date.fromisoformat(self.raw["opened"])

    @property
    def last_activity(self) -> date:
        return date.fromisoformat(self.raw["activity"])

    @property
    def last_event_id(self) -> int:
        """From the row's bytes while it is not parsed (the lists' search asks it of all
        50,000 rows): `"last":` is found only as the key, an integer up to the next key."""
        body = self._body
        if body is not None and (at := body.find(b'"last":')) >= 0:
            value = at + len(b'"last":')
            digits = body[value : body.find(b",", value)]  # ("opened" always follows)
            if digits.isdigit():
                return int(digits)
        return self.raw.get("last", 0)

    @property
    def head(self) -> str:
        return self.raw.get("head", "")

    # -- the ladder
    @property
    def stage(self) -> Stage:
        if self._stage is None:
            facts = self.agenda
            self._stage = _STAGES[facts.stage if facts else self.raw["stage"]]  # type: ignore[union-attr]
        return self._stage

    @property
    def next_action(self) -> NextAction | None:
        decoded = self._next
        if decoded is False:
            facts = self.agenda
            decoded = None if facts is None else _next_action(*facts[:4])
            self._next = decoded
        return decoded  # type: ignore[return-value]

    @property
    def fixed_points(self) -> int:
        facts = self.agenda
        return facts.points if facts is not None else 0

    # -- money
    @property
    def amount_minor(self) -> int:
        return self.raw["amount"]

    @property
    def paid_minor(self) -> int:
        return self.raw["paid"]

    @property
    def credited_minor(self) -> int:
        return self.raw["credited"]

    @property
    def outstanding_minor(self) -> int:
        facts = self.agenda
        return facts.outstanding if facts else self.raw["outstanding"]  # type: ignore[union-attr]

    @property
    def waived_minor(self) -> int:
        return self.raw.get("waived", 0)

    def _money(self, minor: int) -> Money:
        currency = self.currency
        return Money(from_minor(minor, currency), currency)

    @property
    def amount(self) -> Money:
        return self._money(self.amount_minor)

    @property
    def paid(self) -> Money:
        return self._money(self.paid_minor)

    @property
    def credited(self) -> Money:
        return self._money(self.credited_minor)

    @property
    def outstanding(self) -> Money:
        money = self._outstanding
        if money is None:
            money = self._outstanding = self._money(self.outstanding_minor)
        return money

    @property
    def waived(self) -> Money:
        return self._money(self.waived_minor)

    # -- what is going on
    @property
    def broken_promises(self) -> int:
        facts = self.agenda
        return facts.broken if facts else self.raw.get("broken", 0)  # type: ignore[union-attr]

    @property
    def promise(self) -> PromiseState | None:
        raw = self._list(b'"promise":[', b"]", "promise")
        if raw is None:
            return None
        event_id, made_on, by, amount, paid_since = raw
        return PromiseState(
            event_id,
            _day_of(made_on),
            _day_of(by),
            self._money(amount),
            self._money(paid_since),
        )

    @property
    def dispute(self) -> DisputeState | None:
        raw = self._list(b'"dispute":[', b'],"due":', "dispute")
        if raw is None:
            return None
        return DisputeState(raw[0], _day_of(raw[1]), raw[2])

    @property
    def settlement(self) -> SettlementState | None:
        raw = self.raw.get("settlement")
        if raw is None:
            return None
        amount = self._money(raw[3]) if raw[3] is not None else None
        return SettlementState(raw[0], date.fromisoformat(raw[1]), raw[2], amount)

    @property
    def handover(self) -> HandoverState | None:
        raw = self._list(b'"handover":[', b'],"head":', "handover")
        if raw is None:
            return None
        return HandoverState(
            raw[0], _day_of(raw[1]), _HANDOVER_TO.get(raw[2]) or HandoverTo(raw[2]), *raw[3:6]
        )

    @property
    def closed(self) -> ClosedState | None:
        if not self.is_closed:  # (from the `agenda` list or the bytes: no parse of an open row)
            return None
        raw = self.raw.get("closed")
        if raw is None:
            return None
        return ClosedState(raw[0], date.fromisoformat(raw[1]), CloseReason(raw[2]), raw[3])

    @property
    def snoozed_until(self) -> date | None:
        raw = self.raw.get("snoozed")
        return date.fromisoformat(raw) if raw else None

    @property
    def is_closed(self) -> bool:
        facts = self.agenda
        if facts:
            return facts.closed  # type: ignore[union-attr]
        body = self._body
        if body is not None:
            return b'"closed":' in body
        return "closed" in self.raw

    @property
    def disputed(self) -> bool:
        body = self._body
        if body is not None:  # (the key and its list: canonical JSON escapes quotes in text)
            return b'"dispute":[' in body
        return "dispute" in self.raw

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due).days)

    def active_promise(self, today: date) -> PromiseState | None:
        promise = self.promise
        if promise is None or promise.kept or promise.broken(today):
            return None
        return promise

    def needs_action(self, today: date) -> bool:
        day = self.next_day()
        return day is not None and day <= today.isoformat()


# A case as its index row or its fold tells it: both answer what lists, reports and the
# bank's matching read of it.
Case = CaseState | CaseRow


class LastEventIds(Mapping[str, int]):
    """Each case's last event id as `rows` tell it, read from a row only when asked for.

    The rows are kept, not their values: a write gives its case a new `CaseRow` and never
    changes one, so these stay the ids of the moment they were taken (the app's session
    start), without parsing 50,000 rows before the first frame."""

    def __init__(self, rows: Iterable[CaseRow]) -> None:
        self._rows = {row.id: row for row in rows}

    def __getitem__(self, case_id: str) -> int:
        return self._rows[case_id].last_event_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def rank_rows(rows: Iterable[CaseRow], today: date) -> list[AgendaItem]:
    """`agenda.build_agenda` over index rows: the same items in the same order (a test
    checks), from the fixed points the rows keep plus today's part. A row not due today is
    passed over on its next action's day alone, read from its bytes without parsing it; a
    row due is ranked from its `agenda` list alone.

    Written for 23,000 due cases out of 50,000: the order (most points, then the oldest
    action day, then the id) is one small integer and a stable sort, the rows coming in the
    order of their ids (as the snapshot keeps them; sorted by id first when not), because
    tuple comparisons that fall through to the id cost more than all the rest."""
    today_iso = today.isoformat()
    day = today.toordinal()
    ranked = []
    append = ranked.append
    last_id, in_order = "", True
    for row in rows:
        next_day = row._day
        if next_day is False and row._body is not None:
            key = row._rank_from_bytes(today_iso)
            if key is None:
                continue
        else:
            if next_day is False:
                next_day = row.next_day()
            if next_day is None or next_day > today_iso:  # type: ignore[operator]
                continue
            key = row._rank or row.rank_key()
        action_day, arose, due, points = key
        points += points_for_today(day, arose, due)
        case_id = row.id
        if case_id < last_id:
            in_order = False
        last_id = case_id
        append((((_MOST_POINTS - points) << _DAY_BITS) | action_day, case_id, row, points))
    if not in_order:
        ranked.sort(key=_BY_ID)
    ranked.sort(key=_BY_ORDER)
    make = tuple.__new__  # AgendaItem(...) without the NamedTuple's Python-level __new__
    # `_next` is the row's next action, decoded by `rank_key`.
    return [make(AgendaItem, (row, row._next, points, today)) for _, _, row, points in ranked]


# The order as one integer under 2**30, which Python sorts on its quickest path: the
# points (a score is at most 135, see `casetui.agenda`) above the ordinal day (at most
# 3,652,059, the last day of year 9999).
_MOST_POINTS = 255
_DAY_BITS = 22
_BY_ORDER = itemgetter(0)
_BY_ID = itemgetter(1)


def next_due_row(rows: Iterable[CaseRow], today: date) -> tuple[date, CaseRow] | None:
    """The first day after today on which something falls due (for "All done" screens)."""
    today_iso = today.isoformat()
    best: tuple[str, CaseRow] | None = None
    for row in rows:
        day = row.next_day()
        later = day is not None and day > today_iso and not row.is_closed
        if later and (best is None or (day, row.id) < (best[0], best[1].id)):
            best = (day, row)  # type: ignore[assignment]
    return (date.fromisoformat(best[0]), best[1]) if best else None
