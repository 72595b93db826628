"""Mail tests: a copy of the demo ledger (as of 2026-11-23) per test, the demo business
profile in a private config folder, and never the user's keyring or password."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from mail_helpers import MemoryKeyring

from casetui.demo import write_demo
from casetui.ledger import Ledger
from casetui.profile import DEMO_PROFILE, Profile
from tests.support import TODAY


@pytest.fixture(autouse=True)
def _private(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("CASETUI_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("CASETUI_DB", raising=False)
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def vault(_private: MemoryKeyring) -> MemoryKeyring:
    return _private


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("maildemo") / "ledger.json"
    with Ledger.open(path, backup=False) as ledger:
        write_demo(ledger, 40, seed=7, today=TODAY)
    return path


@pytest.fixture
def ledger_file(demo_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "books"
    folder.mkdir()
    for source in demo_file.parent.iterdir():
        if source.is_file() and not source.name.endswith(".lock"):
            shutil.copy(source, folder / source.name)
    return folder / "ledger.json"


@pytest.fixture
def ledger(ledger_file: Path) -> Iterator[Ledger]:
    with Ledger.open(ledger_file, backup=False) as opened:
        yield opened


@pytest.fixture
def profile() -> Profile:
    return DEMO_PROFILE
