"""What a debtor owes on a day, to the cent, and why: `compute_claim` and the `Claim` it returns.

Rounding (LAW.md §2.2): period lines are rounded for display only; the interest of the claim is
rounded once, half up, to the currency's minor unit (`casetui.money.round_money`); fixed
compensation is rounded once where it is computed; total = unpaid principal + interest +
compensation still owed. The daily amount is never rounded here (display shows 4 decimals).

The CLI, the case screen and letters all call `compute_claim`, so they show the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from casetui.errors import InputError
from casetui.law.clock import CostsClock, costs_allowed_from
from casetui.law.compensation import Compensation, compensation_for
from casetui.law.engines import (
    Allocation,
    Capitalisation,
    FixedSchedule,
    Period,
    RateSchedule,
    SeriesSchedule,
    accrue,
    check_day_count,
)
from casetui.law.options import ClaimOptions
from casetui.law.rates import RateBook, RateQuote, default_rate_book, format_rate
from casetui.law.records import LetterRecord, Movement
from casetui.law.regimes import Regime, get_regime
from casetui.money import check_currency, format_amount, format_money, round_money
from casetui.values import frozen

ZERO = Decimal(0)
NOT_LEGAL_ADVICE = "Not legal advice - check your contract and terms."


@frozen
class Claim:
    """What is owed on `as_of`, with everything needed to explain it.

    `principal` is the principal still unpaid; `interest` the interest still owed (capitalised
    NL interest included), rounded once; `compensation` the fixed compensation or costs still
    owed (zero before the legal clock allows them); `total` their sum. `periods` are the
    worksheet lines (exact `interest`, display `interest_rounded`); `allocation` shows how
    each payment or credit was applied; `clock` explains `costs_allowed_from` (None for
    regimes without a statutory letter); `warnings` are sentences for the user, including
    every carried-forward rate (`extrapolated`).
    """

    regime: str
    currency: str
    as_of: date
    due: date
    day_count: str
    original_principal: Decimal
    principal: Decimal  # still unpaid
    interest: Decimal  # rounded once
    interest_exact: Decimal
    compensation: Decimal  # still owed
    total: Decimal
    days: int
    periods: tuple[Period, ...]
    capitalisations: tuple[Capitalisation, ...]
    daily_interest: Decimal  # unrounded
    extrapolated: bool
    warnings: tuple[str, ...]
    costs_allowed_from: date | None
    clock: CostsClock
    compensation_detail: Compensation | None
    basis: tuple[str, ...]
    rate_sources: tuple[str, ...]
    allocation: tuple[Allocation, ...]
    # The order a payment settles costs, interest and principal (the regime's or the terms').
    imputation: tuple[str, ...] = ("costs", "interest", "principal")

    @property
    def label(self) -> str:
        return get_regime(self.regime).label

    def to_json(self) -> dict[str, Any]:
        """Amounts as decimal strings, dates as ISO strings; the daily amount to 4 decimals."""
        money = self.currency
        return {
            "regime": self.regime,
            "currency": money,
            "principal": format_amount(self.principal, money),
            "interest": format_amount(self.interest, money),
            "compensation": format_amount(self.compensation, money),
            "total": format_amount(self.total, money),
            "days": self.days,
            "extrapolated": self.extrapolated,
            "periods": [
                {
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "days": period.days,
                    "rate": _rate_text(period.rate),
                    "base": format_amount(round_money(period.base, money), money),
                    "interest": format_amount(period.interest_rounded, money),
                }
                for period in self.periods
            ],
            "as_of": self.as_of.isoformat(),
            "warnings": list(self.warnings),
            "costs_allowed_from": (
                self.costs_allowed_from.isoformat() if self.costs_allowed_from else None
            ),
            "daily_interest": f"{daily_display(self.daily_interest):f}",
            "allocation": [
                {
                    "date": item.day.isoformat(),
                    "kind": item.kind,
                    "amount": format_amount(item.amount, money),
                    "costs": format_amount(item.costs, money),
                    "interest": format_amount(item.interest, money),
                    "principal": format_amount(item.principal, money),
                    "unapplied": format_amount(item.unapplied, money),
                }
                for item in self.allocation
            ],
            "imputation": list(self.imputation),
        }


def daily_display(amount: Decimal) -> Decimal:
    """The daily amount as shown: half up to 4 decimals (never used to compute)."""
    return amount.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _rate_text(rate: Decimal) -> str:
    return format_rate(rate).removesuffix(" %")


def compute_claim(
    *,
    regime: str,
    currency: str,
    principal: Decimal,
    due: date,
    until: date,
    movements: Sequence[Movement] = (),
    letters: Sequence[LetterRecord] = (),
    day_count: str = "actual/365",
    rate: Decimal | None = None,
    options: ClaimOptions | None = None,
    rates: RateBook | None = None,
) -> Claim:
    """The claim on `until` for one invoice of `principal` (VAT included) due on `due`.

    `rate` is an agreed annual rate in percent: required for `contract`; for a statutory regime
    it replaces the statutory rate (simple, no split, no compounding); for be-b2c it is the rate
    of the accepted terms, valid only up to the BE B2B rate.

    Interest runs from the day after `due`. For nl-b2c that is the start of verzuim, so pass the
    last day of the agreed (fatal) term or of the term set in a notice. Movements and letters
    dated after `until` are ignored.
    """
    spec = get_regime(regime)
    currency = check_currency(currency)
    opts = options or ClaimOptions()
    day_count = check_day_count(day_count)
    _check_inputs(spec, principal, due, until, rate, opts)
    book = rates if rates is not None else (default_rate_book() if _needs_rates(spec) else None)

    first_day = due + timedelta(days=1)
    clock = costs_allowed_from(spec.code, [x for x in letters if x.day <= until], options=opts)
    warnings: list[str] = []
    basis = list(spec.basis)

    plan = _schedule(spec, rate, opts, book, first_day, until, basis)
    schedule = plan.schedule
    warnings.extend(plan.warnings)
    interest_start = first_day
    interest_from: date | None = first_day
    if spec.clock_gates_interest:
        interest_from = clock.allowed_from
        if not clock.allows(until):
            schedule = None
        elif opts.be_b2c_interest_from == "wait-end" and clock.allowed_from is not None:
            interest_start = max(first_day, clock.allowed_from)
        basis.append(_interest_start_reading(opts, clock.allowed_from))

    costs_start = first_day
    if clock.limited:
        costs_start = max(first_day, clock.allowed_from) if clock.allowed_from else None
    accrual = accrue(
        currency=currency,
        principal=principal,
        first_day=interest_start,
        until=until,
        schedule=schedule,
        movements=movements,
        day_count=day_count,
        compounding=spec.compounding and rate is None and opts.compound is not False,
        round_capitalised=opts.round_capitalised,
        imputation=opts.imputation or spec.imputation,
        interest_claimable_from=interest_from,
        costs_start=costs_start,
        costs_for=lambda base: compensation_for(spec, base, currency, opts),
    )

    periods = tuple(accrual.periods)
    extrapolated = any(period.extrapolated for period in periods) or plan.extrapolated
    warnings.extend(_rate_warnings(periods, schedule, book, interest_start))
    warnings.extend(_clock_warnings(spec, clock, until))
    owed_costs = ZERO
    if accrual.costs is not None:
        owed_costs = accrual.costs.amount - accrual.costs_paid
        if accrual.costs.warning:
            warnings.append(accrual.costs.warning)
    unapplied = sum((item.unapplied for item in accrual.allocations), ZERO)
    if unapplied > 0:
        warnings.append(f"Payments exceed what was owed by {format_money(unapplied, currency)}")

    interest = round_money(accrual.interest, currency)
    return Claim(
        regime=spec.code,
        currency=currency,
        as_of=until,
        due=due,
        day_count=day_count,
        original_principal=principal,
        principal=accrual.principal,
        interest=interest,
        interest_exact=accrual.interest,
        compensation=owed_costs,
        total=accrual.principal + interest + owed_costs,
        days=sum(period.days for period in periods),
        periods=periods,
        capitalisations=tuple(accrual.capitalisations),
        daily_interest=accrual.daily,
        extrapolated=extrapolated,
        warnings=tuple(warnings),
        costs_allowed_from=clock.allowed_from if clock.limited else None,
        clock=clock,
        compensation_detail=accrual.costs,
        basis=tuple(basis),
        rate_sources=_rate_sources(periods, book),
        allocation=tuple(accrual.allocations),
        imputation=tuple(opts.imputation or spec.imputation),
    )


def _interest_start_reading(opts: ClaimOptions, allowed_from: date | None) -> str:
    """Which reading of art. XIX.2 the claim follows for the first day of interest, and why
    (issue 18, item 11), as a line of the worksheet's legal basis."""
    start = allowed_from.isoformat() if allowed_from else "the day after the 14-day wait"
    if opts.be_b2c_interest_from == "wait-end":
        return (
            f"Interest runs from {start}, the first day after the wait, not from the due date: "
            "art. XIX.2 lets no amount be charged before the free first reminder's 14-day wait "
            "has run, and the published readings run interest from the end of the wait or from "
            "the reminder, none from the due date; we take the later start, the smaller of the "
            "published figures (interest from the due date is a setting)"
        )
    return (
        "Interest reaches back to the day after the due date once the 14-day wait has run "
        "(a setting: one reading of art. XIX.2; the published readings start at the end of "
        "the wait or at the reminder)"
    )


