"""The domain model: customers, and the events that make up a case's timeline.

Everything here is a frozen value. A case has no mutable record of its own: it *is* its
timeline, starting with an `Opened` event that carries the invoice, and every later fact
(a call, a payment, a correction of the amount) is another event. `casetui.timeline` folds the
events into the case's current state.

Events are written as drafts (`id=0`, no `recorded_at`); the ledger stamps both when it
appends them.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from casetui.money import Money
from casetui.values import frozen


class CustomerKind(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"


class Stage(StrEnum):
    """The escalation ladder, in order. `closed` is outside the ladder."""

    OPEN = "open"
    REMINDER = "reminder"
    SECOND_REMINDER = "second-reminder"
    FORMAL_NOTICE = "formal-notice"
    HANDED_OVER = "handed-over"
    CLOSED = "closed"

    @property
    def rank(self) -> int:
        return _STAGE_ORDER.index(self)

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_ORDER = tuple(Stage)
_STAGE_LABELS = {
    Stage.OPEN: "Open",
    Stage.REMINDER: "Reminder",
    Stage.SECOND_REMINDER: "Second reminder",
    Stage.FORMAL_NOTICE: "Formal notice",
    Stage.HANDED_OVER: "Handed over",
    Stage.CLOSED: "Closed",
}


class CallOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no-answer"
    VOICEMAIL = "voicemail"
    WRONG_NUMBER = "wrong-number"
    PROMISED = "promised"
    DISPUTED = "disputed"


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class Channel(StrEnum):
    EMAIL = "email"
    POST = "post"
    REGISTERED = "registered"


class LetterKind(StrEnum):
    REMINDER = "reminder"
    SECOND_REMINDER = "second-reminder"
    FORMAL_NOTICE = "formal-notice"
    SETTLEMENT = "settlement"
    HANDOVER = "handover"
    # A missed instalment of a payment plan: no step of the ladder, the plan goes on.
    INSTALMENT_REMINDER = "instalment-reminder"

    @property
    def stage(self) -> Stage | None:
        """The stage a case reaches when this letter is sent (None: no stage change)."""
        return _LETTER_STAGE.get(self)


_LETTER_STAGE = {
    LetterKind.REMINDER: Stage.REMINDER,
    LetterKind.SECOND_REMINDER: Stage.SECOND_REMINDER,
    LetterKind.FORMAL_NOTICE: Stage.FORMAL_NOTICE,
}


class CloseReason(StrEnum):
    PAID = "paid"
    SETTLED = "settled"
    WRITTEN_OFF = "written-off"
    # A credit note (or a negative corrective invoice) brought the balance to zero.
    CREDITED = "credited"


class AttachmentKind(StrEnum):
    """What an attached document is to the case (a bundle for a lawyer sorts by it)."""

    INVOICE = "invoice"
    TERMS = "terms"
    PROOF_OF_POSTING = "proof-of-posting"
    CORRESPONDENCE = "correspondence"
    OTHER = "other"


class HandoverTo(StrEnum):
    AGENCY = "agency"
    BAILIFF = "bailiff"
    LAWYER = "lawyer"


class FeeModel(StrEnum):
    FLAT = "flat"
    NO_CURE_NO_PAY = "no-cure-no-pay"


# --------------------------------------------------------------------------- limitation


class ClaimType(StrEnum):
    """What an invoice is for, as far as limitation cares (NL 7:28, BE 2272 and 2277)."""

    GOODS = "goods"
    SERVICES = "services"
    PERIODIC = "periodic"  # one of a series payable yearly or more often


class Acknowledgment(StrEnum):
    """How the debtor acknowledged the debt: only what they signed or wrote is counted."""

    SIGNED = "signed"
    WRITTEN = "written"
    ORAL = "oral"


class Sender(StrEnum):
    """Who sent a letter: a lawyer's or bailiff's notice interrupts in Belgium (art. 2244)."""

    CREDITOR = "creditor"
    AGENCY = "agency"
    BAILIFF = "bailiff"
    LAWYER = "lawyer"


# The laws limitation is estimated under (casetui.limitation.Law): be, nl, ew, scot.
# The languages letters exist in (issue 18, item 5: one list for the CLI, the forms and the
# profile). German is Belgium's third official language.
LETTER_LANGUAGES = ("en", "nl", "fr", "de")


def letter_languages_text() -> str:
    """`en, nl, fr or de`: the one list in words, for help texts and prompts."""
    *first, last = LETTER_LANGUAGES
    return f"{', '.join(first)} or {last}"


LIMITATION_LAWS = ("be", "nl", "ew", "scot")
# The country whose statutes a governing law brings (Scotland's late-payment interest is the
# UK Act's), and the law a country's own contracts take (GB's is England and Wales's).
_LAW_COUNTRY = {"be": "BE", "nl": "NL", "ew": "GB", "scot": "GB"}
_COUNTRY_LAW = {"BE": "be", "NL": "nl", "GB": "ew", "UK": "ew"}


def country_of_law(law: str) -> str:
    """The country of a governing-law code; "" for none."""
    return _LAW_COUNTRY.get(law, "")


def law_of_country(country: str) -> str:
    """The governing-law code a country's contracts take; "" when it is not modelled."""
    return _COUNTRY_LAW.get(country.strip().upper(), "")


