"""One e-mail per letter, built with the standard library's `email.message.EmailMessage`.

    From: Studio Noord BV <facturen@studionoord.example>
    To: Bouwbedrijf Meuse BV <boekhouding@meuse.example>
    Subject: Betalingsherinnering: factuur F2026-49365      (the letter's own subject)
    Content-Language: nl
    multipart/mixed
      multipart/alternative: text/plain (the letter as text), text/html (the same, as HTML)
      application/pdf: the letter as printed, with its payment QR code

The message is serialised once, with CRLF line ends and every non-ASCII header encoded
(`email.policy.SMTP`); those exact bytes are what is sent, what the `.eml` evidence holds and
what its SHA-256 names. A Bcc copy goes in the envelope only, never in a header. Names and
addresses are checked first (`casetui.mail.addresses`): a CR or LF can never add a header.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from casetui.errors import InputError
from casetui.letters.flow import LetterDraft
from casetui.letters.render import letter_email_html, markdown_to_text
from casetui.mail.addresses import display_name, split_addresses
from casetui.mail.settings import SmtpSettings


@dataclass(frozen=True)
class Outgoing:
    """A message ready to send: its exact bytes and its envelope."""

    data: bytes
    sender: str
    to: tuple[str, ...]  # the customer's addresses (the To header)
    bcc: tuple[str, ...]  # copies for the user's records (envelope only)
    message_id: str
    subject: str

    @property
    def recipients(self) -> tuple[str, ...]:
        return (*self.to, *(address for address in self.bcc if address not in self.to))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)


def customer_addresses(draft: LetterDraft) -> tuple[str, ...]:
    """The addresses the letter goes to; `InputError` when the customer has none (or a
    bad one): a letter by e-mail cannot go without."""
    customer = draft.customer
    if not customer.email.strip():
        raise InputError(f"{customer.name} has no e-mail address: add one (e on the case)")
    return split_addresses(customer.email, f"the e-mail address of {customer.name}")


def _mailbox(name: str, address: str, what: str) -> Address:
    local, _, domain = address.rpartition("@")
    return Address(display_name=display_name(name, what), username=local, domain=domain)


def attachment_name(draft: LetterDraft) -> str:
    """`reminder-F2026-49365-2026-11-23.pdf`: plain ASCII, whatever the invoice number."""
    payment = draft.header.payment
    base = payment.invoices[0] if payment and payment.invoices else draft.case_ids[0]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.") or "letter"
    return f"{draft.kind.value}-{safe}-{draft.sent_on.isoformat()}.pdf"


def build_message(
    draft: LetterDraft, settings: SmtpSettings, *, pdf: bytes, now: datetime
) -> Outgoing:
    """The letter as one message to the customer, from the business, dated `now`."""
    to = customer_addresses(draft)
    subject = display_name(draft.subject, "subject")
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = _mailbox(settings.sender_name, settings.sender, "business name")
    customer_name = display_name(draft.customer.name, "customer's name")
    message["To"] = [_mailbox(customer_name, address, "customer's name") for address in to]
    if settings.reply_to:
        message["Reply-To"] = _mailbox(settings.sender_name, settings.reply_to, "business name")
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    domain = settings.sender.rpartition("@")[2]
    message_id = make_msgid(idstring="casetui", domain=domain)
    message["Message-ID"] = message_id
    message.set_content(markdown_to_text(draft.body), subtype="plain", cte="quoted-printable")
    message.add_alternative(
        letter_email_html(draft.body, title=subject, lang=draft.language),
        subtype="html",
        cte="quoted-printable",
    )
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=attachment_name(draft)
    )
    # After the parts: making a message multipart moves Content-* headers into its first part.
    message["Content-Language"] = draft.language
    return Outgoing(
        data=message.as_bytes(policy=policy.SMTP),
        sender=settings.sender,
        to=to,
        bcc=settings.bcc,
        message_id=message_id,
        subject=subject,
    )
