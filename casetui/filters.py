"""The filter language of the case lists: free text plus a few terms.

    acme                    free text: case id, invoice, customer, notes and reasons
    "open source"           quotes keep words together (and make a term word literal)
    customer:acme           the customer's name contains "acme"
    stage:formal-notice     the stage (a prefix will do: stage:formal, stage:second)
    level>=2                the stage's rung on the ladder: open 0, reminder 1, second
                            reminder 2, formal notice 3, handed over 4
    overdue>30              days past the due date (also >=, <, <=, =)
    amount>500              outstanding amount, in the case's currency
    currency:gbp            the case's currency
    disputed promised broken closed open due
                            flags: a dispute is open; a promise is pending; the latest
                            promise is broken; closed; not closed; needs action today
    !disputed  -acme        a leading ! or - negates any term

All terms must hold. A term that makes no sense ("amount>lots", "colour:red") is reported
and left out, so a half-typed query still filters by the rest.

Pure: no UI imports. The lists build one `Facts` per case (cached while the case's state
is unchanged) and ask `Query.matches(facts)`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from casetui.errors import InputError
from casetui.model import Stage
from casetui.money import CURRENCY_SIGNS, from_minor, parse_amount
from casetui.owed import owed_minor
from casetui.timeline import CaseState

# Text fields of events that hold words a user may want to find again.
_TEXT_FIELDS = ("text", "note", "reason", "terms", "name", "reference", "document", "tracking")

_COMPARISON = re.compile(r"^(?P<key>[a-z]+)(?P<op>>=|<=|>|<|=|:)(?P<value>.*)$")
_OPERATORS: dict[str, Callable[[object, object], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
    ":": operator.eq,
}
_STAGES = {stage.value: stage for stage in Stage}
FLAGS = ("disputed", "promised", "broken", "closed", "open", "due")
NUMBERS = ("overdue", "amount", "level")
WORDS = ("customer", "stage", "currency")


class Facts:
    """What a filter (and a list's sort) looks at for one case, as of one day."""

    __slots__ = (
        "_text",
        "case_id",
        "closed",
        "currency",
        "customer",
        "customer_notes",
        "days_overdue",
        "disputed",
        "due",
        "invoice",
        "needs_action",
        "outstanding",
        "outstanding_minor",
        "promise_broken",
        "promised",
        "stage",
        "state",
    )

    def __init__(self, state: CaseState, customer: str, today: date, customer_notes: str = ""):
        self.state = state
        self.case_id = state.id
        self.invoice = state.invoice
        self.customer = customer
        self.customer_notes = customer_notes
        self.stage = state.stage
        self.currency = state.currency
        # What is owed (casetui.owed): a closed case's rows and `amount>` show nothing owed.
        self.outstanding_minor = owed_minor(state)
        self.outstanding = from_minor(self.outstanding_minor, state.currency)
        self.days_overdue = state.days_overdue(today) if state.closed is None else 0
        self.due = state.due
        self.disputed = state.dispute is not None
        self.closed = state.closed is not None
        promise = state.promise
        self.promised = state.closed is None and state.active_promise(today) is not None
        self.promise_broken = state.closed is None and promise is not None and promise.broken(today)
        self.needs_action = state.needs_action(today)
        self._text: str | None = None

    @property
    def text(self) -> str:
        """Everything free text searches, casefolded (built on first use)."""
        if self._text is None:
            parts = [self.case_id, self.invoice, self.customer, self.customer_notes]
            for raw in self.state.raw_events:
                for name in _TEXT_FIELDS:
                    value = raw.get(name)
                    if value and isinstance(value, str):
                        parts.append(value)
            self._text = "\n".join(parts).casefold()
        return self._text


Predicate = Callable[[Facts], bool]


@dataclass(frozen=True)
class Query:
    """A parsed filter. An empty query matches everything."""

    source: str = ""
    predicates: tuple[Predicate, ...] = ()
    errors: tuple[str, ...] = ()
    words: tuple[str, ...] = field(default=())  # the free-text words, for highlighting

    def __bool__(self) -> bool:
        return bool(self.predicates)

    def matches(self, facts: Facts) -> bool:
        return all(predicate(facts) for predicate in self.predicates)

    def select(self, candidates: Iterable[Facts]) -> list[Facts]:
        predicates = self.predicates
        if not predicates:
            return list(candidates)
        if len(predicates) == 1:
            (only,) = predicates
            return [facts for facts in candidates if only(facts)]
        return [facts for facts in candidates if all(p(facts) for p in predicates)]


def parse(text: str) -> Query:
    """Parse what the user typed into a query; problems are listed in `errors`."""
    predicates: list[Predicate] = []
    errors: list[str] = []
    words: list[str] = []
    for match in _TOKEN.finditer(text):
        negate = bool(match["neg"])
        quoted = match["quoted"] is not None
        token = match["quoted"] if quoted else match["word"]
        if not token:
            continue
        if not quoted and len(token) > 1 and token[0] in "!-":
            negate, token = True, token[1:]
        try:
            predicate, word = _term(token, quoted)
        except ValueError as error:
            errors.append(str(error))
            continue
        if word and not negate:
            words.append(word)
        predicates.append(_negated(predicate) if negate else predicate)
    return Query(text, tuple(predicates), tuple(errors), tuple(words))


# A quoted phrase (an unclosed quote runs to the end, as while typing), or a word.
_TOKEN = re.compile(r'(?P<neg>[!-]?)"(?P<quoted>[^"]*)"?|(?P<word>\S+)')


def _negated(predicate: Predicate) -> Predicate:
    return lambda facts: not predicate(facts)


def _term(token: str, quoted: bool) -> tuple[Predicate, str]:
    """One term as a predicate, plus the free-text word it searches (if any)."""
    lowered = token.casefold()
    if quoted:
        return _free_text(lowered), lowered
    if lowered in FLAGS:
        return _flag(lowered), ""
    match = _COMPARISON.match(lowered)
    if match is None:
        return _free_text(lowered), lowered
    key, op, value = match["key"], match["op"], match["value"].strip()
    if key in NUMBERS:
        return _number(key, op, value), ""
    if key in WORDS:
        if op != ":" and op != "=":
            raise ValueError(f"{key}{op}: use {key}:word")
        if not value:
            raise ValueError(f"{key}: what? e.g. {_EXAMPLES[key]}")
        return _word(key, value), ""
    if op == ":":
        known = ", ".join(f"{name}:" for name in WORDS + NUMBERS)
        raise ValueError(f"unknown term {key}: (known: {known})")
    return _free_text(lowered), lowered


_EXAMPLES = {
    "customer": "customer:acme",
    "stage": "stage:formal-notice",
    "currency": "currency:eur",
    "overdue": "overdue>30",
    "amount": "amount>500",
    "level": "level>=2",
}


def _free_text(word: str) -> Predicate:
    return lambda facts: word in facts.text


def _flag(name: str) -> Predicate:
    if name == "disputed":
        return lambda facts: facts.disputed
    if name == "promised":
        return lambda facts: facts.promised
    if name == "broken":
        return lambda facts: facts.promise_broken
    if name == "closed":
        return lambda facts: facts.closed
    if name == "open":
        return lambda facts: not facts.closed
    return lambda facts: facts.needs_action


def _number(key: str, op: str, value: str) -> Predicate:
    compare = _OPERATORS[op]
    if key == "level":
        limit: object = _level(value)
        return lambda facts: facts.stage is not Stage.CLOSED and compare(facts.stage.rank, limit)
    if key == "overdue":
        if not value.isdigit():
            raise ValueError(f"{key}{op}{value}: a whole number of days (e.g. overdue>30)")
        days = int(value)
        return lambda facts: compare(facts.days_overdue, days)
    try:
        # As people type amounts: 1500, 1500.50, 1500,50, 1.500,50 (same rules as forms);
        # the filter compares amounts in any currency, so a sign (amount>€500) is just dropped.
        number = parse_amount(value.translate(_NO_SIGNS), "XXX")
    except InputError as error:
        raise ValueError(f"{key}{op}{value}: {error}") from None
    return lambda facts: compare(facts.outstanding, number)


_NO_SIGNS = str.maketrans("", "", "".join(CURRENCY_SIGNS))


def _level(value: str) -> int:
    if value.isdigit():
        return int(value)
    stages = _stages_named(value)
    if len(stages) != 1:
        raise ValueError(f"level: use a number 0-4 or a stage name, not {value!r}")
    return stages[0].rank


def _stages_named(value: str) -> list[Stage]:
    """Stages by value or label, exact first, else by prefix ("formal", "second")."""
    wanted = value.replace(" ", "-")
    if wanted in _STAGES:
        return [_STAGES[wanted]]
    return [stage for name, stage in _STAGES.items() if name.startswith(wanted)]


def _word(key: str, value: str) -> Predicate:
    if key == "customer":
        return lambda facts: value in facts.customer.casefold()
    if key == "currency":
        code = value.upper()
        return lambda facts: facts.currency == code
    stages = frozenset(_stages_named(value))
    if not stages:
        names = ", ".join(_STAGES)
        raise ValueError(f"stage:{value}: no such stage ({names})")
    return lambda facts: facts.stage in stages
