"""Everything a letter template can print, and the facts the check needs, for one letter.

`build_letter_data` takes the cases (one, or several of the same customer), their claims as
of the letter date, the profile and the choices made (kind, language, channel, deadline) and
returns:
- the template context: plain sections of pre-formatted strings (amounts and dates already
  written the way the letter's language writes them), documented in
  `data/templates/README.md`;
- the `LetterHeader` (sender, recipient, place and date) that the renderers lay out;
- the `LetterFacts` for `casetui.letters.lint`, with what `casetui.letters.needs` found: the
  text requirements of the kind and regime and the problems in the data.

A value the profile lacks is printed as a visible marker (`[missing: IBAN]`) and reported as a
blocking problem: a letter is never produced with a blank where something belongs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from casetui.identifiers import format_be_enterprise
from casetui.law import Claim, compensation_for_invoices, default_rate_book, get_regime
from casetui.law.options import ClaimOptions
from casetui.letters import i18n
from casetui.letters.history import history_rows
from casetui.letters.inputs import DEBTOR_KINDS, LetterHeader, LetterInput, PaymentRequest
from casetui.letters.lint import LetterFacts
from casetui.letters.needs import data_problems, text_requirements
from casetui.letters.references import payment_reference, uses_ogm
from casetui.letters.templates import Section
from casetui.markdown import quote
from casetui.model import Channel, HandoverTo, LetterKind, LetterSent
from casetui.money import Money, from_minor
from casetui.records import NamedTuple
from casetui.timeline import CaseState


def missing(what: str) -> str:
    return f"[missing: {what}]"


class _Format:
    def __init__(self, lang: str, currency: str) -> None:
        self.lang, self.currency = lang, currency

    def money(self, amount: Decimal | Money) -> str:
        if isinstance(amount, Money):
            return i18n.format_money(amount.amount, amount.currency, self.lang)
        return i18n.format_money(amount, self.currency, self.lang)

    def day(self, day: date | None) -> str:
        return i18n.format_date(day, self.lang) if day else ""

    def rate(self, rate: Decimal) -> str:
        return i18n.format_rate(rate, self.lang)


class _Sums(NamedTuple):
    """The letter's amounts, added up over its cases."""

    outstanding: Decimal  # what the invoices still owe, before interest and costs
    principal: Decimal  # the claims' principal (after payments imputed on interest and costs)
    interest: Decimal
    costs: Decimal
    daily: Decimal  # interest a day from the letter date on
    total: Decimal  # principal + interest + costs


def build_letter_data(data: LetterInput) -> tuple[dict[str, Any], LetterHeader, LetterFacts]:
    return _Builder(data).build()


