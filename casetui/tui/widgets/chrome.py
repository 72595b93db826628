"""The line at the top of every screen: its name on the left, where you are on the right;
and the read-only banner under it when another casetui holds the ledger."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class TitleBar(Horizontal):
    """`Today` ... `Monday 23 November 2026`. Both parts are plain text."""

    def __init__(self, title: str, detail: str = "") -> None:
        super().__init__(classes="title-bar")
        self._title = title
        self._detail = detail

    def compose(self) -> ComposeResult:
        yield Static(Content(self._title), classes="title")
        yield Static(Content(self._detail), classes="title-detail")

    def set(self, title: str, detail: str) -> None:
        self._title, self._detail = title, detail
        if self.is_mounted:
            self.query_one(".title", Static).update(Content(title))
            self.query_one(".title-detail", Static).update(Content(detail))


class ReadOnlyBanner(Static):
    """Shown on every screen while the ledger is open read-only."""

    def __init__(self, reason: str) -> None:
        text = f"Read-only: {reason}. You can look, not change." if reason else ""
        super().__init__(Content(text), classes="read-only-banner")
        self.display = bool(reason)
