"""What a letter needs: problems in its data, and the text its body must contain.

Two lists for `casetui.letters.lint.check_letter`:
- `data_problems`: the profile lacks an IBAN or an enterprise number, a case is not overdue
  or is disputed, a posted letter has no address, the consumer's statutory letter is missing,
  a settlement's instalments do not add up...;
- `text_requirements`: what must appear in the body for the kind and regime (invoice numbers,
  IBAN, references, amount, deadline; the interest basis, rates and periods of a formal
  notice; the mandatory mentions of the Belgian first reminder and the Dutch 14-day letter;
  the note on a rate carried forward). The body is checked against them after every edit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from casetui.law import get_regime
from casetui.letters.deadlines import english_law
from casetui.letters.inputs import DEBTOR_KINDS, LetterInput
from casetui.letters.lint import Finding, FindingList, Requirement
from casetui.letters.templates import Section
from casetui.model import Channel, LetterKind
from casetui.money import format_grouped
from casetui.profile import validate_profile


def data_problems(data: LetterInput) -> list[Finding]:
    needs = _Needs(data)
    needs.check_profile(data.kind)
    needs.check_cases(data.kind)
    return needs.problems.items


def text_requirements(
    data: LetterInput,
    context: dict[str, Any],
    rate_note: tuple[str, tuple[str, ...]],
    interest: Decimal,
    costs: Decimal,
    costs_announced: Decimal,
) -> list[Requirement]:
    """`rate_note`: the disclosure of carried-forward rates and those rates as printed; it is
    required wherever one of the rates appears."""
    needs = _Needs(data)
    note, carried = rate_note
    if note:
        needs.required.append(
            Requirement(
                "rates-not-disclosed",
                "the note that a rate it states is not published yet",
                (note,),
                when=carried,
            )
        )
    needs.requirements(context, context["invoices"], interest, costs, costs_announced)
    return needs.required


class _Needs:
    def __init__(self, data: LetterInput) -> None:
        self.d = data
        self.lang = data.language
        self.spec = get_regime(data.regime)
        self.problems = FindingList()
        self.required: list[Requirement] = []

    def check_profile(self, kind: LetterKind) -> None:
        p, add = self.d.profile, self.problems
        setup = "casetui setup"
        if not p.name:
            add.block("missing-name", f"the business profile has no name ({setup} --name)")
        if not p.address_lines:
            add.block("missing-address", f"the business profile has no address ({setup} --address)")
        if not p.country:
            add.block("missing-country", f"the business profile has no country ({setup} --country)")
        if not p.iban and kind is not LetterKind.HANDOVER:
            add.block(
                "missing-iban", f"the business profile has no IBAN to pay to ({setup} --iban)"
            )
        # Reading the profile leaves out the identifier checks (profile.validate_profile):
        # a hand-edited IBAN or enterprise number is checked before any letter goes out.
        for problem in validate_profile(p):
            add.block("profile-invalid", f"the business profile: {problem} ({setup})")
        if not p.vat and not p.company_no:
            if p.country == "BE":
                add.block(
                    "missing-enterprise-number",
                    f"a Belgian business must state its enterprise number ({setup} --vat)",
                )
            elif kind is LetterKind.FORMAL_NOTICE:
                add.block(
                    "missing-enterprise-number",
                    "a formal notice states the creditor's registration number "
                    f"(KvK or company number; {setup} --vat / --company-no)",
                )
            else:
                add.warn(
                    "missing-enterprise-number",
                    f"no KvK, company or VAT number in the business profile ({setup} --vat)",
                )
        if not p.email and not p.phone and kind is not LetterKind.HANDOVER:
            add.warn("missing-contact", "no e-mail or phone for questions in the business profile")

    def check_cases(self, kind: LetterKind) -> None:
        d, add = self.d, self.problems
        c = d.customer
        if kind in DEBTOR_KINDS:
            if d.channel is not Channel.EMAIL and not c.address.strip():
                add.block(
                    "missing-debtor-address",
                    f"{c.name} has no postal address for a letter by {d.channel.value}",
                )
            if d.channel is Channel.EMAIL and not c.email.strip():
                add.warn("missing-debtor-email", f"{c.name} has no e-mail address")
        if kind in (LetterKind.REMINDER, LetterKind.SECOND_REMINDER, LetterKind.FORMAL_NOTICE):
            for state in d.states:
                if d.sent_on <= state.due:
                    add.block(
                        "not-overdue",
                        f"invoice {state.invoice} is not overdue on {d.sent_on.isoformat()} "
                        f"(due {state.due.isoformat()})",
                    )
                if state.outstanding_minor <= 0:
                    add.block("nothing-owed", f"nothing is owed on invoice {state.invoice}")
                if state.dispute is not None:
                    add.warn(
                        "disputed",
                        f"invoice {state.invoice} is disputed: {state.dispute.reason}",
                    )
                promise = state.active_promise(d.sent_on)
                if promise is not None:
                    promised = format_grouped(promise.amount.amount, state.currency)
                    add.warn(
                        "promise-pending",
                        f"{c.name} promised {promised} "
                        f"{state.currency} on {state.invoice} by {promise.by.isoformat()}; "
                        "this letter chases before that date",
                    )
                last = state.last_letter
                if last is not None and last.deadline and d.sent_on <= last.deadline:
                    add.warn(
                        "deadline-running",
                        f"the {last.kind.value.replace('-', ' ')} of {last.day.isoformat()} on "
                        f"{state.invoice} gave until {last.deadline.isoformat()}",
                    )
        consumer_clock = self.spec.clock
        if (
            consumer_clock
            and not d.statutory
            and not d.statutory_sent
            and kind in (LetterKind.SECOND_REMINDER, LetterKind.FORMAL_NOTICE)
        ):
            what = (
                "the free first reminder of Book XIX (no interest or damages without it)"
                if consumer_clock == "be-xix"
                else "the 14-day letter of art. 6:96(6) BW (no collection costs without it)"
            )
            add.warn("no-statutory-letter", f"no statutory letter recorded yet: send {what} first")
        if d.statutory and d.regime == "nl-b2c" and d.other_overdue:
            add.warn(
                "claims-not-in-one-letter",
                "a Dutch consumer's 14-day letter should cover all overdue claims "
                f"(art. 6:96(7) BW); also overdue: {', '.join(d.other_overdue)}",
            )
        if (
            kind is LetterKind.FORMAL_NOTICE
            and self.d.individual is None
            and english_law(self.d.customer, self.d.regime)
        ):
            add.warn(
                "protocol-individual",
                f"{c.name} may be a sole trader: the Pre-Action Protocol for Debt Claims then "
                "applies (letter of claim, 30 days); casetui treated it as an individual",
            )
        if kind is LetterKind.FORMAL_NOTICE and d.variant == "uk-individual":
            add.warn(
                "protocol-enclosures",
                "enclose the Protocol's Information Sheet, Reply Form and Financial Statement "
                "(Annex 1 of the Pre-Action Protocol for Debt Claims) and a statement of account",
            )
        if kind is LetterKind.SETTLEMENT:
            state = d.states[0]
            if state.settlement is None:
                add.block(
                    "no-settlement",
                    f"no settlement is recorded on {state.id}: record the compromise first",
                )
            total = sum((i.amount for i in d.instalments), Decimal(0))
            if total != state.outstanding.amount:
                add.block(
                    "instalments-mismatch",
                    f"the instalments add up to {format_grouped(total, state.currency)}, "
                    f"but {format_grouped(state.outstanding.amount, state.currency)} "
                    "remains to be paid",
                )
            if any(i.due <= d.sent_on for i in d.instalments):
                add.block("instalment-date", "every instalment must fall after the letter date")
        if kind is LetterKind.INSTALMENT_REMINDER:
            state = d.states[0]
            plan = state.plan
            if plan is None or not plan.running:
                add.block(
                    "no-plan",
                    f"{state.id} has no payment plan running: an instalment reminder is for a "
                    "missed instalment",
                )
            elif not any(not i.is_paid and i.due < d.sent_on for i in plan.instalments):
                add.block("no-arrears", f"no instalment of {state.id} is behind on {d.sent_on}")
        if kind is LetterKind.HANDOVER:
            add.warn(
                "handover-enclosures",
                "enclose the contract or order and your terms and conditions, with proof that "
                "the customer accepted them",
            )
            if self.spec.consumer or d.customer.kind.value == "consumer":
                register = (
                    "the Wki register (Justis)"
                    if d.regime == "nl-b2c"
                    else "FPS Economy"
                    if d.regime == "be-b2c"
                    else "the competent authority"
                )
                add.warn(
                    "agency-registration",
                    f"a consumer file: check that the agency is registered with {register}; "
                    "bailiffs and lawyers are exempt",
                )

    def requirements(
        self,
        context: dict[str, Any],
        invoices: list[Section],
        interest: Decimal,
        costs: Decimal,
        costs_announced: Decimal,
    ) -> None:
        d, need = self.d, self.required.append
        kind = d.kind
        letter = context["letter"]
        creditor = context["creditor"]
        if kind is LetterKind.HANDOVER:
            if interest > 0:
                need(
                    Requirement(
                        "missing-interest", "the interest to date", (context["totals"]["interest"],)
                    )
                )
            return
        for row in invoices:
            need(
                Requirement("missing-invoice", f"invoice number {row['number']}", (row["number"],))
            )
        if d.profile.iban:
            need(Requirement("missing-iban-text", "the IBAN to pay to", (d.profile.iban,)))
        if kind is not LetterKind.SETTLEMENT:
            for row in invoices:
                need(
                    Requirement(
                        "missing-reference",
                        f"payment reference {row['reference']}",
                        (row["reference"],),
                    )
                )
        need(Requirement("missing-amount", "the amount to pay", (context["payment"]["amount"],)))
        if letter["deadline"] and not (d.statutory and d.regime == "nl-b2c"):
            need(Requirement("missing-deadline", "the deadline date", (letter["deadline"],)))
        if kind is LetterKind.FORMAL_NOTICE:
            claim = context["claim"]
            if interest > 0:
                need(
                    Requirement(
                        "missing-interest-basis",
                        "the legal basis of the interest",
                        (claim["interest_basis"],),
                    )
                )
                rates = {row["rate_plain"] for row in claim["periods"]}
                for rate in sorted(rates):
                    need(Requirement("missing-interest-rate", f"the interest rate {rate}", (rate,)))
                for row in claim["periods"]:
                    need(
                        Requirement(
                            "missing-interest-period",
                            f"the interest period {row['start']} - {row['end']}",
                            (row["start"],),
                        )
                    )
                    need(
                        Requirement(
                            "missing-interest-period",
                            f"the interest period {row['start']} - {row['end']}",
                            (row["end"],),
                        )
                    )
                need(
                    Requirement(
                        "missing-interest", "the interest amount", (context["totals"]["interest"],)
                    )
                )
            if costs > 0:
                need(
                    Requirement(
                        "missing-costs-basis",
                        "the basis of the compensation",
                        (claim["costs_basis"],),
                    )
                )
            enterprise = [item["value"] for item in creditor["registration"]]
            if enterprise:
                need(
                    Requirement(
                        "missing-enterprise-number-text",
                        "the creditor's registration number",
                        tuple(enterprise),
                    )
                )
        if d.statutory and d.regime == "be-b2c":
            self._be_first_reminder(context, invoices, costs_announced)
        if d.statutory and d.regime == "nl-b2c":
            self._nl_fourteen_days(context, costs_announced)

    def _be_first_reminder(
        self, context: dict[str, Any], invoices: list[Section], costs_announced: Decimal
    ) -> None:
        """Book XIX first reminder: mandatory mentions (LAW.md §5.2)."""
        need, lang = self.required.append, self.lang
        creditor = context["creditor"]
        what = "the mandatory mention of"
        need(
            Requirement(
                "missing-mandatory-wording", f"{what} the creditor's name", (creditor["name"],)
            )
        )
        if creditor["enterprise_no"]:
            need(
                Requirement(
                    "missing-mandatory-wording",
                    f"{what} the enterprise number",
                    (creditor["enterprise_no"],),
                )
            )
        for row in invoices:
            need(
                Requirement(
                    "missing-mandatory-wording",
                    f"{what} the due date of invoice {row['number']}",
                    (row["due"],),
                )
            )
        need(
            Requirement(
                "missing-mandatory-wording",
                f"{what} the balance due",
                (context["totals"]["outstanding"],),
            )
        )
        period = {
            "nl": ("14 kalenderdagen", "veertien kalenderdagen"),
            "fr": ("14 jours calendrier", "quatorze jours calendrier"),
            "en": ("14 calendar days", "fourteen calendar days"),
            "de": ("14 Kalendertage", "vierzehn Kalendertage"),
        }[lang]
        need(
            Requirement(
                "missing-mandatory-wording", f"{what} the 14-day period to pay before costs", period
            )
        )
        if context["announce"]["rate"]:
            need(
                Requirement(
                    "missing-mandatory-wording",
                    f"{what} the interest that will be claimed",
                    (context["announce"]["rate"],),
                )
            )
        if costs_announced > 0:
            need(
                Requirement(
                    "missing-mandatory-wording",
                    f"{what} the damages that will be claimed",
                    (context["announce"]["costs"],),
                )
            )

    def _nl_fourteen_days(self, context: dict[str, Any], costs_announced: Decimal) -> None:
        """The 14-day letter: the approved term wording and the cost amount (LAW.md §6.4)."""
        need = self.required.append
        wording = {
            "nl": (
                "binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd",
                "binnen vijftien dagen nadat deze brief bij u is bezorgd",
                "binnen 14 dagen vanaf de dag nadat deze brief bij u is bezorgd",
            ),
            "en": ("within fourteen days from the day after this letter was delivered to you",),
            "fr": (
                "dans les quatorze jours à compter du lendemain du jour où cette lettre vous a "
                "été remise",
            ),
            "de": (
                "innerhalb von vierzehn Tagen ab dem Tag nach der Zustellung dieses Schreibens",
            ),
        }[self.lang]
        need(
            Requirement(
                "missing-mandatory-wording",
                "the mandatory 14-day wording (from the day after delivery)",
                wording,
            )
        )
        if costs_announced > 0:
            need(
                Requirement(
                    "missing-mandatory-wording",
                    "the amount of the collection costs",
                    (context["announce"]["costs"],),
                )
            )