class _Builder:
    def __init__(self, data: LetterInput) -> None:
        self.data = data
        self.lang = data.language
        self.currency = data.states[0].currency
        self.fmt = _Format(self.lang, self.currency)
        self.spec = get_regime(data.regime)

    # ----------------------------------------------------------------- pieces

    def creditor(self) -> Section:
        p, lang = self.data.profile, self.lang
        country = p.country
        registration = []
        if p.vat:
            if country == "BE":
                label = i18n.REGISTRATION_LABELS["BE"][lang]
                registration.append({"label": label, "value": format_be_enterprise(p.vat)})
            else:
                registration.append({"label": i18n.VAT_LABELS[lang], "value": p.vat})
        if p.company_no:
            labels = i18n.REGISTRATION_LABELS.get(country, {})
            label = labels.get(lang, i18n.OTHER_REGISTRATION[lang])
            registration.insert(0, {"label": label, "value": p.company_no})
        contact = [item for item in (p.email, p.phone) if item]
        return Section(
            "creditor",
            {
                "registration_lines": [f"{r['label']} {r['value']}" for r in registration],
                "contact": " · ".join(contact),
                "contact_or": f" {i18n.OR_WORD[lang]} ".join(contact),
                "address_inline": ", ".join(p.address_lines) or missing("business address"),
                "name": p.name or missing("business name"),
                "address": p.address or missing("business address"),
                "address_lines": list(p.address_lines) or [missing("business address")],
                "country": country,
                "registration": registration,
                "enterprise_no": format_be_enterprise(p.vat) if country == "BE" and p.vat else "",
                "iban": p.iban or missing("IBAN"),
                "bic": p.bic,
                "email": p.email,
                "phone": p.phone,
                "city": p.city,
                "signatory": p.signatory,
            },
        )

    def debtor(self) -> Section:
        c = self.data.customer
        return Section(
            "debtor",
            {
                "name": c.name,
                "address": c.address,
                "address_lines": [line for line in c.address.splitlines() if line.strip()],
                "kind": c.kind.value,
                "kind_name": i18n.CUSTOMER_KINDS[self.lang][c.kind.value],
                "consumer": c.kind.value == "consumer",
                # An individual under English law (consumer or sole trader): the Protocol.
                "individual": self.data.individual is not False,
                "vat": c.vat,
                "email": c.email,
                "phone": c.phone,
                "country": c.country.upper(),
            },
        )

    def invoices(self) -> list[Section]:
        rows = []
        for state in self.data.states:
            settled = state.paid_minor + state.credited_minor
            rows.append(
                Section(
                    "invoice",
                    {
                        "case_id": state.id,
                        "number": state.invoice,
                        "issued": self.fmt.day(state.issued),
                        "due": self.fmt.day(state.due),
                        "amount": self.fmt.money(state.amount),
                        "paid": self.fmt.money(state.paid + state.credited) if settled else "",
                        "outstanding": self.fmt.money(state.outstanding),
                        "reference": payment_reference(self.data.profile.country, state),
                        "days_overdue": max(0, (self.data.sent_on - state.due).days),
                    },
                )
            )
        return rows

    def previous_letters(self) -> list[Section]:
        """The letters sent before, up to the letter date. A ladder letter recalls only
        earlier steps: a combined second reminder where one invoice already had one still
        says "we sent you a reminder", never "a second reminder" under that title."""
        seen: dict[tuple[date, str], Section] = {}
        step = self.data.kind.stage
        for state in self.data.states:
            for event in state.timeline():
                if event.id in state.voided_ids or not isinstance(event, LetterSent):
                    continue
                if event.letter_kind not in DEBTOR_KINDS or event.date > self.data.sent_on:
                    continue
                earlier = event.letter_kind.stage
                if step is not None and earlier is not None and earlier.rank >= step.rank:
                    continue
                seen.setdefault(
                    (event.date, event.letter_kind.value),
                    Section(
                        "previous",
                        {
                            "kind": event.letter_kind.value,
                            "kind_name": i18n.KIND_NAMES[self.lang][event.letter_kind.value],
                            "date": self.fmt.day(event.date),
                            "channel_name": i18n.CHANNEL_NAMES[self.lang][event.channel.value],
                            "deadline": self.fmt.day(event.deadline),
                        },
                    ),
                )
        return [seen[key] for key in sorted(seen)]

    # ----------------------------------------------------------------- money

    def costs_owed(self) -> Decimal:
        """Compensation due now, summed; a Dutch consumer's WIK once on the sum (6:96(7) BW)."""
        claims = self.data.claims
        per_case = sum((claim.compensation for claim in claims), Decimal(0))
        if self.spec.compensation == "wik" and self.spec.consumer and len(claims) > 1:
            due = [claim.principal for claim in claims if claim.compensation > 0]
            if due:
                combined = compensation_for_invoices(
                    self.spec, due, "EUR", self.data.options
                ).amount
                return min(combined, per_case)
        return per_case

    def costs_announced(self) -> Decimal:
        """What the compensation will be once due (statutory letters announce it)."""
        principals = [claim.principal for claim in self.data.claims]
        result = compensation_for_invoices(self.spec, principals, self.currency, self.data.options)
        return result.amount if result.warning is None else Decimal(0)

    def announced_rate(self) -> tuple[Decimal | None, bool, str]:
        """The annual rate that applies on the letter date: (rate, carried forward, period)."""
        if self.spec.engine == "none":
            return None, False, ""
        if self.spec.engine == "agreed":
            rate = self.data.profile.contract_rate
            return rate, False, ""
        series = "be-legal" if self.data.regime == "be-b2c" else self.spec.series
        assert series is not None
        quote = default_rate_book().series(series).quote(self.data.sent_on)
        return quote.rate, quote.extrapolated, quote.period

    def periods(self) -> list[Section]:
        rows = []
        for state, claim in zip(self.data.states, self.data.claims, strict=True):
            for period in claim.periods:
                rows.append(
                    Section(
                        "period",
                        {
                            "invoice": state.invoice,
                            "start": self.fmt.day(period.start),
                            "end": self.fmt.day(period.end),
                            "days": period.days,
                            "rate": self.fmt.rate(period.rate)
                            + (" *" if period.extrapolated else ""),
                            "rate_plain": self.fmt.rate(period.rate),
                            "base": self.fmt.money(period.base),
                            "interest": self.fmt.money(period.interest_rounded),
                        },
                    )
                )
        return rows

    def fee_terms(self) -> str:
        """The agreed percentage fee and its bounds, when the costs come from it."""
        options = self.data.options
        if options is None or options.fee_percent is None:
            return ""
        if self.spec.compensation not in ("contract-fee", "be-lump-sum"):
            return ""
        bound = options.fee_minimum, options.fee_maximum
        return i18n.fee_terms(
            self.fmt.rate(options.fee_percent),
            self.fmt.money(bound[0]) if bound[0] is not None else "",
            self.fmt.money(bound[1]) if bound[1] is not None else "",
            self.lang,
        )

    def payments(self) -> list[Section]:
        """Each payment as it was applied: to costs, to interest, to the principal."""
        rows = []
        for state, claim in zip(self.data.states, self.data.claims, strict=True):
            for item in claim.allocation:
                if item.kind != "payment":
                    continue
                rows.append(
                    Section(
                        "applied",
                        {
                            "invoice": state.invoice,
                            "date": self.fmt.day(item.day),
                            "amount": self.fmt.money(item.amount),
                            "costs": self.fmt.money(item.costs),
                            "interest": self.fmt.money(item.interest),
                            "principal": self.fmt.money(item.principal),
                        },
                    )
                )
        return rows

    def rate_note(self, announce: tuple[Decimal | None, bool, str]) -> tuple[str, tuple[str, ...]]:
        """The disclosure of rates carried forward, and those rates as the letter prints them."""
        labels: dict[str, Decimal] = {}
        for claim in self.data.claims:
            for period in claim.periods:
                if period.extrapolated:
                    labels.setdefault(period.period, period.rate)
        rate, extrapolated, period = announce
        if extrapolated and rate is not None:
            labels.setdefault(period, rate)
        if not labels:
            return "", ()
        used = self.fmt.rate(next(reversed(labels.values())))
        amounts = self.data.kind in (
            LetterKind.SECOND_REMINDER,
            LetterKind.FORMAL_NOTICE,
            LetterKind.HANDOVER,
        )
        note = i18n.extrapolation_note(list(labels), used, self.lang, amounts=amounts)
        return note, tuple(dict.fromkeys(self.fmt.rate(rate) for rate in labels.values()))

    # ----------------------------------------------------------------- build

    def build(self) -> tuple[dict[str, Any], LetterHeader, LetterFacts]:
        data = self.data
        creditor, debtor, invoices = self.creditor(), self.debtor(), self.invoices()
        sums = self.sums()
        announce = self.announced_rate()
        rate_note, carried_rates = self.rate_note(announce)
        to_pay = self.to_pay(sums)
        references = [row["reference"] for row in invoices]
        costs_announced = self.costs_announced()
        costs_allowed_from = self.costs_allowed_from()
        context: dict[str, Any] = {
            "letter": self.letter_section(),
            "creditor": creditor,
            "debtor": debtor,
            "invoices": invoices,
            "payment": self.payment_section(to_pay, references, creditor),
            "totals": self.totals_section(sums),
            "claim": self.claim_section(sums, rate_note, costs_allowed_from),
            "announce": self.announce_section(announce, sums, costs_announced),
            "regime": self.regime_section(debtor),
            "settlement": self.settlement(),
            "plan": self.plan(),
            "handover": self.handover(data.claims),
        }
        required = text_requirements(
            data, context, (rate_note, carried_rates), sums.interest, sums.costs, costs_announced
        )
        header = self.header(creditor, debtor, self.payment_request(to_pay, references))
        return context, header, self.facts(context, sums, costs_allowed_from, required)

    def sums(self) -> _Sums:
        claims = self.data.claims
        principal = sum((c.principal for c in claims), Decimal(0))
        interest = sum((c.interest for c in claims), Decimal(0))
        costs = self.costs_owed()
        return _Sums(
            outstanding=sum((s.outstanding.amount for s in self.data.states), Decimal(0)),
            principal=principal,
            interest=interest,
            costs=costs,
            daily=sum((c.daily_interest for c in claims), Decimal(0)),
            total=principal + interest + costs,
        )

    def to_pay(self, sums: _Sums) -> Decimal:
        """What the letter asks for now: the whole claim from a formal notice or a hand-over,
        a settlement's instalments, a plan's arrears, else what the invoices still owe."""
        data, kind = self.data, self.data.kind
        if kind in (LetterKind.FORMAL_NOTICE, LetterKind.HANDOVER):
            return sums.total
        if kind is LetterKind.SETTLEMENT:
            return sum((item.amount for item in data.instalments), Decimal(0))
        if kind is LetterKind.INSTALMENT_REMINDER:
            return plan_arrears(data.states[0], data.sent_on)
        return sums.outstanding

    def costs_allowed_from(self) -> date | None:
        """The latest day from which a waiting period allows costs on any of the claims."""
        allowed_from = None
        for claim in self.data.claims:
            if claim.clock.limited and claim.clock.allowed_from is not None:
                allowed_from = max(
                    allowed_from or claim.clock.allowed_from, claim.clock.allowed_from
                )
        return allowed_from

    def letter_section(self) -> Section:
        data, fmt, lang, kind = self.data, self.fmt, self.lang, self.data.kind
        return Section(
            "letter",
            {
                "kind": kind.value,
                "kind_name": i18n.KIND_NAMES[lang][kind.value],
                "language": lang,
                "variant": data.variant,
                "date": fmt.day(data.sent_on),
                "place_date": self._place_date(),
                "channel": data.channel.value,
                "channel_name": i18n.CHANNEL_NAMES[lang][data.channel.value],
                "registered": data.channel is Channel.REGISTERED,
                "by_post": data.channel is not Channel.EMAIL,
                "deadline": fmt.day(data.plan.deadline),
                "deadline_days": (data.plan.deadline - data.sent_on).days
                if data.plan.deadline
                else 0,
                "business_days": data.plan.business_days,
                "term_start": fmt.day(data.plan.term_start),
                "statutory": data.statutory,
                "multi": len(data.states) > 1,
                "previous": self.previous_letters(),
            },
        )

    def payment_section(self, to_pay: Decimal, references: list[str], creditor: Section) -> Section:
        single = len(self.data.states) == 1
        scheme = "ogm" if uses_ogm(self.data.profile.country) else "rf"
        return Section(
            "payment",
            {
                "amount": self.fmt.money(to_pay),
                "reference": references[0] if single else "",
                "per_invoice": not single,
                "reference_name": i18n.REFERENCE_NAMES[scheme][self.lang],
                "iban": creditor["iban"],
                "bic": creditor["bic"],
                "name": creditor["name"],
            },
        )

    def totals_section(self, sums: _Sums) -> Section:
        money = self.fmt.money
        return Section(
            "totals",
            {
                "outstanding": money(sums.outstanding),
                "principal": money(sums.principal),
                "interest": money(sums.interest),
                "costs": money(sums.costs),
                "total": money(sums.total),
                "has_interest": sums.interest > 0,
                "has_costs": sums.costs > 0,
                "currency": self.currency,
            },
        )

    def claim_section(
        self, sums: _Sums, rate_note: str, costs_allowed_from: date | None
    ) -> Section:
        data, fmt, lang, claims = self.data, self.fmt, self.lang, self.data.claims
        words = i18n.law_words(data.regime, lang)
        interest_name, interest_basis = words.interest_name, words.interest_basis
        if data.regime == "be-b2c" and not data.profile.contract_rate:
            interest_name, legal_basis = i18n.be_legal_interest_words(lang)
            interest_basis = f"{interest_basis} {i18n.AND_WORD[lang]} {legal_basis}"
        imputed = any(
            item.costs > 0 or item.interest > 0 for claim in claims for item in claim.allocation
        )
        clock = claims[0].clock
        return Section(
            "claim",
            {
                "as_of": fmt.day(data.sent_on),
                "interest_name": interest_name,
                "interest_basis": interest_basis,
                "costs_basis": words.costs_basis,
                "costs_name": words.costs_name,
                "costs_desc": words.costs_desc,
                "periods": self.periods(),
                "daily": i18n.format_daily(sums.daily, self.currency, lang),
                "has_daily": sums.daily > 0,
                "rate_note": rate_note,
                "imputed": imputed,
                "payments": self.payments() if imputed else [],
                "imputation_basis": i18n.imputation_basis(data.regime, lang),
                "fee_terms": self.fee_terms(),
                "invoiced": fmt.money(sum((c.original_principal for c in claims), Decimal(0))),
                "to_principal": fmt.money(
                    sum((i.principal for c in claims for i in c.allocation), Decimal(0))
                ),
                "costs_allowed_from": fmt.day(costs_allowed_from),
                # be-b2c: interest from the end of the 14-day wait unless the setting
                # reaches back to the due date (art. XIX.2; issue 18, item 11)
                "interest_from_due": (data.options or ClaimOptions()).be_b2c_interest_from == "due",
                "costs_waiting": bool(
                    clock.limited
                    and (costs_allowed_from is None or costs_allowed_from > data.sent_on)
                ),
                "statutory_sent": data.statutory_sent,
            },
        )

    def announce_section(
        self, announce: tuple[Decimal | None, bool, str], sums: _Sums, costs_announced: Decimal
    ) -> Section:
        fmt = self.fmt
        return Section(
            "announce",
            {
                "rate": fmt.rate(announce[0]) if announce[0] is not None else "",
                "costs": fmt.money(costs_announced) if costs_announced > 0 else "",
                "interest_accrued": fmt.money(sums.interest) if sums.interest > 0 else "",
                "costs_accrued": fmt.money(sums.costs) if sums.costs > 0 else "",
            },
        )

    def regime_section(self, debtor: Section) -> Section:
        data = self.data
        return Section(
            "regime",
            {
                "code": data.regime,
                "name": i18n.REGIME_NAMES.get(data.regime, i18n.REGIME_NAMES["none"])[self.lang],
                "consumer": self.spec.consumer or debtor["consumer"],
                "country": (self.spec.calendar_country or data.customer.country.upper()),
            },
        )

    def facts(
        self,
        context: dict[str, Any],
        sums: _Sums,
        costs_allowed_from: date | None,
        required: Sequence[Any],
    ) -> LetterFacts:
        """What the check (`casetui.letters.lint`) needs to know about the letter."""
        data, kind, claims = self.data, self.data.kind, self.data.claims
        return LetterFacts(
            kind=kind,
            regime=data.regime,
            consumer=bool(context["regime"]["consumer"]),
            statutory=data.statutory,
            sent_on=data.sent_on,
            channel=data.channel,
            deadline=data.plan.deadline,
            minimum_deadline=data.plan.minimum,
            minimum_reason=data.plan.minimum_reason,
            calendar_country=data.calendar_country,
            # Only a formal notice asks the debtor for interest and costs (the hand-over file
            # states them for the agent; reminders announce them).
            costs_charged=sums.costs if kind is LetterKind.FORMAL_NOTICE else Decimal(0),
            interest_charged=sums.interest if kind is LetterKind.FORMAL_NOTICE else Decimal(0),
            costs_allowed_from=costs_allowed_from,
            clock_limited=claims[0].clock.limited,
            clock_gates_interest=self.spec.clock_gates_interest,
            required=tuple(required),
            problems=tuple(data_problems(data)),
            notes=tuple(dict.fromkeys(w for claim in claims for w in claim.warnings)),
        )

    def _english_law(self) -> bool:
        """Does English law govern the cases' contract, the law limitation applies (not the
        debtor's country: a British client of a Belgian studio is under Belgian law)?"""
        from casetui.limitation import Law
        from casetui.limitation.cases import governing_law

        data = self.data
        state = data.states[0]
        law = governing_law(state.limitation_law, data.customer, data.profile.creditor_law).law
        return law is Law.EW

    def _place_date(self) -> str:
        city = self.data.profile.city
        day = self.fmt.day(self.data.sent_on)
        if not city:
            return day
        return f"{city}, {'le ' if self.lang == 'fr' else ''}{day}"

    # ----------------------------------------------------------------- kinds

    def settlement(self) -> Section | None:
        data = self.data
        if data.kind is not LetterKind.SETTLEMENT:
            return None
        state = data.states[0]
        agreed = state.settlement
        if agreed is not None and agreed.amount is not None:
            original = agreed.amount.amount + state.waived.amount
        else:
            original = state.outstanding.amount
        country = self.spec.calendar_country or data.customer.country.upper().replace("UK", "GB")
        if country not in ("BE", "NL", "GB"):
            country = data.profile.country
        paid_since = Decimal(0)
        if agreed is not None and agreed.amount is not None:
            paid_since = agreed.amount.amount - state.outstanding.amount
        return Section(
            "settlement",
            {
                "day": self.fmt.day(agreed.day) if agreed else "",
                "terms": agreed.terms if agreed else "",
                "agreed": self.fmt.money(agreed.amount) if agreed and agreed.amount else "",
                "paid_since": self.fmt.money(paid_since) if paid_since > 0 else "",
                "remaining": self.fmt.money(state.outstanding),
                "waived": self.fmt.money(state.waived) if state.waived_minor > 0 else "",
                "original": self.fmt.money(original),
                "instalments": [
                    Section(
                        "instalment",
                        {"due": self.fmt.day(i.due), "amount": self.fmt.money(i.amount)},
                    )
                    for i in data.instalments
                ],
                "single": len(data.instalments) == 1,
                # A compromise after a dispute, or a plan agreed without one.
                "disputed": any(e.kind == "dispute" for e in state.timeline()),
                # The revival clause: the plan's own, else proposed (a plan is made by it).
                "revive": state.plan.revive if state.plan is not None else True,
                "law": _SETTLEMENT_LAW.get(country, {}).get(self.lang, ""),
                "governing_law": _GOVERNING_LAW.get(country, _GOVERNING_LAW["BE"])[self.lang],
            },
        )

    def plan(self) -> Section | None:
        """A payment plan's instalments as of the letter date (instalment reminders)."""
        data = self.data
        plan = data.states[0].plan
        if data.kind is not LetterKind.INSTALMENT_REMINDER or plan is None:
            return None
        currency = data.states[0].currency

        def money(minor: int) -> str:
            return self.fmt.money(from_minor(minor, currency))

        rows = [
            Section(
                "instalment",
                {
                    "number": item.number,
                    "due": self.fmt.day(item.due),
                    "amount": money(item.amount_minor),
                    "paid": money(item.paid_minor) if item.paid_minor else "",
                    "unpaid": money(item.unpaid_minor),
                    "behind": not item.is_paid and item.due < data.sent_on,
                    "is_paid": item.is_paid,
                },
            )
            for item in plan.instalments
        ]
        behind = [row for row in rows if row["behind"]]
        return Section(
            "plan",
            {
                "day": self.fmt.day(plan.day),
                "count": plan.count,
                "total": money(plan.total_minor),
                "instalments": rows,
                "behind": behind,
                "arrears": self.fmt.money(plan_arrears(data.states[0], data.sent_on)),
                "revive": plan.revive,
                "original": self.fmt.money(data.states[0].amount.amount),
            },
        )

    def handover(self, claims: Sequence[Claim]) -> Section | None:
        data = self.data
        if data.kind is not LetterKind.HANDOVER:
            return None
        to = data.handover_to or HandoverTo.AGENCY
        rows = []
        letters = []
        for state in data.states:
            rows += history_rows(state, self.lang, self.fmt.money, self.fmt.day)
            for event in state.timeline():
                if (
                    isinstance(event, LetterSent)
                    and event.id not in state.voided_ids
                    and event.text
                ):
                    letters.append(
                        {
                            "title": f"{self.fmt.day(event.date)}: "
                            f"{i18n.KIND_NAMES[self.lang][event.letter_kind.value]}",
                            "text": quote(event.text),
                        }
                    )
        unique_letters = list({item["title"] + item["text"]: item for item in letters}.values())
        limitation = ""
        if self._english_law():  # the template states the Limitation Act's six years
            first_due = min(state.due for state in data.states)
            limitation = self.fmt.day(first_due + relativedelta(years=6))
        disputes = [state.dispute.reason for state in data.states if state.dispute is not None]
        return Section(
            "handover",
            {
                "to": to.value,
                "to_name": i18n.HANDOVER_NAMES[self.lang][to.value],
                "agent": data.agent,
                "history": rows,
                "letters": unique_letters,
                "limitation": limitation,
                "disputes": disputes,
                "rate_sources": [line for claim in claims for line in claim.rate_sources],
            },
        )

    # ----------------------------------------------------------------- checks

    # ----------------------------------------------------------------- header

    def payment_request(self, to_pay: Decimal, references: list[str]) -> PaymentRequest | None:
        """The payment a debtor's letter asks for; a settlement asks for its first payment
        first. None for the hand-over file (it goes to the agent) or when nothing is owed."""
        data = self.data
        if data.kind is LetterKind.HANDOVER:
            return None
        amount = data.instalments[0].amount if data.instalments else to_pay
        if amount <= 0:
            return None
        p = data.profile
        return PaymentRequest(
            name=p.name,
            iban=p.iban,
            bic=p.bic,
            amount=amount,
            currency=self.currency,
            reference=references[0] if len(references) == 1 else "",
            invoices=tuple(state.invoice for state in data.states),
        )

    def header(
        self, creditor: Section, debtor: Section, payment: PaymentRequest | None
    ) -> LetterHeader:
        data, lang = self.data, self.lang
        p = data.profile
        sender = [creditor["name"], *creditor["address_lines"]]
        return_line = " · ".join([p.name, *p.address_lines]) if p.name else ""
        if data.kind is LetterKind.HANDOVER:
            to = i18n.HANDOVER_NAMES[lang][(data.handover_to or HandoverTo.AGENCY).value]
            recipient: list[str] = [data.agent] if data.agent else [to.capitalize()]
        else:
            recipient = [debtor["name"], *debtor["address_lines"]]
            country = data.customer.country.upper().replace("UK", "GB")
            if country and p.country and country != p.country:
                recipient.append(i18n.COUNTRY_NAMES[lang].get(country, country))
        mark = i18n.REGISTERED_MARK[lang] if data.channel is Channel.REGISTERED else ""
        return LetterHeader(
            tuple(sender), return_line, tuple(recipient), self._place_date(), mark, payment
        )


