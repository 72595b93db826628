"""A letter leaves: by e-mail through the user's server, into an outbox, or on paper.

    outgoing = compose(draft, settings, window=profile.window_side, now=now)
    with MailServer(settings, password) as server:
        sent = send_letter(ledger, draft, outgoing, server)       # recorded, with proof

- `send_letter` records the letter only after the server accepted it for the customer, with
  the recipient, the Message-ID and the message kept as evidence (`evidence/<sha256>.eml`).
  Refused, no login, a timeout, TLS: `SendError`, nothing recorded. Some recipients refused:
  the customer's accepted addresses are recorded as the recipient, the refusals reported;
  every customer address refused (only the Bcc copy went): nothing recorded, an error.
- `to_outbox` writes the `.eml` file and records nothing.
- `registered_proof` keeps the PDF of a registered letter as its evidence when it is recorded.
A letter with a blocking finding, or whose e-mail address is missing or invalid, never goes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from casetui.errors import CasetuiError, InputError, OperationalError
from casetui.ledger import Ledger
from casetui.letters.flow import LetterDraft, Proof, ensure_current, record_letter
from casetui.letters.pdf import render_pdf
from casetui.mail.files import keep_evidence, outbox_name, write_outbox
from casetui.mail.message import Outgoing, build_message, customer_addresses
from casetui.mail.server import MailServer, SendError
from casetui.mail.settings import SmtpSettings
from casetui.model import Channel
from casetui.timeline import CaseState


@dataclass(frozen=True)
class Sent:
    """A letter the server accepted and the ledger recorded."""

    states: tuple[CaseState, ...]
    proof: Proof
    refused: tuple[tuple[str, str], ...] = ()  # addresses the server refused, and why
    warnings: tuple[str, ...] = ()


def send_problems(draft: LetterDraft) -> list[str]:
    """Why this draft cannot be e-mailed, in words (empty: it can)."""
    problems = [finding.message for finding in draft.blocks]
    if draft.channel is not Channel.EMAIL:
        problems.append(f"the letter goes by {draft.channel.value}, not by e-mail")
    try:
        customer_addresses(draft)
    except InputError as error:
        problems.append(str(error))
    return problems


def compose(draft: LetterDraft, settings: SmtpSettings, *, window: str, now: datetime) -> Outgoing:
    """The e-mail for a draft that may be sent; `InputError` saying why when it may not."""
    problems = send_problems(draft)
    if problems:
        raise InputError(f"the {draft.kind.value.replace('-', ' ')} cannot be e-mailed: "
                         + "; ".join(problems))  # fmt: skip
    return build_message(draft, settings, pdf=render_pdf(draft, window=window), now=now)


def send_letter(
    ledger: Ledger,
    draft: LetterDraft,
    outgoing: Outgoing,
    server: MailServer,
    *,
    received: date | None = None,
    batch: str = "",
) -> Sent:
    """Send, then record with proof (and `received`, the day it reached the debtor, when
    known). `SendError`/`InputError` before anything is recorded; `OperationalError` naming
    the Message-ID if it was sent but could not be recorded."""
    ensure_current(ledger, draft)  # a letter that goes out must be recordable
    delivery = server.send(outgoing)
    to_customer = tuple(address for address in outgoing.to if address in delivery.accepted)
    refused = dict(delivery.refused)
    if not to_customer:
        copies = [a for a in outgoing.bcc if a in delivery.accepted]
        also = f"; only the copy to {', '.join(copies)} went out" if copies else ""
        reasons = "; ".join(f"{a}: {refused.get(a, 'refused')}" for a in outgoing.to)
        raise SendError(f"the server refused the customer's address ({reasons}){also}; "
                        "nothing was recorded")  # fmt: skip
    warnings = []
    try:
        evidence = keep_evidence(ledger.path, outgoing.data, outgoing.sha256, "eml")
    except CasetuiError as error:
        evidence = ""
        warnings.append(f"the sent message could not be kept as evidence: {error}")
    proof = Proof(
        recipient=", ".join(to_customer), message_id=outgoing.message_id, evidence=evidence
    )
    try:
        states = record_letter(ledger, draft, proof=proof, received=received, batch=batch)
    except CasetuiError as error:
        raise OperationalError(
            f"the e-mail was sent to {proof.recipient} (Message-ID {outgoing.message_id}) "
            f"but could not be recorded: {error}; record it with casetui log "
            f"{draft.case_ids[0]} letter --kind {draft.kind.value} --channel email"
        ) from None
    return Sent(states, proof, delivery.refused, tuple(warnings))


def to_outbox(draft: LetterDraft, outgoing: Outgoing, folder: Path, *, ledger: Path | None) -> Path:
    """Write the e-mail as an `.eml` file into `folder`; nothing is recorded."""
    name = outbox_name(draft.case_ids, draft.kind.value, draft.sent_on.isoformat())
    return write_outbox(folder, name, outgoing.data, ledger=ledger)


def registered_proof(ledger: Ledger, draft: LetterDraft, *, window: str) -> Proof:
    """A registered letter's PDF, kept as evidence (the one to print and post): the same
    draft always gives the same bytes, so the printed copy can be checked against it."""
    if draft.channel is not Channel.REGISTERED:
        return Proof()
    pdf = render_pdf(draft, window=window)
    digest = hashlib.sha256(pdf).hexdigest()
    return Proof(evidence=keep_evidence(ledger.path, pdf, digest, "pdf"))
