"""The day's letters that may go by e-mail, and sending them one after another.

`due_letters` looks at today's agenda: every open case whose next step is a letter of the
ladder (no reminder yet, a letter's wait is over, a deadline has passed) or a payment plan's
missed instalment gets the letter the ladder proposes (`propose_letter`), prepared for
e-mail and checked (`check_letter`). It is listed as one of:
- to send: the letter's usual channel is e-mail and nothing blocks it;
- skipped, with the reason: a registered letter (a formal notice goes by registered post),
  a customer without a (valid) e-mail address, a blocked letter (what the check says).
A customer's cases due for the same kind of letter in the same currency get one letter.
Cases whose next step is a call or a decision (a broken promise, a follow-up, a snooze that
ended) are not listed: a person looks at them.

`send_due` sends each one through one connection and records each accepted letter at once;
one failure stops nothing else, except a server that cannot be reached at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from casetui.agenda import build_agenda
from casetui.errors import CasetuiError, InputError
from casetui.ledger import Ledger
from casetui.letters.flow import (
    LetterDraft,
    default_channel,
    prepare_letter,
    propose_letter,
    receipt_question,
)
from casetui.mail.sending import compose, send_letter, send_problems, to_outbox
from casetui.mail.server import ConnectError, MailServer
from casetui.mail.settings import SmtpSettings
from casetui.model import Channel, Customer, LetterKind
from casetui.profile import Profile
from casetui.timeline import CaseState, Reason

LETTER_STEPS = frozenset(
    {
        Reason.OVERDUE_NO_REMINDER,
        Reason.STEP_DUE,
        Reason.DEADLINE_PASSED,
        Reason.INSTALMENT_MISSED,  # the instalment reminder
    }
)


class Status(StrEnum):
    SENT = "sent"
    WRITTEN = "written"  # into an outbox
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class DueLetter:
    """One letter of the day: to send (`draft`) or skipped (`skip` says why)."""

    case_ids: tuple[str, ...]
    customer: Customer
    kind: LetterKind
    draft: LetterDraft | None
    skip: str = ""

    @property
    def sendable(self) -> bool:
        return self.draft is not None and not self.skip


@dataclass(frozen=True)
class Outcome:
    letter: DueLetter
    status: Status
    message: str  # what happened, in words: the recipient, the server's refusal...

    def to_json(self) -> dict[str, object]:
        return {
            "cases": list(self.letter.case_ids),
            "customer": self.letter.customer.name,
            "kind": self.letter.kind.value,
            "status": self.status.value,
            "message": self.message,
        }


def due_letters(ledger: Ledger, profile: Profile, today: date) -> list[DueLetter]:
    """Every letter due today that the ladder proposes, most urgent case first."""
    groups: dict[tuple[str, LetterKind, str], list[CaseState]] = {}
    customers: dict[str, Customer] = {}
    for item in build_agenda(ledger.cases(include_closed=False), today):
        if item.action.reason not in LETTER_STEPS:
            continue
        state = item.case
        customer = customers.get(state.customer_id) or ledger.customer(state.customer_id)
        customers[customer.id] = customer
        kind = propose_letter(state, customer, profile, today).kind
        if kind is None or kind is LetterKind.HANDOVER:
            continue
        groups.setdefault((customer.id, kind, state.currency), []).append(state)
    letters: list[DueLetter] = []
    for (customer_id, kind, _), states in groups.items():
        letters += _letters_for(ledger, customers[customer_id], kind, states, profile, today)
    return letters


def _letters_for(
    ledger: Ledger,
    customer: Customer,
    kind: LetterKind,
    states: list[CaseState],
    profile: Profile,
    today: date,
) -> list[DueLetter]:
    ids = tuple(state.id for state in states)
    usual = default_channel(None, kind, customer)
    if usual is Channel.REGISTERED:
        return [DueLetter(ids, customer, kind, None, f"a {_words(kind)} goes by registered post")]
    if usual is not Channel.EMAIL:
        return [DueLetter(ids, customer, kind, None, f"{customer.name} has no e-mail address")]
    groups = [ids] if kind is not LetterKind.SETTLEMENT else [(case_id,) for case_id in ids]
    try:
        drafts = [_prepare(ledger, group, kind, profile, today) for group in groups]
    except InputError:  # cases that cannot share a letter (different regimes): one each
        drafts = [_prepare(ledger, (case_id,), kind, profile, today) for case_id in ids]
    letters = []
    for draft in drafts:
        if isinstance(draft, DueLetter):
            letters.append(draft)
            continue
        problems = send_problems(draft)
        skip = "; ".join(problems)
        letters.append(DueLetter(draft.case_ids, customer, kind, draft, skip))
    return letters


def _prepare(
    ledger: Ledger, ids: tuple[str, ...], kind: LetterKind, profile: Profile, today: date
) -> LetterDraft | DueLetter:
    try:
        return prepare_letter(
            ledger, list(ids), kind, profile=profile, sent_on=today, channel=Channel.EMAIL
        )
    except InputError as error:
        if len(ids) > 1:
            raise
        customer = ledger.customer(ledger.case(ids[0]).customer_id)
        return DueLetter(ids, customer, kind, None, str(error))


def _words(kind: LetterKind) -> str:
    return kind.value.replace("-", " ")


# --------------------------------------------------------------------------- sending


Progress = Callable[[int, Outcome], None]


def send_due(
    ledger: Ledger,
    letters: Sequence[DueLetter],
    settings: SmtpSettings,
    *,
    window: str,
    now: datetime,
    server: MailServer | None = None,
    outbox: Path | None = None,
    progress: Progress | None = None,
    batch: str = "",
) -> list[Outcome]:
    """Send (or write to `outbox`) every sendable letter; skipped ones are reported as such.
    `progress(done, outcome)` is called after each one. `batch`: the letters recorded are
    one action on several cases (one undo takes them all back)."""
    outcomes: list[Outcome] = []
    unreachable = ""
    for letter in letters:
        outcome, lost = _one(
            ledger, letter, settings, window, now, server, outbox, unreachable, batch
        )
        unreachable = unreachable or lost
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), outcome)
    return outcomes


def _one(
    ledger: Ledger,
    letter: DueLetter,
    settings: SmtpSettings,
    window: str,
    now: datetime,
    server: MailServer | None,
    outbox: Path | None,
    unreachable: str,
    batch: str = "",
) -> tuple[Outcome, str]:
    """The outcome of one letter, and why the server cannot be reached if that is what
    failed (the letters after it are then not tried: each would wait for the timeout)."""
    if not letter.sendable or letter.draft is None:
        return Outcome(letter, Status.SKIPPED, letter.skip), ""
    if unreachable:
        return Outcome(letter, Status.FAILED, f"not sent: {unreachable}"), ""
    draft = letter.draft
    try:
        outgoing = compose(draft, settings, window=window, now=now)
        if outbox is not None:
            path = to_outbox(draft, outgoing, outbox, ledger=ledger.path)
            return Outcome(letter, Status.WRITTEN, f"written to {path}"), ""
        assert server is not None
        receipt = receipt_question(ledger, draft)
        sent = send_letter(ledger, draft, outgoing, server, batch=batch)
    except ConnectError as error:
        return Outcome(letter, Status.FAILED, str(error)), str(error)
    except CasetuiError as error:
        return Outcome(letter, Status.FAILED, str(error)), ""
    notes = [f"to {sent.proof.recipient}"]
    notes += [f"{address} refused: {why}" for address, why in sent.refused]
    notes += list(sent.warnings)
    if receipt:  # Dutch law: the demand counts from its delivery, not known while sending
        notes.append("record the day it reached the debtor (Dutch law, art. 3:317 BW)")
    return Outcome(letter, Status.SENT, "; ".join(notes)), ""
