"""Letters tests: every test gets its own config folder (`CASETUI_CONFIG_DIR`), so the real
profile and templates are never read; `profile` is the fictional demo profile (a Belgian
creditor)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from letters_helpers import World, build_world

from casetui.profile import DEMO_PROFILE, Profile


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def config_dir(_isolated_config: Path) -> Path:
    return _isolated_config


@pytest.fixture
def profile() -> Profile:
    return DEMO_PROFILE


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = build_world(tmp_path)
    try:
        yield built
    finally:
        built.ledger.close()


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A read-only world for the big render matrix (built once per module)."""
    built = build_world(tmp_path_factory.mktemp("world"))
    try:
        yield built
    finally:
        built.ledger.close()
