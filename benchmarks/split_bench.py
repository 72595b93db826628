"""What the long core functions cost, to show that splitting them at their seams (issue 19,
item 6) costs nothing: the fold of every case, preparing letters, building the demo.

    uv run python benchmarks/split_bench.py fold --cases 10000 --passes 3
    uv run python benchmarks/split_bench.py letter --letters 50
    uv run python benchmarks/split_bench.py demo --cases 2000

Each prints one JSON line: the median CPU milliseconds of the timed part over its passes
(`--passes 0` does the set-up only, so callgrind can count the timed part as a difference).
The ledgers are demo ledgers built once into `benchmarks/.ledgers/` (git-ignored).

On a shared machine the wall clock drifts; two ways to compare two versions of the code:
- instruction counts, which load does not move: run under
  `valgrind --tool=callgrind --callgrind-out-file=/dev/null` with `--passes 0` and
  `--passes N`, and divide the difference by N;
- `farm-bench --vs` pairs, the older version first on `PYTHONPATH` (`git archive` it to a
  folder), which take the ratio run by run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)
SEED = 7


def demo_ledger(size: int, extra_events: int = 10) -> Path:
    """A demo ledger of `size` cases (about ten events each), built once."""
    from casetui.demo import write_demo
    from casetui.ledger import Ledger

    path = HERE / ".ledgers" / f"split-{size}-{extra_events}" / "ledger.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with Ledger.open(path, backup=False) as ledger:
            write_demo(ledger, size, seed=SEED, today=TODAY, extra_events=extra_events)
    return path


def timed(passes: int, work) -> list[float]:
    samples = []
    for _ in range(passes):
        started = time.process_time()
        work()
        samples.append(1000 * (time.process_time() - started))
    return samples


def bench_fold(cases: int, passes: int) -> dict:
    from casetui.ledger import Ledger
    from casetui.timeline import fold

    with Ledger.open(demo_ledger(cases), readonly=True, backup=False) as ledger:
        timelines = [(state.id, state.raw_events) for state in ledger.cases()]
        customers = {customer.id: customer for customer in ledger.customers()}
        policy = ledger.policy

    def work() -> None:
        for case_id, raw_events in timelines:
            fold(case_id, raw_events, policy, customers)

    return {"events": sum(len(raw) for _, raw in timelines), "samples": timed(passes, work)}


def bench_letter(letters: int, passes: int) -> dict:
    from casetui.errors import InputError
    from casetui.ledger import Ledger
    from casetui.letters import prepare_letter
    from casetui.profile import DEMO_PROFILE

    with Ledger.open(demo_ledger(max(letters * 4, 200), 0), readonly=True, backup=False) as led:
        open_ids = [state.id for state in led.cases(include_closed=False)]

        def work() -> None:
            prepared = 0
            for case_id in open_ids:
                try:
                    prepare_letter(led, case_id, profile=DEMO_PROFILE, sent_on=TODAY)
                except InputError:
                    continue  # no next step for this case
                prepared += 1
                if prepared == letters:
                    return
            raise SystemExit(f"only {prepared} letters could be prepared")

        return {"letters": letters, "samples": timed(passes, work)}


def bench_demo(cases: int, passes: int) -> dict:
    from casetui.demo import generate

    return {"samples": timed(passes, lambda: generate(cases, SEED, TODAY, 10))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("fold", "letter", "demo"))
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--letters", type=int, default=50)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    if args.what == "fold":
        result = bench_fold(args.cases, args.passes)
    elif args.what == "letter":
        result = bench_letter(args.letters, args.passes)
    else:
        result = bench_demo(args.cases, args.passes)
    samples = result.pop("samples")
    result |= {"what": args.what, "passes": args.passes}
    if samples:
        result["median_cpu_ms"] = round(statistics.median(samples), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
