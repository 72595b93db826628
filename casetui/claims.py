"""What a case's debtor owes as of a day: the case's timeline fed to the law engine.

The one bridge between the ledger and `casetui.law`: the CLI (`show --json`), the case
screen and letters all call `claim_for_case`, so they state the same figures.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from casetui.errors import InputError
from casetui.law import Claim, ClaimOptions, LetterRecord, Movement, compute_claim, default_regime
from casetui.model import Customer, country_of_law, law_of_country
from casetui.money import format_grouped
from casetui.timeline import CaseState, fold
from casetui.values import frozen

# Event kinds that correct the record: they apply to the claim before a settlement too.
_CORRECTIONS = frozenset({"opened", "amended", "voided"})


@frozen
class ClaimTerms:
    """The creditor's own terms that shape a claim (from the business profile)."""

    contract_rate: Decimal | None = None  # agreed annual rate, percent (regime "contract")
    day_count: str = "actual/365"
    options: ClaimOptions | None = None
    # The country of the law of your contracts: yours, or the one your terms choose. It
    # proposes a business debtor's regime (Rome I art. 4), as it gives limitation its law.
    creditor_country: str = ""


def contract_country(state: CaseState, customer: Customer, creditor_country: str) -> str:
    """The country whose law governs the case's contract, read as limitation reads it
    (`limitation.cases.governing_law`; a test keeps the two in step): set on the case, set on
    the customer, a consumer's own country (Rome I art. 6), else yours as the seller or
    provider (art. 4), else the debtor's when yours is not known. "" when nothing says."""
    law = state.limitation_law or customer.limitation_law
    if law:
        return country_of_law(law)
    theirs = (customer.country or "").strip().upper()
    if customer.kind.value == "consumer":
        return theirs
    return creditor_country.strip().upper() or theirs


def regime_of(state: CaseState, customer: Customer, creditor_country: str) -> str:
    """The case's regime: set on the case, else proposed from the law that governs the
    contract and the debtor's kind. A Belgian creditor's Dutch business debtor is under
    Belgian law unless the contract chose another (Rome I art. 4), and so owes be-b2b interest
    and costs: the same law that limitation applies to the case."""
    return state.regime or proposed_regime(state, customer, creditor_country)


def proposed_regime(state: CaseState, customer: Customer, creditor_country: str) -> str:
    """The regime the contract's law gives the debtor's kind, whatever the case has set."""
    country = contract_country(state, customer, creditor_country)
    return default_regime(country or None, customer.kind.value)


# How the note on a business debtor abroad charged under your law begins (the case screen
# shows it on a line of its own).
YOUR_LAW = "Under your law"


def your_law_note(state: CaseState, customer: Customer, creditor_country: str) -> str | None:
    """Why a business debtor abroad is charged under your country's law when nothing set the
    law or the regime (Rome I art. 4: the seller's or provider's law), with how to change it
    when their contract chose theirs: the amounts depend on it. None otherwise."""
    if state.regime or state.limitation_law or customer.limitation_law:
        return None
    if customer.kind.value == "consumer":
        return None
    theirs = (customer.country or "").strip().upper().replace("UK", "GB")
    ours = contract_country(state, customer, creditor_country).replace("UK", "GB")
    if not theirs or theirs == ours:
        return None
    law = law_of_country(theirs)
    how = (
        f"casetui edit CASE --customer-limitation-law {law}"
        if law
        else "casetui edit CASE --regime R"
    )
    return (
        f"{YOUR_LAW} ({ours}), as the seller or provider (Rome I art. 4), not the debtor's "
        f"({theirs}); if the contract chose theirs: {how}"
    )


def why_no_regime(state: CaseState, customer: Customer, creditor_country: str) -> str | None:
    """Why a case charges no interest or costs when nobody chose that (issue 18, item 9): the
    regime was proposed as "none" from the contract's law and the debtor's kind. None
    otherwise."""
    if state.regime or regime_of(state, customer, creditor_country) != "none":
        return None
    how = (
        "set the customer's country (e on the case) or choose a regime "
        "(casetui edit CASE --regime R; contract for an agreed rate)"
    )
    country = contract_country(state, customer, creditor_country)
    kind = customer.kind.value
    if not country:
        whose = "the customer" if kind == "consumer" else "you or the customer"
        return f"No interest or costs: no country for {whose}, so no regime; {how}"
    if country in ("GB", "UK") and kind == "consumer":
        return (
            "No interest or costs: UK law grants no statutory interest on a consumer's debt; "
            "an agreed rate is regime contract (casetui edit CASE --regime contract)"
        )
    return (
        f"No interest or costs: no regime is modelled for a {kind} under the law of "
        f"{country}; choose one (casetui edit CASE --regime R; contract for an agreed rate)"
    )


