"""Limitation (prescription) rules: the four laws, their periods, and what each event does.

Sources and confidence marks are those of `domain/LIMITATION.md` (H: statute text or official
publication seen; M: consistent secondary sources or plain computation; L: single secondary
source). Periods and effects marked H or M are written here; the points the research could
not verify are settings (`casetui.limitation.settings`), never constants.

Periods (LIMITATION.md §0.1):
- BE: 10 years for a contract price (art. 2262bis §1 old Civil Code); 5 years for amounts
  payable yearly or more often, and interest (art. 2277); goods sold by a trader to a
  non-trader: a 1-year presumption of payment (art. 2272 al. 2), the 10 years behind it.
- NL: 5 years (art. 3:307 BW); a consumer sale of goods, energy included, 2 years (art. 7:28
  with 7:5); periodic amounts and interest 5 years each (art. 3:308).
- England & Wales: 6 years for a simple contract (Limitation Act 1980 s.5), from delivery or
  completion (Consulting Concepts v CPA [2022] EWCA Civ 1699).
- Scotland: 5 years, after which the obligation is extinguished (1973 Act s.6).
"""

from __future__ import annotations

from enum import StrEnum

from casetui.errors import InputError
from casetui.values import frozen


class Law(StrEnum):
    """The law that governs the contract, and with it limitation (Rome I art. 12(1)(d))."""

    BE = "be"
    NL = "nl"
    EW = "ew"  # England and Wales
    SCOT = "scot"

    @property
    def label(self) -> str:
        return _LAW_LABELS[self]

    @property
    def calendar(self) -> str:
        """Whose public holidays make a working day (`casetui.workdays` codes)."""
        return _CALENDARS[self]


_LAW_LABELS = {
    Law.BE: "Belgian law",
    Law.NL: "Dutch law",
    Law.EW: "the law of England and Wales",
    Law.SCOT: "Scots law",
}
_CALENDARS = {Law.BE: "BE", Law.NL: "NL", Law.EW: "GB", Law.SCOT: "GB-SCT"}


class ClaimKind(StrEnum):
    """What the claim is for, as the calculator names it.

    `consumer-goods` and `trader-goods` both mean goods sold by a business to a consumer;
    each law gives them its own rule (NL art. 7:28 BW, BE art. 2272), England & Wales and
    Scotland none (the ordinary contract period applies).
    """

    CONTRACT = "contract"
    CONSUMER_GOODS = "consumer-goods"
    TRADER_GOODS = "trader-goods"
    PERIODIC = "periodic"

    @property
    def goods(self) -> bool:
        return self in _GOODS_CLAIMS


# A set, not members named in the property: on Python 3.11 reading an enum member off its
# class costs a third of a microsecond, and every open case asks this when a ledger loads.
_GOODS_CLAIMS = frozenset({ClaimKind.CONSUMER_GOODS, ClaimKind.TRADER_GOODS})


class EventKind(StrEnum):
    """What happened that may interrupt, restart or stop the period (LIMITATION.md §0.2)."""

    NOTICE = "notice"  # the creditor's written demand, dated the day it reached the debtor
    LAWYER_NOTICE = "lawyer-notice"  # BE art. 2244 §2, dated the day it was sent
    REMINDER = "reminder"  # the creditor's own letter that is not a notice in law
    ACK_SIGNED = "ack-signed"  # the debtor's acknowledgment, signed (a signed payment plan)
    ACK_WRITTEN = "ack-written"  # ... in writing, not signed
    ACK_ORAL = "ack-oral"  # ... by word of mouth
    PART_PAYMENT = "part-payment"
    COURT_CLAIM = "court-claim"  # the claim brought before a court

    @property
    def words(self) -> str:
        return _EVENT_WORDS[self]


_EVENT_WORDS = {
    EventKind.NOTICE: "written demand received",
    EventKind.LAWYER_NOTICE: "lawyer's or bailiff's notice sent",
    EventKind.REMINDER: "reminder",
    EventKind.ACK_SIGNED: "signed acknowledgment",
    EventKind.ACK_WRITTEN: "written acknowledgment",
    EventKind.ACK_ORAL: "oral acknowledgment",
    EventKind.PART_PAYMENT: "part payment",
    EventKind.COURT_CLAIM: "court claim",
}


