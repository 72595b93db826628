"""The importers are core code: importing them must not load a UI library."""

from __future__ import annotations

import subprocess
import sys

from importer_helpers import REPO_ROOT

MODULES = (
    "casetui.importers",
    "casetui.importers.apply",
    "casetui.importers.columns",
    "casetui.importers.csvfile",
    "casetui.importers.csvread",
    "casetui.importers.csvsheet",
    "casetui.importers.detect",
    "casetui.importers.errors",
    "casetui.importers.evidence",
    "casetui.importers.load",
    "casetui.importers.matching",
    "casetui.importers.plan",
    "casetui.importers.plan_credits",
    "casetui.importers.plan_world",
    "casetui.importers.planned",
    "casetui.importers.records",
    "casetui.importers.references",
    "casetui.importers.statuses",
    "casetui.importers.terms",
    "casetui.importers.text",
    "casetui.importers.ubl",
    "casetui.importers.values",
    "casetui.importers.xmlsafe",
    "casetui.cli.imports",
)


def test_importers_load_no_ui_library():
    script = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
        timeout=60,
    )
    assert done.stdout.strip() == "[]"


def test_every_module_is_listed():
    package = REPO_ROOT / "casetui" / "importers"
    found = {f"casetui.importers.{path.stem}" for path in package.glob("*.py")}
    found = {name.removesuffix(".__init__") for name in found}
    assert found == {name for name in MODULES if name.startswith("casetui.importers")}