# --------------------------------------------------------------------------- customers


@frozen(slots=True, kw_only=True)
class Customer:
    """A debtor. Contact details may be edited in place; claims live in case timelines."""

    id: str
    name: str
    kind: CustomerKind = CustomerKind.BUSINESS
    country: str = ""
    language: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""  # postal address, one line per line of the envelope window
    vat: str = ""  # enterprise / VAT / KvK / company number
    contact: str = ""  # the person to ask for: "Marie Peeters (accounts)"
    notes: str = ""
    # Peppol participant id, "scheme:id" (e.g. "0208:0123456749"): how imports recognise
    # the debtor of an e-invoice.
    peppol_id: str = ""
    # Accounts the customer paid from (compact IBANs), learnt from bank statements: how the
    # next statement recognises the payer.
    ibans: tuple[str, ...] = ()
    # The law of this customer's contracts for limitation ("" = by Rome I: your country for
    # a business, the consumer's for a consumer); a case may set its own.
    limitation_law: str = ""

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["kind"] = self.kind.value
        for name in ("contact", "peppol_id", "ibans", "limitation_law"):
            if not data[name]:
                del data[name]  # customers without one are stored as before it existed
        if self.ibans:
            data["ibans"] = list(self.ibans)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Customer:
        values = {key: value for key, value in data.items() if key in _CUSTOMER_FIELDS}
        values["kind"] = CustomerKind(values.get("kind", "business"))
        if "ibans" in values:
            values["ibans"] = tuple(values["ibans"])
        return cls(**values)


_CUSTOMER_FIELDS = frozenset(field.name for field in dataclasses.fields(Customer))


# --------------------------------------------------------------------------- events


@frozen(slots=True, kw_only=True)
class Event:
    """Fields every event has. `date` is the day it happened, as the user says."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""

    id: int = 0
    date: date
    recorded_at: str = ""
    # Events recorded together by one action (a call that also records a promise) point at
    # the first event of the action, so that one undo cancels the whole action.
    part_of: int = 0
    # One action on several cases at once (snooze the marked cases): the same id on each,
    # so that one undo cancels the lot (`Ledger.append_batch`, `Ledger.undo_batch`).
    batch: str = ""


@frozen(slots=True, kw_only=True)
class Opened(Event):
    """The invoice that became a case. Always the first event."""

    kind: ClassVar[str] = "opened"
    label: ClassVar[str] = "Case opened"

    invoice: str
    customer_id: str
    issued: date
    due: date
    amount: Money
    regime: str = ""  # "" = derived from the contract's law and the customer's kind
    tags: tuple[str, ...] = ()
    reference: str = ""  # structured payment reference from the invoice, if any
    source: str = ""  # where it came from: "manual", "import:<sha256>", "demo"
    # Limitation: the law of the contract ("" = the customer's, else by Rome I), what the
    # invoice is for, and the day the goods were delivered or the work completed (England
    # and Wales count from it).
    limitation_law: str = ""
    claim_kind: ClaimType | None = None
    delivered: date | None = None


@frozen(slots=True, kw_only=True)
class Amended(Event):
    """A correction of the case's invoice data (typo in the number, wrong due date...)."""

    kind: ClassVar[str] = "amended"
    label: ClassVar[str] = "Case amended"

    invoice: str | None = None
    issued: date | None = None
    due: date | None = None
    amount: Money | None = None
    regime: str | None = None
    tags: tuple[str, ...] | None = None
    reference: str | None = None
    customer_id: str | None = None
    limitation_law: str | None = None  # "" = back to the customer's (or Rome I's)
    claim_kind: ClaimType | None = None
    delivered: date | None = None
    note: str = ""


