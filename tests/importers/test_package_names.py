"""The importers package gives every public name, and loads each part only when asked."""

from __future__ import annotations

import subprocess
import sys

import pytest

import casetui.importers as importers


def test_every_public_name_is_there() -> None:
    for name in importers.__all__:
        assert getattr(importers, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        importers.nothing  # noqa: B018


def test_reading_a_bank_statement_does_not_load_the_invoice_pipeline() -> None:
    code = (
        "import sys, casetui.bank.run\n"
        "print(sorted(m for m in sys.modules if m.startswith('casetui.importers.')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for pipeline in ("apply", "plan", "planned"):
        assert f"casetui.importers.{pipeline}'" not in loaded
