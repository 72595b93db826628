"""A case's limitation: its timeline fed to the calculator (`casetui.limitation.engine`).

The one bridge between the ledger and the calculator, like `casetui.claims` for interest:
`show`, the case screen, the export and reports call `case_limitation`; the fold calls
`limitation_alert` to put a case on Today before its date. Nothing here is stored: the
limitation is derived from the events every time.

Which law (Rome I, LIMITATION.md §1): the case's own setting, else its customer's, else art. 4
for a business customer (the seller's or service provider's law: yours, from your business
profile) and art. 6 for a consumer (the law of the consumer's country). GB means England and
Wales; Scots law is set explicitly.

What counts (LIMITATION.md §0.2, §0.5):
- a letter to the debtor is a `notice` once its receipt is recorded (`received` on the letter
  or a later `received` event), else a `reminder` (for Dutch law: a risk, not an
  interruption); a registered letter from your lawyer or bailiff is a `lawyer-notice` under
  Belgian law (art. 2244 §2, from the day it was sent); a hand-over file is not a letter to
  the debtor;
- a payment is a `part-payment`;
- a promise or payment plan is an acknowledgment only when it is recorded as signed or
  written by the debtor; so is an `acknowledged` event;
- a `court-claim` event is the court claim.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from casetui import model
from casetui.limitation import (
    ClaimKind,
    EventKind,
    Law,
    Limitation,
    LimitationEvent,
    Nature,
    Settings,
    compute_limitation,
)
from casetui.limitation.engine import Dated, anniversary, limitation_date
from casetui.limitation.rules import period_for
from casetui.model import Customer, CustomerKind
from casetui.records import NamedTuple

if TYPE_CHECKING:
    from casetui.ladder import LadderPolicy
    from casetui.timeline import CaseState

RawEvent = dict[str, Any]

_ACK_KINDS = {
    "signed": EventKind.ACK_SIGNED,
    "written": EventKind.ACK_WRITTEN,
    "oral": EventKind.ACK_ORAL,
}
# What counts as you acting on a case after a warning (money arriving does not, nor does
# correcting its data: an edit may itself bring the date forward, e.g. a new governing law).
_ACTIONS = frozenset(
    {
        "call", "letter", "snooze", "note", "stage", "handover", "court-claim", "promise",
        "dispute", "settled", "acknowledged", "received", "reopened",
    }
)  # fmt: skip
_DEFAULT_SETTINGS = Settings()


def law_of_country(country: str) -> Law | None:
    """The law a country code stands for: GB (or UK) is England and Wales."""
    code = model.law_of_country(country)
    return Law(code) if code else None


class GoverningLaw(NamedTuple):
    law: Law | None
    why: str
    risks: tuple[str, ...] = ()


def governing_law(case_law: str, customer: Customer, creditor_law: str) -> GoverningLaw:
    """The law of the contract for limitation (Rome I art. 12(1)(d)), and why."""
    return _governing(
        case_law, customer.kind, customer.country, customer.limitation_law, creditor_law
    )


@lru_cache(maxsize=4096)
def _governing(
    case_law: str, kind: CustomerKind, country: str, customer_law: str, creditor_law: str
) -> GoverningLaw:
    """`governing_law` from the values it depends on (remembered: every open case asks it
    when a ledger loads, and most share a few combinations)."""
    if case_law:
        return GoverningLaw(Law(case_law), "set on the case")
    if customer_law:
        return GoverningLaw(Law(customer_law), "set on the customer")
    own = Law(creditor_law) if creditor_law else None
    theirs = law_of_country(country)
    if kind is CustomerKind.CONSUMER:
        if theirs is not None:
            return GoverningLaw(theirs, "the consumer's country (Rome I art. 6)")
        if own is not None:
            where = country or "a country that is not recorded"
            return GoverningLaw(
                own,
                "your country (Rome I art. 4)",
                (
                    f"the consumer lives in {where}: the law of their country may govern "
                    "(Rome I art. 6) and is not modelled here",
                ),
            )
        return GoverningLaw(None, "no country for you or the consumer")
    if own is not None:
        return GoverningLaw(own, "your country (Rome I art. 4: the seller's or provider's law)")
    if theirs is not None:
        return GoverningLaw(
            theirs,
            "the debtor's country, as your own is not in the business profile",
            (
                "Rome I art. 4 points to your own law as seller or provider: set your country "
                "in the business profile (casetui setup --country)",
            ),
        )
    return GoverningLaw(None, "no country for you or the debtor")


@lru_cache(maxsize=256)
def claim_kind(
    law: Law, case_kind: str, consumer: bool, settings: Settings
) -> tuple[ClaimKind, tuple[str, ...]]:
    """The calculator's claim for a case's kind (goods, services, periodic or not set)."""
    kind = case_kind or ("goods" if consumer and settings.consumer_claim_kind == "goods" else "")
    risks: list[str] = []
    if not case_kind and consumer and kind == "goods" and law in (Law.BE, Law.NL):
        risks.append(
            "what the invoice is for is not recorded: taken as goods, the shorter period; "
            "if it was a service, set it (casetui edit CASE --claim services)"
        )
    if not case_kind and not consumer and law is Law.BE:
        risks.append(
            "if this invoice is one of a series payable yearly or more often (a subscription, "
            "energy), its period is 5 years (art. 2277): casetui edit CASE --claim periodic"
        )
    if kind == "goods" and consumer:
        return (ClaimKind.CONSUMER_GOODS if law is Law.NL else ClaimKind.TRADER_GOODS), tuple(risks)
    if kind == "periodic":
        if consumer and law is Law.NL:
            risks.append(
                "a periodic supply to a consumer is taken as a consumer sale (energy, heat, "
                "digital content: art. 7:5(5) BW), 2 years; a periodic service has 5 (art. "
                "3:308 BW)"
            )
            return ClaimKind.CONSUMER_GOODS, tuple(risks)
        return ClaimKind.PERIODIC, tuple(risks)
    return ClaimKind.CONTRACT, tuple(risks)


def start_of(
    law: Law, issued: date, due: date, delivered: date | None, settings: Settings
) -> tuple[date, str, tuple[str, ...]]:
    """The day the period runs from, what it is, and what may make it earlier."""
    if law is Law.EW:
        if delivered is not None:
            return delivered, "delivered", ()
        return (
            issued,
            "invoice date",
            (
                "England and Wales count from delivery or completion of the work, which is "
                "not recorded: counted from the invoice date; if it was earlier, so is the "
                "last day (casetui edit CASE --delivered DATE)",
            ),
        )
    if law is Law.SCOT:
        if settings.scot_start == "delivery" and delivered is not None:
            return delivered, "delivered", ()
        if delivered is not None and delivered < due:
            return (
                due,
                "due",
                (
                    f"counted from the due date; if the credit period does not postpone the "
                    f"appropriate date it ran from delivery, {delivered} (not verified)",
                ),
            )
        return due, "due", ()
    if law is Law.NL and settings.nl_start_day_after_due:
        return due + timedelta(days=1), "the day after the due date", ()
    return due, "due", ()


def timeline_events(
    law: Law, events: Sequence[RawEvent], debtor_country: str
) -> tuple[list[LimitationEvent], tuple[str, ...]]:
    """The calculator's events from a case's live events (on-disk form, in date order)."""
    found: list[LimitationEvent] = []
    letters: list[RawEvent] = []
    receipts: dict[int, str] = {}
    risks: list[str] = []
    handed_to = ""
    for raw in events:
        kind = raw["kind"]
        if kind not in _COUNTED:
            continue  # notes, calls, snoozes... (most events): nothing for limitation
        if kind == "letter":
            if raw["letter_kind"] != "handover":  # the hand-over file goes to your agent
                letters.append(raw)
        elif kind == "received":
            receipts[raw["letter"]] = raw["date"]
        elif kind == "payment":
            day = date.fromisoformat(raw["date"])
            found.append(LimitationEvent(EventKind.PART_PAYMENT, day, f"payment #{raw['id']}"))
        elif kind == "promise" or kind == "acknowledged":
            form = raw.get("acknowledged") if kind == "promise" else raw.get("form")
            day = date.fromisoformat(raw["date"])
            if form in _ACK_KINDS:
                found.append(LimitationEvent(_ACK_KINDS[form], day, f"{kind} #{raw['id']}"))
            else:
                risks.append(
                    f"the promise of {day} is not recorded as signed or written by the debtor: "
                    "not counted as an acknowledgment"
                )
        elif kind == "court-claim":
            day = date.fromisoformat(raw["date"])
            found.append(LimitationEvent(EventKind.COURT_CLAIM, day, f"entry #{raw['id']}"))
        elif raw.get("to") in ("lawyer", "bailiff"):  # a hand-over
            handed_to = raw["to"]
    lawyer_letter = False
    for raw in letters:
        event, risk = _letter_event(law, raw, receipts.get(raw["id"]), debtor_country)
        found.append(event)
        risks += risk
        lawyer_letter = lawyer_letter or event.kind is EventKind.LAWYER_NOTICE
    if law is Law.BE and handed_to and not lawyer_letter:
        risks.append(
            f"handed over to a {handed_to}: their registered notice interrupts once (art. 2244 "
            "§2); record it when it is sent (casetui log CASE letter --from "
            f"{handed_to} --channel registered ...)"
        )
    return found, tuple(risks)


_COUNTED = frozenset(
    {"letter", "received", "payment", "promise", "acknowledged", "court-claim", "handover"}
)


def _letter_event(
    law: Law, raw: RawEvent, received: str | None, debtor_country: str
) -> tuple[LimitationEvent, list[str]]:
    """A letter to the debtor: a notice once received, a lawyer's notice (BE, registered,
    from your lawyer or bailiff, from the day it was sent), else a reminder."""
    day = date.fromisoformat(raw["date"])
    source = f"letter #{raw['id']}"
    received = received or raw.get("received")
    sender = raw.get("sender", "creditor")
    risks: list[str] = []
    if law is Law.BE and sender in ("lawyer", "bailiff"):
        if raw["channel"] == "registered":
            if debtor_country and debtor_country.upper() != "BE":
                risks.append(
                    f"the {sender}'s notice of {day} counts under art. 2244 §2 only when sent "
                    "to the debtor's address in Belgium"
                )
            risks.append(
                f"the {sender}'s notice of {day} interrupts only with the content art. 2244 §2 "
                "requires (all amounts justified, the interruptive effect)"
            )
            return LimitationEvent(EventKind.LAWYER_NOTICE, day, source), risks
        risks.append(
            f"the {sender}'s letter of {day} was not registered: art. 2244 §2 needs a "
            "registered letter"
        )
    if received:
        return LimitationEvent(EventKind.NOTICE, date.fromisoformat(received), source), risks
    return LimitationEvent(EventKind.REMINDER, day, source), risks


def letters_awaiting_receipt(state: CaseState) -> list[int]:
    """Ids of the case's live letters to the debtor with no recorded receipt, oldest first."""
    live = [raw for raw in state.raw_events if raw["id"] not in state.voided_ids]
    received = {raw["letter"] for raw in live if raw["kind"] == "received"}
    return sorted(
        raw["id"]
        for raw in live
        if raw["kind"] == "letter"
        and raw["letter_kind"] != "handover"
        and not raw.get("received")
        and raw["id"] not in received
    )


