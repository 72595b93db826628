"""How long a lawyer's bundle takes: one case with 12 letters (their text set as PDF pages,
each its own: a letter covering several cases is set once per bundle),
20 attachments of 1 MB each (random bytes: they do not compress) and a debtor's bundle of 50
such cases without attachments; then verifying the bundles (every entry hashed as it
streams). Medians of several runs; JSON output in benchmarks/results/dossier.json.

    uv run python benchmarks/dossier_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from casetui.dossier.attach import attach_files
from casetui.dossier.bundle import case_bundle
from casetui.dossier.reading import verify_bundle
from casetui.ledger import Ledger
from casetui.model import Channel, Customer, CustomerKind, LetterKind, LetterSent, Opened
from casetui.money import Money
from casetui.profile import Profile

TODAY = date(2026, 11, 23)
PROFILE = Profile(name="Studio Noord BV", country="BE")
TEXT = "Studio Noord BV\n\nDebtor BV\n\n# Reminder\n\n" + "Please pay what you owe. " * 60


def build(folder: Path, cases: int, attachments: int) -> tuple[Ledger, list[str]]:
    ledger = Ledger.open(folder / "ledger.json", backup=False, today=TODAY)
    debtor = Customer(id="", name="Debtor BV", kind=CustomerKind.BUSINESS, country="BE")
    draft = Opened(
        date=date(2026, 1, 5), invoice="F-0", customer_id="", issued=date(2026, 1, 5),
        due=date(2026, 2, 4), amount=Money(Decimal("1250.00"), "EUR"),
    )  # fmt: skip
    ids = []
    first = ledger.open_case(draft, new_customer=debtor, year=2026)
    for number in range(cases):
        state = first if number == 0 else ledger.open_case(
            replace(draft, invoice=f"F-{number}", customer_id=first.customer_id), year=2026
        )  # fmt: skip
        letters = [
            LetterSent(date=date(2026, 2, 10) + timedelta(days=14 * n), text=f"{TEXT} F-{number}",
                       letter_kind=LetterKind.REMINDER, channel=Channel.POST)
            for n in range(12)
        ]  # fmt: skip
        ledger.append(state.id, *letters)
        ids.append(state.id)
    files = folder / "files"
    files.mkdir()
    rng = random.Random(7)
    paths = []
    for number in range(attachments):
        path = files / f"scan-{number}.pdf"
        path.write_bytes(rng.randbytes(1_000_000))
        paths.append(path)
    if paths:
        attach_files(ledger, ids[0], paths, today=TODAY, limit=2_000_000)
    return ledger, ids


def median(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    results: dict[str, object] = {
        "python": platform.python_version(), "load": os.getloadavg(), "runs": runs,
    }  # fmt: skip
    for label, cases, attachments in (("one case", 1, 20), ("debtor of 50 cases", 50, 0)):
        with tempfile.TemporaryDirectory() as folder:
            ledger, ids = build(Path(folder), cases, attachments)
            target = Path(folder) / "bundle.zip"

            def export(
                ledger: Ledger = ledger, ids: list[str] = ids, target: Path = target
            ) -> None:
                target.write_bytes(case_bundle(ledger, ids, profile=PROFILE, today=TODAY).to_zip())

            seconds = median(runs, export)
            checked = median(runs, lambda target=target: verify_bundle(target))
            results[label] = {
                "export_s": round(seconds, 3),
                "verify_s": round(checked, 3),
                "bundle_bytes": target.stat().st_size,
            }
            ledger.close()
    print(json.dumps(results, indent=2))
    out = Path(__file__).parent / "results" / "dossier.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
