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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from casetui.markdown import escape_markdown
from casetui.money import format_minor
from casetui.records import NamedTuple


class Amount(NamedTuple):
    """An amount in a table cell: minor units and their currency.

    Written straight from the integer (a report by case has 50,000 rows of them), exactly
    as `money.format_amount` and `money.format_grouped` write the same amount as a Decimal.
    """

    minor: int
    currency: str

    def plain(self) -> str:
        return format_minor(self.minor, self.currency)

    def grouped(self) -> str:
        return format_minor(self.minor, self.currency, grouped=True)


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


class CellTexts(dict[Cell, str]):
    """Each distinct cell written once (`write` of it) for one document: a report by case
    has 50,000 rows whose zeros, dates, names and currencies repeat.

    Keys compare by value, so an `Amount` would equal a plain tuple and 1 would equal
    True; cells are only `str`, `int` and `Amount` (and `bool` is never one)."""

    def __init__(self, write: Callable[[Cell], str]) -> None:
        super().__init__()
        self._write = write

    def __missing__(self, cell: Cell) -> str:
        text = self[cell] = self._write(cell)
        return text


def to_markdown(document: Document) -> str:
    lines = [f"# {_md(document.title)}", ""]
    lines += [f"- {_md(label)}: {_md(value)}" for label, value in document.facts]
    cell = CellTexts(_md_cell).__getitem__
    for table in document.tables:
        lines += ["", f"## {_md(table.title)}", ""]
        lines.append("| " + " | ".join(_md(h) for h in table.header) + " |")
        lines.append(
            "|"
            + "|".join("---:" if i in table.numeric else "---" for i in range(len(table.header)))
            + "|"
        )
        lines += ["| " + " | ".join(map(cell, row)) + " |" for row in table.rows]
        if table.total is not None:
            cells = [f"**{cell(value)}**" if cell(value) else "" for value in table.total]
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
    cell = CellTexts(csv_cell).__getitem__

    def write(cells: Sequence[Cell]) -> None:
        writer.writerow(list(map(cell, cells)))

    write([document.title])
    for label, value in document.facts:
        write([label, value])
    for table in document.tables:
        writer.writerow([])
        write([table.title])
        write(table.header)
        writer.writerows(map(cell, row) for row in table.rows)
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