def _last_action(events: Sequence[RawEvent]) -> str:
    """The ISO day of the latest thing you did on the case ("" if nothing yet). `events`
    are in date order (the fold's), so the last action found from the end is the latest."""
    for raw in reversed(events):
        if raw["kind"] in _ACTIONS:
            return raw["date"]
    return ""


def limitation_of(
    *,
    case_law: str,
    case_kind: str,
    issued: date,
    due: date,
    delivered: date | None,
    customer: Customer,
    events: Sequence[RawEvent],
    policy: LadderPolicy,
    as_of: date | None = None,
) -> Limitation | None:
    """The limitation of a case from its parts (the fold has no CaseState yet); None when
    the governing law is not known."""
    settings = policy.limitation_settings or _DEFAULT_SETTINGS
    governing = governing_law(case_law, customer, policy.creditor_law)
    law = governing.law
    if law is None:
        return None
    consumer = customer.kind is CustomerKind.CONSUMER
    claim, claim_risks = claim_kind(law, case_kind, consumer, settings)
    start, label, start_risks = start_of(law, issued, due, delivered, settings)
    happened, event_risks = timeline_events(law, events, customer.country)
    return compute_limitation(
        law,
        claim,
        start,
        happened,
        settings=settings,
        as_of=as_of,
        start_label=label,
        notes=(*governing.risks, *claim_risks, *start_risks, *event_risks),
        preface=(f"Governing law: {law.label}, {governing.why}",),
    )


