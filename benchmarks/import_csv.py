"""How long importing a 10,000-row CSV invoice list takes.

Generates two synthetic exports in a temporary folder:
- `one_row_per_invoice`: Invoice Ninja-like, 10,000 invoices for 900 customers, ISO dates,
  point decimals, 40 % of them paid or draft (skipped);
- `line_items`: Xero-like, 10,000 rows of 1-4 lines per invoice, DD/MM/YYYY dates.
For each it times `parse_file` alone, then the full import into a fresh ledger (parse + plan
+ apply in one commit + close), split by step, then a re-import of the same file into that
ledger (open + parse + plan, nothing to write). Prints JSON with the median (and min/max)
of the runs.

    uv run python benchmarks/import_csv.py [--rows 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import orjson

from casetui.importers import apply_import, parse_file, parse_files, plan_import
from casetui.ledger import Ledger

TODAY = date(2026, 7, 20)

STATUSES = ("Sent", "Partial", "Overdue", "Paid", "Draft")


def write_one_row_per_invoice(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Client Name", "Client VAT Number", "Contact Email", "Invoice Number",
             "Invoice Amount", "Invoice Balance", "Invoice Paid to Date", "Invoice Date",
             "Invoice Due Date", "Invoice Status", "Client Currency"]
        )  # fmt: skip
        for index in range(rows):
            issued = date(2025, 1, 1) + timedelta(days=rng.randrange(500))
            total = rng.randrange(5_000, 2_500_000)
            paid = rng.choice((0, 0, 0, total // 2))
            writer.writerow(
                [f"Customer {index % 900} BV", f"BE0{100_000_000 + index % 900:09d}",
                 f"ap{index % 900}@example.be", f"2025-{index:05d}", f"{total / 100:,.2f}",
                 f"{(total - paid) / 100:,.2f}", f"{paid / 100:.2f}", issued.isoformat(),
                 (issued + timedelta(days=30)).isoformat(), rng.choice(STATUSES), "EUR"]
            )  # fmt: skip


def write_line_items(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["*ContactName", "EmailAddress", "*InvoiceNumber", "Reference", "*InvoiceDate",
             "*DueDate", "Total", "InvoiceAmountPaid", "InvoiceAmountDue", "*Description",
             "*Quantity", "*UnitAmount", "LineAmount", "Currency", "Type", "Status"]
        )  # fmt: skip
        written = invoice = 0
        while written < rows:
            invoice += 1
            lines = min(rng.randint(1, 4), rows - written)
            issued = date(2025, 1, 1) + timedelta(days=rng.randrange(500))
            amounts = [rng.randrange(1_000, 100_000) for _ in range(lines)]
            total = sum(amounts)
            for amount in amounts:
                writer.writerow(
                    [f"Client {invoice % 700} Ltd", f"ap{invoice % 700}@example.co.uk",
                     f"INV-{invoice:06d}", "", issued.strftime("%d/%m/%Y"),
                     (issued + timedelta(days=14)).strftime("%d/%m/%Y"), f"{total / 100:.2f}",
                     "0.00", f"{total / 100:.2f}", "Work", "1", f"{amount / 100:.2f}",
                     f"{amount / 100:.2f}", "GBP", "Sales invoice", "Awaiting Payment"]
                )  # fmt: skip
                written += 1


def time_parse(path: Path, runs: int) -> dict[str, object]:
    timings = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = parse_file(path)
        timings.append(time.perf_counter() - start)
    assert result is not None and result.ok, result.errors[:3] if result else None
    return {
        "bytes": path.stat().st_size,
        "documents": len(result.documents),
        "skipped": len(result.skipped),
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
    }


def _stats(timings: list[float]) -> dict[str, float]:
    return {
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
    }


def time_import(path: Path, runs: int) -> dict[str, object]:
    """Parse + plan + apply into a fresh ledger, then re-import into the filled one."""
    steps: dict[str, list[float]] = {"parse": [], "plan": [], "apply": [], "close": [], "total": []}
    reimport: list[float] = []
    created = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "ledger.json"
            start = time.perf_counter()
            loaded = parse_files([path])
            parsed = time.perf_counter()
            ledger = Ledger.open(db, backup=False)
            plan = plan_import(ledger, loaded.items, today=TODAY, contents=dict(loaded.contents))
            planned = time.perf_counter()
            report = apply_import(ledger, plan, today=TODAY)
            applied = time.perf_counter()
            ledger.close()
            closed = time.perf_counter()
            assert report.ok, [f.plan.problems[:3] for f in report.files]
            created = report.summary()["created"]
            for name, took in (
                ("parse", parsed - start),
                ("plan", planned - parsed),
                ("apply", applied - planned),
                ("close", closed - applied),
                ("total", closed - start),
            ):
                steps[name].append(took)
            start = time.perf_counter()
            loaded = parse_files([path])
            with Ledger.open(db, readonly=True) as ledger:
                again = plan_import(ledger, loaded.items, today=TODAY)
            reimport.append(time.perf_counter() - start)
            assert not again.has_writes
    return {
        "cases_created": created,
        **{f"{name}": _stats(timings) for name, timings in steps.items()},
        "reimport_unchanged": _stats(reimport),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(2026)
    report: dict[str, object] = {
        "benchmark": "import_csv",
        "rows": args.rows,
        "runs": args.runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        # Timings on a busy machine are slower: the load average says how busy it was.
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    with tempfile.TemporaryDirectory() as folder:
        flat = Path(folder) / "invoices.csv"
        write_one_row_per_invoice(flat, args.rows, rng)
        report["one_row_per_invoice"] = time_parse(flat, args.runs)
        report["import_one_row_per_invoice"] = time_import(flat, args.runs)
        items = Path(folder) / "line_items.csv"
        write_line_items(items, args.rows, rng)
        report["line_items"] = time_parse(items, args.runs)
        report["import_line_items"] = time_import(items, args.runs)
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
