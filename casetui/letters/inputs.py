"""What a letter is made from, passed between the letter modules: the input of one letter,
its header, its instalments and the payment it asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casetui.law import Claim
from casetui.law.options import ClaimOptions
from casetui.letters.deadlines import DeadlinePlan
from casetui.model import Channel, Customer, HandoverTo, LetterKind
from casetui.profile import Profile
from casetui.timeline import CaseState

DEBTOR_KINDS = (
    LetterKind.REMINDER,
    LetterKind.SECOND_REMINDER,
    LetterKind.FORMAL_NOTICE,
    LetterKind.SETTLEMENT,
    LetterKind.INSTALMENT_REMINDER,
)


@dataclass(frozen=True)
class PaymentRequest:
    """What the debtor is asked to pay, as raw values: a PDF letter prints it as a SEPA
    payment QR code (`casetui.letters.payqr`)."""

    name: str  # the creditor, the account holder
    iban: str
    bic: str
    amount: Decimal
    currency: str
    reference: str  # the structured reference as printed, "" when each invoice has its own
    invoices: tuple[str, ...]  # invoice numbers, the remittance text without a reference


@dataclass(frozen=True)
class LetterHeader:
    """The parts of a letter that sit outside its body, laid out by each renderer."""

    sender_lines: tuple[str, ...]
    return_line: str  # one small line above the window: the sender's postal address
    recipient_lines: tuple[str, ...]
    place_date: str
    mark: str  # "Aangetekend" on registered letters, else ""
    payment: PaymentRequest | None = None  # None: the letter asks the reader for nothing


@dataclass(frozen=True)
class Instalment:
    due: date
    amount: Decimal


@dataclass(frozen=True)
class LetterInput:
    """The choices behind one letter, gathered by `casetui.letters.flow.prepare_letter`."""

    states: tuple[CaseState, ...]
    claims: tuple[Claim, ...]
    customer: Customer
    profile: Profile
    kind: LetterKind
    language: str
    regime: str
    variant: str
    statutory: bool
    individual: bool | None  # UK Protocol: True, False or unknown
    sent_on: date
    channel: Channel
    plan: DeadlinePlan
    calendar_country: str
    options: ClaimOptions
    statutory_sent: bool  # a statutory consumer letter was recorded earlier
    other_overdue: tuple[str, ...] = ()  # overdue cases of the customer not in this letter
    instalments: tuple[Instalment, ...] = ()
    handover_to: HandoverTo | None = None
    agent: str = ""
    agenda_country: str = ""  # the creditor's working days: when the case comes back