class Nature(StrEnum):
    """What happens when the period has run (never: "the claim is void")."""

    EXTINCTIVE = "extinctive"  # Scotland: the obligation itself is extinguished
    DEFENCE = "defence"  # the debtor must invoke it; a payment made afterwards stays valid
    PRESUMPTIVE = "presumptive"  # BE art. 2272: a presumption of payment, the 10 years behind

    @property
    def words(self) -> str:
        return _NATURE_WORDS[self]


_NATURE_WORDS = {
    Nature.EXTINCTIVE: (
        "after it, the debt itself is extinguished (Scotland, 1973 Act s.6): it cannot be revived"
    ),
    Nature.DEFENCE: (
        "after it, the debtor may invoke limitation; the claim is not void: the debtor must "
        "raise it, and a payment made afterwards stays valid"
    ),
    Nature.PRESUMPTIVE: (
        "after it, the debtor is presumed to have paid (art. 2272): a debtor who admits not "
        "paying cannot rely on it, and the 10-year period still runs behind it"
    ),
}


@frozen
class Period:
    """One limitation period: how long, under which article, how sure we are."""

    years: int
    article: str
    what: str
    confidence: str
    source: str


_BE_CODE = "http://www.2747.com/2747/law/civil/limitation/1998/belgie3t20h5a2.html"
_BE_SHORT = "http://www.2747.com/2747/law/civil/limitation/1998/belgie3t20h5a4.html"
_BW3 = "https://wetten.overheid.nl/BWBR0005291"
_BW7 = "https://wetten.overheid.nl/BWBR0005290"
_LA1980 = "https://www.legislation.gov.uk/ukpga/1980/58"
_PLSA1973 = "https://www.legislation.gov.uk/ukpga/1973/52/section/6"

_CONTRACT = {
    Law.BE: Period(10, "art. 2262bis §1 old Civil Code", "personal claims", "H", _BE_CODE),
    Law.NL: Period(5, "art. 3:307 BW", "performance of a contract", "H", _BW3),
    Law.EW: Period(6, "s.5 Limitation Act 1980", "simple contract", "H", _LA1980),
    Law.SCOT: Period(
        5, "s.6 Prescription and Limitation (Scotland) Act 1973", "contractual obligation",
        "H", _PLSA1973,
    ),
}  # fmt: skip
_PERIODIC = {
    Law.BE: Period(
        5, "art. 2277 old Civil Code", "amounts payable yearly or more often", "M", _BE_CODE
    ),
    Law.NL: Period(5, "art. 3:308 BW", "amounts payable yearly or more often", "H", _BW3),
}
_GOODS = {
    Law.BE: Period(
        1, "art. 2272 al. 2 old Civil Code", "goods sold by a trader to a non-trader", "M",
        _BE_SHORT,
    ),
    Law.NL: Period(2, "art. 7:28 BW", "price of a consumer sale (energy included)", "H", _BW7),
}  # fmt: skip
INTEREST = {
    Law.BE: Period(5, "art. 2277 old Civil Code", "interest", "H", _BE_CODE),
    Law.NL: Period(5, "art. 3:308 BW", "interest", "H", _BW3),
}
BE_LAWYER_NOTICE_YEARS = 1  # art. 2244 §2: a new period of one year


def period_for(law: Law, claim: ClaimKind, *, presumptive_goods: bool = True) -> Period:
    """The period of `claim` under `law`: its own where the law has one, else the contract's.

    BE goods to a consumer: the 1-year presumption of art. 2272 when `presumptive_goods`
    (a setting: its scope today is not verified); its 10-year period is `period_for(BE,
    CONTRACT)`.
    """
    if claim.goods and law in _GOODS and (law is not Law.BE or presumptive_goods):
        return _GOODS[law]
    if claim is ClaimKind.PERIODIC and law in _PERIODIC:
        # A consumer's periodic energy supply is a consumer sale in NL (art. 7:5(5) BW), but
        # the calculator is told "periodic": the bridge picks goods for consumers.
        return _PERIODIC[law]
    return _CONTRACT[law]


# --------------------------------------------------------------------------- effects