# What a settlement letter calls the agreement, by the law it falls under and the language.
_SETTLEMENT_LAW = {
    "BE": {
        "en": "a settlement agreement (dading) within the meaning of articles 2044 and "
        "following of the former Civil Code",
        "nl": "een dading in de zin van artikel 2044 en volgende van het oud Burgerlijk Wetboek",
        "fr": "une transaction au sens des articles 2044 et suivants de l'ancien Code civil",
        "de": "ein Vergleich im Sinne der Artikel 2044 ff. des früheren Zivilgesetzbuches",
    },
    "NL": {
        "en": "a settlement agreement (vaststellingsovereenkomst) within the meaning of "
        "article 7:900 of the Dutch Civil Code",
        "nl": "een vaststellingsovereenkomst in de zin van artikel 7:900 van het "
        "Burgerlijk Wetboek",
        "fr": "un accord de règlement (vaststellingsovereenkomst) au sens de l'article "
        "7:900 du Code civil néerlandais",
        "de": "ein Vergleich (vaststellingsovereenkomst) im Sinne von Artikel 7:900 des "
        "niederländischen Bürgerlichen Gesetzbuches",
    },
}

# The law a settlement letter says governs it.
_GOVERNING_LAW = {
    "BE": {"en": "Belgian law", "nl": "Belgisch recht", "fr": "droit belge",
           "de": "belgisches Recht"},
    "NL": {"en": "Dutch law", "nl": "Nederlands recht", "fr": "droit néerlandais",
           "de": "niederländisches Recht"},
    "GB": {"en": "the law of England and Wales", "nl": "Engels recht",
           "fr": "droit anglais", "de": "das Recht von England und Wales"},
}  # fmt: skip


def plan_arrears(state: CaseState, on: date) -> Decimal:
    """What a payment plan's instalments due before `on` still lack (instalment reminders)."""
    plan = state.plan
    if plan is None:
        return Decimal(0)
    minor = sum(item.unpaid_minor for item in plan.instalments if item.due < on)
    return from_minor(minor, state.currency)
