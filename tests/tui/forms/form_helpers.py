"""Helpers for the form tests: a case fixture, hostile strings, a form on a throwaway app.

Each form is tested alone (STYLE.md "Dialogs alone on a throwaway app"): `open_form` pushes
it at 80x24 with notifications on and collects what it dismisses with.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen

from casetui.ledger import Ledger
from casetui.model import Customer, CustomerKind, Event, Opened
from casetui.money import Money
from casetui.timeline import CaseState, fold_events
from casetui.tui.forms.fields import Field

TODAY = date(2026, 3, 4)  # a Wednesday

HOSTILE = (
    "[/",
    "[/]",
    "[red]x[/]",
    "[@click=app.quit]",
    "ACME [/] [@click=app.quit]",
    "<script>alert(1)</script>",
    "**bold** | pipe",
    "Ω" * 300,
    "🦆 Quack & Co 🎉",
    "شركة الاختبار",
    "",
)


def make_case(
    *events: Event,
    amount: str = "1234.56",
    currency: str = "EUR",
    invoice: str = "2026-0042",
    customer_id: str = "CUS-0001",
    tags: tuple[str, ...] = (),
) -> CaseState:
    """A case opened in January, due 2026-02-09, with `events` after the opening."""
    opened = Opened(
        id=1,
        date=date(2026, 1, 10),
        invoice=invoice,
        customer_id=customer_id,
        issued=date(2026, 1, 10),
        due=date(2026, 2, 9),
        amount=Money(Decimal(amount), currency),
        tags=tags,
    )
    numbered = [dataclasses.replace(event, id=n) for n, event in enumerate(events, start=2)]
    return fold_events("C-2026-0001", [opened, *numbered])


def make_ledger(path: Path) -> Ledger:
    """Three customers; ACME NV has one case (invoice 2026-0042)."""
    ledger = Ledger.open(path, backup=False)
    acme = ledger.add_customer(
        Customer(id="", name="ACME NV", country="BE", language="nl", phone="+32 9 123 45 67")
    )
    ledger.add_customer(Customer(id="", name="Acme Printing Ltd", country="GB", language="en"))
    ledger.add_customer(
        Customer(id="", name="Jan Peeters", kind=CustomerKind.CONSUMER, country="BE")
    )
    ledger.open_case(
        Opened(
            date=date(2026, 1, 10),
            invoice="2026-0042",
            customer_id=acme.id,
            issued=date(2026, 1, 10),
            due=date(2026, 2, 9),
            amount=Money(Decimal("1234.56"), "EUR"),
        )
    )
    return ledger


@dataclass
class Run:
    app: App[Any]
    pilot: Pilot[Any]
    form: Screen[Any]
    results: list[Any] = field(default_factory=list)

    async def type(self, text: str) -> None:
        """Type `text` as a burst of key presses (as a fast typist does), then settle.

        `pilot.press` waits for the app to go idle after every key (~60 ms each); posting
        the same key events in one go keeps the suite fast and still goes through the
        app's key handling and bindings.
        """
        for character in text:
            key = character if character.isalnum() else _character_to_key(character)
            event = events.Key(key, character)
            event.set_sender(self.app)
            self.app.post_message(event)
        await self.settle()

    async def press(self, *keys: str) -> None:
        """Press keys one at a time, letting the app settle after each."""
        for key in keys:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(self.app)
            self.app.post_message(event)
            await self.settle()

    async def settle(self) -> None:
        """Let the app handle all that the last keys set off, however loaded the machine.

        A key hops from the app to the screen to the focused field, each hop a message the
        one before queued. `pilot.pause()` waits for what was queued when it began, then
        for the process to look idle, a guess that a busy machine fools (a process starved
        of CPU looks idle). So: pause until no queue of the app, the screen or a widget
        holds a message.
        """
        for _ in range(200):
            await self.pilot.pause()
            nodes = [self.app, *self.app.screen.walk_children(with_self=True)]
            if not any(node.message_queue_size for node in nodes):
                return
        raise AssertionError("the app never settled")

    async def save(self) -> None:
        await self.press("ctrl+s")

    async def push(self, form: Screen[Any]) -> None:
        """Open another form (on top of whatever is open); forget earlier results."""
        self.results.clear()
        self.form = form
        await self.app.push_screen(form, self.results.append)  # mounted, fields composed
        await self.settle()

    def field(self, selector: str) -> Field:
        return self.form.query_one(selector, Field)

    def message(self, selector: str) -> str:
        """The line under a field, as shown."""
        line = self.form.query_one(f"{selector} .field--message")
        return str(line.render()) if line.display else ""

    def status(self) -> str:
        line = self.form.query_one("#form-status")
        return str(line.render()) if line.display else ""

    @property
    def focused_field(self) -> Field | None:
        focused = self.app.focused
        return next((node for node in focused.ancestors if isinstance(node, Field)), None)

    @property
    def dismissed(self) -> bool:
        return bool(self.results)

    @property
    def result(self) -> Any:
        assert len(self.results) == 1, self.results
        return self.results[0]


@asynccontextmanager
async def open_app(size: tuple[int, int] = (80, 24)) -> AsyncIterator[Run]:
    """A throwaway app with nothing pushed yet: `await run.push(form)` for each form."""
    app: App[Any] = App()
    async with app.run_test(size=size, notifications=True) as pilot:
        yield Run(app, pilot, app.screen)
        await pilot.pause()
        assert app.is_running


@asynccontextmanager
async def open_form(form: Screen[Any], size: tuple[int, int] = (80, 24)) -> AsyncIterator[Run]:
    app: App[Any] = App()
    async with app.run_test(size=size, notifications=True) as pilot:
        run = Run(app, pilot, form)
        await app.push_screen(form, run.results.append)  # mounted, fields composed
        await run.settle()
        yield run
        await pilot.pause()
        assert app.is_running
