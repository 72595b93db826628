"""Fixtures and hooks shared by every test; values and factories live in tests/support.py."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.model import Closed, CloseReason, DisputeOpened
from tests.support import CLOSED, DISPUTED, TODAY, customer, opened


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.json"


@pytest.fixture
def ledger(ledger_path: Path):
    with Ledger.open(ledger_path) as opened_ledger:
        yield opened_ledger


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


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests with `asyncio.run` (no async plugin in the dev group): the one
    runner for every folder, passing the fixtures the test function names."""
    function = pyfuncitem.obj
    if not inspect.iscoroutinefunction(function):
        return None
    wanted = inspect.signature(function).parameters
    asyncio.run(function(**{name: pyfuncitem.funcargs[name] for name in wanted}))
    return True
