"""Limitation benchmarks: what the per-case limitation costs when a ledger loads.

    uv run python benchmarks/limitation_bench.py               # 1k and 10k cases
    uv run python benchmarks/limitation_bench.py --sizes 1000 10000 50000 --runs 5

Uses the demo ledgers of `ledger_bench.py` (built once, cached in `benchmarks/.ledgers/`).
Measures, in one process, medians in milliseconds (JSON, also written to
`benchmarks/results/limitation.json`):
- folding every case as before (no customers: no limitation warning) and as the ledger now
  does (with its customers: each open case's earliest warning day, and the warning itself
  when it may be the next action), best of the runs in process time;
- working out every remaining warning afterwards (what a screen asking for all would cost);
- today's agenda on the loaded ledger;
- one case's full limitation as `show` computes it (with interest's own date), and one
  calculator run of the worked example NL-2.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from datetime import date
from pathlib import Path

from ledger_bench import TODAY, build

HERE = Path(__file__).resolve().parent


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def measure(size: int, runs: int) -> dict[str, object]:
    from casetui.ledger import Ledger
    from casetui.limitation import (
        ClaimKind,
        EventKind,
        Law,
        LimitationEvent,
        compute_limitation,
    )
    from casetui.limitation.cases import case_limitation
    from casetui.timeline import fold

    path = build(size)
    with Ledger.open(path, readonly=True) as ledger:
        raw = list(ledger.store.iter_cases())
        customers = {customer.id: customer for customer in ledger.customers()}
        policy = ledger.policy
        result: dict[str, object] = {"cases": size}
        # Interleaved, best of `runs` in process time: the machine is shared, and the
        # difference between the two is what this measures.
        best = {"fold_without_limitation_ms": 1e9, "fold_with_limitation_ms": 1e9}
        for _ in range(runs):
            for label, given in zip(best, (None, customers), strict=True):
                started = time.process_time()
                for case_id, events in raw:
                    fold(case_id, events, policy, given)
                best[label] = min(best[label], time.process_time() - started)
        result.update({label: round(value * 1000, 1) for label, value in best.items()})
        states = [state for state in ledger.cases() if state.closed is None]
        result["open_cases"] = len(states)
        extra = best["fold_with_limitation_ms"] - best["fold_without_limitation_ms"]
        result["limitation_us_per_open_case"] = round(extra * 1e6 / max(len(states), 1), 1)
        result["worked_out_at_load"] = sum(
            1 for state in states if not callable(state.__dict__["_limitation"])
        )
        started = time.process_time()
        result["warnings_set"] = sum(1 for state in states if state.limitation_alert is not None)
        result["all_warnings_worked_out_later_ms"] = round(
            (time.process_time() - started) * 1000, 1
        )

        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            ledger.agenda(TODAY)
            samples.append(time.perf_counter() - started)
        result["agenda_ms"] = median_ms(samples)

        state = next(s for s in ledger.cases() if s.closed is None)
        customer = ledger.customer(state.customer_id)
        samples = []
        for _ in range(max(runs, 50)):
            started = time.perf_counter()
            case_limitation(state, customer, policy, TODAY).basis  # noqa: B018 (the words too)
            samples.append(time.perf_counter() - started)
        result["one_case_with_basis_ms"] = median_ms(samples)

    samples = []
    notice = [LimitationEvent(EventKind.NOTICE, date(2023, 6, 1))]
    for _ in range(max(runs, 200)):
        started = time.perf_counter()
        compute_limitation(Law.NL, ClaimKind.CONTRACT, date(2021, 3, 15), notice)
        samples.append(time.perf_counter() - started)
    result["calculator_nl2_ms"] = median_ms(samples)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    report = {
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "note": "measured under load (other developers' tests on the same 2 cores)",
        "results": [measure(size, args.runs) for size in args.sizes],
    }
    text = json.dumps(report, indent=2)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "limitation.json").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
