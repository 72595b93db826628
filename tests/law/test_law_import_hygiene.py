"""The law core must never load the UI libraries."""

from __future__ import annotations

import subprocess
import sys

MODULES = [
    "casetui.law",
    "casetui.law.calendar",
    "casetui.law.claim",
    "casetui.law.clock",
    "casetui.law.compensation",
    "casetui.law.engines",
    "casetui.law.options",
    "casetui.law.rates",
    "casetui.law.records",
    "casetui.law.regimes",
    "casetui.law.worksheet",
    "casetui.cli.calc",
]


def test_law_never_loads_textual_or_rich() -> None:
    code = "import sys\n" + "".join(f"import {name}\n" for name in MODULES)
    # Exercise the lazy paths too: rate files, holidays, a full claim and its worksheet.
    code += (
        "from datetime import date\nfrom decimal import Decimal\n"
        "from casetui.law import compute_claim, LetterRecord\n"
        "from casetui.law.worksheet import render_worksheet\n"
        "c = compute_claim(regime='nl-b2c', currency='EUR', principal=Decimal('100'),"
        " due=date(2024, 1, 1), until=date(2024, 6, 1),"
        " letters=[LetterRecord(date(2024, 3, 5), 'post', 'reminder', statutory=True)])\n"
        "render_worksheet(c)\n"
        "print(sorted({'textual', 'rich'} & {m.split('.')[0] for m in sys.modules}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
