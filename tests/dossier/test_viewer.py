"""Opening a kept file with the system's viewer: the program gets the path as one argument,
no shell, detached; no viewer is a clear message. No real viewer is ever started here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from casetui.dossier import viewer
from casetui.errors import OperationalError


def test_the_viewer_gets_the_path_as_one_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "; rm -rf ~ $(reboot).pdf"
    kept.write_bytes(b"%PDF")
    started: list[tuple[list[str], dict[str, Any]]] = []

    class FakePopen:
        def __init__(self, argv: list[str], **options: Any) -> None:
            started.append((argv, options))

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(viewer.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(viewer.subprocess, "Popen", FakePopen)
    viewer.open_with_viewer(kept)
    ((argv, options),) = started
    assert argv == ["/usr/bin/xdg-open", str(kept.resolve())]
    assert options.get("shell", False) is False and options["start_new_session"] is True
    assert options["stdout"] is subprocess.DEVNULL and options["stdin"] is subprocess.DEVNULL

    monkeypatch.setattr(sys, "platform", "darwin")
    viewer.open_with_viewer(kept)
    assert started[-1][0][0] == "/usr/bin/open"


def test_no_viewer_or_no_file_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = tmp_path / "a.pdf"
    kept.write_bytes(b"%PDF")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(viewer.shutil, "which", lambda name: None)
    with pytest.raises(OperationalError, match="`xdg-open` is not installed"):
        viewer.open_with_viewer(kept)
    with pytest.raises(OperationalError, match="is not there any more"):
        viewer.open_with_viewer(tmp_path / "gone.pdf")
