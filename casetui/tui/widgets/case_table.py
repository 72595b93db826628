"""A `DataTable` of rows keyed by id, with `Text` cells, vim keys and a rendered window.

Lists can hold 10k+ cases. A `DataTable` measures every cell of every row it holds, so
the table only ever holds a window of `WINDOW` rows around the cursor; moving past either
edge of the window (j/k, page keys, g/G) swaps in the next window. Column widths are
computed here from the window's cells and fixed, which lets us skip DataTable's own
per-cell measuring: that was most of the cost of a refill.

Cells are `rich.text.Text`, never `str`: a `str` cell would be parsed as markup, and a
customer called `ACME [/]` would crash the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import MouseScrollDown, MouseScrollUp, Resize
from textual.geometry import Size
from textual.widgets import DataTable

Row = TypeVar("Row")


@dataclass(frozen=True)
class Column:
    """A column: its key, header, width limits and alignment.

    `grow` columns share what is left of the table's width (the reason on Today); others
    are as wide as their widest cell in the window, between `min_width` and `max_width`.
    On a narrow terminal, columns with `drop` > 0 are left out, highest first, rather than
    squeezing the columns that matter.
    """

    key: str
    label: str
    min_width: int = 3
    max_width: int = 40
    justify: Literal["left", "right"] = "left"
    grow: bool = False
    drop: int = 0  # when the table is too narrow, columns with the highest `drop` go first


def cell(text: str, *, justify: Literal["left", "right"] = "left", style: str = "") -> Text:
    """A one-line table cell showing `text` literally, cut with an ellipsis if too wide."""
    return Text(text, style=style, justify=justify, no_wrap=True, overflow="ellipsis", end="")


class CaseTable(DataTable[Text], Generic[Row]):
    """Rows keyed by id, shown a window at a time. Give it rows with `show(...)`."""

    WINDOW: ClassVar[int] = 160  # rows held at once: a few screens' worth, quick to refill
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="table.open"),
        Binding("j", "cursor_down", "Down", id="table.down", show=False),
        Binding("k", "cursor_up", "Up", id="table.up", show=False),
        Binding("g,home,ctrl+home", "first", "First", id="table.first", show=False),
        Binding("G,end,ctrl+end", "last", "Last", id="table.last", show=False),
    ]

    def __init__(
        self,
        columns: Sequence[Column],
        key: Callable[[Row], str],
        cells: Callable[[Row], Sequence[Text]],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row")
        self.spec = tuple(columns)
        self._key = key
        self._cells = cells
        self.items: Sequence[Row] = ()
        self._start = 0
        self._window: list[Row] = []
        self._index_of: dict[str, int] | None = None
        self._fitted_for = 0
        self._pending: int | None = None  # the cursor position to fill at, once laid out
        self.marks: dict[str, str] = {}  # column key -> text after its label (sort arrows)
        self.selected: set[str] = set()  # row keys marked for an action on several cases

    # ------------------------------------------------------------------ data

    def show(self, items: Sequence[Row], *, keep: str | None = None, index: int = 0) -> None:
        """Show `items`; the cursor goes to the row keyed `keep` if it is there, else to
        `index` (clamped), so a refill after an action leaves the cursor where it was."""
        self.items = items
        self._index_of = None
        self.set_class(len(items) > self.WINDOW, "-windowed")
        target = self.index_of(keep) if keep is not None else None
        if target is None:
            target = min(max(index, 0), max(len(items) - 1, 0))
        if not self.size.width:  # not laid out yet: `on_resize` fills it, once, to fit
            self._start, self._pending = self._window_start(target), target
            return
        self._fill(self._window_start(target), target)

    def index_of(self, key: str | None) -> int | None:
        """The position of the row keyed `key` in the whole list (not just the window)."""
        if key is None:
            return None
        if self._index_of is None:
            self._index_of = {self._key(item): n for n, item in enumerate(self.items)}
        return self._index_of.get(key)

    @property
    def position(self) -> int:
        """The cursor's position in the whole list."""
        if self._pending is not None:
            return self._pending
        return self._start + self.cursor_row

    @property
    def current(self) -> Row | None:
        if not self.items:
            return None
        position = self.position
        return self.items[position] if 0 <= position < len(self.items) else None

    @property
    def current_key(self) -> str | None:
        row = self.current
        return None if row is None else self._key(row)

    @property
    def window(self) -> tuple[int, int]:
        """The rows held right now, as (first, last) positions, 0-based, inclusive."""
        return self._start, self._start + len(self._window) - 1

    def shown_columns(self) -> list[str]:
        """The keys of the columns on screen (narrow terminals leave some out)."""
        return [str(column.key.value) for column in self.ordered_columns]

    def all_keys(self) -> list[str]:
        """Every row's key, in order (for walking the list from a case)."""
        return [self._key(item) for item in self.items]

    def move_to(self, position: int) -> None:
        """Put the cursor on the row at `position` of the whole list, swapping windows."""
        if not self.items:
            return
        position = min(max(position, 0), len(self.items) - 1)
        first, last = self.window
        if not first <= position <= last:
            self._fill(self._window_start(position), position)
            return
        self.move_cursor(row=position - first)

    def _window_start(self, position: int) -> int:
        if len(self.items) <= self.WINDOW:
            return 0
        start = max(0, position - self.WINDOW // 3)
        return min(start, len(self.items) - self.WINDOW)

    def _fill(self, start: int, position: int) -> None:
        self._start = start
        self._window = list(self.items[start : start + self.WINDOW])
        rows = [(self._key(item), self._marked_cells(item)) for item in self._window]
        shown, widths = self._fit([cells for _, cells in rows])
        self._fitted_for = self.size.width
        with self.app.batch_update():
            self.clear(columns=True)
            for n, width in zip(shown, widths, strict=True):
                column = self.spec[n]
                text = column.label + self.marks.get(column.key, "")
                label = Text(text, justify=column.justify, no_wrap=True, end="")
                self.add_column(label, width=width, key=column.key)
            for key, cells in rows:
                self.add_row(*(cells[n] for n in shown), key=key, height=1)
            if rows:
                self.move_cursor(row=position - start)

    def _marked_cells(self, item: Row) -> Sequence[Text]:
        """A marked row (space or v on a list) starts with a check and shows in bold."""
        cells = self._cells(item)
        if self._key(item) not in self.selected:
            return cells
        first = Text("✓ ", style="bold", no_wrap=True, overflow="ellipsis", end="")
        first.append_text(cells[0])
        return [first, *(cell.copy() for cell in cells[1:])]

    def refresh_row_marks(self) -> None:
        """Show the marks again (the window only), keeping the cursor."""
        if self.items and self.size.width:
            self._fill(self._start, self.position)

    # ------------------------------------------------------------------ widths

    def _fit(self, rows: Iterable[Sequence[Text]]) -> tuple[list[int], list[int]]:
        """Which columns to show and how wide: natural widths within each column's limits,
        `drop` columns left out while the rest do not fit in full, and the `grow` columns
        given what is left, in order."""
        spec = self.spec
        pad = 2 * self.cell_padding
        natural = [cell_len(column.label + self.marks.get(column.key, "")) for column in spec]
        for cells in rows:
            for n, text in enumerate(cells):
                width = text.cell_len
                if width > natural[n]:
                    natural[n] = width
        widths = [
            max(min(width, column.max_width), column.min_width)
            for width, column in zip(natural, spec, strict=True)
        ]
        for n, column in enumerate(spec):  # the sorted column's arrow is never cut off
            if column.key in self.marks:
                widths[n] = max(widths[n], cell_len(column.label + self.marks[column.key]))
        shown = list(range(len(spec)))
        total = self.size.width - 1  # the vertical scrollbar may take a column
        if total <= 0:
            return shown, widths

        def wanted() -> int:
            """Every shown column at its natural width; a grow column at most twice its
            minimum (a long name may be cut a little before a column goes)."""
            return sum(
                (min(widths[n], 2 * spec[n].min_width) if spec[n].grow else widths[n]) + pad
                for n in shown
            )

        # Leave out `drop` columns while the others cannot all be shown in full: a
        # customer's name and the reason matter more than the stage or the invoice.
        # The column the list is sorted by (it carries a mark) always stays.
        droppable = (n for n in shown if spec[n].drop and spec[n].key not in self.marks)
        for n in sorted(droppable, key=lambda n: -spec[n].drop):
            if wanted() <= total:
                break
            shown.remove(n)
        growing = [n for n in shown if spec[n].grow]
        left = total - sum(widths[n] + pad for n in shown if n not in growing)
        left -= pad * len(growing)
        for order, n in enumerate(growing):
            later = sum(spec[m].min_width for m in growing[order + 1 :])
            widths[n] = max(spec[n].min_width, min(natural[n], spec[n].max_width, left - later))
            left -= widths[n]
        return shown, [widths[n] for n in shown]

    def on_resize(self, event: Resize) -> None:
        if self._pending is not None:
            position, self._pending = self._pending, None
            self._fill(self._start, position)
        elif self.items and event.size.width != self._fitted_for:
            self._fill(self._start, self.position)

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        """Every column has a width from `_fit` and every row is one line high, so the
        per-cell measuring DataTable does here (2/3 of a refill) would find nothing new;
        only the scrollable size is left to set."""
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width, self.row_count + header)

    # ------------------------------------------------------------------ moving

    def action_cursor_down(self) -> None:
        if self.cursor_row >= len(self._window) - 1:
            self.move_to(self.position + 1)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.move_to(self.position - 1)
        else:
            super().action_cursor_up()

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_height - 1)

    def action_page_down(self) -> None:
        self.move_to(self.position + self._page())

    def action_page_up(self) -> None:
        self.move_to(self.position - self._page())

    def _on_mouse_scroll_down(self, event: MouseScrollDown) -> None:
        """The wheel at the bottom of the window brings in the rows below it."""
        last = self._start + len(self._window)
        if self.scroll_y >= self.max_scroll_y and last < len(self.items):
            event.stop()
            self._slide(self.WINDOW // 2)
        else:
            super()._on_mouse_scroll_down(event)

    def _on_mouse_scroll_up(self, event: MouseScrollUp) -> None:
        if self.scroll_y <= 0 and self._start > 0:
            event.stop()
            self._slide(-(self.WINDOW // 2))
        else:
            super()._on_mouse_scroll_up(event)

    def _slide(self, rows: int) -> None:
        """Move the window by `rows`, keeping the same rows on screen."""
        top = self._start + int(self.scroll_y)
        start = min(max(self._start + rows, 0), max(len(self.items) - self.WINDOW, 0))
        position = min(max(self.position, start), start + self.WINDOW - 1)
        self._fill(start, position)
        self.call_after_refresh(self.scroll_to, y=top - start, animate=False)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.items) - 1)
