"""What the store tests share: small ledgers, the files beside them, the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casetui.cli import main
from casetui.ledger import Ledger
from casetui.model import Note
from tests.support import TODAY_ISO, customer, opened

DAY = date(2026, 11, 20)


def make_ledger(path: Path, cases: int = 3, *, amount: str = "1250.00") -> list[str]:
    """A small ledger: one customer with `cases` cases, a note on the first, compacted."""
    with Ledger.open(path, backup=False) as ledger:
        first = ledger.open_case(
            opened(invoice="F-0", amount=amount), new_customer=customer("Customer 0")
        )
        ids = [first.id]
        for number in range(1, cases):
            state = ledger.open_case(opened(invoice=f"F-{number}", customer_id=first.customer_id))
            ids.append(state.id)
        ledger.append(ids[0], Note(date=DAY, text="first note"))
        ledger.store.compact()
    return ids


def ledger_files(path: Path) -> dict[str, bytes]:
    """Every file of the ledger folder but the lock, backups included, by relative path."""
    return {
        str(file.relative_to(path.parent)): file.read_bytes()
        for file in sorted(path.parent.rglob("*"))
        if file.is_file() and not file.name.endswith(".lock")
    }


def notes(ledger: Ledger, case_id: str) -> list[str]:
    return [e.text for e in ledger.case(case_id).timeline() if isinstance(e, Note)]


def cli(
    capsys: pytest.CaptureFixture[str], db: Path, *argv: str, today: str = TODAY_ISO
) -> tuple[int, str, str]:
    """Run the command line in this process: (exit code, stdout, stderr)."""
    code = main(["--db", str(db), "--today", today, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("casetui: "), stderr
    return lines[0]


def run_python(code: str, *args: str, env: dict[str, str] | None = None, **kwargs: Any):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def casetui(db: Path, *argv: str, env: dict[str, str] | None = None, timeout: float = 120):
    """The command line in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "casetui", "--db", str(db), "--today", TODAY_ISO, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
