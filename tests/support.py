"""What the tests share besides fixtures: the day they pretend it is, and small factories.

Tests import these from here (`from tests.support import TODAY, eur`), not from a conftest:
a conftest is for fixtures and hooks, which pytest finds by itself.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casetui.model import Customer, CustomerKind, Opened
from casetui.money import Money

# The day most tests pretend it is: a Monday, with the demo built around it.
TODAY = date(2026, 11, 23)
TODAY_ISO = TODAY.isoformat()

# The terminal the app's tests run in (columns, lines).
APP_SIZE = (100, 32)


def eur(text: str) -> Money:
    return Money(Decimal(text), "EUR")


def opened(
    *,
    invoice: str = "F-2026-001",
    amount: str = "1250.00",
    issued: date = date(2026, 10, 1),
    due: date = date(2026, 10, 31),
    customer_id: str = "",
) -> Opened:
    return Opened(
        date=issued,
        invoice=invoice,
        customer_id=customer_id,
        issued=issued,
        due=due,
        amount=eur(amount),
    )


def customer(name: str = "Brasserie De Klok BV", country: str = "BE") -> Customer:
    return Customer(id="", name=name, kind=CustomerKind.BUSINESS, country=country, language="nl")


OPEN, CLOSED, DISPUTED = "C-2026-0001", "C-2026-0002", "C-2026-0003"
