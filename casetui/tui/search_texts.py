"""The words of every case's events, for the lists' free-text filters (`SearchTexts`).

Its own module, apart from the list screens: the app makes one when it starts, and the
first frame must not wait for the screens, the forms and the core to be imported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casetui.caseindex import CaseRow
    from casetui.ledger import Ledger


class SearchTexts:
    """The words of every case's events (notes, reasons, terms...) for free-text search,
    read once in the background: the lists themselves come from index rows, which do not
    carry them. Kept per case, casefolded, with the last event id they were read at: one
    string per case, which the lists' `Facts` search as it is (`Facts.event_text`)."""

    def __init__(self) -> None:
        self._texts: dict[str, tuple[int, str]] = {}
        self.ready = False
        self.failed = ""  # why the last read failed (the lists say it), else ""
        self._loading = threading.Lock()

    def get(self, row: CaseRow) -> str | None:
        entry = self._texts.get(row.id)
        return entry[1] if entry is not None and entry[0] == row.last_event_id else None

    def put(self, case_id: str, last_event_id: int, text: str) -> None:
        self._texts[case_id] = (last_event_id, text)

    def load(self, ledger: Ledger, cancelled: Callable[[], bool]) -> bool:
        """Read every case's words (one pass over the ledger file); False if cancelled."""
        with self._loading:
            if self.ready:
                return True
            from casetui.filters import searchable_text  # the core: not before the first frame

            texts: dict[str, tuple[int, str]] = {}
            for number, (case_id, events) in enumerate(ledger.iter_events()):
                if number % 500 == 0 and cancelled():
                    return False
                if events:
                    texts[case_id] = (events[-1]["id"], searchable_text(events).casefold())
            texts.update(self._texts)  # what was read since, case by case, is newer
            self._texts = texts
            self.ready = True
            return True
