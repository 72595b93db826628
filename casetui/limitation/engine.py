"""The limitation calculator: from a start date and what happened since, the last day to act.

One date rule for all four laws (LIMITATION.md §0.4): the period ends on the same calendar
date N years after the start or interrupting event E (29 February -> 28 February), and the
claim is at risk from the next day. Where the exact law could give one day more (NL: a
claim due only the day after the due date; a 28 February start ending in a leap year) the
earlier date is used. No weekend roll-over, except Scotland (1973 Act s.14(1)(d): the next
day that is not a Saturday, Sunday or Scottish bank holiday) and Belgium when the setting
says so. `act_by` is the last working day on or before the (unextended) last day: the
practical deadline.

After an interruption (LIMITATION.md §0.3): BE and NL start the same period again (NL: as
long as the original, at most 5 years, never ending before it, art. 3:319 BW); BE art. 2244
§2 gives one year, once, never before the original end; England & Wales and Scotland start a
fresh period from the acknowledgment or payment. An act after the period ended revives
nothing (E&W s.29(7); Scotland: extinguished); in BE and NL it is not counted either (a
renunciation is for a lawyer to judge).

Everything is computed first as dates and small tuples; the words (`Limitation.basis`) are
made on demand, because the ledger works out every open case's date when it loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from casetui.limitation.rules import (
    ADVICE,
    ADVICE_BE_NOTICE_USED,
    ADVICE_PRESUMPTIVE,
    BE_LAWYER_NOTICE_YEARS,
    EFFECTS,
    ENDS_PRESUMPTION,
    INTEREST,
    ClaimKind,
    Effect,
    EventKind,
    Law,
    Nature,
    Period,
    period_for,
)
from casetui.limitation.settings import Settings
from casetui.records import NamedTuple
from casetui.values import frozen
from casetui.workdays import is_working_day, roll_forward

ESTIMATE_NOTE = (
    "Estimated, conservative; take advice close to the date. Not legal advice: the contract, "
    "the facts and their proof can change it."
)
_DAY = timedelta(days=1)
_ORDER = {kind: n for n, kind in enumerate(EventKind)}


def anniversary(day: date, years: int) -> date:
    """The same calendar date `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


def years_before(day: date, years: int) -> date:
    return anniversary(day, -years)


class LimitationEvent(NamedTuple):
    """Something that happened: what, on which day, and where it comes from (for the basis).
    (A NamedTuple: the ledger makes these for every open case when it loads.)"""

    kind: EventKind
    day: date
    source: str = ""  # "letter #12", "payment #7": words that point at the timeline


class Step(NamedTuple):
    """One link of the chain: an event (or the start) and the last day after it."""

    day: date
    event: EventKind | None  # None: the start of the period
    effect: Effect | str  # an Effect, or "start", "late", "early", "used", "too-close"
    article: str
    why: str
    last: date | None
    source: str = ""
    alternative: date | None = None  # the date if an unproven act were proven


class Chain(NamedTuple):
    last: date | None
    steps: tuple[Step, ...]
    points: tuple[date, ...]  # days whose interruption counted (for interest)
    brought: date | None  # E&W / Scotland: the day the claim was brought
    lawyer_used: bool
    article: str  # the article that set `last`


def _chain(
    law: Law,
    period: Period,
    start: date,
    events: Sequence[LimitationEvent],
    settings: Settings,
    *,
    record: bool = True,
) -> Chain:
    """Run the period through the events. Without `record` only the dates are kept (the
    ledger's warning for every open case); the steps are the words' raw material."""
    years = period.years
    last: date | None = anniversary(start, years)
    article = period.article
    steps = [Step(start, None, "start", period.article, period.what, last)] if record else []
    points: list[date] = []
    brought: date | None = None
    lawyer_used = False
    rules = EFFECTS[law]
    part_counts = settings.nl_part_payment_acknowledges
    for event in events:
        if brought is not None or last is None:
            break  # the claim is before the court: the rest does not move a date
        rule = rules[event.kind]
        day, effect = event.day, rule.effect
        outcome: Effect | str = effect
        if day < start:
            outcome = "early"
        elif effect is Effect.NONE or (effect is Effect.PART_ONLY and not part_counts):
            pass
        elif day > last:
            outcome = "late"
        elif effect is Effect.UNPROVEN:
            if record:
                alternative = max(anniversary(day, years), last)
                steps.append(Step(day, event.kind, effect, rule.article, rule.why, last,
                                  event.source, alternative))  # fmt: skip
            continue
        elif effect is Effect.BROUGHT:
            brought, last, article = day, None, rule.article
        elif effect is Effect.LAWYER and lawyer_used:
            outcome = "used"
        elif effect is Effect.LAWYER and (last - day).days < settings.be_lawyer_notice_min_days:
            outcome = "too-close"
        else:  # RESTART, the BE lawyer's notice, or a part payment counted by the settings
            if effect is Effect.LAWYER:
                lawyer_used = True
                new = anniversary(day, min(years, BE_LAWYER_NOTICE_YEARS))
            else:
                new = anniversary(day, years)
            if new > last:
                last, article = new, _restart_article(law, rule.article)
            points.append(day)
        if record:
            steps.append(Step(day, event.kind, outcome, rule.article, rule.why, last, event.source))
    return Chain(last, tuple(steps), tuple(points), brought, lawyer_used, article)


def _restart_article(law: Law, article: str) -> str:
    return "art. 3:319 BW" if law is Law.NL else article


def _extended(law: Law, day: date, settings: Settings) -> date:
    """The legal last day: Scotland (and BE if set) run on past days off."""
    if law is Law.SCOT or (law is Law.BE and settings.be_weekend_rollover):
        return roll_forward(day, law.calendar)
    return day


def _extension_words(law: Law, day: date, extended: date) -> str:
    """The basis line for a last day run on past a day off (Scotland s.14(1)(d); BE when set)."""
    why = {5: "a Saturday", 6: "a Sunday"}.get(day.weekday(), "a bank holiday")
    if law is Law.SCOT:
        article = "s.14(1)(d) Prescription and Limitation (Scotland) Act 1973"
        rest = "the period runs to the next day that is not a holiday (s.14(2))"
    else:
        article = "weekend roll-over (your setting)"
        rest = "the period runs to the next working day"
    return f"{article}: {day} is {why}, {rest} → {extended}"


def _act_by(law: Law, day: date) -> date:
    """The last working day on or before `day` (the law's country's calendar)."""
    cursor = day
    while not is_working_day(cursor, law.calendar):
        cursor -= _DAY
    return cursor


# --------------------------------------------------------------------------- interest


@frozen
class InterestLimit:
    """Interest's own limitation (BE art. 2277, NL art. 3:308): each day's interest has its
    own 5 years; an interruption restarts them for what is not yet lost."""

    article: str
    years: int
    lost_before: date | None  # interest accrued before this day is time-barred
    oldest: date  # the oldest interest day still claimable
    runs_out: date | None  # the last day for that oldest interest, unless interrupted
    capped_by: str  # why it never outlives the principal ("" when it may)

    def words(self) -> str:
        text = f"{self.article}: each day's interest has its own {self.years} years"
        if self.capped_by:
            text += f", and never outlives the principal ({self.capped_by})"
        if self.lost_before is not None:
            text += f"; interest accrued before {self.lost_before} may be time-barred"
        if self.runs_out is not None:
            text += (
                f"; the oldest still claimable (from {self.oldest}) may be time-barred after "
                f"{self.runs_out} unless interrupted"
            )
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "years": self.years,
            "lost_before": _iso(self.lost_before),
            "oldest": self.oldest.isoformat(),
            "last_day": _iso(self.runs_out),
            "text": self.words(),
        }


def _interest(
    law: Law, start: date, chain: Chain, principal_last: date | None, as_of: date, capped_by: str
) -> InterestLimit | None:
    rule = INTEREST.get(law)
    first = start + _DAY  # interest runs from the day after the due date
    if rule is None or as_of < first:
        return None
    lost_before: date | None = None
    previous = first
    for point in (*(p for p in chain.points if p <= as_of), as_of):
        cutoff = years_before(point, rule.years)
        if cutoff > previous:  # more than the period passed: what accrued before is lost
            lost_before = cutoff
        previous = max(previous, point)
    oldest = max(first, lost_before) if lost_before else first
    restarted = [p for p in chain.points if oldest <= p <= as_of]
    runs_out = anniversary(max([oldest, *restarted]), rule.years)
    if capped_by and principal_last is not None:
        runs_out = min(runs_out, principal_last)
    if chain.brought is not None:
        runs_out = None  # before the court with the principal
    return InterestLimit(rule.article, rule.years, lost_before, oldest, runs_out, capped_by)


# --------------------------------------------------------------------------- result


class Also(NamedTuple):
    """Another date the research names beside the main one (BE: the Law of 1913)."""

    day: date
    article: str
    what: str


@frozen
class Limitation:
    """The limitation of one claim as computed; `basis` and `risks` are words for people."""

    law: Law
    claim: ClaimKind
    start: date
    start_label: str  # "due", "delivered", "from"
    period: Period
    nature: Nature
    last_day: date | None  # None: the claim is before the court (E&W, Scotland)
    hard_last_day: date | None  # BE art. 2272: the 10 years behind the presumption
    act_by: date | None  # last working day on or before the last day
    article: str  # the article that sets `last_day`
    advice: str  # what keeps the claim alive, in a few words
    steps: tuple[Step, ...]
    hard_steps: tuple[Step, ...] = ()
    interest: InterestLimit | None = None
    brought: date | None = None
    also: tuple[Also, ...] = ()
    notes: tuple[str, ...] = ()  # risks known before the calculation (from the case)
    as_of: date | None = None
    preface: tuple[str, ...] = ()  # lines before the chain: which law, and why
    unextended: date | None = None  # the period's end when a day off moved the last day

    @property
    def at_risk_from(self) -> date | None:
        return self.last_day + _DAY if self.last_day else None

    def days_left(self, today: date) -> int | None:
        return (self.last_day - today).days if self.last_day else None

    def may_be_barred(self, today: date) -> bool:
        return self.last_day is not None and today > self.last_day

    @cached_property
    def basis(self) -> tuple[str, ...]:
        lines = list(self.preface)
        lines += [_step_words(self, step) for step in self.steps]
        if self.hard_steps:
            lines += [_step_words(self, step) for step in self.hard_steps]
        if self.unextended is not None and self.last_day is not None:
            lines.append(_extension_words(self.law, self.unextended, self.last_day))
        lines += [f"{also.article}: {also.what} → {also.day}" for also in self.also]
        return tuple(lines)

    @cached_property
    def risks(self) -> tuple[str, ...]:
        found = list(self.notes)
        for step in (*self.steps, *self.hard_steps):
            risk = _step_risk(self, step)
            if risk and risk not in found:
                found.append(risk)
        if self.nature is Nature.PRESUMPTIVE:
            found.append(
                "art. 2272 is a presumption of payment: the debtor may be put to the decisive "
                "oath (art. 2275); a debtor who admits not paying cannot rely on it"
            )
        return tuple(found)

    def summary(self) -> str:
        """One line: "may be time-barred after 2026-03-15 (art. 3:307 BW)"."""
        if self.last_day is None:
            return f"claim brought on {self.brought}: no limitation date runs while it proceeds"
        verb = "extinguished" if self.nature is Nature.EXTINCTIVE else "time-barred"
        return f"may be {verb} after {self.last_day} ({self.article})"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "law": self.law.value,
            "claim": self.claim.value,
            "from": self.start.isoformat(),
            "from_is": self.start_label,
            "period_years": self.period.years,
            "last_day": _iso(self.last_day),
            "hard_last_day": _iso(self.hard_last_day),
            "act_by": _iso(self.act_by),
            "at_risk_from": _iso(self.at_risk_from),
            "kind": self.nature.value,
            "kind_means": self.nature.words,
            "article": self.article,
            "basis": list(self.basis),
            "risks": list(self.risks),
            "advice": self.advice,
            "interest": self.interest.to_json() if self.interest else None,
            "brought": _iso(self.brought),
            "confidence": self.period.confidence,
            "source": self.period.source,
            "note": ESTIMATE_NOTE,
        }
        if self.as_of is not None:
            data["as_of"] = self.as_of.isoformat()
            data["days_left"] = self.days_left(self.as_of)
        if self.also:
            data["also"] = [
                {"day": a.day.isoformat(), "article": a.article, "what": a.what} for a in self.also
            ]
        return data


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _what(step: Step) -> str:
    words = step.event.words if step.event else ""
    return f"{step.day} {words}" + (f" ({step.source})" if step.source else "")


def _step_words(result: Limitation, step: Step) -> str:
    effect = step.effect
    if effect == "start":
        assert step.last is not None
        years = step.last.year - step.day.year
        label = _START_WORDS.get(result.start_label, result.start_label)
        span = "1 year" if years == 1 else f"{years} years"
        return f"{step.article} ({step.why}): {label} {step.day} + {span} → {step.last}"
    if effect == "early":
        return f"{_what(step)}: before the period started, no effect"
    if effect == "late":
        return f"{_what(step)}: too late, the period had ended on {step.last}; {_late(result)}"
    if effect == "used":
        return f"{_what(step)}: no effect, art. 2244 §2 interrupts only once"
    if effect == "too-close":
        return (
            f"{_what(step)}: not counted, sent less than a month before {step.last} "
            f"({step.article}; see the risks)"
        )
    if effect is Effect.NONE or effect is Effect.PART_ONLY:
        return f"{_what(step)}: no effect ({step.article}: {step.why})"
    if effect is Effect.UNPROVEN:
        return (
            f"{_what(step)}: not counted ({step.article}: {step.why}); if proven, the last "
            f"day would be {step.alternative}"
        )
    if effect is Effect.BROUGHT:
        return f"{_what(step)}: {step.why} ({step.article}); no limitation date runs meanwhile"
    extra = ""
    if result.law is Law.NL:
        extra = "; a new period from the next day, never ending before the original (art. 3:319 BW)"
    return f"{_what(step)}: {step.article}, {step.why}{extra} → {step.last}"


_START_WORDS = {"due": "due", "delivered": "delivered or completed", "from": "from"}


def _late(result: Limitation) -> str:
    if result.law is Law.EW:
        return "a barred right is not revived (s.29(7) Limitation Act 1980)"
    if result.law is Law.SCOT:
        return "the obligation was already extinguished"
    return "not counted (whether it renounces the prescription is for a lawyer to judge)"


def _step_risk(result: Limitation, step: Step) -> str:
    effect, kind = step.effect, step.event
    if effect is Effect.UNPROVEN:
        return (
            f"an oral acknowledgment on {step.day} is not counted: with proof (a witness, the "
            f"debtor's own writing) the last day would be {step.alternative}"
        )
    if effect == "too-close":
        return (
            f"the art. 2244 §2 notice of {step.day} was sent less than a month before the "
            "period ended: one source says that is too late (not verified), so it is not counted"
        )
    if effect == "late":
        return f"an act on {step.day} came after the period ended on {step.last}: take advice"
    if result.law is Law.NL and kind is EventKind.REMINDER:
        return (
            f"the letter of {step.day} has no recorded receipt: it interrupts only once it "
            "reached the debtor (art. 3:37(3) BW); record the day it was received"
        )
    if result.law is Law.NL and effect is Effect.PART_ONLY:
        return (
            f"the part payment of {step.day} keeps only the part paid alive: send a written "
            "demand (art. 3:317 BW) for the rest"
        )
    if effect is Effect.RESTART and kind is EventKind.COURT_CLAIM and result.law is Law.NL:
        return "if the court claim is not granted, a new claim within 6 months keeps the date"
    if effect is Effect.BROUGHT and result.law is Law.SCOT:
        return (
            "after a relevant claim the 5 years start again on its final disposal (2018 Act, "
            "in force 28 February 2025; transitional rules not verified): record the outcome"
        )
    if effect is Effect.BROUGHT:
        return "if the claim is discontinued or struck out, a new claim may be out of time"
    return ""


# --------------------------------------------------------------------------- computing


class Dated(NamedTuple):
    """Just what a warning needs: the ledger works this out for every open case."""

    last_day: date | None
    article: str
    advice: str
    nature: Nature


def _ordered(events: Iterable[LimitationEvent]) -> list[LimitationEvent]:
    """In date order, and on one day in the order of `EventKind` (a timeline's events are
    nearly always in order already: checking is cheaper than sorting)."""
    found = list(events)
    if len(found) < 2:
        return found
    previous = None
    for event in found:
        key = (event.day, _ORDER[event.kind])
        if previous is not None and key < previous:
            found.sort(key=lambda event: (event.day, _ORDER[event.kind]))
            break
        previous = key
    return found


def limitation_date(
    law: Law,
    claim: ClaimKind,
    start: date,
    events: Iterable[LimitationEvent] = (),
    *,
    settings: Settings | None = None,
) -> Dated:
    """The last day, its article and the advice: `compute_limitation` without the words,
    the interest and the working days (the same chain, so always the same date)."""
    settings = settings or Settings()
    ordered = _ordered(events)
    period = period_for(law, claim, presumptive_goods=settings.be_presumptive_goods)
    if law is Law.BE and claim.goods and settings.be_presumptive_goods:
        contract = period_for(law, ClaimKind.CONTRACT)
        hard = _chain(law, contract, start, ordered, settings, record=False)
        if _presumption_end(start, ordered, hard) is None:
            last = anniversary(start, period.years)
            return Dated(last, period.article, ADVICE_PRESUMPTIVE, Nature.PRESUMPTIVE)
        chain = hard
    else:
        chain = _chain(law, period, start, ordered, settings, record=False)
    nature = Nature.EXTINCTIVE if law is Law.SCOT else Nature.DEFENCE
    last = _extended(law, chain.last, settings) if chain.last else None
    return Dated(last, chain.article, _advice(law, chain, settings), nature)


def _advice(law: Law, chain: Chain, settings: Settings) -> str:
    if law is not Law.BE:
        return ADVICE[law]
    if chain.lawyer_used:
        return ADVICE_BE_NOTICE_USED
    if settings.be_lawyer_notice_min_days:
        return (
            "have a lawyer or bailiff send a notice (art. 2244 §2) at least "
            f"{settings.be_lawyer_notice_min_days} days before, or summon"
        )
    return ADVICE[law]


def _presumption_end(
    start: date, events: Sequence[LimitationEvent], hard: Chain
) -> LimitationEvent | None:
    """The act that ends art. 2272's presumption (art. 2274 al. 2), if there is one."""
    return next(
        (
            event
            for event in events
            if event.kind in ENDS_PRESUMPTION
            and event.day >= start
            and (hard.last is None or event.day <= hard.last)
        ),
        None,
    )


def compute_limitation(
    law: Law,
    claim: ClaimKind,
    start: date,
    events: Iterable[LimitationEvent] = (),
    *,
    settings: Settings | None = None,
    as_of: date | None = None,
    start_label: str = "from",
    notes: Sequence[str] = (),
    preface: Sequence[str] = (),
) -> Limitation:
    """The limitation of a claim under `law`, starting on `start`, after `events`.

    `start` is the day the period runs from (the due date; England and Wales: delivery or
    completion). `as_of` (today) adds interest's own date. `notes` are risks the caller
    already knows (an assumed law, an unknown delivery date) and are listed first;
    `preface` lines open the basis (which law, and why).
    """
    settings = settings or Settings()
    ordered = _ordered(events)
    period = period_for(law, claim, presumptive_goods=settings.be_presumptive_goods)
    presumptive = law is Law.BE and claim.goods and settings.be_presumptive_goods
    nature = Nature.EXTINCTIVE if law is Law.SCOT else Nature.DEFENCE
    if presumptive:
        return _presumptive(
            claim, start, ordered, settings, as_of, start_label, notes, period, preface
        )
    chain = _chain(law, period, start, ordered, settings)
    return _result(
        law, claim, start, start_label, period, nature, chain, settings, as_of, notes,
        preface=preface,
    )  # fmt: skip


def _result(
    law: Law,
    claim: ClaimKind,
    start: date,
    start_label: str,
    period: Period,
    nature: Nature,
    chain: Chain,
    settings: Settings,
    as_of: date | None,
    notes: Sequence[str],
    *,
    hard: Chain | None = None,
    also: tuple[Also, ...] = (),
    preface: Sequence[str] = (),
    presumption_ended: bool = False,
) -> Limitation:
    last = chain.last
    last_day = _extended(law, last, settings) if last else None
    advice = _advice(law, hard or chain, settings)
    if nature is Nature.PRESUMPTIVE:
        advice = ADVICE_PRESUMPTIVE
    interest = None
    if as_of is not None:
        capped_by = "art. 3:312 BW" if law is Law.NL else ""
        if nature is Nature.PRESUMPTIVE:  # assumed to fall with the presumption: not verified
            capped_by = "art. 2272: taken to fall with the presumption, not verified"
        interest = _interest(law, start, hard or chain, last, as_of, capped_by)
    return Limitation(
        law=law,
        claim=claim,
        start=start,
        start_label=start_label,
        period=period,
        nature=nature,
        last_day=last_day,
        hard_last_day=(
            _extended(law, hard.last, settings)
            if hard and hard.last and not presumption_ended
            else None
        ),
        act_by=_act_by(law, last) if last else None,
        article=chain.article,
        advice=advice,
        steps=chain.steps,
        hard_steps=hard.steps if hard is not None else (),
        interest=interest,
        brought=chain.brought,
        also=also,
        notes=tuple(notes),
        as_of=as_of,
        preface=tuple(preface),
        unextended=last if last_day != last else None,
    )


def _presumptive(
    claim: ClaimKind,
    start: date,
    events: Sequence[LimitationEvent],
    settings: Settings,
    as_of: date | None,
    start_label: str,
    notes: Sequence[str],
    soft: Period,
    preface: Sequence[str],
) -> Limitation:
    """BE goods to a consumer: art. 2272's year in front, art. 2262bis's ten years behind.

    A written acknowledgment or a summons ends the presumption (art. 2274 al. 2), also after
    the year (Cass. 8 January 2015): the ten years are then all there is.
    """
    law = Law.BE
    hard_period = period_for(law, ClaimKind.CONTRACT)
    hard = _chain(law, hard_period, start, events, settings)
    soft_last = anniversary(start, soft.years)
    ended = _presumption_end(start, events, hard)
    also: tuple[Also, ...] = ()
    if settings.be_law_1913:
        also = (
            Also(
                date(start.year + 1, 12, 31),
                "Law of 1 May 1913 art. 5",
                f"1 year from the end of {start.year} (whether it is still in force is "
                "uncertain; never earlier than art. 2272)",
            ),
        )
    soft_start = Step(start, None, "start", soft.article, soft.what, soft_last)
    if ended is not None:
        end_step = Step(
            ended.day,
            ended.kind,
            "ends-presumption",
            "art. 2274 al. 2",
            "a written acknowledgment or a summons ends the 1-year presumption: the 10 years apply",
            hard.last,
            ended.source,
        )
        chain = Chain(hard.last, (soft_start, end_step), hard.points, hard.brought,
                      hard.lawyer_used, hard.article)  # fmt: skip
        # The ten years decide now: their steps follow the line saying why, and the hard
        # date is the last day itself.
        return _result(
            law, claim, start, start_label, hard_period, Nature.DEFENCE, chain, settings,
            as_of, notes, hard=hard, preface=preface, presumption_ended=True,
        )  # fmt: skip
    chain = Chain(soft_last, (soft_start,), (), None, False, soft.article)
    return _result(
        law, claim, start, start_label, soft, Nature.PRESUMPTIVE, chain, settings, as_of,
        notes, hard=hard, also=also, preface=preface,
    )  # fmt: skip