def _needs_rates(spec: Regime) -> bool:
    return spec.series is not None


def _check_inputs(
    spec: Regime,
    principal: Decimal,
    due: date,
    until: date,
    rate: Decimal | None,
    opts: ClaimOptions,
) -> None:
    if principal < 0:
        raise InputError(f"the principal must not be negative, got {principal}")
    if until < due:
        raise InputError(
            f"the end date {until.isoformat()} is before the due date {due.isoformat()}"
        )
    if rate is not None and not ZERO <= rate <= Decimal(100):
        raise InputError(f"the rate must be a percentage between 0 and 100, got {rate}")
    if spec.engine == "agreed" and rate is None:
        raise InputError("the contract regime needs the agreed annual rate (--rate PCT)")
    if spec.engine == "none" and rate is not None:
        raise InputError("regime 'none' charges no interest; use 'contract' for an agreed rate")
    if opts.single_rate and spec.code != "eu-b2b":
        raise InputError("the single-rate option applies to eu-b2b only")


def _agreed(rate: Decimal) -> RateQuote:
    return RateQuote(rate, "agreed", "", "agreed", "agreed in the contract or accepted terms")


@frozen
class _Plan:
    schedule: RateSchedule | None
    warnings: tuple[str, ...] = ()
    extrapolated: bool = False  # a rate looked up beyond its table outside the periods


