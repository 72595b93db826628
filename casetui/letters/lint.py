"""The check a letter passes before it is sent: what it lacks for its kind and regime.

Two sources of findings, both pure:
- the facts of the letter (`LetterFacts`: kind, regime, dates, what it charges, what the
  profile lacks), checked by rules here;
- its text: each `Requirement` names something that must appear in the body (an amount, the
  interest basis, the mandatory wording of a statutory letter). The text is checked after
  every edit, so deleting the 14-day sentence from a Dutch consumer letter blocks it.

Severities: `block` (the letter cannot be recorded or produced), `warning` (send it knowingly),
`info` (for the user: the claim's notes, the not-legal-advice line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from casetui.law import NOT_LEGAL_ADVICE, is_working_day
from casetui.model import Channel, LetterKind


class FindingSeverity(StrEnum):
    """How much a letter finding weighs: BLOCK stops the letter, WARNING asks for a look, INFO
    only tells. Not a notification level (the app's `notify(severity=...)`)."""

    BLOCK = "block"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    severity: FindingSeverity
    code: str  # stable, for tests and filters: "missing-iban", "costs-too-early", ...
    message: str

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.message}"


@dataclass(frozen=True)
class Requirement:
    """Text the letter body must contain (one of `any_of`, compared loosely)."""

    code: str
    what: str  # "the legal basis of the interest"
    any_of: tuple[str, ...]
    severity: FindingSeverity = FindingSeverity.BLOCK
    # Applies only when the body mentions one of these figures ("10,5 %"): a note that must
    # follow a figure wherever it is printed.
    when: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterFacts:
    """What the check needs to know about a letter besides its text."""

    kind: LetterKind
    regime: str
    consumer: bool
    statutory: bool  # the BE first reminder or the NL 14-day letter
    sent_on: date
    channel: Channel
    deadline: date | None
    minimum_deadline: date | None
    minimum_reason: str
    calendar_country: str
    costs_charged: Decimal  # compensation or costs included in the amount asked
    interest_charged: Decimal
    costs_allowed_from: date | None  # None with `clock_limited`: no qualifying letter yet
    clock_limited: bool
    clock_gates_interest: bool
    required: tuple[Requirement, ...] = ()
    problems: tuple[Finding, ...] = ()  # found while gathering data (profile, cases)
    notes: tuple[str, ...] = ()  # the claim's warnings, for the user


_ESCAPE = re.compile(r"\\(.)")
_MARKS = re.compile(r"[*_`]")
_SPACE = re.compile(r"\s+")


def loose(text: str) -> str:
    """Markdown escapes and emphasis removed, whitespace collapsed, case folded."""
    text = _ESCAPE.sub(r"\1", text.replace("\\\n", "\n"))
    return _SPACE.sub(" ", _MARKS.sub("", text)).strip().casefold()


def _mentions(text: str, figure: str) -> bool:
    """Is the figure in the (loose) text, not as the tail of a longer number?"""
    return re.search(r"(?<![0-9.,])" + re.escape(loose(figure)), text) is not None


def check_letter(facts: LetterFacts, body: str) -> tuple[Finding, ...]:
    """Every finding for a letter with this body, blocks first."""
    findings = list(facts.problems)
    findings += _charges(facts)
    findings += _deadline(facts)
    text = loose(body)
    for requirement in facts.required:
        if requirement.when and not any(_mentions(text, figure) for figure in requirement.when):
            continue
        if not any(loose(option) in text for option in requirement.any_of if option):
            findings.append(
                Finding(
                    requirement.severity, requirement.code, f"the letter lacks {requirement.what}"
                )
            )
    findings += [Finding(FindingSeverity.INFO, "claim-note", note) for note in facts.notes]
    findings.append(Finding(FindingSeverity.INFO, "not-legal-advice", NOT_LEGAL_ADVICE))
    order = {FindingSeverity.BLOCK: 0, FindingSeverity.WARNING: 1, FindingSeverity.INFO: 2}
    unique = list(dict.fromkeys(findings))
    return tuple(sorted(unique, key=lambda finding: order[finding.severity]))


def _charges(facts: LetterFacts) -> list[Finding]:
    found = []
    charged = facts.costs_charged > 0 or (facts.clock_gates_interest and facts.interest_charged > 0)
    if facts.statutory and (facts.costs_charged > 0 or facts.interest_charged > 0):
        what = "first reminder" if facts.regime == "be-b2c" else "14-day letter"
        found.append(
            Finding(
                FindingSeverity.BLOCK,
                "statutory-not-free",
                f"the statutory {what} must be free: it may not charge costs or interest",
            )
        )
    elif facts.clock_limited and charged:
        allowed = facts.costs_allowed_from
        if allowed is None or facts.sent_on < allowed:
            when = f"from {allowed.isoformat()}" if allowed else "only after the statutory letter"
            what = "costs or interest" if facts.clock_gates_interest else "collection costs"
            found.append(
                Finding(
                    FindingSeverity.BLOCK,
                    "costs-too-early",
                    f"{what} charged on a consumer before the law allows them ({when})",
                )
            )
    return found


def _deadline(facts: LetterFacts) -> list[Finding]:
    if facts.kind is LetterKind.HANDOVER:
        return []
    deadline = facts.deadline
    if deadline is None:
        return [Finding(FindingSeverity.BLOCK, "no-deadline", "the letter gives no deadline")]
    if deadline <= facts.sent_on:
        return [
            Finding(
                FindingSeverity.BLOCK,
                "deadline-not-after-date",
                f"the deadline {deadline.isoformat()} is not after the letter date "
                f"{facts.sent_on.isoformat()}",
            )
        ]
    found = []
    if facts.minimum_deadline is not None and deadline < facts.minimum_deadline:
        found.append(
            Finding(
                FindingSeverity.BLOCK,
                "deadline-too-short",
                f"the deadline {deadline.isoformat()} is shorter than the law allows: "
                f"{facts.minimum_reason} runs to {facts.minimum_deadline.isoformat()}",
            )
        )
    if not is_working_day(deadline, facts.calendar_country):
        why = "a weekend" if deadline.weekday() >= 5 else "a public holiday"
        found.append(
            Finding(
                FindingSeverity.WARNING,
                "deadline-on-day-off",
                f"the deadline {deadline.isoformat()} falls on {why} in {facts.calendar_country}",
            )
        )
    return found


@dataclass
class FindingList:
    """Collects findings while the letter's data is gathered."""

    items: list[Finding] = field(default_factory=list)

    def block(self, code: str, message: str) -> None:
        self.items.append(Finding(FindingSeverity.BLOCK, code, message))

    def warn(self, code: str, message: str) -> None:
        self.items.append(Finding(FindingSeverity.WARNING, code, message))

    def info(self, code: str, message: str) -> None:
        self.items.append(Finding(FindingSeverity.INFO, code, message))
