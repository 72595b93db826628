"""Small helpers for the pilot tests: what a screen shows, in plain words."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot
from textual.signal import Signal
from textual.widgets import Static

from casetui.ledger import Ledger
from casetui.model import Customer, Note, Opened
from casetui.money import Money
from casetui.timeline import CaseState
from casetui.tui.widgets.case_table import CaseTable


def table_ids(app: App[object]) -> list[str]:
    """Every row key of the current screen's case table (the whole list, not the window)."""
    return app.screen.query_one(CaseTable).all_keys()


def shown_ids(app: App[object]) -> list[str]:
    """The row keys the table holds right now (its window)."""
    table = app.screen.query_one(CaseTable)
    return [str(key.value) for key in table.rows]


def text_of(app: App[object], selector: str) -> str:
    """The plain text of a Static on the current screen."""
    widget = app.screen.query_one(selector, Static)
    return str(widget.render()).strip()


class _NotificationRecorder:
    """Stands in for one app's `notify`: keeps each message, then shows it as usual."""

    def __init__(self, notify: Callable[..., None]) -> None:
        self.notify = notify
        self.messages: list[str] = []

    def __call__(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.messages.append(str(message))
        self.notify(message, *args, **kwargs)


AppT = TypeVar("AppT", bound=App[Any])


def record_notifications(app: AppT) -> AppT:
    """Keep the message of every notification `app` shows, for `toasts`: toasts expire, and a
    slow machine can outwait them. Only this app's `notify` is wrapped (an attribute of the
    instance), so no other app and no other test sees it. Returns the app."""
    app.notify = _NotificationRecorder(app.notify)  # type: ignore[method-assign]
    return app


def toasts(app: App[Any]) -> list[str]:
    """The messages of every notification `app` showed so far (see `record_notifications`)."""
    recorder = app.__dict__.get("notify")
    assert isinstance(recorder, _NotificationRecorder), "record_notifications(app) first"
    return list(recorder.messages)


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type `text` as a terminal sends it. `pilot.press("£")` loses the character (Textual
    looks up the Unicode name "pound_sign" and finds none), so such keys are sent as the
    driver sends them: a key name with its character."""
    from textual import events
    from textual.keys import _character_to_key

    for char in text:
        if char.isascii():
            await pilot.press(char)
            continue
        driver = pilot.app._driver
        assert driver is not None
        driver.send_message(events.Key(_character_to_key(char), char))
        await pilot.pause()


async def settle(pilot: Pilot[object]) -> None:
    """Let writes finish and the screen catch up (workers awaited, never slept)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def add_case(
    ledger: Ledger,
    customer: str,
    *,
    amount: str = "100.00",
    currency: str = "EUR",
    due: date,
    invoice: str = "T-1",
    note: str = "",
) -> CaseState:
    """A case for a new customer (names and invoices taken as given: hostile ones too)."""
    state = ledger.open_case(
        Opened(
            date=due - timedelta(days=30),
            invoice=invoice,
            customer_id="",
            issued=due - timedelta(days=30),
            due=due,
            amount=Money(Decimal(amount), currency),
        ),
        new_customer=Customer(id="", name=customer, country="GB" if currency == "GBP" else ""),
    )
    if note:
        state = ledger.append(state.id, Note(date=due, text=note))
    return state


class Published:
    """One of the app's signals, awaited: subscribe first, then cause it, then `wait()`.

    `holds(data)` picks the publication waited for (others' writes to one case...). The wait
    is bounded by a generous timeout so that a broken app fails instead of hanging; nothing
    is slept."""

    def __init__(
        self,
        app: App[object],
        signal: Signal[Any],
        holds: Callable[[Any], bool] = lambda data: True,
    ) -> None:
        self._event = asyncio.Event()
        self.data: Any = None

        def received(data: Any) -> None:
            if holds(data):
                self.data = data
                self._event.set()

        signal.subscribe(app, received, immediate=True)

    async def wait(self, seconds: float = 120) -> Any:
        await asyncio.wait_for(self._event.wait(), seconds)
        return self.data
