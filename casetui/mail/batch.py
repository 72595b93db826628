"""The next letter for several chosen cases at once (cases marked on a list).

`batch_letters` proposes each case's next letter (`propose_letter`) on its usual channel,
prepares it and checks it: ready, or blocked with the reason in words (the letter check's
blocks, a customer without an e-mail address, no SMTP server to e-mail it, a case with no
next letter). A customer's chosen cases due for the same kind of letter in the same currency
get one letter, as the day's e-mails do (`casetui.mail.due`).

`write_batch` records the ready ones as one action on several cases: posted letters (post,
registered) are written as PDF files into a folder and recorded together in one commit (a
registered letter's PDF is kept as evidence, as a single letter's is); e-mail letters are
sent by `send_due` (one connection, each recorded once the server accepted it). Every event
carries the same batch id, so one undo takes them all back (`Ledger.undo_batch`); an e-mail
that went out stays sent, of course.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from casetui.errors import CasetuiError, InputError
from casetui.ledger import Ledger, new_batch_id
from casetui.letters.flow import (
    LetterDraft,
    ensure_current,
    prepare_letter,
    propose_letter,
    receipt_question,
    record_letter,
)
from casetui.letters.pdf import render_pdf
from casetui.mail.due import DueLetter, Outcome, Progress, Status, send_due
from casetui.mail.files import letter_name
from casetui.mail.sending import registered_proof, send_problems
from casetui.mail.server import MailServer
from casetui.mail.settings import SmtpSettings
from casetui.model import Channel, Customer, LetterKind
from casetui.profile import Profile
from casetui.timeline import CaseState
from casetui.userfiles import write_user_file

NO_SERVER = "no SMTP server is set up to e-mail it (business profile, Mail)"
HANDOVER = "a hand-over names who takes the file: write it for this case alone"


@dataclass(frozen=True)
class BatchLetter:
    """One letter of the lot: ready (`draft`, nothing in `blocked`) or blocked, and why.
    `kind` is None when the case has no next letter."""

    case_ids: tuple[str, ...]
    customer: Customer
    kind: LetterKind | None
    draft: LetterDraft | None
    blocked: str = ""

    @property
    def ready(self) -> bool:
        return self.draft is not None and not self.blocked

    @property
    def emailed(self) -> bool:
        return self.draft is not None and self.draft.channel is Channel.EMAIL

    def as_due(self) -> DueLetter:
        """The same letter as `send_due` and its outcomes know letters."""
        assert self.kind is not None
        return DueLetter(self.case_ids, self.customer, self.kind, self.draft, self.blocked)


def batch_letters(
    ledger: Ledger,
    profile: Profile,
    case_ids: Sequence[str],
    today: date,
    *,
    email_blocked: str = "",
) -> list[BatchLetter]:
    """Each case's next letter, prepared and checked, in the order the cases were given.
    `email_blocked`: why e-mail letters cannot go now (no SMTP server set up, `NO_SERVER`;
    the CLI without `--send`), empty when they can."""
    letters: list[BatchLetter] = []
    groups: dict[tuple[str, LetterKind, str], list[CaseState]] = {}
    customers: dict[str, Customer] = {}
    for case_id in dict.fromkeys(case_ids):
        state = ledger.case(case_id)
        customer = customers.get(state.customer_id) or ledger.customer(state.customer_id)
        customers[customer.id] = customer
        proposal = propose_letter(state, customer, profile, today)
        if proposal.kind is None:
            letters.append(BatchLetter((state.id,), customer, None, None, proposal.reason))
        elif proposal.kind is LetterKind.HANDOVER:
            letters.append(BatchLetter((state.id,), customer, proposal.kind, None, HANDOVER))
        else:
            groups.setdefault((customer.id, proposal.kind, state.currency), []).append(state)
    for (customer_id, kind, _), states in groups.items():
        customer = customers[customer_id]
        letters += _prepared(ledger, customer, kind, states, profile, today, email_blocked)
    order = {case_id: n for n, case_id in enumerate(dict.fromkeys(case_ids))}
    return sorted(letters, key=lambda letter: min(order[c] for c in letter.case_ids))


def _prepared(
    ledger: Ledger,
    customer: Customer,
    kind: LetterKind,
    states: list[CaseState],
    profile: Profile,
    today: date,
    email_blocked: str,
) -> list[BatchLetter]:
    ids = [state.id for state in states]
    one_each = kind in (LetterKind.SETTLEMENT, LetterKind.INSTALMENT_REMINDER)
    groups = [[case_id] for case_id in ids] if one_each else [ids]
    if len(groups) == 1 and len(ids) > 1:
        try:
            draft = prepare_letter(ledger, ids, kind, profile=profile, sent_on=today)
        except InputError:  # cases that cannot share a letter (different regimes): one each
            groups = [[case_id] for case_id in ids]
        else:
            return [_checked(customer, kind, draft, email_blocked)]
    letters = []
    for group in groups:
        try:
            draft = prepare_letter(ledger, group, kind, profile=profile, sent_on=today)
        except InputError as error:
            letters.append(BatchLetter(tuple(group), customer, kind, None, str(error)))
            continue
        letters.append(_checked(customer, kind, draft, email_blocked))
    return letters


def _checked(
    customer: Customer, kind: LetterKind, draft: LetterDraft, email_blocked: str
) -> BatchLetter:
    if draft.channel is Channel.EMAIL:
        problems = send_problems(draft)
        if email_blocked:
            problems.append(email_blocked)
    else:
        problems = [finding.message for finding in draft.blocks]
    return BatchLetter(draft.case_ids, customer, kind, draft, "; ".join(problems))


def write_batch(
    ledger: Ledger,
    letters: Sequence[BatchLetter],
    *,
    folder: Path,
    window: str,
    now: datetime,
    settings: SmtpSettings | None = None,
    server: MailServer | None = None,
    progress: Progress | None = None,
) -> tuple[str, list[Outcome]]:
    """Record every ready letter as one action: posted ones written as PDF into `folder`
    then recorded in one commit, e-mail ones sent through `server` and recorded one by one.
    Returns the batch id (for `Ledger.undo_batch`) and one outcome per letter, blocked ones
    as skipped. `progress(done, outcome)` after each."""
    batch = new_batch_id()
    outcomes: list[Outcome] = []

    def tell(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), outcome)

    posted = [letter for letter in letters if letter.ready and not letter.emailed]
    emailed = [letter for letter in letters if letter.ready and letter.emailed]
    for outcome in _post(ledger, posted, folder, window, batch):
        tell(outcome)
    if emailed:
        if settings is None or server is None:
            for letter in emailed:
                tell(Outcome(letter.as_due(), Status.FAILED, f"not sent: {NO_SERVER}"))
        else:
            done = len(outcomes)
            send_due(
                ledger,
                [letter.as_due() for letter in emailed],
                settings,
                window=window,
                now=now,
                server=server,
                batch=batch,
                progress=lambda _n, outcome: tell(outcome),
            )
            assert len(outcomes) == done + len(emailed)
    for letter in letters:
        if not letter.ready:
            tell(Outcome(_due(letter), Status.SKIPPED, letter.blocked))
    return batch, outcomes


def _due(letter: BatchLetter) -> DueLetter:
    """A blocked letter for the outcome list (one with no next letter has no kind: the
    ladder's first stands in, never shown as such: the message says why)."""
    return DueLetter(
        letter.case_ids, letter.customer, letter.kind or LetterKind.REMINDER, None, letter.blocked
    )


def _post(
    ledger: Ledger, letters: list[BatchLetter], folder: Path, window: str, batch: str
) -> list[Outcome]:
    """The PDF of each posted letter into `folder`, then all that were written recorded in
    one commit (a letter whose file could not be written is not recorded)."""
    outcomes: list[Outcome] = []
    written = []
    for letter in letters:
        draft = letter.draft
        assert draft is not None
        try:
            ensure_current(ledger, draft)
            pdf = render_pdf(draft, window=window)
            name = letter_name(draft.case_ids, draft.kind.value, draft.sent_on.isoformat(), "pdf")
            path = write_user_file(folder / name, pdf, ledgers=[ledger.path], make_folders=True)
            proof = registered_proof(ledger, draft, window=window)
        except CasetuiError as error:
            outcomes.append(Outcome(letter.as_due(), Status.FAILED, f"not written: {error}"))
            continue
        written.append((letter, draft, path, proof))
    if not written:
        return outcomes
    try:
        with ledger.transaction():
            for _letter, draft, _path, proof in written:
                record_letter(ledger, draft, proof=proof, batch=batch)
    except CasetuiError as error:
        return outcomes + [
            Outcome(letter.as_due(), Status.FAILED, f"{path} written, not recorded: {error}")
            for letter, _draft, path, _proof in written
        ]
    for letter, draft, path, _proof in written:
        message = f"recorded; to print: {path.name}"
        if draft.channel is Channel.REGISTERED:
            message += " (registered: no tracking number recorded)"
        if receipt_question(ledger, draft):  # as the day's e-mails say it (casetui.mail.due)
            message += "; record the day it reached the debtor (Dutch law, art. 3:317 BW)"
        outcomes.append(Outcome(letter.as_due(), Status.WRITTEN, message))
    return outcomes
