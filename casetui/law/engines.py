"""Interest engines: day counts, rate schedules, and the run of one claim through time.

Days (LAW.md §2.1): interest accrues from the day after the due date up to and including the
end date; a payment on day P still bears interest on P and lowers the base from P + 1.

Day count: "actual/365" (default) divides every day by 365; "actual/actual" divides each day
by the length of its own calendar year (366 in a leap year), so a segment crossing 1 January is
charged in two parts.

Segments open at rate changes (engine A: every 1 January / 1 July of the series, even when the
rate is unchanged, so each line shows one period), at NL anniversaries (engine C) and the day
after each payment or credit. Segment interest is kept exact (`Decimal`, no rounding); the
daily rate is never rounded. The claim rounds once (claim.py). The one other rounding: when a
payment settles interest, the interest then due is rounded to the cent, as any amount paid is.

Engines
- A (split): `SeriesSchedule`, each day at its period's rate.
- B (UK, fixed at the start) and eu-b2b's "single rate": `FixedSchedule` holding the rate of
  the half-year the interest starts in. Also used for agreed rates.
- C (NL compounding): after each full year from the first interest day, that year's unpaid
  interest is added to the base. The anniversary is the same calendar date; for a first day of
  29 February it is 1 March in common years (so each year is complete: 29 Feb 2024 to 28 Feb
  2025 is year one) and 29 February in leap years. Inside a year the split at 1 January /
  1 July still applies.

Imputation: a payment settles, in the regime's order, the costs already due, the interest
already chargeable (oldest first: capitalised, then running) and the principal. A credit note
corrects the invoice and reduces the principal only. Anything left over is recorded as
unapplied.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from casetui.errors import InputError
from casetui.law.compensation import Compensation
from casetui.law.rates import RateQuote, RateSeries
from casetui.law.records import Movement
from casetui.money import round_money
from casetui.values import frozen

DAY_COUNTS = ("actual/365", "actual/actual")
ZERO = Decimal(0)


def check_day_count(text: str) -> str:
    value = text.strip().lower()
    if value not in DAY_COUNTS:
        raise InputError(f"unknown day count {text!r} (use {' or '.join(DAY_COUNTS)})")
    return value


def year_length(year: int, day_count: str) -> int:
    if day_count == "actual/actual":
        return (date(year + 1, 1, 1) - date(year, 1, 1)).days
    return 365


def simple_interest(
    base: Decimal, rate: Decimal, start: date, end: date, day_count: str
) -> Decimal:
    """Exact simple interest on `base` at `rate` % a year for the days start..end inclusive."""
    if day_count == "actual/365":
        return base * rate * ((end - start).days + 1) / 36500
    total = ZERO  # Actual/Actual: each calendar year's days over that year's length
    cursor = start
    while cursor <= end:
        stop = min(end, date(cursor.year, 12, 31))
        days = (stop - cursor).days + 1
        total += base * rate * days / (100 * year_length(cursor.year, day_count))
        cursor = stop + timedelta(days=1)
    return total


def daily_amount(base: Decimal, rate: Decimal, day: date, day_count: str) -> Decimal:
    """Interest for one day, unrounded (UK CPR 16.4(2) asks for it)."""
    return base * rate / (100 * year_length(day.year, day_count))


def anniversary(first_day: date, years: int) -> date:
    """The `years`-th anniversary of the first interest day (29 Feb -> 1 Mar in common years)."""
    try:
        return first_day.replace(year=first_day.year + years)
    except ValueError:
        return date(first_day.year + years, 3, 1)


class RateSchedule(Protocol):
    def boundaries(self, start: date, end: date) -> list[date]: ...

    def quote(self, day: date) -> RateQuote: ...


@frozen
class SeriesSchedule:
    """Engine A: each day at the rate of its period in the series."""

    series: RateSeries

    def boundaries(self, start: date, end: date) -> list[date]:
        return self.series.boundaries(start, end)

    def quote(self, day: date) -> RateQuote:
        return self.series.quote(day)


@frozen
class FixedSchedule:
    """One rate for the whole claim: UK (fixed at the start), single-rate EU, agreed rates."""

    fixed: RateQuote

    def boundaries(self, start: date, end: date) -> list[date]:
        return []

    def quote(self, day: date) -> RateQuote:
        return self.fixed


@frozen
class Period:
    """One segment of the interest worksheet."""

    start: date
    end: date
    days: int
    rate: Decimal
    base: Decimal
    interest: Decimal  # exact
    interest_rounded: Decimal  # for display only
    series: str
    period: str  # "2024 H1", "2024", "" for an agreed rate
    confidence: str
    extrapolated: bool


@frozen
class Capitalisation:
    """NL engine C: a year's unpaid interest added to the base on its anniversary."""

    day: date
    amount: Decimal
    base_after: Decimal


@frozen
class Allocation:
    """How one payment or credit was applied."""

    day: date
    kind: str
    amount: Decimal
    costs: Decimal
    interest: Decimal
    principal: Decimal
    unapplied: Decimal


@dataclass
class Accrual:
    """What the engine found: the raw material of a `Claim`."""

    principal: Decimal
    interest: Decimal  # exact interest still owed (capitalised + running)
    periods: list[Period] = field(default_factory=list)
    capitalisations: list[Capitalisation] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    costs: Compensation | None = None  # fixed once costs fell due
    costs_paid: Decimal = ZERO
    daily: Decimal = ZERO


