"""CSV bytes -> rows with their line numbers, the delimiter and the header row.

Encodings: UTF-8 with or without BOM, UTF-16 with a BOM (Excel's "Unicode text"), else
Windows-1252 (Excel's "CSV" on Western European Windows). The delimiter and the header row
are chosen together: for each candidate delimiter the first rows are scored by how many
import fields their cells name, and the best row of the best delimiter wins. This skips the
title rows of reports (QuickBooks) without a fixed count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from casetui.importers.columns import HeaderMatch, match_header
from casetui.importers.detect import UTF8_BOM, UTF16_BOMS
from casetui.importers.errors import FileRefused

DELIMITERS = (",", ";", "\t", "|")
HEADER_SCAN_ROWS = 15
# A header must name at least this many fields; one matching word proves nothing.
_MIN_HEADER_SCORE = 2


@dataclass(frozen=True, slots=True)
class Row:
    line: int  # 1-based line where the record starts
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    encoding: str
    delimiter: str
    header: Row
    match: HeaderMatch
    rows: tuple[Row, ...]  # the rows after the header


def decode(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding name)."""
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise FileRefused(
                source, f"the file starts like UTF-8 but byte {error.start} is not UTF-8"
            ) from None
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise FileRefused(source, "the file starts like UTF-16 but is not") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise FileRefused(
            source,
            f"the file is neither UTF-8 nor Windows-1252 text (byte 0x{data[error.start]:02x} "
            f"at offset {error.start}); save it as CSV UTF-8",
        ) from None


def _rows(text: str, delimiter: str, source: str, limit: int | None = None) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append(Row(start, tuple(cells)))
            start = reader.line_num + 1
            if limit is not None and len(rows) >= limit:
                break
    except csv.Error as error:
        raise FileRefused(source, f"line {start}: unreadable CSV ({error})") from None
    return rows


def _best_header(
    rows: list[Row], mapping: Mapping[str, str], synonyms: Mapping[str, tuple[str, int]] | None
) -> tuple[Row, HeaderMatch] | None:
    best: tuple[Row, HeaderMatch] | None = None
    for row in rows[:HEADER_SCAN_ROWS]:
        match = match_header(row.cells, mapping, synonyms)
        if best is None or match.score > best[1].score:
            best = (row, match)
    return best


_EXPECTED = "'Invoice Number', 'Customer', 'Invoice Date', 'Due Date', 'Balance'"


def read_table(
    data: bytes,
    source: str,
    mapping: Mapping[str, str],
    delimiter: str | None = None,
    *,
    synonyms: Mapping[str, tuple[str, int]] | None = None,
    expected: str = _EXPECTED,
) -> Table:
    """The header row and the rows after it. `synonyms` (from `columns.synonyms`) and
    `expected` (for the message) read another kind of table than invoice lists."""
    text, encoding = decode(data, source)
    candidates = (delimiter,) if delimiter else DELIMITERS
    chosen: tuple[str, Row, HeaderMatch] | None = None
    for candidate in candidates:
        rows = _rows(text, candidate, source, HEADER_SCAN_ROWS)
        found = _best_header(rows, mapping, synonyms)
        if found and (chosen is None or found[1].score > chosen[2].score):
            chosen = (candidate, *found)
    if chosen is None or chosen[2].score < _MIN_HEADER_SCORE:
        first = next((line for line in text.splitlines() if line.strip()), "")
        raise FileRefused(
            source,
            f"no header row found in the first {HEADER_SCAN_ROWS} rows (expected columns such "
            f"as {expected}); the file starts with {first[:80]!r}",
        )
    used, header, match = chosen
    rows = _rows(text, used, source)
    after = tuple(row for row in rows if row.line > header.line)
    return Table(encoding, used, header, match, after)
