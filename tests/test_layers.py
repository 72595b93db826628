"""Visible layers, enforced: the import contracts in pyproject.toml, and the typed errors a
front end reads instead of parsing messages."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from casetui.store.lock import CommitLock, LedgerLocked

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a dev dependency (uv sync)"
    run = subprocess.run(
        [lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def _contract(contract_id: str) -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["id"] == contract_id)


def test_the_ui_contract_names_every_core_module() -> None:
    """A new core module joins the "no UI" contract, or this fails: the contract cannot
    silently miss it."""
    package = ROOT / "casetui"
    modules = {
        f"casetui.{path.stem}"
        for path in package.iterdir()
        if (path.suffix == ".py" and path.stem not in ("__init__", "__main__"))
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    core = modules - {"casetui.tui"}
    assert set(_contract("core-no-ui")["source_modules"]) == core  # type: ignore[arg-type]


def test_a_busy_ledger_says_who_holds_it_as_an_attribute(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.json"
    holder = CommitLock(ledger, "app")
    holder.acquire()  # in the middle of a commit
    try:
        with pytest.raises(LedgerLocked) as caught:
            CommitLock(ledger, "list", wait=0.05).acquire()
    finally:
        holder.release()
        holder.close()
    assert caught.value.path == ledger
    assert caught.value.holder.startswith("casetui app (pid ")
    assert f"busy: {caught.value.holder} is writing" in str(caught.value)


def test_the_app_opens_to_write_while_another_casetui_is_writing(tmp_path: Path) -> None:
    """The lock is taken per commit: a writer elsewhere no longer makes the app read-only."""
    from casetui.tui.app import open_for_app

    path = tmp_path / "ledger.json"
    holder = CommitLock(path, "import")
    holder.acquire()
    try:
        ledger, reason = open_for_app(path)
        ledger.close()
    finally:
        holder.release()
        holder.close()
    assert (ledger.readonly, reason) == (False, "")
