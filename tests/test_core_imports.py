"""The core never loads the UI, checked at run time in fresh interpreters: the commands'
lazy paths (claims, letters, exports, imports) are executed, so what a library pulls in at
run time counts too. The static side (which module may import which) is the import
contracts in pyproject.toml, run by tests/test_layers.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


def test_cli_commands_never_load_textual_or_rich(tmp_path: Path) -> None:
    """The lazy imports inside the commands too: demo, list, show, agenda, log, undo,
    export to Markdown and HTML, letters, a claim with its worksheet, all in one
    interpreter."""
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
        ["letter", "C-2026-0001", "--format", "html"],
        ["letter", "C-2026-0001", "--format", "txt"],
        ["calc", "--regime", "nl-b2c", "--principal", "100", "--due", "2024-01-01",
         "--letter", "2024-03-05=post"],
    ]  # fmt: skip
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
    """Every module the real `python -m casetui ...` imports (from -X importtime)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "casetui", *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
    )
    assert run.returncode == 0, run.stderr
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "casetui" in names  # the trace did run
    return names


def _packages(names: set[str], *prefixes: str) -> set[str]:
    return {name for name in names if name.split(".")[0] in prefixes or name.startswith(prefixes)}


def test_help_imports_no_command(tmp_path: Path) -> None:
    """`casetui --help` lists every command from the registry's table alone."""
    loaded = _imported_by(tmp_path, "--help")
    assert not _packages(loaded, *UI)
    commands = {name for name in loaded if name.startswith("casetui.cli.")}
    # (`ending`: how the process ends, twenty lines and no import of its own)
    assert commands == {"casetui.cli.registry", "casetui.cli.ending"}
    assert not _packages(loaded, "casetui.ledger", "casetui.store", "casetui.law")


def test_list_imports_no_ui_law_importer_or_letters(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.json")
    loaded = _imported_by(tmp_path, "--db", db, "--today", "2026-11-23", "list")
    unwanted = ("casetui.law", "casetui.importers", "casetui.letters", "casetui.tui")
    assert not _packages(loaded, *UI, *unwanted), sorted(_packages(loaded, *UI, *unwanted))
    # Only the command that runs is built: `log` and `import` stay unread.
    assert "casetui.cli.log" not in loaded and "casetui.cli.imports" not in loaded


def test_show_and_log_load_no_letter_templates(tmp_path: Path) -> None:
    """`show` prints the payment reference letters use (`casetui.letters.references`): that
    must not load the letter flow and its Jinja2 templates (issue 11: imports only for the
    command being run)."""
    db = str(tmp_path / "ledger.json")
    base = ("--db", db, "--today", "2026-11-23")
    _imported_by(tmp_path, *base, "demo", "--cases", "2")
    for command in (("show", "C-2026-0001"), ("log", "C-2026-0001", "note", "hi")):
        loaded = _imported_by(tmp_path, *base, *command)
        assert "casetui.ledger" in loaded
        assert not _packages(loaded, "jinja2", "casetui.letters.flow"), command


def test_a_write_and_show_load_no_openssl_threading_or_platformdirs(tmp_path: Path) -> None:
    """What a write imports beyond the core costs every command (issue 11): SHA-256 comes
    from CPython's own module, locks from `_thread`, the user's folders from the XDG
    variables, the lock's user name without `getpass`, and `tempfile` only for `--demo`.
    A write reads the holiday tables without `csv` (`show` reads the rate tables, which
    quote their sources, with it)."""
    db = str(tmp_path / "ledger.json")
    base = ("--db", db, "--today", "2026-11-23")
    _imported_by(tmp_path, *base, "demo", "--cases", "2")
    unwanted = {"_hashlib", "hashlib", "getpass", "threading", "tempfile", "secrets"}
    unwanted |= {"platformdirs"}
    for command, extra in (
        (("show", "C-2026-0001"), set()),
        (("log", "C-2026-0001", "note", "hi"), {"csv"}),
    ):
        loaded = _imported_by(tmp_path, *base, *command)
        assert "casetui.store.chain" in loaded
        assert not loaded & (unwanted | extra), (command, sorted(loaded & (unwanted | extra)))
