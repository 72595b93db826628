"""The filter language of the case lists (and of `casetui list`): free text plus terms.

    acme                    free text: case id, invoice, customer, stage, notes and
                            reasons (on Today, the "why today" too)
    "open source"           quotes keep words together (and make a term word literal)
    customer:acme           the customer's name contains "acme"
    customer:"daan mulder"  a quoted value keeps its spaces
    stage:formal-notice     the stage (a prefix will do: stage:formal, stage:second)
    level>=2                the stage's rung on the ladder: open 0, reminder 1, second
                            reminder 2, formal notice 3, handed over 4
    overdue>30              days past the due date (also >=, <, <=, =)
    amount>500              outstanding amount, in the case's own currency
    amount>£500             ... of the cases in that currency only (£, €, $ or a code:
                            amount>500gbp)
    currency:gbp            the case's currency (a sign will do: currency:£)
    tag:vip                 a tag of the case starts with "vip"
    disputed promised broken closed open due
                            flags: a dispute is open; a promise is pending; the latest
                            promise is broken; closed; not closed; needs action today
    !disputed  -acme        a leading ! or - negates any term
    a OR b                  either term (OR in capitals joins the terms beside it:
                            `customer:acme OR customer:meuse overdue>30` is either
                            customer, and more than 30 days overdue)

All other terms must hold. A term that makes no sense ("amount>lots", "colour:red",
"currency:xx") is reported in `errors`, one line each, and left out, so a half-typed query
still filters by the rest; the lists show those lines under the filter.

Pure: no UI imports. The lists build one `Facts` per case (cached while the case's state
is unchanged) and ask `Query.matches(facts)`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from datetime import date
from typing import TYPE_CHECKING

from casetui.errors import InputError
from casetui.model import Stage
from casetui.money import CURRENCY_SIGNS, from_minor, parse_amount
from casetui.owed import owed_minor
from casetui.timeline import CaseState
from casetui.values import frozen

if TYPE_CHECKING:
    from casetui.caseindex import CaseRow

# Text fields of events that hold words a user may want to find again.
_TEXT_FIELDS = ("text", "note", "reason", "terms", "name", "reference", "document", "tracking")

_COMPARISON = re.compile(r"^(?P<key>[a-z]+)(?P<op>>=|<=|>|<|=|:)(?P<value>.*)$", re.DOTALL)
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
WORDS = ("customer", "stage", "currency", "tag")


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
        "event_text",
        "invoice",
        "needs_action",
        "outstanding",
        "outstanding_minor",
        "promise_broken",
        "promised",
        "shown_words",
        "stage",
        "state",
    )

    def __init__(
        self,
        state: CaseState | CaseRow,
        customer: str,
        today: date,
        customer_notes: str = "",
        event_text: str | None = None,
    ):
        self.state = state
        self.event_text = event_text
        self.case_id = state.id
        self.invoice = state.invoice
        self.customer = customer
        self.customer_notes = customer_notes
        self.stage = state.stage
        self.currency = state.currency
        closed = state.is_closed
        # What is owed (casetui.owed): a closed case's rows and `amount>` show nothing owed.
        self.outstanding_minor = owed_minor(state)  # type: ignore[arg-type]
        self.outstanding = from_minor(self.outstanding_minor, state.currency)
        self.days_overdue = 0 if closed else state.days_overdue(today)
        self.due = state.due
        self.disputed = state.disputed
        self.closed = closed
        promise = state.promise
        pending = promise is not None and not closed
        self.promised = pending and not promise.kept and not promise.broken(today)  # type: ignore[union-attr]
        self.promise_broken = pending and promise.broken(today)  # type: ignore[union-attr]
        self.needs_action = state.needs_action(today)
        # The words a list shows for the case besides these facts (Today's "why today"),
        # made when free text first searches them: a screen's words are searchable.
        self.shown_words: Callable[[], str] | None = None
        self._text: str | None = None

    @property
    def text(self) -> str:
        """What free text searches besides `event_text`, casefolded (built on first use):
        id, invoice, customer and their notes, the list's own words for the case
        (`shown_words`), and a folded case's own events' words. (The stage's name is
        searched apart, by the start of its words: `_free_text`.)

        From an index row, the events' words are `event_text` (casefolded, read in the
        background by the lists; until then free text finds ids, invoices and customers).
        They are searched where they are, not copied in here: at 50,000 cases a second copy
        of every case's words cost some 25 MiB."""
        if self._text is None:
            parts = [self.case_id, self.invoice, self.customer, self.customer_notes]
            if self.shown_words is not None:
                parts.append(self.shown_words())
            raw_events = getattr(self.state, "raw_events", None)
            if raw_events is not None:
                parts.append(searchable_text(raw_events))
            self._text = "\n".join(parts).casefold()
        return self._text

    def with_event_text(self, text: str) -> None:
        """The events' words arrived (casefolded, from the background read): search them
        too."""
        self.event_text = text


