"""The core never loads the UI (STYLE.md, pattern 1): checked in fresh interpreters, so
deferred and transitive imports count too."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

CORE = [
    "casetui.model",
    "casetui.timeline",
    "casetui.ladder",
    "casetui.agenda",
    "casetui.law",
    "casetui.importers",
    "casetui.bank",
    "casetui.store",
    "casetui.export",
    "casetui.ledger",
    "casetui.claims",
    "casetui.codec",
    "casetui.money",
    "casetui.dates",
    "casetui.demo",
    "casetui.cli",
] + (["casetui.letters"] if importlib.util.find_spec("casetui.letters") else [])

UI = ("textual", "rich")

_REPORT_UI = (
    "import sys\n"
    "loaded = sorted({name.split('.')[0] for name in sys.modules} & {'textual', 'rich'})\n"
    "print('UI:' + ','.join(loaded), file=sys.stderr)\n"
)


def _ui_modules(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("UI:")]
    assert len(lines) == 1, stderr
    return lines[0][3:]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASETUI_")}
    env["CASETUI_CONFIG_DIR"] = str(tmp_path / "config")
    return env


def test_core_modules_never_load_textual_or_rich(tmp_path: Path) -> None:
    code = "".join(f"import {name}\n" for name in CORE) + _REPORT_UI
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(tmp_path)
    )
    assert run.returncode == 0, run.stderr
    assert _ui_modules(run.stderr) == ""


def test_cli_commands_never_load_textual_or_rich(tmp_path: Path) -> None:
    """The lazy imports inside the commands too: demo, list, show, agenda, log, undo,
    export to Markdown and HTML, all in one interpreter."""
    db = str(tmp_path / "ledger.json")
    commands = [
        ["demo", "--cases", "20"],
        ["list", "--all"],
        ["list", "--json"],
        ["show", "C-2026-0001"],
        ["show", "C-2026-0001", "--json"],
        ["agenda"],
        ["agenda", "--json"],
        ["log", "C-2026-0002", "note", "hello"],
        ["undo", "C-2026-0002"],
        ["export", "C-2026-0001"],
        ["export", "C-2026-0001", "--format", "html"],
        ["show", "C-2026-9999"],  # an error path
    ]
    code = (
        "import json, sys\n"
        "from casetui.cli import main\n"
        f"for argv in json.loads({json.dumps(json.dumps(commands))}):\n"
        f"    main(['--db', {db!r}, '--today', '2026-11-23', *argv])\n" + _REPORT_UI
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(tmp_path)
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert _ui_modules(run.stderr) == ""


def _imported_by(tmp_path: Path, *args: str) -> set[str]:
    """Top-level packages the real `python -m casetui ...` imports (from -X importtime)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "casetui", *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
    )
    assert run.returncode == 0, run.stderr
    names = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "casetui" in names  # the trace did run
    return names


def test_help_and_list_do_not_import_textual(tmp_path: Path) -> None:
    assert not _imported_by(tmp_path, "--help") & set(UI)
    db = str(tmp_path / "ledger.json")
    assert not _imported_by(tmp_path, "--db", db, "--today", "2026-11-23", "list") & set(UI)