def case_limitation(
    state: CaseState, customer: Customer, policy: LadderPolicy, as_of: date | None = None
) -> Limitation | None:
    """A case's limitation as of `as_of` (which adds interest's own date). None when the
    governing law is not known (`why_no_limitation` says why)."""
    live = [raw for raw in state.raw_events if raw["id"] not in state.voided_ids]
    live.sort(key=lambda raw: (raw["date"], raw["id"]))
    return limitation_of(
        case_law=state.limitation_law,
        case_kind=state.claim_kind,
        issued=state.issued,
        due=state.due,
        delivered=state.delivered,
        customer=customer,
        events=live,
        policy=policy,
        as_of=as_of,
    )


def receipt_matters(state: CaseState, customer: Customer, policy: LadderPolicy) -> bool:
    """Does the day a letter reaches this debtor move the limitation date? Under Dutch law
    a written demand interrupts from its receipt (art. 3:317, 3:37(3) BW); elsewhere a
    creditor's letter does nothing, or counts from the day it was sent (BE art. 2244 §2)."""
    governing = governing_law(state.limitation_law, customer, policy.creditor_law)
    return governing.law is Law.NL


def why_no_limitation(state: CaseState, customer: Customer, policy: LadderPolicy) -> str:
    governing = governing_law(state.limitation_law, customer, policy.creditor_law)
    return (
        f"not estimated: the governing law is not known ({governing.why}); set it on the "
        "case or the customer (casetui edit CASE --limitation-law be|nl|ew|scot) or your "
        "country in the business profile"
    )