def searchable_text(raw_events: Iterable[Mapping[str, object]]) -> str:
    """The words of a case's events that free text searches: notes, reasons, terms..."""
    parts = []
    for raw in raw_events:
        for name in _TEXT_FIELDS:
            value = raw.get(name)
            if value and isinstance(value, str):
                parts.append(value)
    return "\n".join(parts)


Predicate = Callable[[Facts], bool]


@frozen
class Query:
    """A parsed filter. An empty query matches everything."""

    source: str = ""
    predicates: tuple[Predicate, ...] = ()
    errors: tuple[str, ...] = ()
    words: tuple[str, ...] = field(default=())  # the free-text words, for highlighting
    flags: frozenset[str] = frozenset()  # the flags asked for (not negated): "closed"...
    # Does a term (negated or not) search free text: the events' words of a case too?
    searches_text: bool = False

    def __bool__(self) -> bool:
        return bool(self.predicates)

    def mentions(self, flag: str) -> bool:
        """Does the query ask for this flag (`closed`: the caller should include them)?"""
        return flag in self.flags

    def matches(self, facts: Facts) -> bool:
        return all(predicate(facts) for predicate in self.predicates)

    def select(self, candidates: Iterable[Facts]) -> list[Facts]:
        predicates = self.predicates
        if not predicates:
            return list(candidates)
        if len(predicates) == 1:
            (only,) = predicates
            return [facts for facts in candidates if only(facts)]
        if len(predicates) == 2:  # "name amount>500": without a generator per row
            first, second = predicates
            return [facts for facts in candidates if first(facts) and second(facts)]
        return [facts for facts in candidates if all(p(facts) for p in predicates)]


def parse(text: str) -> Query:
    """Parse what the user typed into a query; what it did not understand is in `errors`."""
    errors: list[str] = []
    words: list[str] = []
    flags: set[str] = set()
    searches_text = False
    # Each clause is a list of alternatives (joined by OR); the clauses must all hold.
    clauses: list[list[Predicate]] = []
    joining = False  # the previous token was OR
    tokens = _TOKEN.findall(text)
    for n, token in enumerate(tokens):
        if token == "OR":
            if not clauses or joining or n == len(tokens) - 1:
                errors.append("OR: put it between two terms (a OR b)")
            joining = bool(clauses)
            continue
        negate, body = False, token
        if len(body) > 1 and body[0] in "!-":
            negate, body = True, body[1:]
        quoted = body.startswith('"')
        try:
            predicate, word, flag = _term(body, quoted)
        except ValueError as error:
            errors.append(str(error))
            joining = False
            continue
        searches_text = searches_text or bool(word)  # (only a free-text term has a word)
        if not negate:
            if word:
                words.append(word)
            if flag:
                flags.add(flag)
        if negate:
            predicate = _negated(predicate)
        if joining:
            clauses[-1].append(predicate)
        else:
            clauses.append([predicate])
        joining = False
    predicates = tuple(_either(alternatives) for alternatives in clauses)
    return Query(text, predicates, tuple(errors), tuple(words), frozenset(flags), searches_text)


# A token: runs of non-space characters and quoted parts, so that `customer:"daan mulder"`
# and `-"big corp"` are one token each (an unclosed quote runs to the end, as while typing).
_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*"?)+')


def _unquoted(text: str) -> str:
    return text.replace('"', "")


def _negated(predicate: Predicate) -> Predicate:
    return lambda facts: not predicate(facts)


def _either(alternatives: list[Predicate]) -> Predicate:
    if len(alternatives) == 1:
        return alternatives[0]
    options = tuple(alternatives)
    return lambda facts: any(option(facts) for option in options)


def _term(token: str, quoted: bool) -> tuple[Predicate, str, str]:
    """One term as a predicate, plus the free-text word it searches and the flag it names."""
    lowered = token.casefold()
    if quoted:
        phrase = _unquoted(lowered)
        return _free_text(phrase), phrase, ""
    if lowered in FLAGS:
        return _flag(lowered), "", lowered
    match = _COMPARISON.match(lowered)
    if match is None:
        word = _unquoted(lowered)
        return _free_text(word), word, ""
    key, op, value = match["key"], match["op"], _unquoted(match["value"]).strip()
    if key in NUMBERS:
        return _number(key, op, value), "", ""
    if key in WORDS:
        if op != ":" and op != "=":
            raise ValueError(f"{key}{op}: use {key}:word")
        if not value:
            raise ValueError(f"{key}: what? e.g. {_EXAMPLES[key]}")
        return _word(key, value), "", ""
    if op == ":":
        known = ", ".join(f"{name}:" for name in WORDS + NUMBERS)
        raise ValueError(f"unknown term {key}: (known: {known})")
    word = _unquoted(lowered)
    return _free_text(word), word, ""


