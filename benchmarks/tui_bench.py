"""How fast the terminal app feels on 1k and 10k-case ledgers (headless, medians).

Builds demo ledgers (about 10 events per case) in a temporary folder, then measures:

- `first_frame_s`: process start to the app's first frame, in a fresh subprocess that runs
  the app headless and exits there (the ledger is still opening behind that frame);
- `agenda_frame_s`: process start to the first frame that shows today's agenda (the
  ledger opened, the agenda built and drawn);
- `filter_keystroke_ms`: one keystroke in the All cases filter to the refreshed list
  drawn (typing a customer name, then a term, one key at a time), once the words of every
  case's events are read (the background read `/` starts; free text searches them too);
- `log_call_ms`: ctrl+s in the call form to the call saved in the ledger and the case
  screen redrawn with it;
- `first_case_s`: in a fresh process, two seconds after the agenda is up (a person reading
  it), `enter` on the first case to the case screen drawn; `_no_warm_up` is the same with
  the app's background import of the case screen turned off, the cost it hides.

Subprocess timings are taken twice: `warm` with Python's bytecode cache in place (as on an
installed casetui) and `cold` without it (PYTHONDONTWRITEBYTECODE, every module compiled
from source at start; this sandbox runs that way). Prints JSON and writes
`benchmarks/results/tui.json`.

    uv run python benchmarks/tui_bench.py [--sizes 1000 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson

TODAY = date(2026, 11, 23)
RESULTS = Path(__file__).parent / "results" / "tui.json"

# Runs in the subprocess: the app on the ledger, exiting at the first frame ("first"), at
# the first frame that shows the agenda ("agenda"), or once its background integrity check
# is done ("verified", as `casetui` runs it: 5 s after start); prints wall-clock times.
CHILD = r"""
import sys, time
from datetime import date
from pathlib import Path
from casetui.tui.app import CaseApp, open_for_app

path, until = Path(sys.argv[1]), sys.argv[2]
marks = {}
verify = until == "verified"

# Textual calls the `on_mount` of every class in the MRO that defines one: these add a mark
# and must not call the app's or the list's own again (that opened the ledger and filled the
# agenda twice, and the figures counted both).
class Timed(CaseApp):
    def on_mount(self) -> None:
        self.call_after_refresh(self.mark, "first")

    def mark(self, name: str) -> None:
        marks.setdefault(name, time.time())
        if name == until:
            self.exit()

    def _start(self) -> None:
        # Today is imported where the app imports it, once the ledger is open: importing it
        # at the top of this script put the screens' imports before the first frame.
        from casetui.tui.screens.today import TodayScreen

        TodayScreen.on_mount = on_mount
        super()._start()
        if verify:
            self.integrity_signal.subscribe(self, lambda report: self.mark("verified"))

def on_mount(screen) -> None:  # before ListScreen.on_mount fills the table; marks after it
    screen.call_after_refresh(screen.app.mark, "agenda")

app = Timed(
    date(2026, 11, 23), open_ledger=lambda: open_for_app(path), verify_in_background=verify
)
app.run(headless=True, size=(120, 40))
if app.ready:
    app.ledger.close()
print(marks["first"], marks.get("agenda", 0.0))
"""


# Runs in the subprocess: two seconds after the agenda is up, `enter`; prints the seconds
# from the key to the case screen drawn. argv: ledger, "warm-up" or "no-warm-up".
CASE_CHILD = r"""
import sys, time
from datetime import date
from pathlib import Path
from textual import events
import casetui.tui.app as app_module
from casetui.tui.app import CaseApp, open_for_app

path, mode = Path(sys.argv[1]), sys.argv[2]
if mode == "no-warm-up":
    app_module.WARM_UP_AFTER_SECONDS = 10**6

class Timed(CaseApp):
    pressed = 0.0
    seconds = None

    def _start(self) -> None:
        super()._start()
        self.set_timer(2.0, self._press_enter)

    def _press_enter(self) -> None:
        self.pressed = time.perf_counter()
        self._driver.send_message(events.Key("enter", "\r"))
        self.set_interval(0.002, self._look)

    def _look(self) -> None:
        screen = self.screen
        if type(screen).__name__ == "CaseScreen" and screen.state is not None:
            self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        if self.seconds is None:
            self.seconds = time.perf_counter() - self.pressed
            self.exit()

app = Timed(date(2026, 11, 23), open_ledger=lambda: open_for_app(path))
app.run(headless=True, size=(120, 40))
if app.ready:
    app.ledger.close()
