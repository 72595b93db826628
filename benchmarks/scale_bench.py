"""Issue 11's targets at scale, and issue 17's `verify` and chain cost (medians).

    uv run python benchmarks/scale_bench.py                    # 1k and 50k cases
    uv run python benchmarks/scale_bench.py --sizes 1000 --runs 3

Builds demo ledgers of N cases with about 11 events each once (cached in
`benchmarks/.ledgers/scale-N/`, git-ignored), then measures:

- whole-process commands, each run in turn with `casetui --help` so that both see the same
  load: a durable write (`log CASE note`), `show CASE`, `agenda --json` (output counted),
  and the figure the targets are about, the median of each run's difference to `--help`;
- `casetui verify` over the whole ledger (every chain, every index row against a fresh
  fold, the snapshot's checksum): wall and CPU seconds, its worker processes included;
- the app: process start to first frame and to the agenda drawn (`tui_bench.CHILD`), with
  the process's peak memory (its own maximum resident set, from `wait4` in a small launcher
  that starts it: see `LAUNCHER`); `agenda --json`'s too;
  a filter keystroke (as `tui_bench` types one) once every case's words are read (free
  text then searches the notes too), and how long that background read took;
- in process, once the ledger is open: the agenda from the index rows, and what the hash
  chain adds to one append (linking one event: canonical encoding and SHA-256).

Prints JSON and writes `benchmarks/results/scale.json`. On a shared machine, say so when
quoting the figures ("under load"): the load average at start and end is recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "scale.json"
TODAY = date(2026, 11, 23)
EVENTS_PER_CASE = 10
CASETUI = [sys.executable, "-m", "casetui"]
# Children run with Python's bytecode cache, as an installed casetui does (this sandbox sets
# PYTHONDONTWRITEBYTECODE, which would compile every module from source on every start).
# No business profile (the ledgers are built with the default ladder): a profile with other
# waits would have the first write rebuild every index row, which is not what is measured.
os.environ["CASETUI_CONFIG_DIR"] = str(HERE / ".ledgers" / "config")
CHILD_ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": str(HERE / ".ledgers" / "pycache"),
}


def build(size: int) -> Path:
    from casetui.demo import write_demo
    from casetui.ledger import Ledger

    path = HERE / ".ledgers" / f"scale-{size}" / "ledger.json"
    if path.exists():
        _as_this_version_keeps_it(path)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with Ledger.open(path, backup=False) as ledger:
        write_demo(ledger, size, seed=7, today=TODAY, extra_events=EVENTS_PER_CASE)
        ledger.store.compact()
    print(f"built {size} cases in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def _as_this_version_keeps_it(path: Path) -> None:
    """A ledger cached by an older casetui, brought once to what this version writes (its
    index rows, the snapshot's layout): otherwise the first measured write would pay for
    it, or every read would run on the old layout."""
    from casetui.ledger import Ledger
    from casetui.store.snapshot import SnapshotFile, open_snapshot

    snapshot = open_snapshot(path)
    try:
        blocked = not isinstance(snapshot, SnapshotFile) or bool(snapshot.seal.blocks)
    finally:
        snapshot.close()
    with Ledger.open(path, backup=False) as ledger:
        if ledger.store.index_current and blocked:
            return
        started = time.perf_counter()
        if not ledger.store.index_current:
            ledger.store.rebuild_index()
        ledger.store.compact()
    took = time.perf_counter() - started
    print(
        f"brought {path.parent.name} to this version in {took:.0f} s",
        file=sys.stderr,
    )


# Each measured command is started by this small launcher, which forks itself and execs
# the command, then reports what `wait4` says of that one process. Started straight from
# this benchmark, the command's peak memory would be this benchmark's: subprocess starts
# children by vfork/posix_spawn, and on Linux execve carries the old address space's
# high-water mark into the new program's `ru_maxrss` (that is how the app "peaked" at
# 277-315 MiB here and 161 MiB alone). The launcher's own mark is some 10 MiB: below any
# command's. Its clock readings bracket the command alone, without its own start.
LAUNCHER = r"""
import os, sys, time
report = int(sys.argv[1])
started = time.time()
pid = os.fork()
if pid == 0:
    os.close(report)
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
ended = time.time()
os.write(report, f"{started!r} {ended!r} {usage.ru_maxrss}".encode())
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


class Ran(NamedTuple):
    seconds: float  # wall time of the command alone
    peak_mib: float  # its maximum resident set
    out: bytes  # its standard output
    started: float  # time.time() just before it was started


def run(argv: list[str]) -> Ran:
    """One process through `LAUNCHER`: its own wall time, peak memory and stdout."""
    read_end, write_end = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, str(write_end), *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=CHILD_ENV,
            pass_fds=(write_end,),
        )
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as report:
        out, err = process.communicate()  # err: small, one line at most
        reported = report.read().split()
    if process.returncode != 0 or len(reported) != 3:
        raise RuntimeError(f"{argv[3:]} failed: {err.decode()[-500:]}")
    started, ended, peak_kib = float(reported[0]), float(reported[1]), int(reported[2])
    return Ran(ended - started, peak_kib / 1024, out, started)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def paired(base: list[str], argv: list[str], runs: int) -> dict[str, float]:
    """`argv` and `casetui --help` in turn; medians of each and of the difference."""
    helps, times, differences = [], [], []
    for _ in range(runs):
        help_time = run([*CASETUI, "--help"]).seconds
        command_time = run([*base, *argv]).seconds
        helps.append(help_time)
        times.append(command_time)
        differences.append(command_time - help_time)
    return {
        "median_ms": ms(statistics.median(times)),
        "help_ms": ms(statistics.median(helps)),
        "more_than_help_ms": ms(statistics.median(differences)),
    }


