"""The deadline a letter gives, and the shortest one the law allows for it.

- Statutory consumer letters take the law's own term (`casetui.law.clock`):
  BE first reminder (Book XIX): 14 calendar days from the day after an e-mail or from the
  third working day after posting; NL 14-day letter: 14 days from the day after presumed
  delivery (second day after posting, Sundays, Mondays and holidays not counted).
- A letter before claim to an individual in England and Wales (consumer or sole trader):
  30 days from the letter date (Pre-Action Protocol for Debt Claims).
- Other consumer letters keep at least 14 days (LAW.md §8.3: "B2C keeps statutory periods").
- Business customers: reminder and second reminder in calendar days, formal notice in
  business days of the creditor's country (profile).
A calendar-day deadline that lands on a weekend or public holiday of the creditor's country
moves to the next working day, so no letter asks for payment by a Sunday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from casetui.law import LetterRecord, add_business_days, costs_allowed_from, roll_forward
from casetui.law.regimes import get_regime
from casetui.model import Channel, Customer, CustomerKind, LetterKind
from casetui.profile import Profile

PROTOCOL_DAYS = 30
CONSUMER_MINIMUM_DAYS = 14

_COMPANY = re.compile(
    r"\b(ltd|limited|llp|l\.l\.p|plc|p\.l\.c|cic|inc|corporation|company|co)\.?\s*$", re.I
)


def calendar_country(profile: Profile, regime: str) -> str:
    """Whose working days count: the creditor's, else the regime's country, else Belgium."""
    return profile.country or get_regime(regime).calendar_country or "BE"


def english_law(customer: Customer, regime: str) -> bool:
    """A debtor in Great Britain, or a claim under the UK regime."""
    return customer.country.upper() in ("GB", "UK") or regime == "uk-b2b"


def uk_individual(customer: Customer, regime: str) -> bool | None:
    """Is the debtor an individual under English law (consumer or sole trader)?

    True for consumers; False for names that end like a company (Ltd, LLP, PLC...); None when
    a business name does not say (it may be a sole trader: the Protocol then applies).
    Only asked for debtors in Great Britain or under the UK regime.
    """
    if not english_law(customer, regime):
        return False
    if customer.kind is CustomerKind.CONSUMER:
        return True
    if _COMPANY.search(customer.name.strip()) or "company" in customer.vat.lower():
        return False
    return None


@dataclass(frozen=True)
class DeadlinePlan:
    deadline: date | None
    minimum: date | None = None  # the shortest deadline the law allows, if it sets one
    minimum_reason: str = ""
    business_days: int = 0  # > 0: the deadline counts business days
    term_start: date | None = None  # first day of a statutory term


def plan_deadline(
    *,
    kind: LetterKind,
    regime: str,
    consumer: bool,
    statutory: bool,
    individual: bool,
    sent_on: date,
    channel: Channel,
    profile: Profile,
) -> DeadlinePlan:
    country = calendar_country(profile, regime)

    def calendar(days: int) -> date:
        return roll_forward(sent_on + timedelta(days=days), country)

    if kind is LetterKind.HANDOVER:
        return DeadlinePlan(None)
    if kind is LetterKind.SETTLEMENT:
        return DeadlinePlan(calendar(profile.settlement_days))
    if kind is LetterKind.INSTALMENT_REMINDER:
        return DeadlinePlan(calendar(profile.instalment_reminder_days))
    if statutory:
        record = LetterRecord(sent_on, channel.value, kind.value, statutory=True)
        clock = costs_allowed_from(regime, [record])
        assert clock.term_end is not None
        if regime == "be-b2c":
            reason = "the 14-day wait of art. XIX.2 Code of Economic Law"
            return DeadlinePlan(
                roll_forward(clock.term_end, country), clock.term_end, reason, 0, clock.term_start
            )
        reason = "the 14-day term of art. 6:96(6) BW, from the day after presumed delivery"
        return DeadlinePlan(clock.term_end, clock.term_end, reason, 0, clock.term_start)
    if kind is LetterKind.FORMAL_NOTICE and individual:
        minimum = sent_on + timedelta(days=PROTOCOL_DAYS)
        reason = "30 days to reply under the Pre-Action Protocol for Debt Claims"
        return DeadlinePlan(roll_forward(minimum, country), minimum, reason)
    days = {
        LetterKind.REMINDER: profile.reminder_days,
        LetterKind.SECOND_REMINDER: profile.second_reminder_days,
        LetterKind.FORMAL_NOTICE: profile.consumer_days,
    }[kind]
    if consumer:
        if kind is LetterKind.FORMAL_NOTICE:
            minimum = sent_on + timedelta(days=CONSUMER_MINIMUM_DAYS)
            reason = "a consumer keeps at least 14 days (statutory periods, not business days)"
            return DeadlinePlan(calendar(max(days, CONSUMER_MINIMUM_DAYS)), minimum, reason)
        return DeadlinePlan(calendar(max(days, CONSUMER_MINIMUM_DAYS)))
    if kind is LetterKind.FORMAL_NOTICE:
        business = profile.formal_notice_business_days
        return DeadlinePlan(add_business_days(sent_on, business, country), business_days=business)
    return DeadlinePlan(calendar(days))


def with_override(plan: DeadlinePlan, deadline: date | None) -> DeadlinePlan:
    """The plan with a deadline the user picked (checked later against `minimum`)."""
    if deadline is None:
        return plan
    return DeadlinePlan(deadline, plan.minimum, plan.minimum_reason, 0, plan.term_start)
