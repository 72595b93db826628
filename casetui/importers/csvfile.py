"""Invoice lists exported by invoicing tools (CSV) -> `ImportedDocument`s, all or nothing.

Rows are first sorted into structure (blank rows, customer group rows, "Total" rows, a
repeated header) and data. Data rows are grouped by (invoice number, customer): tools that
export one row per line item (Zoho, Xero, FreshBooks) repeat the invoice fields on each
row, so those are taken from the first row and the invoice total is never added up; only a
"line total" column is summed, when it is the only money column. Every bad cell of every
row is reported with the row's line number, so a caller can refuse the file as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from casetui.errors import InputError
from casetui.importers.columns import (
    FIELDS,
    check_mapping,
    example_headers,
    label,
    missing_mapped_columns,
)
from casetui.importers.csvread import Row, Table, read_table
from casetui.importers.errors import FileRefused
from casetui.importers.records import (
    DocType,
    DueSource,
    FileParse,
    ImportedDocument,
    ImportedParty,
    RowProblem,
)
from casetui.importers.references import classify_reference
from casetui.importers.statuses import is_partial, status_decision, type_decision
from casetui.importers.terms import due_from_terms
from casetui.importers.text import clean, clean_contact, clean_lines
from casetui.importers.values import (
    ORDER_NAMES,
    AmountColumn,
    CellError,
    DateColumn,
    decide_amount_column,
    decide_date_column,
)
from casetui.money import check_currency, round_money

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


class _Sheet:
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


def _check_columns(table: Table, options: CsvOptions, source: str) -> None:
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
class _Group:
    rows: list[Row]
    customer: str | None


def _structure(sheet: _Sheet, source: str) -> tuple[list[_Group], list[Row]]:
    """Sort rows into invoice groups; returns (groups, data rows)."""
    has_customer = "customer_name" in sheet.columns
    mapped = set(sheet.columns.values())
    groups: dict[tuple[str, str], _Group] = {}
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
        groups.setdefault(group_key, _Group([], customer)).rows.append(row)
    if not has_customer and not saw_group_rows:
        raise FileRefused(
            source,
            f"missing required column: {label('customer_name')} (e.g. "
            f"{example_headers('customer_name')}), and no customer group rows either. Name it "
            "with --map customer_name=COLUMN",
        )
    return list(groups.values()), data_rows


class _Problems:
    def __init__(self) -> None:
        self.by_line: dict[int, list[str]] = {}

    def add(self, line: int, reason: str) -> None:
        self.by_line.setdefault(line, []).append(reason)

    def has(self, lines: list[int]) -> bool:
        return any(line in self.by_line for line in lines)


def _money(sheet: _Sheet, group: _Group, problems: _Problems) -> tuple[Decimal | None, bool]:
    """(amount outstanding, derived?) from the best money columns available."""
    first = group.rows[0]

    def read(row: Row, name: str) -> Decimal | None:
        try:
            return sheet.amount(row, name)
        except CellError as error:
            problems.add(row.line, f"{sheet.header(name)}: {error}")
            return None

    if "outstanding" in sheet.columns:
        value = read(first, "outstanding")
        if value is None and sheet.raw(first, "outstanding") is None:
            problems.add(first.line, f"{sheet.header('outstanding')}: missing amount")
        return value, False
    if "total" in sheet.columns:
        total = read(first, "total")
        paid = read(first, "paid") if "paid" in sheet.columns else None
        if total is None:
            if sheet.raw(first, "total") is None:
                problems.add(first.line, f"{sheet.header('total')}: missing amount")
            return None, True
        if "paid" not in sheet.columns:
            return total, True
        return total - (paid or Decimal(0)), True
    # Only line totals (FreshBooks): the invoice amount is their sum.
    values = [read(row, "line_total") for row in group.rows]
    missing = [row.line for row in group.rows if sheet.raw(row, "line_total") is None]
    for line in missing:
        problems.add(line, f"{sheet.header('line_total')}: missing amount")
    if any(value is None for value in values):
        return None, True
    return sum(values, Decimal(0)), True


def _inconsistencies(sheet: _Sheet, group: _Group) -> list[str]:
    """Invoice fields that differ between the rows of one invoice (first row wins)."""
    first = group.rows[0]
    notes: list[str] = []
    if len(group.rows) == 1:
        return notes
    for name in ("issue_date", "due_date", "outstanding", "total", "currency", "status"):
        if name not in sheet.columns:
            continue
        expected = sheet.raw(first, name)
        for row in group.rows[1:]:
            other = sheet.raw(row, name)
            if other is not None and other != expected:
                notes.append(
                    f"line {row.line} gives {sheet.header(name)} {other!r}, line {first.line} "
                    f"{expected!r}: the first row is used"
                )
                break
    return notes


def _document(
    sheet: _Sheet,
    group: _Group,
    problems: _Problems,
    skipped: list[RowProblem],
    source: str,
    sha256: str,
) -> ImportedDocument | None:
    first = group.rows[0]
    options = sheet.options
    line = first.line
    status = sheet.raw(first, "status")
    kind, skip_reason = type_decision(sheet.raw(first, "doc_type"))
    if kind == "skip":
        skipped.append(RowProblem(source, line, f"{sheet.raw(first, 'doc_type')}: {skip_reason}"))
        return None
    decision, status_reason = status_decision(status)
    if decision == "skip":
        skipped.append(RowProblem(source, line, f"status {status!r}: {status_reason}"))
        return None

    warnings: list[str] = []
    number = sheet.raw(first, "invoice_number")
    if number is None:
        problems.add(line, "missing invoice number")
    customer = group.customer
    if customer is None:
        problems.add(line, "missing customer name")
    issue = due = None
    for name in DATE_FIELDS:
        if name not in sheet.columns:
            continue
        try:
            value = sheet.date(first, name)
        except CellError as error:
            problems.add(line, f"{sheet.header(name)}: {error}")
            continue
        if name == "issue_date":
            issue = value
            if value is None:
                problems.add(line, f"{sheet.header(name)}: missing issue date")
        else:
            due = value
    currency = options.default_currency
    if (raw_currency := sheet.raw(first, "currency")) is not None:
        try:
            currency = check_currency(raw_currency)
        except InputError:
            problems.add(line, f"{sheet.header('currency')}: not a currency code: {raw_currency!r}")
    amount, derived = _money(sheet, group, problems)
    if (
        problems.has([row.line for row in group.rows])
        or number is None
        or customer is None
        or issue is None
        or amount is None
    ):
        return None  # every reason is in `problems`

    rounded = round_money(amount, currency)
    if rounded != amount:
        warnings.append(f"amount {amount} rounded to {rounded} {currency}")
    if kind == "credit":
        doc_type: DocType = "credit"
        signed = -abs(rounded)  # tools write credit notes signed or unsigned
    elif kind == "invoice":
        doc_type, signed = "invoice", rounded
    else:
        # No type column (or an unknown word): a negative amount is a credit note or credit memo.
        doc_type, signed = ("credit" if rounded < 0 else "invoice"), rounded
        if sheet.raw(first, "doc_type"):
            warnings.append(f"unknown document type {sheet.raw(first, 'doc_type')!r}")
    if signed == 0:
        skipped.append(RowProblem(source, line, f"{number}: nothing outstanding (0)"))
        return None
    if decision == "unknown":
        warnings.append(f"unknown status {status!r}: treated as open")
    if derived and is_partial(status) and "paid" not in sheet.columns:
        warnings.append("partially paid, but the file has no paid or outstanding column: the "
                        "amount is the invoice total")  # fmt: skip

    terms = clean_lines(sheet.raw(first, "terms"))
    due_source: DueSource = "read"
    if due is None:
        suggested = due_from_terms(terms, issue, dayfirst=options.dayfirst)
        if suggested is not None:
            due, due_source = suggested, "terms"
        else:
            due = issue + timedelta(days=options.default_terms_days)
            due_source = "default"
    if due < issue:
        warnings.append(f"due date {due} is before the issue date {issue}")
    warnings += _inconsistencies(sheet, group)

    reference = classify_reference(sheet.raw(first, "reference") or "")
    if reference and reference.warning:
        warnings.append(reference.warning)
    refers_to: tuple[str, ...] = ()
    if (original := sheet.raw(first, "refers_to")) is not None:
        refers_to = (original,)
    elif doc_type == "credit" and reference and reference.value in sheet.numbers:
        # Odoo and Xero put the corrected invoice's number in a credit note's reference.
        refers_to = (reference.value,)
    address = tuple(
        value
        for name in ("customer_address", "customer_address2")
        if (value := sheet.raw(first, name))
    )
    country = sheet.raw(first, "customer_country")
    buyer = ImportedParty(
        name=customer,
        vat=sheet.raw(first, "customer_vat"),
        email=clean_contact(sheet.raw(first, "customer_email")),
        phone=clean_contact(sheet.raw(first, "customer_phone")),
        address_lines=address,
        postcode=sheet.raw(first, "customer_postcode"),
        city=sheet.raw(first, "customer_city"),
        country=country.upper() if country and len(country) == 2 else country,
    )
    return ImportedDocument(
        source=source,
        line=line,
        sha256=sha256,
        doc_type=doc_type,
        number=number,
        issue_date=issue,
        due_date=due,
        due_source=due_source,
        currency=currency,
        amount=signed,
        amount_derived=derived,
        buyer=buyer,
        reference=reference.value if reference else None,
        reference_kind=reference.kind if reference else None,
        refers_to=refers_to,
        payment_terms=terms,
        status=status,
        warnings=tuple(warnings),
    )


# Currencies a symbol can stand for: a hint that the default currency does not fit.
_SYMBOLS = {"€": ("EUR",), "£": ("GBP",), "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN")}


def _symbol_mismatch(sheet: _Sheet, data_rows: list[Row]) -> str | None:
    currency = sheet.options.default_currency
    for name in AMOUNT_FIELDS:
        if name not in sheet.columns:
            continue
        for row in data_rows:
            value = sheet.raw(row, name) or ""
            for symbol, codes in _SYMBOLS.items():
                if symbol in value and currency not in codes:
                    return (
                        f"amounts are written with {symbol!r} but the file has no currency "
                        f"column: every amount is taken as {currency} (the default currency)"
                    )
    return None


def parse_csv(data: bytes, *, source: str, sha256: str, options: CsvOptions) -> FileParse:
    check_mapping(options.mapping)
    table = read_table(data, source, options.mapping, options.delimiter)
    _check_columns(table, options, source)
    sheet = _Sheet(table, options)
    groups, data_rows = _structure(sheet, source)
    sheet.decide(data_rows)
    if table.encoding == "cp1252":
        sheet.warnings.append("the file is not UTF-8: read as Windows-1252 (Excel's CSV)")
    if "due_date" not in sheet.columns:
        fallback = "the payment terms column, else " if "terms" in sheet.columns else ""
        sheet.warnings.append(
            f"no due date column: due dates come from {fallback}the issue date + "
            f"{options.default_terms_days} days"
        )
    if "currency" not in sheet.columns:
        symbol_warning = _symbol_mismatch(sheet, data_rows)
        if symbol_warning:
            sheet.warnings.append(symbol_warning)
    if "outstanding" not in sheet.columns:
        used = "total - paid" if {"total", "paid"} <= sheet.columns.keys() else (
            "the invoice total" if "total" in sheet.columns else "the sum of the line totals"
        )  # fmt: skip
        sheet.warnings.append(f"no outstanding-amount column: amounts are {used}")

    problems = _Problems()
    skipped: list[RowProblem] = []
    documents = []
    for group in groups:
        document = _document(sheet, group, problems, skipped, source, sha256)
        if document is not None:
            documents.append(document)
    errors = tuple(
        RowProblem(source, line, "; ".join(reasons))
        for line, reasons in sorted(problems.by_line.items())
    )
    columns = tuple(
        (name, table.header.cells[index])
        for name in FIELDS
        if (index := sheet.columns.get(name)) is not None
    )
    return FileParse(
        source=source,
        format="csv",
        sha256=sha256,
        documents=tuple(documents),
        skipped=tuple(skipped),
        errors=errors,
        warnings=tuple(sheet.warnings),
        encoding=table.encoding,
        delimiter=table.delimiter,
        header_line=table.header.line,
        columns=columns,
    )