class Effect(StrEnum):
    """What an event does to the running period."""

    NONE = "none"  # nothing
    RESTART = "restart"  # a new period (NL: as long as the original, never ending earlier)
    LAWYER = "lawyer"  # BE art. 2244 §2: one year, never before the original end, once
    BROUGHT = "brought"  # E&W, Scotland: the claim is brought; no date runs while it is on
    UNPROVEN = "unproven"  # would interrupt if proven (an oral acknowledgment): not counted
    PART_ONLY = "part-only"  # NL: a part payment acknowledges the part paid, as a rule


@frozen
class Rule:
    effect: Effect
    article: str  # the article that gives the effect (or denies it)
    why: str  # in words, for the basis


_NO_LETTERS_BE = "a creditor's own letter does not interrupt in Belgium, even registered"
_NO_LETTERS_UK = "a creditor's letters, a letter before claim included, do not stop time"
_NO_LETTERS_SCOT = "a creditor's demand is not a relevant claim"

EFFECTS: dict[Law, dict[EventKind, Rule]] = {
    Law.BE: {
        EventKind.NOTICE: Rule(Effect.NONE, "art. 2244", _NO_LETTERS_BE),
        EventKind.REMINDER: Rule(Effect.NONE, "art. 2244", _NO_LETTERS_BE),
        EventKind.LAWYER_NOTICE: Rule(
            Effect.LAWYER, "art. 2244 §2",
            "a lawyer's or bailiff's formal notice interrupts once, from the day it is sent: "
            "a new period of 1 year that never ends before the original",
        ),
        EventKind.ACK_SIGNED: Rule(
            Effect.RESTART, "art. 2248", "the debtor's acknowledgment interrupts"
        ),
        EventKind.ACK_WRITTEN: Rule(
            Effect.RESTART, "art. 2248", "the debtor's acknowledgment interrupts"
        ),
        EventKind.ACK_ORAL: Rule(
            Effect.UNPROVEN, "art. 2248",
            "an oral acknowledgment interrupts only as far as it can be proven",
        ),
        EventKind.PART_PAYMENT: Rule(
            Effect.RESTART, "art. 2248", "a part payment is a tacit acknowledgment"
        ),
        EventKind.COURT_CLAIM: Rule(
            Effect.RESTART, "art. 2244 §1",
            "a summons served interrupts while the proceedings last; counted here as a new "
            "period from that day",
        ),
    },
    Law.NL: {
        EventKind.NOTICE: Rule(
            Effect.RESTART, "art. 3:317 BW",
            "a written demand interrupts from the day it reaches the debtor (art. 3:37(3) BW)",
        ),
        EventKind.REMINDER: Rule(
            Effect.NONE, "art. 3:317 BW",
            "a letter interrupts only from the day it reaches the debtor, and no receipt is "
            "recorded",
        ),
        EventKind.LAWYER_NOTICE: Rule(
            Effect.NONE, "art. 3:317 BW",
            "a lawyer's letter interrupts as a written demand once it reaches the debtor: "
            "record the day it was received",
        ),
        EventKind.ACK_SIGNED: Rule(
            Effect.RESTART, "art. 3:318 BW", "the debtor's acknowledgment interrupts"
        ),
        EventKind.ACK_WRITTEN: Rule(
            Effect.RESTART, "art. 3:318 BW", "the debtor's acknowledgment interrupts"
        ),
        EventKind.ACK_ORAL: Rule(
            Effect.UNPROVEN, "art. 3:318 BW",
            "an acknowledgment needs no form, but an oral one must be proven",
        ),
        EventKind.PART_PAYMENT: Rule(
            Effect.PART_ONLY, "art. 3:318 BW",
            "a part payment acknowledges, as a rule, only the part paid",
        ),
        EventKind.COURT_CLAIM: Rule(
            Effect.RESTART, "art. 3:316 BW",
            "instituting a claim interrupts; if it is not granted, only a new claim within 6 "
            "months keeps the interruption",
        ),
    },
    Law.EW: {
        EventKind.NOTICE: Rule(Effect.NONE, "s.5 Limitation Act 1980", _NO_LETTERS_UK),
        EventKind.REMINDER: Rule(Effect.NONE, "s.5 Limitation Act 1980", _NO_LETTERS_UK),
        EventKind.LAWYER_NOTICE: Rule(Effect.NONE, "s.5 Limitation Act 1980", _NO_LETTERS_UK),
        EventKind.ACK_SIGNED: Rule(
            Effect.RESTART, "s.29(5), s.30 Limitation Act 1980",
            "a signed written acknowledgment restarts the 6 years",
        ),
        EventKind.ACK_WRITTEN: Rule(
            Effect.NONE, "s.30 Limitation Act 1980",
            "an acknowledgment counts only if it is in writing and signed by the debtor (an "
            "e-mail ending with a typed name may be signed: record it as signed if so)",
        ),
        EventKind.ACK_ORAL: Rule(
            Effect.NONE, "s.30 Limitation Act 1980",
            "an acknowledgment counts only if it is in writing and signed by the debtor",
        ),
        EventKind.PART_PAYMENT: Rule(
            Effect.RESTART, "s.29(5)(b) Limitation Act 1980",
            "any payment restarts the 6 years, no writing needed",
        ),
        EventKind.COURT_CLAIM: Rule(
            Effect.BROUGHT, "s.5 Limitation Act 1980; CPR PD 7A para 5.1",
            "the claim is brought when the court office receives the claim form",
        ),
    },
    Law.SCOT: {
        EventKind.NOTICE: Rule(Effect.NONE, "s.9 1973 Act", _NO_LETTERS_SCOT),
        EventKind.REMINDER: Rule(Effect.NONE, "s.9 1973 Act", _NO_LETTERS_SCOT),
        EventKind.LAWYER_NOTICE: Rule(
            Effect.NONE, "s.9 1973 Act", "a solicitor's demand is not a relevant claim"
        ),
        EventKind.ACK_SIGNED: Rule(
            Effect.RESTART, "s.10(1)(b) 1973 Act",
            "an unequivocal written admission starts a fresh 5 years",
        ),
        EventKind.ACK_WRITTEN: Rule(
            Effect.RESTART, "s.10(1)(b) 1973 Act",
            "an unequivocal written admission starts a fresh 5 years",
        ),
        EventKind.ACK_ORAL: Rule(
            Effect.NONE, "s.10 1973 Act",
            "only performance or a written admission is a relevant acknowledgment",
        ),
        EventKind.PART_PAYMENT: Rule(
            Effect.RESTART, "s.10(1)(a) 1973 Act",
            "performance (a payment) is a relevant acknowledgment: a fresh 5 years",
        ),
        EventKind.COURT_CLAIM: Rule(
            Effect.BROUGHT, "s.9 1973 Act; Prescription (Scotland) Act 2018",
            "a relevant claim raised and served; since 28 February 2025 the period starts "
            "again on the claim's final disposal",
        ),
    },
}  # fmt: skip