def app_times(path: Path, runs: int) -> dict[str, float]:
    """The app headless in a fresh process (`tui_bench.CHILD`): start to first frame, start
    to the agenda drawn, and the peak memory of the latter; the peak memory of one run
    through the background integrity check."""
    sys.path.insert(0, str(HERE))
    from tui_bench import CHILD

    first, agenda, peaks = [], [], []
    for _ in range(runs):
        for until, into in (("first", first), ("agenda", agenda)):
            ran = run([sys.executable, "-c", CHILD, str(path), until])
            marks = [float(value) for value in ran.out.split()[-2:]]
            into.append((marks[1] if until == "agenda" else marks[0]) - ran.started)
            if until == "agenda":
                peaks.append(ran.peak_mib)
    # And once through its background integrity check, as `casetui` runs it: the peak of
    # a session's first minutes.
    verified = run([sys.executable, "-c", CHILD, str(path), "verified"])
    return {
        "first_frame_s": round(statistics.median(first), 2),
        "agenda_drawn_s": round(statistics.median(agenda), 2),
        "peak_memory_mib": round(statistics.median(peaks), 1),
        "peak_memory_verified_mib": round(verified.peak_mib, 1),
    }


def app_keys(path: Path, runs: int) -> dict[str, float]:
    """In the app, in process: a filter keystroke in All cases to the list redrawn (typing
    a customer's name, then a term, one key at a time; `tui_bench`'s way), median ms, once
    every case's words are loaded (free text then searches notes too: the slower case);
    and the seconds that background read took from `/`."""
    sys.path.insert(0, str(HERE))
    from tui_bench import frame_after, send_key

    from casetui.ledger import Ledger
    from casetui.tui.app import make_app

    loaded: list[float] = []

    async def typed() -> list[float]:
        times: list[float] = []
        with Ledger.open(path, readonly=True) as ledger:
            app = make_app(ledger, TODAY, export_dir=path.parent / "exports")
            async with app.run_test(size=(120, 40)) as pilot:
                started = time.perf_counter()
                await pilot.press("2", "slash")
                # Every case's words read (the list's "warm" worker; not the case
                # screen's background import, which runs beside it).
                await app.workers.wait_for_complete(
                    [worker for worker in app.workers if worker.group == "warm"]
                )
                assert app.search_texts.ready, app.search_texts.failed or "words not read"
                loaded.append(time.perf_counter() - started)
                screen = app.screen
                name = ledger.customers()[0].name.split()[0].lower()
                for _ in range(runs):
                    for text in (name, " amount>500"):
                        for character in text:
                            expected = screen.query_text + character
                            key = "space" if character == " " else character
                            times.append(
                                await frame_after(
                                    app,
                                    lambda k=key: send_key(app, k),
                                    lambda e=expected: screen.query_text == e,
                                )
                            )
                    screen.query_one("#filter").value = ""
                    await pilot.pause()
        return times

    keystrokes = asyncio.run(typed())
    return {
        "filter_keystroke_ms": ms(statistics.median(keystrokes)),
        "filter_words_loaded_s": round(loaded[0], 2),
    }


