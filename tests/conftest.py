"""Fixtures shared by the core tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.model import Closed, CloseReason, Customer, CustomerKind, DisputeOpened, Opened
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


OPEN, CLOSED, DISPUTED = "C-2026-0001", "C-2026-0002", "C-2026-0003"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ledger with an open case, a closed one and a disputed one (EUR, BE business)."""
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CASETUI_DB", raising=False)
    path = tmp_path / "ledger" / "ledger.json"
    with Ledger.open(path) as ledger:
        first = ledger.open_case(opened(invoice="F-1"), new_customer=customer(), year=2026)
        ledger.open_case(opened(invoice="F-2", customer_id=first.customer_id), year=2026)
        ledger.open_case(opened(invoice="F-3", customer_id=first.customer_id), year=2026)
        ledger.append(CLOSED, Closed(date=TODAY, reason=CloseReason.PAID))
        ledger.append(DISPUTED, DisputeOpened(date=TODAY, reason="Wrong hours billed"))
    return path