# BE art. 2274 al. 2: what ends the short presumptive period of art. 2272.
ENDS_PRESUMPTION = (EventKind.ACK_SIGNED, EventKind.ACK_WRITTEN, EventKind.COURT_CLAIM)

ADVICE = {
    Law.NL: "send a written demand",
    Law.BE: "have a lawyer or bailiff send a notice (art. 2244 §2) or summon",
    Law.EW: "get a signed acknowledgment or issue a court claim",
    Law.SCOT: "get a written acknowledgment or raise a court claim",
}
ADVICE_BE_NOTICE_USED = "summon, or get a written acknowledgment (the art. 2244 §2 notice is used)"
ADVICE_PRESUMPTIVE = "get a written acknowledgment or summon (art. 2274)"


def parse_law(text: str) -> Law:
    try:
        return Law(text.strip().lower())
    except ValueError:
        names = ", ".join(law.value for law in Law)
        hint = " (England and Wales is ew, Scotland scot)" if text.strip().lower() in (
            "gb", "uk", "eng", "sc", "scotland",
        ) else ""  # fmt: skip
        raise InputError(f"unknown limitation law {text!r}: use {names}{hint}") from None


def parse_claim(text: str) -> ClaimKind:
    try:
        return ClaimKind(text.strip().lower())
    except ValueError:
        names = ", ".join(kind.value for kind in ClaimKind)
        raise InputError(f"unknown claim kind {text!r}: use {names}") from None


def parse_event_kind(text: str) -> EventKind:
    try:
        return EventKind(text.strip().lower())
    except ValueError:
        names = ", ".join(kind.value for kind in EventKind)
        raise InputError(f"unknown limitation event {text!r}: use {names}") from None
