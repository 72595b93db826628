"""Aged receivables: what is owed on a day, per currency, by how long it is past due.

Buckets by days past the due date on the as-of day: `current` (not yet due, or due that
day), `1-30`, `31-60`, `61-90`, `90+` (91 days and more). Amounts are what is owed
(`casetui.owed`) on the case as it stood that day (`owed.owed_on`): payments, credits and
invoices dated later do not count; a closed case owes nothing from its closing day; a
settlement counts at its settled amount. Disputed amounts stay in their bucket and are
also totalled apart. Cases that owe nothing are left out (and not counted).

As of a day no case moved after (today, always) the report reads the index rows alone,
no event: quick at 50,000 cases even in a fresh process. As of an earlier day it reads
every case's fold, folding again the balance of those changed since.

Lines are per customer and currency (or per case with `by="case"`), largest first within
each currency; currencies are never added together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from casetui.caseindex import Case
from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.ledger import Ledger, gc_paused
from casetui.money import format_minor
from casetui.owed import owed_minor, owed_on
from casetui.records import NamedTuple
from casetui.reports.document import Amount, Cell, Document, Table, document_facts

BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")
_BUCKET_LABELS = ("Current", "1-30", "31-60", "61-90", "90+")

Grouping = Literal["customer", "case"]


def bucket_of(days_past_due: int) -> int:
    """The bucket index for a number of days past the due date (0 or less: current)."""
    if days_past_due <= 0:
        return 0
    if days_past_due <= 30:
        return 1
    if days_past_due <= 60:
        return 2
    if days_past_due <= 90:
        return 3
    return 4


@dataclass(frozen=True)
class CaseColumn:
    """An extra per-case column of `--by case` (key for JSON, header for tables)."""

    key: str
    header: str
    value: Callable[[Case, date], str]


# Per-case columns beyond the amounts. The limitation branch (issue 15) adds the day each
# claim becomes time-barred here, e.g. CaseColumn("time_barred_on", "Time-barred", ...).
CASE_COLUMNS: tuple[CaseColumn, ...] = ()


class AgingLine(NamedTuple):
    """One customer (or one case) in one currency. Amounts in minor units. (A NamedTuple:
    `--by case` builds one per case, 50,000 on a big ledger.)"""

    id: str  # customer id, or case id with by="case"
    name: str  # customer name
    currency: str
    buckets: tuple[int, ...]
    total: int
    disputed: int
    cases: int
    customer_id: str
    invoice: str = ""  # by="case" only, like the fields below
    due: date | None = None
    days_past_due: int = 0
    extra: tuple[str, ...] = ()  # CASE_COLUMNS values


@dataclass(frozen=True)
class CurrencyAging:
    currency: str
    buckets: tuple[int, ...]
    total: int
    cases: int
    disputed: int
    disputed_cases: int


@dataclass(frozen=True)
class AgingReport:
    as_of: date
    by: Grouping
    currencies: tuple[CurrencyAging, ...]  # by currency code
    lines: tuple[AgingLine, ...]  # by currency, then largest first

    def currency(self, code: str) -> CurrencyAging | None:
        return next((c for c in self.currencies if c.currency == code), None)

    def lines_in(self, code: str) -> tuple[AgingLine, ...]:
        return tuple(line for line in self.lines if line.currency == code)


# Per currency or line, one list: the five buckets, then cases, disputed, disputed cases
# (a list and not an object: the loop below adds to 50,000 of them).
_CASES, _DISPUTED, _DISPUTED_CASES = 5, 6, 7


def _new_sums() -> list[int]:
    return [0, 0, 0, 0, 0, 0, 0, 0]


def _add(sums: list[int], bucket: int, owed: int, disputed: bool) -> None:
    sums[bucket] += owed
    sums[_CASES] += 1
    if disputed:
        sums[_DISPUTED] += owed
        sums[_DISPUTED_CASES] += 1


@gc_paused()
def aging_report(
    ledger: Ledger,
    day: date,
    *,
    by: Grouping = "customer",
    policy: LadderPolicy = DEFAULT_POLICY,
) -> AgingReport:
    """Aged receivables as of the end of `day`."""
    currencies: dict[str, list[int]] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    cases: list[tuple[Case, int, int, bool]] = []
    by_case = by == "case"
    buckets = _BucketsOn(day)  # by due day: a few hundred days for 50,000 cases
    owing = _owing_by_rows(ledger, day)
    if owing is None:
        owing = _owing_by_fold(ledger, day, policy)
    for state, owed, disputed in owing:
        bucket = buckets[state.due]
        currency = state.currency
        sums = currencies.get(currency)
        if sums is None:
            sums = currencies[currency] = _new_sums()
        _add(sums, bucket, owed, disputed)
        if by_case:
            cases.append((state, bucket, owed, disputed))
        else:
            key = (state.customer_id, currency)
            group = groups.get(key)
            if group is None:
                group = groups[key] = _new_sums()
            _add(group, bucket, owed, disputed)

    names = _Names(ledger)
    if by_case:
        lines = [
            _case_line(state, bucket, owed, disputed, names, day)
            for state, bucket, owed, disputed in cases
        ]
    else:
        lines = [
            AgingLine(
                id=customer_id,
                name=names[customer_id],
                currency=currency,
                buckets=tuple(group[:_CASES]),
                total=sum(group[:_CASES]),
                disputed=group[_DISPUTED],
                cases=group[_CASES],
                customer_id=customer_id,
            )
            for (customer_id, currency), group in groups.items()
        ]
    folded = _Folded()
    lines.sort(key=lambda line: (line.currency, -line.total, folded[line.name], line.id))
    return AgingReport(
        as_of=day,
        by=by,
        currencies=tuple(
            CurrencyAging(
                currency=code,
                buckets=tuple(sums[:_CASES]),
                total=sum(sums[:_CASES]),
                cases=sums[_CASES],
                disputed=sums[_DISPUTED],
                disputed_cases=sums[_DISPUTED_CASES],
            )
            for code, sums in sorted(currencies.items())
        ),
        lines=tuple(lines),
    )


def _owing_by_rows(ledger: Ledger, day: date) -> list[tuple[Case, int, bool]] | None:
    """Each case that owed something at the end of `day`, what, and whether disputed, read
    from the index rows: a row is its case folded after its last event, so it tells what
    was owed on any day since (as of today, on every case) without reading any event. None
    when a case moved after `day`: only its events can tell."""
    cutoff = day.isoformat()
    owing = []
    for row in ledger.rows():
        raw = row.raw
        if raw["issued"] > cutoff:
            continue  # not invoiced yet
        if raw["activity"] > cutoff:
            return None
        owed = owed_minor(row)
        if owed:
            owing.append((row, owed, "dispute" in raw))
    return owing


def _owing_by_fold(ledger: Ledger, day: date, policy: LadderPolicy) -> list[tuple[Case, int, bool]]:
    """`_owing_by_rows` for any day: each case as it stood then (`owed.owed_on`)."""
    owing: list[tuple[Case, int, bool]] = []
    for state in ledger.each_case():
        then = owed_on(state, day, policy)
        if then is not None and then.minor:
            owing.append((state, then.minor, then.disputed))
    return owing


class _BucketsOn(dict[date, int]):
    """The bucket of each due day on the as-of day, worked out once per due day."""

    def __init__(self, day: date) -> None:
        super().__init__()
        self._day = day

    def __missing__(self, due: date) -> int:
        bucket = self[due] = bucket_of((self._day - due).days)
        return bucket


class _Folded(dict[str, str]):
    """Names case-folded once each, for sorting (one customer has many cases)."""

    def __missing__(self, name: str) -> str:
        folded = self[name] = name.casefold()
        return folded


class _Names(dict[str, str]):
    """Customer names looked up as lines need them (sorting every customer costs more)."""

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self._ledger = ledger

    def __missing__(self, customer_id: str) -> str:
        name = self[customer_id] = self._ledger.customer(customer_id).name
        return name


_make_line = tuple.__new__  # AgingLine(...) without the NamedTuple's keyword handling


def _case_line(
    state: Case, bucket: int, owed: int, disputed: bool, names: _Names, day: date
) -> AgingLine:
    due = state.due
    customer_id = state.customer_id
    buckets = [0, 0, 0, 0, 0]
    buckets[bucket] = owed
    return _make_line(
        AgingLine,
        (
            state.id,
            names[customer_id],
            state.currency,
            tuple(buckets),
            owed,
            owed if disputed else 0,
            1,
            customer_id,
            state.invoice,
            due,
            max(0, (day - due).days),
            tuple(column.value(state, day) for column in CASE_COLUMNS) if CASE_COLUMNS else (),
        ),
    )


# --------------------------------------------------------------------------- outputs


def _amount(minor: int, currency: str) -> str:
    return format_minor(minor, currency)


def _buckets_json(buckets: tuple[int, ...], currency: str) -> dict[str, str]:
    return {name: _amount(minor, currency) for name, minor in zip(BUCKETS, buckets, strict=True)}


def aging_json(report: AgingReport) -> dict[str, Any]:
    """The documented shape: amounts as decimal strings, currencies never mixed."""
    data: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "currencies": {
            c.currency: {
                "buckets": _buckets_json(c.buckets, c.currency),
                "total": _amount(c.total, c.currency),
                "cases": c.cases,
                "disputed": _amount(c.disputed, c.currency),
            }
            for c in report.currencies
        },
    }
    if report.by == "case":
        data["cases"] = [
            {
                "id": line.id,
                "invoice": line.invoice,
                "customer_id": line.customer_id,
                "name": line.name,
                "currency": line.currency,
                "due": line.due.isoformat() if line.due else None,
                "days_past_due": line.days_past_due,
                "buckets": _buckets_json(line.buckets, line.currency),
                "total": _amount(line.total, line.currency),
                "disputed": line.disputed > 0,
                **{c.key: value for c, value in zip(CASE_COLUMNS, line.extra, strict=True)},
            }
            for line in report.lines
        ]
    else:
        data["customers"] = [
            {
                "id": line.id,
                "name": line.name,
                "currency": line.currency,
                "buckets": _buckets_json(line.buckets, line.currency),
                "total": _amount(line.total, line.currency),
            }
            for line in report.lines
        ]
    return data


@gc_paused()
def aging_document(report: AgingReport, creditor: str = "") -> Document:
    by_case = report.by == "case"
    tables = []
    for totals in report.currencies:
        code = totals.currency
        amounts = tuple(f"{label} ({code})" for label in _BUCKET_LABELS)
        if by_case:
            header = (
                "Case",
                "Customer",
                "Invoice",
                "Due",
                "Days late",
                *amounts,
                f"Total ({code})",
                "Disputed",
                *(column.header for column in CASE_COLUMNS),
            )
            numeric = frozenset(range(4, 11))
        else:
            header = ("Customer", "Cases", *amounts, f"Total ({code})", f"Disputed ({code})")
            numeric = frozenset(range(1, 9))
        amount = _Amounts(code).__getitem__
        rows = tuple(_row(line, by_case, amount) for line in report.lines_in(code))
        money = tuple(Amount(minor, code) for minor in totals.buckets)
        if by_case:
            total: tuple[Cell, ...] = (
                "Total",
                f"{totals.cases:,} cases",
                "",
                "",
                "",
                *money,
                Amount(totals.total, code),
                Amount(totals.disputed, code),
                *("" for _ in CASE_COLUMNS),
            )
        else:
            total = (
                "Total",
                totals.cases,
                *money,
                Amount(totals.total, code),
                Amount(totals.disputed, code),
            )
        note = ""
        if totals.disputed:
            note = (
                f"Disputed: {Amount(totals.disputed, code).grouped()} {code} in "
                f"{totals.disputed_cases} case{'s' if totals.disputed_cases != 1 else ''}, "
                "included in the buckets above."
            )
        tables.append(Table(code, header, rows, numeric, total, note))
    return Document(
        title="Aged receivables",
        facts=document_facts(
            creditor,
            ("As of", report.as_of.isoformat()),
            ("Per", "case" if by_case else "customer"),
        ),
        tables=tuple(tables),
        notes=(
            "Buckets by days past the due date on the as-of day; 90+ is 91 days and more.",
            "Only what was known to be owed that day: later payments, credits, closings and "
            "invoices do not count; a settlement counts at its settled amount.",
        )
        if report.currencies
        else ("Nothing was owed on this day.",),
    )


class _Amounts(dict[int, Amount]):
    """The `Amount` cells of one currency, one per distinct amount (most are zero)."""

    def __init__(self, currency: str) -> None:
        super().__init__()
        self._currency = currency

    def __missing__(self, minor: int) -> Amount:
        cell = self[minor] = Amount(minor, self._currency)
        return cell


def _row(line: AgingLine, by_case: bool, amount: Callable[[int], Amount]) -> tuple[Cell, ...]:
    if by_case:
        return (
            line.id,
            line.name,
            line.invoice,
            line.due.isoformat() if line.due else "",
            line.days_past_due,
            *map(amount, line.buckets),
            amount(line.total),
            "disputed" if line.disputed else "",
            *line.extra,
        )
    return (
        line.name,
        line.cases,
        *map(amount, line.buckets),
        amount(line.total),
        amount(line.disputed),
    )