def _schedule(
    spec: Regime,
    rate: Decimal | None,
    opts: ClaimOptions,
    book: RateBook | None,
    first_day: date,
    until: date,
    basis: list[str],
) -> _Plan:
    """The rate schedule for the claim, with warnings about how it was chosen."""
    if spec.engine == "none":
        return _Plan(None)
    if spec.code == "be-b2c":
        assert book is not None
        if rate is None:
            return _Plan(SeriesSchedule(book.series("be-legal")))
        return _be_b2c_agreed(rate, book, first_day, until, basis)
    if rate is not None:
        if spec.engine != "agreed":
            basis.append(f"Agreed rate {format_rate(rate)} used instead of the statutory rate.")
        warnings: tuple[str, ...] = ()
        if spec.code == "uk-b2b":
            warnings = (
                "A contractual rate displaces statutory interest only if it is a substantial "
                "remedy (1998 Act Part II)",
            )
        return _Plan(FixedSchedule(_agreed(rate)), warnings)
    assert book is not None and spec.series is not None
    series = book.series(spec.series)
    if spec.engine == "fixed-at-start" or opts.single_rate:
        # Rate of the half-year the interest starts in, never split later.
        return _Plan(FixedSchedule(series.quote(first_day)))
    return _Plan(SeriesSchedule(series))