# --------------------------------------------------------------------------- the agenda


class LimitationAlert(NamedTuple):
    """When a case comes on Today for its limitation, and the words it needs there."""

    date: date  # the warning day: a lead time before the last day, the day itself, or after it
    last_day: date
    article: str
    advice: str
    extinctive: bool  # Scotland: "extinguished" rather than "time-barred"

    def words(self, today: date) -> str:
        return warning_words(self.last_day, self.article, self.advice, self.extinctive, today)


def warning_words(last_day: date, article: str, advice: str, extinctive: bool, today: date) -> str:
    """ "claim may be time-barred after 2026-12-01 (art. 3:307 BW): send a written demand",
    and after the date, what that means (never "void": the debtor must invoke it, except in
    Scotland, where the debt is extinguished)."""
    verb = "extinguished" if extinctive else "time-barred"
    if today <= last_day:
        return f"claim may be {verb} after {last_day} ({article}): {advice}"
    since = last_day + timedelta(days=1)
    after = (
        "take advice" if extinctive else "the debtor must invoke it, so it is not void; take advice"
    )
    return f"claim may be {verb} since {since} ({article}): {after}"


def near_warning(result: Limitation, today: date, lead_days: Sequence[int]) -> str:
    """The warning in words when `today` is within the longest lead time of the last day (or
    past it); "" otherwise. For confirmations of any action on a case."""
    last = result.last_day
    if last is None or (last - today).days > max(lead_days, default=0):
        return ""
    extinctive = result.nature is Nature.EXTINCTIVE
    return warning_words(last, result.article, result.advice, extinctive, today)


@lru_cache(maxsize=16)
def _offsets(lead_days: tuple[int, ...]) -> tuple[timedelta, ...]:
    """Warning days relative to the last day, earliest first: each lead time, the last day
    itself (it never passes silently, even when you acted after the last lead time), then
    the day after it."""
    leads = sorted({lead for lead in lead_days if lead > 0}, reverse=True)
    return (*(timedelta(days=-lead) for lead in leads), timedelta(0), timedelta(days=1))


def alert_for(
    result: Limitation | Dated, lead_days: Sequence[int], last_action: str
) -> LimitationAlert | None:
    """The first warning day you have not acted on since: each lead time before the last
    day, the last day, then the day after it. Acting on the case (a letter, a call, a snooze,
    a note...) on or after a warning day answers that warning; the next one still comes, and
    as the fold takes the earlier of this day and a snooze's end, no snooze hides it."""
    last = result.last_day
    if last is None:
        return None
    acted = date.fromisoformat(last_action) if last_action else None
    for offset in _offsets(tuple(lead_days)):
        day = last + offset
        if acted is None or acted < day:
            return LimitationAlert(
                day,
                last,
                result.article,
                result.advice,
                result.nature is Nature.EXTINCTIVE,
            )
    return None


def limitation_watch(
    *,
    case_law: str,
    case_kind: str,
    issued: str,
    due: str,
    delivered: str | None,
    customer_id: str,
    customers: Mapping[str, Customer],
    events: Sequence[RawEvent],
    policy: LadderPolicy,
) -> tuple[date, Callable[[], LimitationAlert | None]] | None:
    """For the fold: the earliest day a limitation warning could fall on, and how to work
    out the warning itself (None: the law is not known).

    The warning is never earlier than the plain period's end less the longest lead time
    (interruptions only move the date later), and that bound costs a fraction of the
    whole chain: the fold works the warning out only when the bound is not after the case's
    other next action, and leaves it to be worked out when asked otherwise.
    """
    customer = customers.get(customer_id)
    if customer is None:
        return None
    law = governing_law(case_law, customer, policy.creditor_law).law
    if law is None:
        return None
    settings = policy.limitation_settings or _DEFAULT_SETTINGS
    consumer = customer.kind is CustomerKind.CONSUMER
    claim, _ = claim_kind(law, case_kind, consumer, settings)
    delivery = date.fromisoformat(delivered) if delivered else None
    start, _, _ = start_of(
        law, date.fromisoformat(issued), date.fromisoformat(due), delivery, settings
    )
    years = period_for(law, claim, presumptive_goods=settings.be_presumptive_goods).years
    bound = anniversary(start, years) - timedelta(days=max(policy.limitation_lead_days, default=0))

    def warning() -> LimitationAlert | None:
        happened, _ = timeline_events(law, events, customer.country)
        dated = limitation_date(law, claim, start, happened, settings=settings)
        return alert_for(dated, policy.limitation_lead_days, _last_action(events))

    return bound, warning
