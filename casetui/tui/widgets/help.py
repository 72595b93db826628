"""The help panel (`?`, `f1`): this screen's own keys first, then what the screen is for,
then the keys that move around a table or a field.

Textual's own panel puts the prose above the keys with half the height at most (a long help
text was cut mid-sentence at 100x30) and lists the focused widget's keys (cursor up, page
down...) before the screen's. Here everything is one scrolling column, nothing is cut, and
the app's verbs come first, where people look.
"""

from __future__ import annotations

from textwrap import dedent

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import HelpPanel, Markdown, Static


def _own(active: ActiveBinding, screen: Screen[object]) -> bool:
    """The screen's and the app's own keys (the verbs: they carry an id, see
    casetui.tui.keymap), as opposed to Textual's generic ones (focus, copy) and those of
    the focused table or field (cursor, read the entry)."""
    return active.binding.id is not None and active.node in (screen, screen.app)


class KeyList(Static):
    """The active keys of the screen, either its own (`own=True`) or the widgets'."""

    DEFAULT_CSS = """
    KeyList { width: 1fr; height: auto; margin: 1 0 0 0; }
    """

    def __init__(self, *, own: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.own = own

    def render(self) -> Table:
        table = Table(box=box.SIMPLE, show_header=False, padding=(0, 1, 0, 0), pad_edge=False)
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        keys: dict[str, list[Binding]] = {}
        # The screen's verbs, then the app's, then those of the focused table or field.
        ranked = sorted(
            self.screen.active_bindings.values(),
            key=lambda active: (
                0 if active.node is self.screen else 1 if active.node is self.app else 2
            ),
        )
        for active in ranked:
            binding = active.binding
            if binding.system or not binding.description or _own(active, self.screen) != self.own:
                continue
            keys.setdefault(binding.action, []).append(binding)
        if not keys:
            return table
        if not self.own:
            table.add_row("", Text("Moving around", style="underline"))
        for bindings in keys.values():
            shown = " ".join(dict.fromkeys(self.app.get_key_display(b) for b in bindings))
            table.add_row(Text(shown), Text(bindings[0].description))
        return table


class ScreenHelp(HelpPanel):
    """The help panel every screen and form of the app shows."""

    DEFAULT_CSS = """
    ScreenHelp {
        & > #help-scroll { height: 1fr; scrollbar-size-vertical: 1; }
        & #widget-help { max-height: initial; display: block; margin-top: 0; }
        & KeyList { padding: 0 1; }
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll", can_focus=False):
            yield KeyList(own=True, id="own-keys")
            yield Markdown(id="widget-help")
            yield KeyList(own=False, id="moving-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self.screen.bindings_updated_signal.subscribe(self, self._keys_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _keys_changed(self, screen: Screen[object]) -> None:
        for keys in self.query(KeyList):
            keys.refresh(layout=True)

    def update_help(self, focused_widget: Widget | None) -> None:
        if not self.app.app_focus or not self.screen.is_active:
            return
        text = ""
        nodes = focused_widget.ancestors_with_self if focused_widget is not None else [self.screen]
        for node in nodes:
            if isinstance(node, Widget) and node.HELP:
                text = node.HELP
                break
        try:
            markdown = self.query_one("#widget-help", Markdown)
        except NoMatches:
            return
        markdown.display = bool(text)
        markdown.update(dedent(text.rstrip()))