def _be_b2c_agreed(
    rate: Decimal, book: RateBook, first_day: date, until: date, basis: list[str]
) -> _Plan:
    """Art. XIX.4: an agreed rate is valid up to the BE B2B rate; above it the clause is void.

    Checked against every semester charged; one breach voids the clause for the whole claim and
    legal interest applies instead (the reading that never overclaims).
    """
    caps = book.series("be-b2b")
    days = [first_day, *caps.boundaries(first_day, until)] if first_day <= until else []
    quotes = [caps.quote(day) for day in days]
    late = [day for day, quote in zip(days, quotes, strict=True) if quote.extrapolated]
    warnings: list[str] = []
    if late:
        warnings.append(f"{caps.extrapolation_warning(late[0], until)} as the cap")
    breach = next((quote for quote in quotes if rate > quote.rate), None)
    if breach is not None:
        warnings.insert(
            0,
            f"The agreed rate {format_rate(rate)} exceeds the BE B2B rate "
            f"{format_rate(breach.rate)} ({breach.period}): the clause is void (art. XIX.4); "
            "legal interest used",
        )
        return _Plan(SeriesSchedule(book.series("be-legal")), tuple(warnings), bool(late))
    basis.append(f"Agreed rate {format_rate(rate)} (within the BE B2B rate cap).")
    return _Plan(FixedSchedule(_agreed(rate)), tuple(warnings), bool(late))


def _rate_warnings(
    periods: tuple[Period, ...], schedule: RateSchedule | None, book: RateBook | None, start: date
) -> list[str]:
    if book is None or not periods:
        return []
    warnings: list[str] = []
    by_series: dict[str, list[Period]] = {}
    for period in periods:
        if period.series != "agreed":
            by_series.setdefault(period.series, []).append(period)
    for name, group in by_series.items():
        series = book.series(name)
        late = [period for period in group if period.extrapolated]
        if late:
            if isinstance(schedule, FixedSchedule):
                warnings.append(series.extrapolation_warning(start, start))
            else:
                warnings.append(series.extrapolation_warning(late[0].start, late[-1].end))
        soft = [p.period for p in group if p.confidence in ("derived", "L") and not p.extrapolated]
        if soft:
            labels = ", ".join(dict.fromkeys(soft))
            warnings.append(
                f"{series.info.label} for {labels} is not from a published notice "
                "(derived or single-source); check before relying on it"
            )
    return warnings


def _clock_warnings(spec: Regime, clock: CostsClock, until: date) -> list[str]:
    if not clock.limited:
        return []
    if clock.allowed_from is None:
        return [clock.reason]
    if clock.allowed_from > until:
        what = "Interest and damages" if spec.clock_gates_interest else "Collection costs"
        return [f"{what} may be charged from {clock.allowed_from.isoformat()}: {clock.reason}"]
    return []


def _rate_sources(periods: tuple[Period, ...], book: RateBook | None) -> tuple[str, ...]:
    lines: dict[str, None] = {}
    for period in periods:
        if period.series == "agreed" or book is None:
            continue
        series = book.series(period.series)
        row = series.row_on(period.start)
        lines[
            f"{series.info.label} {series.label(row.start)}: {format_rate(row.rate)} "
            f"(confidence {row.confidence}) - {row.source}"
        ] = None
    return tuple(lines)
