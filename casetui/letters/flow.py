"""From a case to a sent letter: propose the next one, prepare a draft, record it.

Pure functions over the ledger; the terminal UI and the CLI call them the same way:

    kind = next_letter(state, customer, profile, today)       # or the kind the user picked
    draft = prepare_letter(ledger, case_id, kind, profile=profile, sent_on=today)
    draft = edit_draft(draft, new_body)                        # after editing, re-checked
    if not draft.blocked:
        record_letter(ledger, draft, tracking="RR123456789BE")

A draft is a frozen value: changing its channel or date means preparing it again, because
the deadline written in the letter depends on both (a Belgian consumer's wait starts three
working days after posting, one day after an e-mail).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from casetui.claims import claim_for_case, regime_of
from casetui.errors import InputError
from casetui.ladder import letter_for, next_stage
from casetui.law.options import ClaimOptions
from casetui.law.regimes import get_regime
from casetui.ledger import Ledger
from casetui.letters import i18n
from casetui.letters.context import build_letter_data
from casetui.letters.deadlines import (
    DeadlinePlan,
    calendar_country,
    plan_deadline,
    uk_individual,
    with_override,
)
from casetui.letters.inputs import Instalment, LetterHeader, LetterInput
from casetui.letters.lint import Finding, FindingSeverity, LetterFacts, check_letter
from casetui.letters.render import letter_html, letter_markdown, markdown_to_text
from casetui.letters.templates import render_template
from casetui.model import (
    Channel,
    Customer,
    Event,
    HandedOver,
    HandoverTo,
    LetterKind,
    LetterSent,
    Promise,
    Stage,
)
from casetui.money import Money, from_minor
from casetui.profile import Profile
from casetui.rules import back_on_agenda
from casetui.timeline import CaseState

STATUTORY_REGIMES = ("be-b2c", "nl-b2c")


# --------------------------------------------------------------------------- proposing


@dataclass(frozen=True)
class Proposal:
    """The letter `a` would prepare, or None, and why (words for the user)."""

    kind: LetterKind | None
    reason: str


def statutory_sent(state: CaseState) -> bool:
    """Was a statutory consumer letter (BE first reminder, NL 14-day letter) recorded?"""
    return any(
        isinstance(event, LetterSent) and event.statutory and event.id not in state.voided_ids
        for event in state.timeline()
    )


def _settlement_confirmed(state: CaseState) -> bool:
    settlement = state.settlement
    return (
        settlement is None
        or settlement.lapsed is not None
        or any(
            letter.kind is LetterKind.SETTLEMENT and letter.day >= settlement.day
            for letter in state.letters
        )
    )


def propose_letter(state: CaseState, customer: Customer, profile: Profile, today: date) -> Proposal:
    """The next letter from the ladder and the regime, as of `today`."""
    if state.closed is not None:
        return Proposal(None, f"{state.id} is closed")
    if state.handover is not None:
        return Proposal(None, f"{state.id} is already handed over")
    if state.outstanding_minor <= 0:
        return Proposal(None, f"nothing is owed on {state.id}")
    if state.dispute is not None:
        return Proposal(
            None, f"{state.id} is disputed ({state.dispute.reason}); settle the dispute first"
        )
    plan = state.plan
    if plan is not None and plan.running:
        item = plan.first_unpaid()
        if item is not None and today >= plan.missed_from(item):
            return Proposal(LetterKind.INSTALMENT_REMINDER, plan.not_paid_words(item))
    if not _settlement_confirmed(state):
        return Proposal(LetterKind.SETTLEMENT, "the settlement has not been confirmed in writing")
    if plan is not None and plan.running:
        return Proposal(None, f"{state.id} is on a payment plan; no instalment is missed")
    if today <= state.due:
        return Proposal(None, f"{state.invoice} is not overdue until {state.due + timedelta(1)}")
    regime = regime_of(state, customer, profile.creditor_country)
    statutory_missing = regime in STATUTORY_REGIMES and not statutory_sent(state)
    what = "free first reminder (Book XIX)" if regime == "be-b2c" else "14-day letter"
    # The statutory letter is the first one; a case already past the first reminder (its
    # letters went out before casetui, the stage set by hand) goes on up the ladder.
    if statutory_missing and state.stage.rank <= Stage.REMINDER.rank:
        return Proposal(LetterKind.REMINDER, f"a consumer's first letter is the statutory {what}")
    stage = next_stage(state.stage)
    kind = letter_for(stage) if stage is not None else None
    if kind is None:
        return Proposal(None, f"{state.id} is at the end of the ladder")
    reason = f"next step after {state.stage.label.lower()}"
    if statutory_missing:
        reason += f"; no statutory first reminder is recorded ({what}), so no costs are claimed"
    return Proposal(kind, reason)


def next_letter(
    state: CaseState, customer: Customer, profile: Profile, today: date
) -> LetterKind | None:
    return propose_letter(state, customer, profile, today).kind


# --------------------------------------------------------------------------- the draft


@dataclass(frozen=True)
class LetterDraft:
    """A letter ready to preview, edit and record. `text` is the whole letter in Markdown."""

    case_ids: tuple[str, ...]
    customer: Customer
    kind: LetterKind
    language: str
    regime: str
    variant: str  # "" or "be-b2c", "nl-b2c", "uk-individual"
    template: str  # the template file used
    sent_on: date
    channel: Channel
    deadline: date | None
    statutory: bool  # a compliant statutory consumer letter (starts the legal clock)
    subject: str
    header: LetterHeader
    body: str  # Markdown, the part the user edits
    facts: LetterFacts
    findings: tuple[Finding, ...]
    basis: tuple[tuple[str, int], ...]  # (case id, last event id) when prepared
    instalments: tuple[Instalment, ...] = ()
    handover_to: HandoverTo | None = None
    agent: str = ""
    # The creditor's working-day calendar (the ledger's policy): when the case comes back.
    agenda_country: str = ""

    @property
    def blocked(self) -> bool:
        return any(finding.severity is FindingSeverity.BLOCK for finding in self.findings)

    @property
    def blocks(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is FindingSeverity.BLOCK)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is FindingSeverity.WARNING)

    @property
    def next_action(self) -> date | None:
        """When the case comes back on the agenda: the creditor's first working day after
        the deadline, the day the fold records (`rules.back_on_agenda`)."""
        return back_on_agenda(self.deadline, self.agenda_country) if self.deadline else None

    @property
    def text(self) -> str:
        return letter_markdown(self.header, self.body)


def _cases(ledger: Ledger, case_ids: str | Sequence[str]) -> tuple[CaseState, ...]:
    ids = [case_ids] if isinstance(case_ids, str) else list(case_ids)
    if not ids:
        raise InputError("a letter needs at least one case")
    states: dict[str, CaseState] = {}
    for case_id in ids:
        state = ledger.case(case_id)
        states.setdefault(state.id, state)
    # Oldest debt first: the order a reader expects in an invoice table.
    found = tuple(sorted(states.values(), key=lambda state: (state.due, state.id)))
    customers = {state.customer_id for state in found}
    if len(customers) > 1:
        raise InputError("one letter covers cases of one customer only")
    currencies = {state.currency for state in found}
    if len(currencies) > 1:
        raise InputError(f"one letter covers one currency, not {', '.join(sorted(currencies))}")
    for state in found:
        if state.closed is not None:
            raise InputError(f"{state.id} is closed; reopen it before writing to the customer")
    return found


def overdue_cases(ledger: Ledger, customer_id: str, on: date) -> list[CaseState]:
    """A customer's cases to chase together on `on`: open, overdue, owing something, not
    disputed, settled (a compromise has its own schedule) or handed over."""
    return [
        state
        for state in ledger.cases_of(customer_id)
        if state.due < on
        and state.outstanding_minor > 0
        and state.dispute is None
        and (state.settlement is None or state.settlement.lapsed is not None)
        and state.handover is None
    ]


def _language(lang: str | None, kind: LetterKind, customer: Customer, profile: Profile) -> str:
    if lang:
        return i18n.check_language(lang)
    if kind is not LetterKind.HANDOVER and customer.language.lower() in i18n.LANGUAGES:
        return customer.language.lower()
    return profile.letter_language if profile.letter_language in i18n.LANGUAGES else "en"


def default_channel(channel: Channel | str | None, kind: LetterKind, customer: Customer) -> Channel:
    """The channel asked for, else the usual one: a formal notice by registered post, a
    hand-over file by e-mail, other letters by e-mail when the customer has an address."""
    if channel is not None:
        try:
            return Channel(channel)
        except ValueError:
            names = ", ".join(c.value for c in Channel)
            raise InputError(f"unknown channel {channel!r} (use {names})") from None
    if kind is LetterKind.FORMAL_NOTICE:
        return Channel.REGISTERED
    if kind is LetterKind.HANDOVER:
        return Channel.EMAIL
    return Channel.EMAIL if customer.email.strip() else Channel.POST


def prepare_letter(
    ledger: Ledger,
    case_ids: str | Sequence[str],
    kind: LetterKind | str | None = None,
    *,
    profile: Profile,
    sent_on: date,
    lang: str | None = None,
    channel: Channel | str | None = None,
    deadline: date | None = None,
    instalments: Sequence[tuple[date, Decimal]] | None = None,
    handover_to: HandoverTo | str | None = None,
    agent: str = "",
) -> LetterDraft:
    """Render the letter of `kind` (default: the next one) for one case or several cases of
    one customer, dated `sent_on`, with its findings. Writes nothing. Raises `InputError`
    when no letter can be prepared at all (unknown or closed case, cases of different
    customers, no next step, a broken template); anything the letter itself lacks is a
    finding instead, so the preview can say what is missing."""
    states = _cases(ledger, case_ids)
    customer = ledger.customer(states[0].customer_id)
    kind = _letter_kind(kind, states, customer, profile, sent_on)
    regime = _one_regime(states, customer, profile)
    language = _language(lang, kind, customer, profile)
    chosen_channel = default_channel(channel, kind, customer)
    handover_to = _handover_target(handover_to)
    already = any(statutory_sent(state) for state in states)
    statutory = kind is LetterKind.REMINDER and regime in STATUTORY_REGIMES and not already
    individual = uk_individual(customer, regime)
    variant = _variant(kind, regime, statutory, individual)
    terms = profile.claim_terms()
    plan, plan_items = _deadline_plan(
        kind, regime, customer, statutory, individual is not False, sent_on, chosen_channel,
        profile, states[0], instalments, deadline,
    )  # fmt: skip
    data = LetterInput(  # everything the letter is made from
        states=states,
        claims=tuple(claim_for_case(state, customer, sent_on, terms) for state in states),
        customer=customer,
        profile=profile,
        kind=kind,
        language=language,
        regime=regime,
        variant=variant,
        statutory=statutory,
        individual=individual,
        sent_on=sent_on,
        channel=chosen_channel,
        plan=plan,
        calendar_country=calendar_country(profile, regime),
        options=terms.options or ClaimOptions(),
        statutory_sent=already,
        other_overdue=_other_overdue(ledger, states, sent_on),
        instalments=plan_items,
        handover_to=handover_to,
        agent=agent.strip(),
        agenda_country=ledger.policy.country,
    )
    return _render_letter(data)


def _letter_kind(
    kind: LetterKind | str | None,
    states: tuple[CaseState, ...],
    customer: Customer,
    profile: Profile,
    sent_on: date,
) -> LetterKind:
    """The kind asked for, else the next letter of the first case; one a letter about
    these cases can be."""
    if kind is None:
        proposal = propose_letter(states[0], customer, profile, sent_on)
        if proposal.kind is None:
            raise InputError(f"no letter to send on {states[0].id}: {proposal.reason}")
        kind = proposal.kind
    try:
        kind = LetterKind(kind)
    except ValueError:
        names = ", ".join(k.value for k in LetterKind)
        raise InputError(f"unknown letter kind {kind!r} (use {names})") from None
    if kind is LetterKind.SETTLEMENT and len(states) > 1:
        raise InputError("a settlement letter confirms the compromise of one case")
    if kind is LetterKind.INSTALMENT_REMINDER and len(states) > 1:
        raise InputError("an instalment reminder is about the payment plan of one case")
    if kind is LetterKind.INSTALMENT_REMINDER and (
        states[0].plan is None or not states[0].plan.running
    ):
        raise InputError(
            f"{states[0].id} has no payment plan running: an instalment reminder is for a "
            "missed instalment (casetui log CASE settle --instalment DATE=AMOUNT)"
        )
    return kind


def _one_regime(states: tuple[CaseState, ...], customer: Customer, profile: Profile) -> str:
    """The one legal regime the cases fall under (a letter states one law)."""
    regimes = {regime_of(state, customer, profile.creditor_country) for state in states}
    if len(regimes) > 1:
        raise InputError(f"the cases fall under different regimes ({', '.join(sorted(regimes))})")
    regime = regimes.pop()
    get_regime(regime)  # one casetui does not know is refused here
    if regime == "contract" and profile.contract_rate is None:
        raise InputError(
            f"{states[0].id} uses the contract regime: set the agreed rate in the business "
            "profile ([terms] contract_rate)"
        )
    return regime


def _variant(kind: LetterKind, regime: str, statutory: bool, individual: bool | None) -> str:
    """Which variant of the template: a statutory reminder's own (`be-b2c`, `nl-b2c`), the
    formal notice to a UK individual (the Pre-Action Protocol's letter before claim), or
    the plain one."""
    if kind is LetterKind.FORMAL_NOTICE and individual is not False:
        return "uk-individual"
    return regime if statutory else ""


def _other_overdue(ledger: Ledger, states: tuple[CaseState, ...], on: date) -> tuple[str, ...]:
    """The invoices of the customer's other overdue cases, which the letter mentions."""
    covered = {state.id for state in states}
    return tuple(
        state.invoice
        for state in overdue_cases(ledger, states[0].customer_id, on)
        if state.id not in covered
    )


def _handover_target(handover_to: HandoverTo | str | None) -> HandoverTo | None:
    if handover_to is None:
        return None
    try:
        return HandoverTo(handover_to)
    except ValueError:
        raise InputError(f"unknown hand-over target {handover_to!r}") from None


def _deadline_plan(
    kind: LetterKind,
    regime: str,
    customer: Customer,
    statutory: bool,
    individual: bool,
    sent_on: date,
    channel: Channel,
    profile: Profile,
    primary: CaseState,
    instalments: Sequence[tuple[date, Decimal]] | None,
    deadline: date | None,
) -> tuple[DeadlinePlan, tuple[Instalment, ...]]:
    """The letter's deadline (the law's and the profile's, or the one asked for) and, for a
    settlement, its instalments: the ones asked for, else what a running plan still asks,
    else the whole rest by the deadline. The first instalment's day is the deadline."""
    plan = plan_deadline(
        kind=kind,
        regime=regime,
        consumer=get_regime(regime).consumer or customer.kind.value == "consumer",
        statutory=statutory,
        individual=individual,
        sent_on=sent_on,
        channel=channel,
        profile=profile,
    )
    plan_items: tuple[Instalment, ...] = ()
    if kind is LetterKind.SETTLEMENT:
        if instalments:
            plan_items = tuple(Instalment(day, amount) for day, amount in sorted(instalments))
        elif primary.plan is not None and primary.plan.running:
            plan_items = plan_instalments(primary)  # what the plan recorded still asks
        elif plan.deadline is not None:
            plan_items = (Instalment(plan.deadline, primary.outstanding.amount),)
        if plan_items:
            plan = dataclasses.replace(plan, deadline=plan_items[0].due)
    return with_override(plan, deadline), plan_items


def _render_letter(data: LetterInput) -> LetterDraft:
    """The letter's text from its template, as a draft with its findings."""
    kind, language, variant, states = data.kind, data.language, data.variant, data.states
    context, header, facts = build_letter_data(data)
    rendered = render_template(kind.value, (variant,) if variant else (), language, context)
    subject = rendered.subject or i18n.KIND_NAMES[language][kind.value].capitalize()
    return LetterDraft(
        case_ids=tuple(state.id for state in states),
        customer=data.customer,
        kind=kind,
        language=language,
        regime=data.regime,
        variant=variant,
        template=str(rendered.template),
        sent_on=data.sent_on,
        channel=data.channel,
        deadline=data.plan.deadline,
        statutory=data.statutory,
        subject=subject,
        header=header,
        body=rendered.body,
        facts=facts,
        findings=check_letter(facts, rendered.body),
        basis=tuple((state.id, state.last_event_id) for state in states),
        instalments=data.instalments,
        handover_to=data.handover_to,
        agent=data.agent,
        agenda_country=data.agenda_country,
    )


def plan_instalments(state: CaseState) -> tuple[Instalment, ...]:
    """A running plan's instalments not yet paid in full, with what each still lacks."""
    assert state.plan is not None
    return tuple(
        Instalment(item.due, from_minor(item.unpaid_minor, state.currency))
        for item in state.plan.instalments
        if not item.is_paid
    )


def edit_draft(draft: LetterDraft, body: str) -> LetterDraft:
    """The draft with the user's edited body, checked again."""
    return dataclasses.replace(draft, body=body, findings=check_letter(draft.facts, body))


# --------------------------------------------------------------------------- recording


@dataclass(frozen=True)
class Proof:
    """How a letter's sending is proven: what the mail server accepted, the file kept."""

    recipient: str = ""
    message_id: str = ""
    evidence: str = ""  # a file in the evidence folder: `<sha256>.eml` or `<sha256>.pdf`


def ensure_current(ledger: Ledger, draft: LetterDraft) -> None:
    """Raise `InputError` if a case changed since the draft was prepared (check this before
    sending: a letter that went out must then be recordable)."""
    for case_id, last_event_id in draft.basis:
        if ledger.case(case_id).last_event_id != last_event_id:
            raise InputError(f"{case_id} changed since the letter was prepared; prepare it again")


def receipt_question(ledger: Ledger, draft: LetterDraft) -> bool:
    """Should the user be asked when the letter reached the debtor? Yes for a letter to the
    debtor on a case under Dutch law, where only a demand that reached the debtor
    interrupts limitation (casetui.limitation.cases.receipt_matters)."""
    from casetui.limitation.cases import receipt_matters

    if draft.kind is LetterKind.HANDOVER:
        return False
    states = [ledger.case(case_id) for case_id in draft.case_ids]
    return any(receipt_matters(state, draft.customer, ledger.policy) for state in states)


def record_letter(
    ledger: Ledger,
    draft: LetterDraft,
    *,
    tracking: str = "",
    body: str | None = None,
    proof: Proof | None = None,
    received: date | None = None,
    batch: str = "",
) -> tuple[CaseState, ...]:
    """Append the letter to every case it covers, in one commit; returns their new states.

    Each case gets a `LetterSent` with the frozen text, the deadline (the fold moves the
    stage and sets the next action the day after it) and `covers=` the other cases. A
    hand-over file also records the hand-over; a settlement confirmation records the first
    instalment as a promise to pay, so a missed instalment comes back on the agenda.
    `received`: the day it reached the debtor, when known (limitation, `receipt_question`).
    `proof`: what the mail server accepted and the copy kept as evidence (`casetui.mail`).
    `batch`: one action on several cases (`Ledger.new_batch_id`): one undo takes the lot.
    Refuses a draft with a blocking finding, or one prepared before the case changed.
    """
    if body is not None:
        draft = edit_draft(draft, body)
    if draft.blocked:
        reasons = "; ".join(finding.message for finding in draft.blocks)
        raise InputError(f"the letter cannot be sent: {reasons}")
    ensure_current(ledger, draft)
    proof = proof or Proof()
    with ledger.transaction():
        for case_id in draft.case_ids:
            state = ledger.case(case_id)
            events: list[Event] = [
                _letter_sent(draft, case_id, tracking, proof, received, batch),
                *_what_the_letter_starts(draft, state, batch),
            ]
            ledger.append(case_id, *events)
    return tuple(ledger.case(case_id) for case_id in draft.case_ids)


def _letter_sent(
    draft: LetterDraft,
    case_id: str,
    tracking: str,
    proof: Proof,
    received: date | None,
    batch: str,
) -> LetterSent:
    """The letter as `case_id` records it: its frozen text, deadline and proof."""
    return LetterSent(
        date=draft.sent_on,
        letter_kind=draft.kind,
        channel=draft.channel,
        deadline=draft.deadline,
        tracking=tracking.strip(),
        language=draft.language,
        text=draft.text,
        covers=tuple(other for other in draft.case_ids if other != case_id),
        statutory=draft.statutory,
        recipient=proof.recipient,
        message_id=proof.message_id,
        evidence=proof.evidence,
        received=received if draft.kind is not LetterKind.HANDOVER else None,
        batch=batch,
    )


def _what_the_letter_starts(draft: LetterDraft, state: CaseState, batch: str) -> list[Event]:
    """What a letter sets going besides itself: a hand-over file hands the case over; a
    settlement confirmation without a recorded plan watches its first instalment."""
    if draft.kind is LetterKind.HANDOVER and state.handover is None:
        to = draft.handover_to or HandoverTo.AGENCY
        return [HandedOver(date=draft.sent_on, to=to, name=draft.agent, batch=batch)]
    if draft.kind is LetterKind.SETTLEMENT and draft.instalments and state.plan is None:
        # A plan recorded as such (`log settle --instalment`, the settlement form) is
        # watched instalment by instalment; a letter confirming a settlement without one
        # watches its first payment as a promise.
        first = draft.instalments[0]
        amount = Money(first.amount, state.currency)
        note = "first instalment of the settlement"
        return [Promise(date=draft.sent_on, amount=amount, by=first.due, note=note, batch=batch)]
    return []


def render_draft(draft: LetterDraft, fmt: str, *, window: str = "left") -> str:
    """The draft as `md`, `html` or `txt` (the renderers know letters, not drafts)."""
    if fmt == "md":
        return draft.text
    if fmt == "html":
        return letter_html(
            draft.header, draft.body, title=draft.subject, lang=draft.language, window=window
        )
    if fmt == "txt":
        return markdown_to_text(draft.body)
    raise ValueError(f"unknown format {fmt!r}")