def accrue(
    *,
    currency: str,
    principal: Decimal,
    first_day: date,
    until: date,
    schedule: RateSchedule | None,
    movements: Sequence[Movement],
    day_count: str,
    compounding: bool,
    round_capitalised: bool,
    imputation: Sequence[str],
    interest_claimable_from: date | None,
    costs_start: date | None,
    costs_for: Callable[[Decimal], Compensation],
) -> Accrual:
    """Run the claim from `first_day` to `until`, applying movements on their days."""
    moves = sorted((m for m in movements if m.day <= until), key=lambda m: m.day)
    run = _Run(currency, principal, imputation, interest_claimable_from, costs_start, costs_for)

    anniversaries: set[date] = set()
    if compounding:
        years = 1
        while (day := anniversary(first_day, years)) <= until:
            anniversaries.add(day)
            years += 1
    cuts: set[date] = set(anniversaries)
    if schedule is not None and first_day <= until:
        cuts.update(schedule.boundaries(first_day, until))
    cuts.update(m.day + timedelta(days=1) for m in moves if first_day <= m.day < until)

    index = 0
    while index < len(moves) and moves[index].day < first_day:
        run.apply(moves[index])
        index += 1
    cursor = first_day
    for cut in [*sorted(cuts), until + timedelta(days=1)]:
        end = cut - timedelta(days=1)
        if cursor <= end:
            if schedule is not None:
                run.charge(schedule.quote(cursor), cursor, end, day_count)
            while index < len(moves) and moves[index].day == end:
                run.apply(moves[index])
                index += 1
        if cut in anniversaries:
            run.capitalise(cut, round_capitalised)
        cursor = cut

    if costs_start is not None and costs_start <= until:
        run.fix_costs()
    base = run.principal + run.capitalised
    if schedule is not None and first_day <= until and base > 0:
        run.result.daily = daily_amount(base, schedule.quote(until).rate, until, day_count)
    run.result.principal = run.principal
    run.result.interest = run.capitalised + run.running
    return run.result


class _Run:
    """Mutable state while a claim runs through time."""

    def __init__(
        self,
        currency: str,
        principal: Decimal,
        imputation: Sequence[str],
        interest_claimable_from: date | None,
        costs_start: date | None,
        costs_for: Callable[[Decimal], Compensation],
    ) -> None:
        self.currency = currency
        self.principal = principal
        self.capitalised = ZERO  # interest added to the base (bears interest)
        self.running = ZERO  # interest since the last anniversary (does not)
        self.imputation = tuple(imputation)
        self.interest_from = interest_claimable_from
        self.costs_start = costs_start
        self.costs_for = costs_for
        self.result = Accrual(principal=principal, interest=ZERO)

    def charge(self, quote: RateQuote, start: date, end: date, day_count: str) -> None:
        base = self.principal + self.capitalised
        if base <= 0:
            return
        amount = simple_interest(base, quote.rate, start, end, day_count)
        self.running += amount
        self.result.periods.append(
            Period(
                start=start,
                end=end,
                days=(end - start).days + 1,
                rate=quote.rate,
                base=base,
                interest=amount,
                interest_rounded=round_money(amount, self.currency),
                series=quote.series,
                period=quote.period,
                confidence=quote.confidence,
                extrapolated=quote.extrapolated,
            )
        )

    def capitalise(self, day: date, rounded: bool) -> None:
        amount = round_money(self.running, self.currency) if rounded else self.running
        if amount <= 0:
            return
        self.capitalised += amount
        self.running = ZERO
        base = self.principal + self.capitalised
        self.result.capitalisations.append(Capitalisation(day, amount, base))

    def fix_costs(self) -> None:
        # Costs are set once, on the principal unpaid when they fall due.
        if self.result.costs is None:
            self.result.costs = self.costs_for(self.principal)

    def apply(self, move: Movement) -> None:
        if self.costs_start is not None and move.day >= self.costs_start:
            self.fix_costs()
        left = move.amount
        paid = {"costs": ZERO, "interest": ZERO, "principal": ZERO}
        order = ("principal",) if move.kind == "credit" else self.imputation
        for part in order:
            if left <= 0:
                break
            if part == "costs":
                paid["costs"] = self._pay_costs(left)
            elif part == "interest":
                paid["interest"] = self._pay_interest(left, move.day)
            else:
                paid["principal"] = min(left, self.principal)
                self.principal -= paid["principal"]
            left -= paid[part]
        self.result.allocations.append(
            Allocation(
                move.day, move.kind, move.amount,
                paid["costs"], paid["interest"], paid["principal"], left,
            )
        )  # fmt: skip

    def _pay_costs(self, available: Decimal) -> Decimal:
        if self.result.costs is None:
            return ZERO
        owed = self.result.costs.amount - self.result.costs_paid
        paid = min(available, owed)
        self.result.costs_paid += paid
        return paid

    def _pay_interest(self, available: Decimal, day: date) -> Decimal:
        if self.interest_from is None or day < self.interest_from:
            return ZERO
        owed = round_money(self.capitalised + self.running, self.currency)
        if owed <= 0:
            return ZERO
        if available >= owed:
            self.capitalised = self.running = ZERO
            return owed
        from_capitalised = min(available, self.capitalised)
        self.capitalised -= from_capitalised
        self.running -= available - from_capitalised
        return available
