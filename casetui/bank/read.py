"""A statement file in, `StatementFile` out: size cap, format by content, balances checked.

The format is recognised from the bytes, never from the name: XML is camt, a first record
`00000DDMMYY` is CODA, a `:20:` field (or a SWIFT `{1:` envelope) is MT940, anything else is
read as CSV. Hostile files are refused as invoice imports refuse them (binary junk, PDFs,
archives, files over the size cap, XML with a DTD).

A statement whose balances do not add up (opening + movements != closing) is refused as a
whole, with the statement and the figures: a download cut short is the usual cause.
`ignore_balances` reads it anyway (some published sample files are anonymised so that their
balances no longer match) and says so in a warning.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from casetui.bank.bankcsv import BANK_FIELDS, parse_bank_csv
from casetui.bank.camt import parse_camt
from casetui.bank.coda import parse_coda
from casetui.bank.records import FORMATS, BankFormat, Statement, StatementFile
from casetui.bank.swift import parse_mt940
from casetui.errors import InputError
from casetui.importers.columns import check_mapping
from casetui.importers.detect import UTF8_BOM, refuse_binary
from casetui.importers.errors import FileRefused
from casetui.importers.load import DEFAULT_MAX_BYTES, read_capped

# What `refuse_binary` says a statement reader wanted, for a PDF or an image picked by mistake.
STATEMENT_FILES = (
    "a bank statement",
    "download it from the bank as camt.053/054 XML, CODA, MT940 or CSV",
)
_CODA_HEADER = re.compile(rb"\s*0{5}\d{6}")
_MT940 = re.compile(rb"(?:^|[\r\n])\s*(?::20:|\{1:)")


def normalise_format(name: str | None) -> BankFormat | None:
    if name is None or not name.strip():
        return None
    value = name.strip().lower()
    if value not in FORMATS:
        raise InputError(f"unknown statement format {name!r} (use {', '.join(FORMATS)})")
    return value  # type: ignore[return-value]


def detect_format(data: bytes) -> BankFormat:
    head = data.removeprefix(UTF8_BOM).lstrip(b"\x01 \t\r\n")
    if head[:1] == b"<":
        return "camt"
    if _CODA_HEADER.match(head):
        return "coda"
    if _MT940.search(head[:4096]):
        return "mt940"
    return "csv"


def check_balances(statement: Statement, number: int) -> str | None:
    """Why the statement's balances do not add up, or None when they do (or are absent
    where the format has none: camt.054 notifications, CSV exports)."""
    opening, closing = statement.opening, statement.closing
    name = f"statement {number}" + (f" ({statement.account})" if statement.account else "")
    if statement.format == "csv" or (
        opening is None and closing is None and statement.format == "camt"
    ):
        return None
    if closing is None:
        return f"{name}: no closing balance; the file looks cut off"
    if opening is None:
        return f"{name}: no opening balance"
    for balance, which in ((opening, "opening"), (closing, "closing")):
        if statement.currency and balance.currency != statement.currency:
            return (
                f"{name}: the {which} balance is in {balance.currency}, the account in "
                f"{statement.currency}"
            )
    expected = opening.amount + statement.movement
    if expected != closing.amount:
        return (
            f"{name}: opening balance {opening.amount:f} + movements {statement.movement:f} = "
            f"{expected:f}, but the closing balance is {closing.amount:f}"
        )
    return None


def parse_statement_bytes(
    data: bytes,
    *,
    source: str = "<bytes>",
    format: str | None = None,  # named like the --format option
    ignore_balances: bool = False,
    mapping: Mapping[str, str] | None = None,
    currency: str = "EUR",
    dayfirst: bool = True,
    delimiter: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> StatementFile:
    """Read one statement file. Raises `FileRefused` (an `InputError`) when it cannot be
    read, or when its balances do not add up and `ignore_balances` is off."""
    if len(data) > max_bytes:
        raise FileRefused(source, f"the file is {len(data) / 1e6:.1f} MB, over the limit")
    refuse_binary(data.lstrip(b"\x01"), source, wanted=STATEMENT_FILES)
    kind = normalise_format(format) or detect_format(data)
    if kind == "camt":
        statements, warnings = parse_camt(data, source)
    elif kind == "coda":
        statements, warnings = parse_coda(data, source)
    elif kind == "mt940":
        statements, warnings = parse_mt940(data, source)
    else:
        statements, warnings = parse_bank_csv(data, source, mapping, currency, dayfirst, delimiter)
    notes = list(warnings)
    problems = [
        problem
        for number, statement in enumerate(statements, 1)
        if (problem := check_balances(statement, number))
    ]
    if problems and not ignore_balances:
        raise FileRefused(
            source,
            "the balances do not add up: "
            + "; ".join(problems)
            + " (--ignore-balances reads it anyway)",
        )
    notes += [f"balances ignored: {problem}" for problem in problems]
    for number, statement in enumerate(statements, 1):
        notes += [f"statement {number}: {w}" for w in statement.warnings]
    return StatementFile(
        source=source,
        format=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        statements=statements,
        warnings=tuple(notes),
    )


def parse_statement_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, **options: Any
) -> tuple[StatementFile, bytes]:
    """Read and parse a statement file; also returns its bytes (kept as evidence)."""
    data = read_capped(Path(path), max_bytes)
    parsed = parse_statement_bytes(data, source=str(path), max_bytes=max_bytes, **options)
    return parsed, data


def check_options(mapping: Mapping[str, str], format: str | None) -> None:
    """Options wrong for every file, refused before any file is read."""
    normalise_format(format)
    check_mapping(mapping, BANK_FIELDS)