@frozen(slots=True, kw_only=True)
class Note(Event):
    kind: ClassVar[str] = "note"
    label: ClassVar[str] = "Note"

    text: str


@frozen(slots=True, kw_only=True)
class Call(Event):
    kind: ClassVar[str] = "call"
    label: ClassVar[str] = "Call"

    outcome: CallOutcome
    direction: Direction = Direction.OUTBOUND
    note: str = ""
    next_action: date | None = None


@frozen(slots=True, kw_only=True)
class LetterSent(Event):
    """A letter or e-mail that went out; `text` is frozen as sent."""

    kind: ClassVar[str] = "letter"
    label: ClassVar[str] = "Letter sent"

    letter_kind: LetterKind
    channel: Channel
    deadline: date | None = None
    tracking: str = ""
    language: str = ""
    text: str = ""
    covers: tuple[str, ...] = ()  # other case ids the same letter covered
    # The regime's qualifying notice: the free first reminder of Book XIX (BE consumers) or
    # the 14-day letter of art. 6:96(6) BW (NL consumers). Starts the legal clock for costs.
    statutory: bool = False
    # The day it reached the debtor, when known (a Dutch demand interrupts limitation only
    # from then, art. 3:317 BW); a `received` event records it later.
    received: date | None = None
    sender: Sender = Sender.CREDITOR  # a lawyer's or bailiff's letter, logged by you
    # Proof of sending: an e-mail's recipient and Message-ID as the server accepted them, and
    # the file kept as evidence beside the ledger (`<sha256>.eml` of the exact message sent,
    # `<sha256>.pdf` of a registered letter).
    recipient: str = ""
    message_id: str = ""
    evidence: str = ""


@frozen(slots=True, kw_only=True)
class DisputeOpened(Event):
    kind: ClassVar[str] = "dispute"
    label: ClassVar[str] = "Dispute opened"

    reason: str


@frozen(slots=True)
class PlanInstalment:
    """One payment of a payment plan: how much, by when."""

    due: date
    amount: Money


@frozen(slots=True, kw_only=True)
class DisputeSettled(Event):
    """A settlement: a compromise after a dispute, or a payment plan agreed with a debtor who
    cannot pay at once (no dispute needed). `amount`, if set, is what the debtor still pays;
    with `instalments` it is their sum, and each instalment is watched (`casetui.plans`).
    `revive`: the settlement says that a missed instalment revives the original claim, with
    interest from the original due date and costs (LAW.md 8.4); without it, a lapsed
    settlement leaves its unpaid rest owed."""

    kind: ClassVar[str] = "settled"
    label: ClassVar[str] = "Settlement"

    terms: str
    amount: Money | None = None
    instalments: tuple[PlanInstalment, ...] = ()
    revive: bool = False


@frozen(slots=True, kw_only=True)
class SettlementLapsed(Event):
    """The creditor ended a settlement whose instalment was not paid: it lapses. With a
    revival clause the original claim comes back, else the settlement's unpaid rest is owed."""

    kind: ClassVar[str] = "lapsed"
    label: ClassVar[str] = "Settlement lapsed"

    note: str = ""


@frozen(slots=True, kw_only=True)
class Promise(Event):
    kind: ClassVar[str] = "promise"
    label: ClassVar[str] = "Promise to pay"

    amount: Money
    by: date
    note: str = ""
    # Signed or written by the debtor (a payment plan they signed): then it acknowledges the
    # debt for limitation. None: a promise on the phone, or nobody said.
    acknowledged: Acknowledgment | None = None


@frozen(slots=True, kw_only=True)
class Payment(Event):
    kind: ClassVar[str] = "payment"
    label: ClassVar[str] = "Payment"

    amount: Money
    method: str = ""
    reference: str = ""
    # A payment read from a bank statement (method "bank"): the bank's own reference for
    # the movement, who paid from which account, the statement kept as evidence (its
    # SHA-256, in `evidence/` beside the ledger) and the key that recognises the movement
    # when a statement is read again. All empty for a payment typed by hand.
    bank_ref: str = ""
    payer: str = ""
    payer_iban: str = ""
    end_to_end: str = ""
    evidence: str = ""
    entry: str = ""


