"""Fixtures shared by the core tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.model import Customer, CustomerKind, Opened
from casetui.money import Money

TODAY = date(2026, 11, 23)


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


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.json"


@pytest.fixture
def ledger(ledger_path: Path):
    with Ledger.open(ledger_path) as opened_ledger:
        yield opened_ledger
