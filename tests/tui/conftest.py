"""Fixtures for the terminal app: a small deterministic demo ledger, the app on it (its
notifications recorded, `tests.tui.helpers.toasts`), and Textual's cursor blink frozen
(inputs and text areas) so snapshots are stable."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from casetui.demo import write_demo
from casetui.ledger import Ledger
from casetui.tui.app import CaseApp, make_app
from tests.support import TODAY
from tests.tui.helpers import record_notifications


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the user's real config folder (keys.toml, rates); no blinking cursor."""
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    # A text area's cursor blinks on its own timer: on a loaded machine a snapshot caught it
    # in either phase (the call form's note, refused, was the flaky snapshot).
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 demo cases as of TODAY, written once per session."""
    path = tmp_path_factory.mktemp("demo") / "ledger.json"
    with Ledger.open(path, backup=False) as ledger:
        write_demo(ledger, 40, seed=7, today=TODAY)
    return path


@pytest.fixture
def ledger(demo_file: Path, tmp_path: Path) -> Iterator[Ledger]:
    """A fresh copy of the demo ledger for one test."""
    path = tmp_path / "ledger.json"
    for source in demo_file.parent.iterdir():
        if source.is_file() and not source.name.endswith(".lock"):
            shutil.copy(source, tmp_path / source.name)
    with Ledger.open(path, backup=False) as opened:
        yield opened


@pytest.fixture
def app(ledger: Ledger, tmp_path: Path) -> CaseApp:
    return record_notifications(make_app(ledger, TODAY, export_dir=tmp_path / "exports"))
