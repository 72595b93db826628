"""The letter as the preview shows it: Markdown whose tables stay readable at any width.

A letter's invoice table has six or seven columns (invoice, date, due date, amount, paid,
open, payment reference). In a preview narrower than the table, a grid must cut its cells
("Invo… F202…") or fold them mid-number ("F2026-6459 / 0"). Here a table that does not fit
is shown stacked instead: one block per row, each cell on its own line after its column's
name, so every invoice number, date and amount reads whole (a two-column table, a label and
an amount, stays a grid: its labels wrap at their spaces). The letter itself (PDF, e-mail,
the text recorded) keeps its table; only the preview's layout changes with the width.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.events import Resize
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownBlock, MarkdownTable

# A cell's padding (one each side) and the keyline between and around the columns.
_CELL_PADDING = 2
_KEYLINE = 1
_GAP = 2  # between a stacked row's names and its values


def table_width(headers: list[Content], rows: list[list[Content]]) -> int:
    """The columns the grid needs to show every cell on one line. Narrower, a grid would
    break cells between words, splitting "€ 5.260,38" or a date over lines: stacked, each
    reads whole."""
    columns = len(headers)
    widths = [header.cell_length for header in headers]
    for row in rows:
        for index, cell in enumerate(row[:columns]):
            widths[index] = max(widths[index], cell.cell_length)
    return sum(width + _CELL_PADDING for width in widths) + _KEYLINE * (columns + 1)


def stacked_width(headers: list[Content], rows: list[list[Content]]) -> int:
    """The columns the stacked rows need with names and values side by side."""
    names = max((header.cell_length for header in headers), default=0)
    values = max((cell.cell_length for row in rows for cell in row), default=0)
    return names + _GAP + values + _CELL_PADDING


def stacked(headers: list[Content], rows: list[list[Content]], *, aligned: bool = True) -> Content:
    """Each row as `column  value` lines, rows apart by an empty line, the first column's
    value (the invoice number) in bold as the row's title. `aligned`: the values in a column
    of their own; else each line `column: value`, for a preview too narrow for that (a
    long value then wraps at its spaces under its name, never cut)."""
    label_width = max((header.cell_length for header in headers), default=0)
    blocks: list[Content] = []
    for row in rows:
        lines = []
        for index, (header, cell) in enumerate(zip(headers, row, strict=False)):
            if not cell.plain.strip():
                continue  # a total row fills one or two columns
            if aligned:
                label = header.pad_right(label_width - header.cell_length)
                gap = " " * _GAP
            else:
                label, gap = header + ":", " "
            value = cell.stylize("bold") if index == 0 else cell
            lines.append(Content.assemble(label.stylize("$text-muted"), gap, value))
        blocks.append(Content("\n").join(lines))
    return Content("\n\n").join(blocks)


class LetterTable(MarkdownTable):
    """A table as a grid where it fits, stacked row by row where it does not."""

    DEFAULT_CSS = """
    LetterTable > .letter-table--stacked { display: none; height: auto; padding: 0 1; }
    LetterTable.-stacked > MarkdownTableContent { display: none; }
    LetterTable.-stacked > .letter-table--stacked { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield from super().compose()  # reads the headers and rows
        yield Static(stacked(self._headers, self._rows), classes="letter-table--stacked")

    def on_resize(self, event: Resize) -> None:
        # Two columns (a label and an amount) wrap well as a grid: the label folds at its
        # spaces, the amount is short. Wider tables stack when they do not fit on one line.
        width = event.size.width
        headers, rows = self._headers, self._rows
        stack = len(headers) > 2 and width < table_width(headers, rows)
        self.set_class(stack, "-stacked")
        if stack:
            aligned = width >= stacked_width(headers, rows)
            view = self.query_one(".letter-table--stacked", Static)
            view.update(stacked(headers, rows, aligned=aligned))

    async def _update_from_block(self, block: MarkdownBlock) -> None:
        # The grid's in-place row update (for streamed Markdown) would leave the stacked
        # view behind: a new table replaces this one whole.
        await MarkdownBlock._update_from_block(self, block)


class LetterText(Markdown):
    """Markdown with `LetterTable` for its tables."""

    BLOCKS: ClassVar[dict[str, type[MarkdownBlock]]] = {
        **Markdown.BLOCKS,
        "table_open": LetterTable,
    }
