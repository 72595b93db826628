"""Where casetui keeps its files: on Linux the XDG folders, as `platformdirs` gives them."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from casetui import paths


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")
@pytest.mark.parametrize("value", [None, "/srv/xdg", "relative/ignored", "  "])
def test_the_folders_are_platformdirs_own(
    value: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", paths.CONFIG_ENV, paths.LEDGER_ENV):
        monkeypatch.delenv(variable, raising=False)
    if value is not None:
        monkeypatch.setenv("XDG_CONFIG_HOME", value)
        monkeypatch.setenv("XDG_DATA_HOME", value)
    assert paths.config_dir() == platformdirs.user_config_path("casetui")
    assert paths.default_ledger_path() == platformdirs.user_data_path("casetui") / "ledger.json"
    assert paths.demo_ledger_path().parent.parent == platformdirs.user_data_path("casetui")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")
def test_without_a_home_the_library_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    for variable in ("XDG_CONFIG_HOME", paths.CONFIG_ENV):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert paths.config_dir() == platformdirs.user_config_path("casetui")