_EXAMPLES = {
    "customer": 'customer:acme or customer:"daan mulder"',
    "stage": "stage:formal-notice",
    "currency": "currency:eur or currency:£",
    "tag": "tag:vip",
    "overdue": "overdue>30",
    "amount": "amount>500 or amount>£500",
    "level": "level>=2",
}


# The stage as the lists name it, for free text to find by the start of its words
# ("handed", "formal notice"): by any part, "mind" or "pen" would find whole stages.
_STAGE_WORDS = {stage: " " + stage.label.casefold() for stage in Stage}


def _free_text(word: str) -> Predicate:
    spaced = " " + word

    def mentions(facts: Facts) -> bool:
        text = facts._text  # built already but for the first search: skip the property
        if word in (text if text is not None else facts.text):
            return True
        if spaced in _STAGE_WORDS[facts.stage]:
            return True
        # Searched apart, as if joined to `text` by a newline (no typed word holds one).
        words = facts.event_text
        return words is not None and word in words

    return mentions


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
    currency, figure = _amount_currency(value)
    if not figure.strip():
        raise ValueError(f"{key}{op}{value}: a number (e.g. amount>500 or amount>£500)")
    try:
        # As people type amounts: 1500, 1500.50, 1500,50, 1.500,50 (same rules as forms).
        number = parse_amount(figure, currency or "XXX")
    except InputError as error:
        raise ValueError(f"{key}{op}{value}: {error}") from None
    if currency is None:
        return lambda facts: compare(facts.outstanding, number)
    # With a currency (amount>£500) only that currency's cases can match: 500 pounds and
    # 500 euros are different amounts, and the filter does not convert.
    return lambda facts: facts.currency == currency and compare(facts.outstanding, number)


_CODE_AROUND = re.compile(r"^(?P<before>[a-z]{3})?\s*(?P<figure>[^a-z]*?)\s*(?P<after>[a-z]{3})?$")


def _amount_currency(value: str) -> tuple[str | None, str]:
    """`£500`, `500€`, `gbp500`, `500 gbp` -> ("GBP", "500"); `500` -> (None, "500")."""
    for sign, code in CURRENCY_SIGNS.items():
        if sign in value:
            return code, value.replace(sign, "").strip()
    match = _CODE_AROUND.match(value)
    if match is not None and (match["before"] or match["after"]):
        if match["before"] and match["after"]:
            raise ValueError(f"amount: one currency, not {value!r}")
        return (match["before"] or match["after"]).upper(), match["figure"]
    return None, value


def _level(value: str) -> int:
    if value.isdigit():
        return int(value)
    stages = stages_named(value)
    if len(stages) != 1:
        raise ValueError(f"level: use a number 0-4 or a stage name, not {value!r}")
    return stages[0].rank


def stages_named(value: str) -> list[Stage]:
    """Stages by value or label, exact first, else by prefix ("formal", "second",
    "formal notice"); `casetui list --stage` reads its value with this too."""
    wanted = "-".join(value.casefold().split())
    if wanted in _STAGES:
        return [_STAGES[wanted]]
    return [stage for name, stage in _STAGES.items() if name.startswith(wanted)]


def _currency_code(value: str) -> str:
    """`gbp`, `GBP`, `£` -> "GBP"; anything else is not understood."""
    if value in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[value]
    if re.fullmatch(r"[a-z]{3}", value):
        return value.upper()
    signs = " ".join(CURRENCY_SIGNS)
    raise ValueError(f"currency:{value}: a three-letter code (eur, gbp) or a sign ({signs})")


def _word(key: str, value: str) -> Predicate:
    if key == "customer":
        return lambda facts: value in facts.customer.casefold()
    if key == "currency":
        code = _currency_code(value)
        return lambda facts: facts.currency == code
    if key == "tag":
        return lambda facts: any(tag.casefold().startswith(value) for tag in facts.state.tags)
    stages = frozenset(stages_named(value))
    if not stages:
        names = ", ".join(_STAGES)
        raise ValueError(f"stage:{value}: no such stage ({names})")
    return lambda facts: facts.stage in stages
