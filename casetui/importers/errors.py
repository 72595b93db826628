"""The one exception the importers raise for a file they will not read at all."""

from __future__ import annotations

from casetui.errors import InputError


class FileRefused(InputError):
    """A whole file is refused: hostile, unreadable, unsupported, or without usable columns.

    Row-level problems are not raised: they are collected in `FileParse.errors` so that a
    caller can show every one of them at once.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