print(app.seconds)
"""


def first_case(path: Path, runs: int, mode: str, cache: Path) -> list[float]:
    """Seconds from `enter` on Today to the first case drawn, in fresh processes."""
    env = child_env(True, cache)
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", CASE_CHILD, str(path), mode],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        times.append(float(done.stdout.split()[-1]))
    return times


def build_ledger(folder: Path, count: int) -> Path:
    from casetui.demo import write_demo
    from casetui.ledger import Ledger

    path = folder / f"ledger-{count}.json"
    with Ledger.open(path, backup=False) as ledger:
        write_demo(ledger, count, seed=11, today=TODAY, extra_events=10)
    return path


def child_env(warm: bool, cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    if warm:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def startup(path: Path, until: str, runs: int, warm: bool, cache: Path) -> list[float]:
    env = child_env(warm, cache)
    if warm:  # fill the bytecode cache first
        subprocess.run(
            [sys.executable, "-c", CHILD, str(path), until],
            env=env,
            check=True,
            capture_output=True,
        )
    times = []
    for _ in range(runs):
        start = time.time()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), until],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        first, agenda = (float(value) for value in done.stdout.split()[-2:])
        times.append((agenda if until == "agenda" else first) - start)
    return times


async def frame_after(app, change: Callable[[], None], done: Callable[[], bool]) -> float:
    """Seconds from `change()` (a key event sent) until `done()` holds and a frame is drawn."""
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    change()
    while not done():
        if time.perf_counter() - start > 10:
            raise TimeoutError("the app never got there")
        await asyncio.sleep(0.001)  # not 0: a busy loop would starve the writer thread
    drawn = loop.create_future()
    app.call_after_refresh(drawn.set_result, None)
    await drawn
    return time.perf_counter() - start


def send_key(app, key: str) -> None:
    from textual import events

    character = {"space": " "}.get(key, key if len(key) == 1 else None)
    app._driver.send_message(events.Key(key, character))


async def interactive(path: Path, runs: int) -> dict[str, list[float]]:
    from casetui.ledger import Ledger
    from casetui.tui.app import make_app
    from casetui.tui.forms import CallForm
    from casetui.tui.screens.case import CaseScreen

    filter_times: list[float] = []
    call_times: list[float] = []
    with Ledger.open(path, backup=False) as ledger:
        app = make_app(ledger, TODAY, export_dir=path.parent / "exports")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("2", "slash")
            await app.workers.wait_for_complete()  # every case's words read
            assert app.search_texts.ready, app.search_texts.failed or "words not read"
            screen = app.screen
            name = ledger.customers()[0].name.split()[0].lower()
            for _ in range(runs):
                for text in (name, " amount>500"):
                    for character in text:
                        expected = screen.query_text + character
                        filter_times.append(
                            await frame_after(
                                app,
                                lambda c=character: send_key(app, "space" if c == " " else c),
                                lambda e=expected: screen.query_text == e,
                            )
                        )
                screen.query_one("#filter").value = ""
                await pilot.pause()
            await pilot.press("escape", "1", "enter")
            case_screen = app.screen
            assert isinstance(case_screen, CaseScreen)
            for n in range(runs):
                await pilot.press("c")
                assert isinstance(app.screen, CallForm)
                app.screen.query_one("#note TextArea").insert(f"benchmark call {n}")
                before = ledger.case(case_screen.case_id).last_event_id
                call_times.append(
                    await frame_after(
                        app,
                        lambda: send_key(app, "ctrl+s"),
                        lambda b=before: (
                            case_screen.state is not None
                            and case_screen.state.last_event_id > b
                            and app.screen is case_screen
                        ),
                    )
                )
    return {"filter": filter_times, "call": call_times}


def calibrate() -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        sum(range(10**6))
        runs.append(time.perf_counter() - start)
    return min(runs)


def summary(values: list[float], scale: float = 1.0) -> dict[str, float]:
    return {
        "median": round(statistics.median(values) * scale, 3),
        "min": round(min(values) * scale, 3),
        "max": round(max(values) * scale, 3),
        "n": len(values),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            # How fast this CPU runs plain Python, to compare runs across machines:
            # a recent laptop core does this in 10-15 ms.
            "sum_range_1e6_ms": round(calibrate() * 1000, 1),
        },
        "today": TODAY.isoformat(),
        "runs": args.runs,
        "ledgers": {},
    }
    with tempfile.TemporaryDirectory(prefix="casetui-tui-bench-") as folder:
        cache = Path(folder) / "pycache"
        for count in args.sizes:
            started = time.perf_counter()
            path = build_ledger(Path(folder), count)
            built = time.perf_counter() - started
            result: dict[str, object] = {"build_s": round(built, 1)}
            for warm in (True, False):
                label = "warm" if warm else "cold"
                result[f"first_frame_s_{label}"] = summary(
                    startup(path, "first", args.runs, warm, cache)
                )
                result[f"agenda_frame_s_{label}"] = summary(
                    startup(path, "agenda", args.runs, warm, cache)
                )
            for mode in ("warm-up", "no-warm-up"):
                label = "first_case_s" + ("" if mode == "warm-up" else "_no_warm_up")
                result[label] = summary(first_case(path, args.runs, mode, cache))
            timings = asyncio.run(interactive(path, args.runs))
            result["filter_keystroke_ms"] = summary(timings["filter"], 1000)
            result["log_call_ms"] = summary(timings["call"], 1000)
            report["ledgers"][str(count)] = result  # type: ignore[index]
            print(f"{count} cases done", file=sys.stderr)
    text = orjson.dumps(report, option=orjson.OPT_INDENT_2).decode()
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
