"""A CSV table as invoice rows: column decisions, cell access by field, row structure.

`structure` sorts the rows after the header into structure (blank rows, customer group
rows, "Total" rows, a repeated header) and data, and groups data rows by (invoice number,
customer): tools that export one row per line item (Zoho, Xero, FreshBooks) repeat the
invoice fields on each row of an invoice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from casetui.errors import InputError
from casetui.importers.columns import example_headers, label, missing_mapped_columns
from casetui.importers.csvread import Row, Table
from casetui.importers.errors import FileRefused
from casetui.importers.text import clean
from casetui.importers.values import (
    ORDER_NAMES,
    AmountColumn,
    DateColumn,
    decide_amount_column,
    decide_date_column,
)

AMOUNT_FIELDS = ("outstanding", "total", "paid", "line_total")
DATE_FIELDS = ("issue_date", "due_date")
# "TOTAL", "Total:", "Total for Acme Corp", "Totaal voor ...": not a customer called
# "Total Energies", whose group heading must still be read as a customer.
_TOTAL_ROW = re.compile(
    r"\s*(?:grand\s+)?(?:total|totaal|totale?|totaux|gesamt|gesamtsumme|summe|sum)\s*:?"
    r"(?:\s+(?:for|of|voor|van|pour|de|du|des|für|fur)\b.*)?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CsvOptions:
    mapping: Mapping[str, str] = field(default_factory=dict)
    default_currency: str = "EUR"
    default_terms_days: int = 30
    dayfirst: bool = True
    delimiter: str | None = None


class Sheet:
    """The table with its column decisions; reads one cell of one row by field name."""

    def __init__(self, table: Table, options: CsvOptions) -> None:
        self.table = table
        self.columns = table.match.columns
        self.headers = table.header.cells
        self.warnings: list[str] = list(table.match.warnings)
        self.amounts: dict[str, AmountColumn] = {}
        self.dates: dict[str, DateColumn] = {}
        self.options = options
        # Every invoice number in the file, to link credit notes to the invoice they name.
        self.numbers: set[str] = set()
        self._cleaned: dict[int, dict[int, str | None]] = {}

    def header(self, name: str) -> str:
        return self.headers[self.columns[name]]

    def raw(self, row: Row, name: str) -> str | None:
        """The whitespace-normalised cell, or None when empty or absent."""
        index = self.columns.get(name)
        if index is None:
            return None
        cleaned = self._cleaned.get(row.line)
        if cleaned is None:  # clean each mapped cell of a row once, not per lookup
            cells = row.cells
            cleaned = {
                column: clean(cells[column]) if column < len(cells) else None
                for column in self.columns.values()
            }
            self._cleaned[row.line] = cleaned
        return cleaned[index]

    def decide(self, data_rows: list[Row]) -> None:
        for name in AMOUNT_FIELDS:
            if name in self.columns:
                values = [value for row in data_rows if (value := self.raw(row, name))]
                column = decide_amount_column(values, self.header(name))
                self.amounts[name] = column
                if column.warning:
                    self.warnings.append(column.warning)
        undecided = []
        for name in DATE_FIELDS:
            if name in self.columns:
                values = [value for row in data_rows if (value := self.raw(row, name))]
                self.dates[name] = decide_date_column(values)
                if self.dates[name].ambiguous:
                    undecided.append(name)
        proven = [column.order for column in self.dates.values() if column.order]
        for name in undecided:
            # Another date column of the same export may prove the order; else the default.
            if proven:
                order = proven[0]
                why = "like the other date column, whose values prove it"
            else:
                order = "dmy" if self.options.dayfirst else "mdy"
                why = "by default (dayfirst=" + str(self.options.dayfirst) + ")"
            self.dates[name] = DateColumn(order, ambiguous=True)
            self.warnings.append(
                f"column {self.header(name)!r}: every date fits both DD/MM/YYYY and "
                f"MM/DD/YYYY; read as {ORDER_NAMES[order]} {why}"
            )

    def amount(self, row: Row, name: str) -> Decimal | None:
        value = self.raw(row, name)
        return None if value is None else self.amounts[name].parse(value)

    def date(self, row: Row, name: str) -> date | None:
        value = self.raw(row, name)
        return None if value is None else self.dates[name].parse(value)


def check_columns(table: Table, options: CsvOptions, source: str) -> None:
    columns, headers = table.match.columns, table.header.cells
    missing_maps = missing_mapped_columns(headers, options.mapping)
    found = ", ".join(repr(cell) for cell in headers if cell.strip()) or "none"
    if missing_maps:
        raise InputError(
            f"{source}: --map {', '.join(missing_maps)}: no such column in the header "
            f"(line {table.header.line}); columns found: {found}"
        )
    missing = [name for name in ("invoice_number", "issue_date") if name not in columns]
    if not any(name in columns for name in ("outstanding", "total", "line_total")):
        missing.append("outstanding")
    if missing:
        wanted = "; ".join(f"{label(name)} (e.g. {example_headers(name)})" for name in missing)
        raise FileRefused(
            source,
            f"missing required column{'s' if len(missing) > 1 else ''}: {wanted}. Columns found "
            f"in the header (line {table.header.line}): {found}. Name them with --map "
            "FIELD=COLUMN",
        )


@dataclass
class Group:
    rows: list[Row]
    customer: str | None


def structure(sheet: Sheet, source: str) -> tuple[list[Group], list[Row]]:
    """Sort rows into invoice groups; returns (groups, data rows)."""
    has_customer = "customer_name" in sheet.columns
    mapped = set(sheet.columns.values())
    groups: dict[tuple[str, str], Group] = {}
    data_rows: list[Row] = []
    carried: str | None = None
    saw_group_rows = False
    header_keys = [cell.strip().casefold() for cell in sheet.headers]
    for row in sheet.table.rows:
        filled = [
            (index, cell) for index, cell in enumerate(row.cells) if cell and not cell.isspace()
        ]
        if not filled:
            continue
        if (
            row.cells[0].strip().casefold() == header_keys[0]
            and [cell.strip().casefold() for cell in row.cells] == header_keys
        ):
            continue  # the header repeated (page breaks in some exports)
        number = sheet.raw(row, "invoice_number")
        first_cell = clean(filled[0][1])
        if number in (None, first_cell) and _TOTAL_ROW.fullmatch(filled[0][1]):
            carried = None  # "Total for Acme" closes Acme's group
            continue
        if len(filled) == 1 and filled[0][0] not in mapped:
            # A row with one cell outside the mapped columns is a group heading: the
            # customer in QuickBooks reports, an ageing bucket or a footer elsewhere.
            saw_group_rows = True
            carried = None if has_customer else clean(filled[0][1])
            continue
        customer = sheet.raw(row, "customer_name") if has_customer else carried
        data_rows.append(row)
        if number is not None:
            sheet.numbers.add(number)
        group_key = ((number or "").casefold(), (customer or "").casefold())
        if number is None:
            group_key = (f"\0line {row.line}", group_key[1])  # never merge unnumbered rows
        groups.setdefault(group_key, Group([], customer)).rows.append(row)
    if not has_customer and not saw_group_rows:
        raise FileRefused(
            source,
            f"missing required column: {label('customer_name')} (e.g. "
            f"{example_headers('customer_name')}), and no customer group rows either. Name it "
            "with --map customer_name=COLUMN",
        )
    return list(groups.values()), data_rows
