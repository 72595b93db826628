"""Fixtures for the form tests: steady cursors and a ledger.

Tests are `async def`; the one runner for every folder (`pytest_pyfunc_call` in
tests/conftest.py) runs them with `asyncio.run`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from form_helpers import make_ledger
from textual.widgets import Input, TextArea

from casetui.ledger import Ledger


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """No blinking cursors: what is on screen does not depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    """Three customers; ACME NV has one case (invoice 2026-0042)."""
    ledger = make_ledger(tmp_path / "ledger.json")
    yield ledger
    ledger.close()
