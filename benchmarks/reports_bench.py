"""Reports benchmark: every report over a loaded ledger of 1k, 10k and 50k demo cases.

    uv run python benchmarks/reports_bench.py               # 1k, 10k, 50k cases
    uv run python benchmarks/reports_bench.py --sizes 10000 --runs 3

Uses the demo ledgers of `ledger_bench.py` (built once, cached in `benchmarks/.ledgers/`),
opens one read-only and loads it (every case folded and kept, `Ledger.cases()`; timed apart
as `load_ms`; a report in a fresh process and the app's Reports screen instead fold each case
once without keeping it, `Ledger.each_case()`), then times each report from the loaded
ledger (the report itself, and the report with its Markdown written), several runs, and
prints medians in milliseconds as JSON (also written to `benchmarks/results/reports.json`):
wall time, and the process's CPU time (`*_cpu_ms`), which other work on a busy machine
disturbs less.

Target (issue 16): every report in at most 1 s at 50k cases once the ledger is loaded.
`aging, 30 days ago` is the slow case on purpose: every case whose balance changed since
then is folded again up to that day (its balance only).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ledger_bench import TODAY, build  # noqa: E402


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def timed(job: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall and CPU time of `job`, in milliseconds."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        job()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return median_ms(walls), median_ms(cpus)


def measure(size: int, runs: int) -> dict[str, object]:
    from casetui.ledger import Ledger
    from casetui.reports import (
        activity_document,
        activity_report,
        aging_document,
        aging_report,
        collected_document,
        collected_report,
        ladder_document,
        ladder_report,
        to_markdown,
    )

    path = build(size)
    month_ago = TODAY - timedelta(days=30)
    reports: dict[str, tuple[Callable[[Ledger], Any], Callable[[Any], Any]]] = {
        "aging": (lambda ledger: aging_report(ledger, TODAY), aging_document),
        "aging_by_case": (lambda ledger: aging_report(ledger, TODAY, by="case"), aging_document),
        "aging_30_days_ago": (lambda ledger: aging_report(ledger, month_ago), aging_document),
        "collected_12_months": (lambda ledger: collected_report(ledger, TODAY), collected_document),
        "ladder": (lambda ledger: ladder_report(ledger, TODAY), ladder_document),
        "activity_12_weeks": (lambda ledger: activity_report(ledger, TODAY), activity_document),
    }
    result: dict[str, object] = {"cases": size}
    started = time.perf_counter()
    with Ledger.open(path, readonly=True) as ledger:
        ledger.cases()
        result["load_ms"] = median_ms([time.perf_counter() - started])
        # A yardstick from the same run: the agenda (160 ms at 50k on a quiet machine, see
        # results/ledger.json), so figures taken on a busy machine can be read against it.
        result["agenda_reference_ms"] = timed(lambda: ledger.agenda(TODAY), runs)[0]
        for name, (report, document) in reports.items():
            for key, job in (
                (name, lambda r=report: r(ledger)),
                (f"{name}_markdown", lambda r=report, d=document: to_markdown(d(r(ledger)))),
            ):
                result[f"{key}_ms"], result[f"{key}_cpu_ms"] = timed(job, runs)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report = {
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "results": [measure(size, args.runs) for size in args.sizes],
    }
    text = json.dumps(report, indent=2)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "reports.json").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
