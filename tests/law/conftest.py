"""Law tests run against the bundled rate tables only, never the user's real config folder."""

from __future__ import annotations

import pytest

from casetui.law.rates import RateBook, bundled_rates_dir


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="session")
def book() -> RateBook:
    return RateBook.load(bundled_rates_dir())
