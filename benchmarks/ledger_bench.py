"""Ledger benchmarks: open and load, append one event durably, agenda, export one case.

    uv run python benchmarks/ledger_bench.py               # 1k, 10k, 50k cases
    uv run python benchmarks/ledger_bench.py --sizes 1000 10000 --runs 5

Builds demo ledgers of N cases with about 10 events each (once; cached in
`benchmarks/.ledgers/`, which is git-ignored), then measures each operation several times in
fresh processes where start-up matters, and prints medians in milliseconds as JSON (also
written to `benchmarks/results/ledger.json`).

Targets (issue 2, on a 2-core machine): append <= 50 ms at 10k and <= 100 ms at 50k; open
and load <= 0.5 s at 10k and <= 1.5 s at 50k; agenda <= 100 ms at 50k.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)
EVENTS_PER_CASE = 10

_OPEN = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from casetui.ledger import Ledger
imported = time.perf_counter()
path, readonly, backup = Path(sys.argv[1]), sys.argv[2] == "read", sys.argv[3] == "backup"
ledger = Ledger.open(path, readonly=readonly, backup=backup)
loaded = time.perf_counter()
print(imported - started, loaded - imported, len(ledger))
ledger.close()
"""


def build(size: int) -> Path:
    from casetui.demo import write_demo
    from casetui.ledger import Ledger

    path = HERE / ".ledgers" / f"demo-{size}" / "ledger.json"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with Ledger.open(path, backup=False) as ledger:
        write_demo(ledger, size, seed=7, today=TODAY, extra_events=EVENTS_PER_CASE)
    print(f"built {size} cases in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def time_open(path: Path, mode: str, backup: str, runs: int) -> tuple[float, float]:
    """Open and load in a fresh interpreter: (import of casetui.ledger, open and load)."""
    imports, loads = [], []
    for _ in range(runs):
        run = subprocess.run(
            [sys.executable, "-c", _OPEN, str(path), mode, backup],
            capture_output=True,
            text=True,
            check=True,
        )
        imported, loaded, _ = run.stdout.split()
        imports.append(float(imported))
        loads.append(float(loaded))
    return median_ms(imports), median_ms(loads)


def measure(size: int, runs: int) -> dict[str, object]:
    from casetui.export import history_markdown
    from casetui.ledger import Ledger
    from casetui.model import Note

    path = build(size)
    imports, readonly = time_open(path, "read", "none", runs)
    _, for_write = time_open(path, "write", "backup", runs)
    result: dict[str, object] = {
        "cases": size,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "import_ms": imports,
        "open_load_readonly_ms": readonly,
        "open_load_for_write_with_backup_ms": for_write,
    }
    with Ledger.open(path, backup=False) as ledger:
        events = sum(len(state.raw_events) for state in ledger.cases())
        result["events"] = events
        case_id = sorted(state.id for state in ledger.cases())[size // 2]
        samples = []
        for number in range(max(runs, 20)):
            started = time.perf_counter()
            ledger.append(case_id, Note(date=TODAY, text=f"benchmark note {number}"))
            samples.append(time.perf_counter() - started)
        result["append_one_event_ms"] = median_ms(samples)

        samples = []
        for _ in range(max(runs, 10)):
            started = time.perf_counter()
            items = ledger.agenda(TODAY)
            samples.append(time.perf_counter() - started)
        result["agenda_ms"] = median_ms(samples)
        result["agenda_items"] = len(items)

        state = ledger.case(case_id)
        customer = ledger.customer(state.customer_id)
        samples = []
        for _ in range(max(runs, 10)):
            started = time.perf_counter()
            history_markdown(state, customer, TODAY)
            samples.append(time.perf_counter() - started)
        result["export_one_case_ms"] = median_ms(samples)
        ledger.store.compact()  # leave the cached ledger small for the next run
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report = {
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {_cpus()} CPUs",
        "results": [measure(size, args.runs) for size in args.sizes],
    }
    text = json.dumps(report, indent=2)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "ledger.json").write_text(text + "\n")
    print(text)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