def in_process(path: Path, runs: int) -> dict[str, float]:
    from casetui.ledger import Ledger
    from casetui.model import Note
    from casetui.store import chain

    result: dict[str, float] = {}
    with Ledger.open(path, readonly=True) as ledger:
        started = time.perf_counter()
        rows = ledger.rows()
        result["rows_read_ms"] = ms(time.perf_counter() - started)
        samples = []
        for _ in range(max(runs, 5)):
            started = time.perf_counter()
            items = ledger.agenda_rows(TODAY)
            samples.append(time.perf_counter() - started)
        result["agenda_once_open_ms"] = ms(statistics.median(samples))
        result["agenda_items"] = len(items)
        case_id = rows[len(rows) // 2].id
        raw = dict(ledger.case(case_id).raw_events[-1])
    from casetui import codec

    event = codec.encode_event(Note(date=TODAY, text="what the chain costs an append"))
    event.update(id=raw["id"] + 1, recorded_at="2026-11-23T09:00:00Z")
    head = chain.event_hash(raw)
    samples = []
    for _ in range(2000):
        copy = dict(event)
        started = time.perf_counter()
        chain.link(case_id, [copy], head)
        samples.append(time.perf_counter() - started)
    result["chain_link_one_event_us"] = round(statistics.median(samples) * 1e6, 1)
    return result


def measure(size: int, runs: int) -> dict[str, object]:
    from casetui.ledger import Ledger

    path = build(size)
    with Ledger.open(path, readonly=True) as ledger:
        rows = ledger.rows()
        case_id = rows[len(rows) // 2].id
        events = sum(row.last_event_id for row in rows)
    base = [*CASETUI, "--db", str(path), "--today", TODAY.isoformat()]
    result: dict[str, object] = {
        "cases": size,
        "events": events,
        "file_mb": round(path.stat().st_size / 1e6, 1),
    }
    result["log_note"] = paired(base, ["log", case_id, "note", "benchmark note"], runs)
    result["show"] = paired(base, ["show", case_id], runs)
    result["agenda_json"] = paired(base, ["agenda", "--json"], runs)
    _, peak, out, _ = run([*base, "agenda", "--json"])
    agenda = result["agenda_json"]
    assert isinstance(agenda, dict)
    agenda.update(rows=len(json.loads(out)), peak_memory_mib=round(peak, 1))
    result.update(verify_times(base, max(1, runs // 3)))
    result["app"] = app_times(path, max(1, runs // 2))
    result["app"].update(app_keys(path, max(1, runs // 2)))  # type: ignore[union-attr]
    result.update(in_process(path, runs))
    with Ledger.open(path, backup=False) as ledger:
        ledger.store.compact()  # the notes written above: leave the ledger compact
    return result


def verify_times(base: list[str], runs: int) -> dict[str, float]:
    """`casetui verify` of the whole ledger: medians of its wall seconds and of its CPU
    seconds, user and system, its worker processes included (the usage `wait4` reports
    counts the children a process waited for)."""
    walls, cpus = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            [*base, "verify"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV
        )
        assert process.stderr is not None
        err = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - started)
        process.returncode = 0  # reaped here; Popen must not wait for it again
        if status != 0:
            raise RuntimeError(f"verify failed: {err.decode()[-500:]}")
        cpus.append(usage.ru_utime + usage.ru_stime)
    return {
        "verify_s": round(statistics.median(walls), 2),
        "verify_cpu_s": round(statistics.median(cpus), 2),
    }


def yardstick() -> float:
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        sum(range(10**6))
        runs.append(time.perf_counter() - started)
    return ms(min(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 50000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    run([*CASETUI, "--help"])  # fill the bytecode cache
    load_before = os.getloadavg()[0]
    yardstick_before = yardstick()
    results: list[dict[str, object]] = []
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus, {platform.python_version()}",
        "load_average": [round(load_before, 1), None],
        "under_load": load_before > 1.5,
        # `sum(range(10**6))` in ms (best of 5), before and after: 34 ms on this machine
        # when quiet (README "Speed"); the ratio says how much the load slowed Python down.
        "yardstick_ms": [yardstick_before, None],
        "results": results,
    }
    for size in args.sizes:
        results.append(measure(size, args.runs))
        report["load_average"][1] = round(os.getloadavg()[0], 1)  # type: ignore[index]
        report["yardstick_ms"][1] = yardstick()  # type: ignore[index]
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")  # kept as it goes
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
