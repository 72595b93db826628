"""Invoice lists exported by invoicing tools (CSV) -> `ImportedDocument`s, all or nothing.

Each invoice group (see `csvsheet.structure`) becomes one document. Invoice fields come
from its first row and the invoice total is never added up over line rows; only a "line
total" column is summed, when it is the only money column. Every bad cell of every row is
reported with the row's line number, so a caller can refuse the file as a whole.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from casetui.checks import check_currency
from casetui.errors import InputError
from casetui.identifiers import classify_reference
from casetui.importers.columns import FIELDS, check_mapping
from casetui.importers.csvread import Row, read_table
from casetui.importers.csvsheet import (
    AMOUNT_FIELDS,
    DATE_FIELDS,
    CsvOptions,
    Group,
    Sheet,
    check_columns,
    structure,
)
from casetui.importers.records import (
    DocType,
    DueSource,
    FileParse,
    ImportedDocument,
    ImportedParty,
    RowProblem,
    SkipOutcome,
)
from casetui.importers.statuses import is_partial, status_decision, type_decision
from casetui.importers.terms import due_from_terms
from casetui.importers.text import clean_contact, clean_lines
from casetui.importers.values import CellError
from casetui.money import round_money

__all__ = ["CsvOptions", "parse_csv"]


class _Problems:
    def __init__(self) -> None:
        self.by_line: dict[int, list[str]] = {}

    def add(self, line: int, reason: str) -> None:
        self.by_line.setdefault(line, []).append(reason)

    def has(self, lines: list[int]) -> bool:
        return any(line in self.by_line for line in lines)


def _money(
    sheet: Sheet, group: Group, problems: _Problems
) -> tuple[Decimal | None, bool, Decimal | None]:
    """(amount outstanding, derived?, invoice total) from the best money columns available.

    The total is given only when the file states it beside an outstanding or paid amount:
    a partly paid invoice keeps its total, and what was paid is recorded as paid."""
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
        total = read(first, "total") if "total" in sheet.columns else None
        return value, False, total
    if "total" in sheet.columns:
        total = read(first, "total")
        paid = read(first, "paid") if "paid" in sheet.columns else None
        if total is None:
            if sheet.raw(first, "total") is None:
                problems.add(first.line, f"{sheet.header('total')}: missing amount")
            return None, True, None
        if "paid" not in sheet.columns:
            return total, True, None
        return total - (paid or Decimal(0)), True, total
    # Only line totals (FreshBooks): the invoice amount is their sum.
    values = [read(row, "line_total") for row in group.rows]
    missing = [row.line for row in group.rows if sheet.raw(row, "line_total") is None]
    for line in missing:
        problems.add(line, f"{sheet.header('line_total')}: missing amount")
    if any(value is None for value in values):
        return None, True, None
    return sum(values, Decimal(0)), True, None


def _invoice_total(
    total: Decimal | None, outstanding: Decimal, currency: str, warnings: list[str]
) -> Decimal | None:
    """The total to keep on a partly paid invoice, or None (nothing paid, or no usable
    total). A total below what is outstanding cannot be right: warned, not used."""
    if total is None or outstanding <= 0:
        return None
    total = round_money(total, currency)
    if total < outstanding:
        warnings.append(
            f"the invoice total {total} is less than the amount outstanding {outstanding}: "
            "the total is not used"
        )
        return None
    return total if total > outstanding else None


def _inconsistencies(sheet: Sheet, group: Group) -> list[str]:
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


# Skip reasons (statuses.status_decision) that say what became of the invoice.
_OUTCOMES: dict[str, SkipOutcome] = {"already paid": "paid", "cancelled": "cancelled"}


def _issued(sheet: Sheet, row: Row) -> date | None:
    """A skipped row's issue date, if it reads (a skipped row is never an error)."""
    if "issue_date" not in sheet.columns:
        return None
    try:
        return sheet.date(row, "issue_date")
    except CellError:
        return None


def _party(sheet: Sheet, first: Row, customer: str) -> ImportedParty:
    address = tuple(
        value
        for name in ("customer_address", "customer_address2")
        if (value := sheet.raw(first, name))
    )
    country = sheet.raw(first, "customer_country")
    return ImportedParty(
        name=customer,
        vat=sheet.raw(first, "customer_vat"),
        email=clean_contact(sheet.raw(first, "customer_email")),
        phone=clean_contact(sheet.raw(first, "customer_phone")),
        address_lines=address,
        postcode=sheet.raw(first, "customer_postcode"),
        city=sheet.raw(first, "customer_city"),
        country=country.upper() if country and len(country) == 2 else country,
    )


def _document(
    sheet: Sheet,
    group: Group,
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
        reason = f"status {status!r}: {status_reason}"
        # A settled credit note closes nothing: only invoices carry the outcome.
        outcome = None if kind == "credit" else _OUTCOMES.get(status_reason or "")
        number = sheet.raw(first, "invoice_number")
        if outcome is not None and number is not None and group.customer is not None:
            buyer = _party(sheet, first, group.customer)
            issued = _issued(sheet, first)
            skipped.append(RowProblem(source, line, reason, outcome, number, buyer, issued))
        else:
            skipped.append(RowProblem(source, line, reason))
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
        except InputError as error:  # the one rule (casetui.checks), as forms and `add` say it
            problems.add(line, f"{sheet.header('currency')}: {error}")
    amount, derived, total = _money(sheet, group, problems)
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
    invoice_total = None
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
        skipped.append(
            RowProblem(
                source,
                line,
                f"{number}: nothing outstanding (0)",
                outcome="paid",
                number=number,
                buyer=_party(sheet, first, customer),
                issued=issue,
            )
        )
        return None
    if doc_type == "invoice":
        invoice_total = _invoice_total(total, signed, currency, warnings)
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
    buyer = _party(sheet, first, customer)
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
        total=invoice_total,
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


def _symbol_mismatch(sheet: Sheet, data_rows: list[Row]) -> str | None:
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
    check_columns(table, options, source)
    sheet = Sheet(table, options)
    groups, data_rows = structure(sheet, source)
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
