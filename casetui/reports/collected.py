"""Collected: payments and credit notes received per calendar month and currency.

A payment or credit counts in the month of its date (the day it came in, as recorded), on
any case, open or closed; an undone (voided) one does not count. The report covers the last
`months` calendar months up to the last day, the current month included; months with
nothing received are listed with zeros so that gaps show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from casetui.ledger import Ledger
from casetui.money import format_minor
from casetui.reports.document import Amount, Document, Table, document_facts
from casetui.reports.events import live_money
from casetui.reports.passes import count_cases

if TYPE_CHECKING:
    from casetui.timeline import CaseState


@dataclass(frozen=True)
class MonthLine:
    month: date  # the first day of the month
    payments: int  # minor units
    credits: int
    count: int  # payments and credits

    @property
    def total(self) -> int:
        return self.payments + self.credits


@dataclass(frozen=True)
class CurrencyCollected:
    currency: str
    months: tuple[MonthLine, ...]  # oldest first, every month of the report

    @property
    def payments(self) -> int:
        return sum(line.payments for line in self.months)

    @property
    def credits(self) -> int:
        return sum(line.credits for line in self.months)

    @property
    def total(self) -> int:
        return self.payments + self.credits

    @property
    def count(self) -> int:
        return sum(line.count for line in self.months)


@dataclass(frozen=True)
class CollectedReport:
    first_day: date
    last_day: date
    months: tuple[date, ...]
    currencies: tuple[CurrencyCollected, ...]  # by currency code; only those with money


def month_starts(last_day: date, count: int) -> tuple[date, ...]:
    """The first days of the `count` calendar months ending with `last_day`'s, oldest first."""
    index = last_day.year * 12 + last_day.month - 1
    return tuple(
        date(number // 12, number % 12 + 1, 1) for number in range(index - count + 1, index + 1)
    )


class CollectedCounter:
    """`collected_report`, a case at a time: the reports screen counts every report in one
    pass over the ledger (`reports.count_all`), each case folded once and not kept."""

    def __init__(self, last_day: date, months: int = 12) -> None:
        if months < 1:
            raise ValueError("a report covers at least one month")
        self.last_day = last_day
        self.starts = month_starts(last_day, months)
        self._first, self._last = self.starts[0].isoformat(), last_day.isoformat()
        # (currency, "YYYY-MM") -> [payments, credits, count]
        self._sums: dict[tuple[str, str], list[int]] = {}

    def add(self, state: CaseState) -> None:
        # Money is never dated after the case's last event: skip cases quiet since before.
        if state.last_activity < self.starts[0]:
            return
        first, last, sums = self._first, self._last, self._sums
        for raw in live_money(state):
            kind = raw["kind"]
            day = raw["date"]
            if day < first or day > last:
                continue
            key = (state.currency, day[:7])
            cell = sums.get(key)
            if cell is None:
                cell = sums[key] = [0, 0, 0]
            cell[0 if kind == "payment" else 1] += raw["amount"]["minor"]
            cell[2] += 1

    def report(self) -> CollectedReport:
        sums, starts = self._sums, self.starts
        codes = sorted({currency for currency, _ in sums})
        return CollectedReport(
            first_day=starts[0],
            last_day=self.last_day,
            months=starts,
            currencies=tuple(
                CurrencyCollected(
                    code,
                    tuple(
                        MonthLine(start, *sums.get((code, start.isoformat()[:7]), (0, 0, 0)))
                        for start in starts
                    ),
                )
                for code in codes
            ),
        )


def collected_report(ledger: Ledger, last_day: date, months: int = 12) -> CollectedReport:
    counter = CollectedCounter(last_day, months)
    count_cases(ledger, counter)
    return counter.report()


def _amount(minor: int, currency: str) -> str:
    return format_minor(minor, currency)


def collected_json(report: CollectedReport) -> dict[str, Any]:
    return {
        "from": report.first_day.isoformat(),
        "until": report.last_day.isoformat(),
        "currencies": {
            c.currency: {
                "months": [
                    {
                        "month": line.month.isoformat()[:7],
                        "payments": _amount(line.payments, c.currency),
                        "credits": _amount(line.credits, c.currency),
                        "total": _amount(line.total, c.currency),
                        "count": line.count,
                    }
                    for line in c.months
                ],
                "payments": _amount(c.payments, c.currency),
                "credits": _amount(c.credits, c.currency),
                "total": _amount(c.total, c.currency),
                "count": c.count,
            }
            for c in report.currencies
        },
    }


def collected_document(report: CollectedReport, creditor: str = "") -> Document:
    tables = []
    for c in report.currencies:
        code = c.currency
        header = ("Month", f"Payments ({code})", f"Credits ({code})", f"Total ({code})", "Entries")
        rows = tuple(
            (
                line.month.isoformat()[:7],
                Amount(line.payments, code),
                Amount(line.credits, code),
                Amount(line.total, code),
                line.count,
            )
            for line in c.months
        )
        total = (
            "Total",
            Amount(c.payments, code),
            Amount(c.credits, code),
            Amount(c.total, code),
            c.count,
        )
        tables.append(Table(code, header, rows, frozenset({1, 2, 3, 4}), total))
    return Document(
        title="Payments and credits received",
        facts=document_facts(
            creditor,
            ("From", report.first_day.isoformat()),
            ("Until", report.last_day.isoformat()),
        ),
        tables=tuple(tables),
        notes=("Per calendar month of the day the money came in; undone entries do not count.",)
        if report.currencies
        else ("Nothing was received in these months.",),
    )
