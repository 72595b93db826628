"""The hand-built ledger of `hand_ledger.py`, written once per session, opened read-only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from tests.reports.hand_ledger import build


@pytest.fixture(scope="session")
def hand_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hand") / "ledger.json"
    build(path)
    return path


@pytest.fixture
def hand(hand_file: Path) -> Iterator[Ledger]:
    with Ledger.open(hand_file, readonly=True) as ledger:
        yield ledger