@frozen(slots=True, kw_only=True)
class Credit(Event):
    """A credit note that reduces what is owed."""

    kind: ClassVar[str] = "credit"
    label: ClassVar[str] = "Credit note"

    amount: Money
    document: str = ""  # the credit note's number
    note: str = ""


@frozen(slots=True, kw_only=True)
class Snooze(Event):
    kind: ClassVar[str] = "snooze"
    label: ClassVar[str] = "Snoozed"

    until: date
    reason: str = ""


@frozen(slots=True, kw_only=True)
class StageChanged(Event):
    """A stage set by hand (the letter flow moves stages through `LetterSent`)."""

    kind: ClassVar[str] = "stage"
    label: ClassVar[str] = "Stage changed"

    stage: Stage
    note: str = ""


@frozen(slots=True, kw_only=True)
class HandedOver(Event):
    kind: ClassVar[str] = "handover"
    label: ClassVar[str] = "Handed over"

    to: HandoverTo
    name: str = ""
    fee_model: FeeModel = FeeModel.NO_CURE_NO_PAY
    fee: str = ""  # as agreed: "15 %" or "250.00"; informative only
    reference: str = ""


@frozen(slots=True, kw_only=True)
class Closed(Event):
    kind: ClassVar[str] = "closed"
    label: ClassVar[str] = "Closed"

    reason: CloseReason
    note: str = ""


@frozen(slots=True, kw_only=True)
class Reopened(Event):
    kind: ClassVar[str] = "reopened"
    label: ClassVar[str] = "Reopened"

    reason: str = ""


@frozen(slots=True, kw_only=True)
class LetterReceived(Event):
    """A letter reached the debtor on `date` (track and trace, a signed receipt, a reply)."""

    kind: ClassVar[str] = "received"
    label: ClassVar[str] = "Letter received"

    letter: int  # the id of the `letter` event
    evidence: str = ""  # how it is known: "track and trace RR123456789BE", "their reply"


@frozen(slots=True, kw_only=True)
class Acknowledged(Event):
    """The debtor acknowledged the debt ("how do I pay this?", a signed statement)."""

    kind: ClassVar[str] = "acknowledged"
    label: ClassVar[str] = "Debt acknowledged"

    form: Acknowledgment
    note: str = ""


@frozen(slots=True, kw_only=True)
class CourtClaim(Event):
    """The claim was brought before a court: summons served (BE, NL), claim form received by
    the court office (England and Wales), action raised and served (Scotland)."""

    kind: ClassVar[str] = "court-claim"
    label: ClassVar[str] = "Court claim"

    court: str = ""
    reference: str = ""
    note: str = ""


@frozen(slots=True, kw_only=True)
class Attached(Event):
    """A document attached to the case, kept in `evidence/<sha256>.<ext>` beside the ledger
    (`casetui.dossier.attach`). `name` is the file's name as it was attached (made safe to
    show: no folders, no control characters)."""

    kind: ClassVar[str] = "attached"
    label: ClassVar[str] = "Attachment"

    name: str
    category: AttachmentKind = AttachmentKind.OTHER  # `--kind`: "kind" names the event
    size: int = 0  # bytes
    media_type: str = "application/octet-stream"
    sha256: str = ""
    stored: str = ""  # the evidence file's name, `<sha256>.<ext>`
    note: str = ""


@frozen(slots=True, kw_only=True)
class Voided(Event):
    """Cancels an earlier event (undo, or a correction). Nothing is ever deleted."""

    kind: ClassVar[str] = "voided"
    label: ClassVar[str] = "Voided"

    voids: tuple[int, ...]
    reason: str = ""
    # Set when a bank statement's return or reversal did the voiding: the key of that
    # statement entry, so that reading the statement again changes nothing.
    entry: str = ""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        Opened,
        Amended,
        Note,
        Call,
        LetterSent,
        DisputeOpened,
        DisputeSettled,
        SettlementLapsed,
        Promise,
        Payment,
        Credit,
        Snooze,
        StageChanged,
        HandedOver,
        Closed,
        Reopened,
        LetterReceived,
        Acknowledged,
        CourtClaim,
        Attached,
        Voided,
    )
}