def claim_for_case(
    state: CaseState, customer: Customer, as_of: date, terms: ClaimTerms | None = None
) -> Claim:
    """The claim on `as_of`: principal still unpaid, interest, compensation, total.

    After a settlement with an amount, the agreed amount replaces the claim: interest and
    costs are waived by the compromise, so the claim is that amount less what was paid since.
    """
    terms = terms or ClaimTerms()
    regime = regime_of(state, customer, terms.creditor_country)
    movements = []
    letters = []
    settlement = state.settlement if state.settlement and state.settlement.amount else None
    for event in state.timeline():
        if event.id in state.voided_ids:
            continue
        kind = event.kind
        if kind in ("payment", "credit"):
            if settlement is not None and event.date < settlement.day:
                continue
            movements.append(Movement(event.date, event.amount.amount, kind))  # type: ignore[attr-defined]
        elif kind == "letter":
            letters.append(
                LetterRecord(
                    event.date,
                    event.channel.value,  # type: ignore[attr-defined]
                    event.letter_kind.value,  # type: ignore[attr-defined]
                    statutory=event.statutory,  # type: ignore[attr-defined]
                )
            )
    principal, due = state.amount.amount, state.due
    if settlement is not None:
        assert settlement.amount is not None
        regime, principal, due = "none", settlement.amount.amount, settlement.day
    as_of = max(as_of, due)
    rate = terms.contract_rate if regime == "contract" else None
    if regime == "contract" and rate is None:
        raise InputError(
            "the contract regime needs your agreed annual rate: set contract_rate under "
            "[terms] in the business profile (profile.toml in the config folder)"
        )
    claim = compute_claim(
        regime=regime,
        currency=state.currency,
        principal=principal,
        due=due,
        until=as_of,
        movements=[m for m in movements if m.day <= as_of],
        letters=letters,
        day_count=terms.day_count,
        rate=rate,
        options=terms.options,
    )
    if settlement is not None:
        return claim
    notes = (
        why_no_regime(state, customer, terms.creditor_country),
        your_law_note(state, customer, terms.creditor_country),
    )
    said = tuple(note for note in notes if note)
    return replace(claim, warnings=(*said, *claim.warnings)) if said else claim


def claim_before_settlement(
    state: CaseState, customer: Customer, terms: ClaimTerms | None = None
) -> Claim | None:
    """The claim a settlement in force replaced: principal, interest and costs on the day it
    was agreed, as if it had not been (LAW.md 8.4: by default the claim with interest and
    costs to that day is what is compromised). None without a settlement with an amount."""
    settlement = state.settlement
    if settlement is None or settlement.amount is None:
        return None
    earlier = (settlement.day.isoformat(), settlement.event_id)
    known = [
        raw
        for raw in state.raw_events
        if (raw["date"], raw["id"]) < earlier or raw["kind"] in _CORRECTIONS
    ]
    before = fold(state.id, known)
    return claim_for_case(before, customer, settlement.day, terms)


def given_up_words(agreed: Decimal, before: Claim) -> str:
    """What an agreed amount gives up of the claim `before` it, in words:
    `interest 1.62 and compensation 40.00 waived`, `20.00 of interest ... waived`,
    `interest 1.62, compensation 40.00 and 66.12 of the principal waived`, or
    `nothing waived` when the agreed amount covers the whole claim."""
    cur = before.currency
    waived = before.total - agreed
    if waived <= 0:
        return "nothing waived"
    extras = [
        f"{what} {format_grouped(amount, cur)}"
        for what, amount in (("interest", before.interest), ("compensation", before.compensation))
        if amount > 0
    ]
    on_top = before.interest + before.compensation
    if waived > on_top:  # all the interest and costs, and part of the principal
        extras.append(f"{format_grouped(waived - on_top, cur)} of the principal")
        return _and(extras) + " waived"
    if waived < on_top:
        return f"{format_grouped(waived, cur)} of {_and(extras)} waived"
    return _and(extras) + " waived"


def settlement_words(state: CaseState, before: Claim | None) -> str:
    """`settled on 2026-12-03 for 166.12 GBP (interest 1.62 and compensation 40.00 waived)`:
    what `show` and the case screen say of a settlement in force with an amount."""
    settlement = state.settlement
    if settlement is None or settlement.amount is None:
        return ""
    cur = state.currency
    words = (
        f"settled on {settlement.day.isoformat()} for "
        f"{format_grouped(settlement.amount.amount, cur)} {cur}"
    )
    if before is not None:
        words += f" ({given_up_words(settlement.amount.amount, before)})"
    return words


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
