"""A report as a document: a title, facts (creditor, as-of date), and tables.

Every report builds a `Document`; the formats render any document the same way:
- Markdown: a heading, the facts as a list, a `##` section per table, numbers right-aligned.
- CSV: the title and facts as the first rows, then each table under its own title, so the
  file reads as a document in a spreadsheet. Amounts are plain decimals (`1234.56`) in
  columns whose header names the currency. A text cell that starts with `=`, `+`, `-`, `@`,
  a tab or a carriage return gets a leading `'`: spreadsheets would run it as a formula
  (a debtor named `=HYPERLINK(...)`). Numbers are written as numbers and never need it.
- the plain-text table of the command line (`casetui.cli.reports`).

Cells are typed (`str`, `int`, `Amount`) so that each format writes numbers its own way.
User text is escaped where it lands: Markdown by `casetui.markdown`, CSV by `csv_cell`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from casetui.markdown import escape_markdown
from casetui.money import currency_exponent


class Amount(NamedTuple):
    """An amount in a table cell: minor units and their currency.

    Written straight from the integer (a report by case has 50,000 rows of them), exactly
    as `money.format_amount` and `money.format_grouped` write the same amount as a Decimal.
    """

    minor: int
    currency: str

    def plain(self) -> str:
        return _from_minor_units(self.minor, self.currency, "")

    def grouped(self) -> str:
        return _from_minor_units(self.minor, self.currency, ",")


def _from_minor_units(minor: int, currency: str, separator: str) -> str:
    exponent = currency_exponent(currency)
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**exponent)
    text = f"{whole:,}" if separator else str(whole)
    return f"{sign}{text}.{fraction:0{exponent}d}" if exponent else f"{sign}{text}"


Cell = str | int | Amount


@dataclass(frozen=True)
class Table:
    """One section of a report. `numeric` marks the right-aligned (number) columns."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: frozenset[int] = frozenset()
    total: tuple[Cell, ...] | None = None
    note: str = ""  # a sentence under the table, our own words


@dataclass(frozen=True)
class Document:
    title: str
    facts: tuple[tuple[str, str], ...]  # ("As of", "2026-11-23"), ("Creditor", name)
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()  # how the numbers were counted, our own words


def document_facts(creditor: str, *facts: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """The facts block: the creditor first when there is a business profile."""
    named = (("Creditor", creditor),) if creditor.strip() else ()
    return (*named, *facts)


# --------------------------------------------------------------------------- Markdown


def _md_cell(value: Cell) -> str:
    if isinstance(value, Amount):
        return value.grouped()
    if isinstance(value, int):
        return f"{value:,}"
    return _md(value) if value else ""


def to_markdown(document: Document) -> str:
    lines = [f"# {_md(document.title)}", ""]
    lines += [f"- {_md(label)}: {_md(value)}" for label, value in document.facts]
    for table in document.tables:
        lines += ["", f"## {_md(table.title)}", ""]
        lines.append("| " + " | ".join(_md(h) for h in table.header) + " |")
        lines.append(
            "|"
            + "|".join("---:" if i in table.numeric else "---" for i in range(len(table.header)))
            + "|"
        )
        body = list(table.rows)
        for row in body:
            lines.append("| " + " | ".join(_md_cell(cell) for cell in row) + " |")
        if table.total is not None:
            cells = [f"**{_md_cell(cell)}**" if _md_cell(cell) else "" for cell in table.total]
            lines.append("| " + " | ".join(cells) + " |")
        if table.note:
            lines += ["", _md(table.note)]
    if document.notes:
        lines.append("")
        lines += [_md(note) for note in document.notes]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- CSV

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Cell) -> str:
    """One CSV cell; text that a spreadsheet would take for a formula is defused."""
    if isinstance(value, Amount):
        return value.plain()
    if isinstance(value, int):
        return str(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def to_csv(document: Document) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def write(cells: Sequence[Cell]) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])

    write([document.title])
    for label, value in document.facts:
        write([label, value])
    for table in document.tables:
        writer.writerow([])
        write([table.title])
        write(table.header)
        for row in table.rows:
            write(row)
        if table.total is not None:
            write(table.total)
        if table.note:
            write([table.note])
    if document.notes:
        writer.writerow([])
        for note in document.notes:
            write([note])
    return out.getvalue()


def combined(title: str, facts: tuple[tuple[str, str], ...], parts: Sequence[Document]) -> Document:
    """Several reports as one document: each table titled with its report's title."""
    tables = tuple(
        Table(
            f"{part.title}: {table.title}",
            table.header,
            table.rows,
            table.numeric,
            table.total,
            table.note,
        )
        for part in parts
        for table in part.tables
    )
    notes = tuple(f"{part.title}: {note}" for part in parts for note in part.notes)
    return Document(title, facts, tables, notes)


def _md(text: str) -> str:
    """User text as literal inline Markdown on one line (its lines joined by " / ")."""
    return escape_markdown(text, joiner=" / ")
