"""The README's pictures of the app, made by the app itself.

    uv run python scripts/screenshots.py            # writes docs/screenshots/*.svg
    uv run python scripts/screenshots.py --check    # exit 1 if a picture is out of date

Each picture is the real app on the demo ledger (`casetui --demo`: 60 cases, seed 7) and the
demo business profile, as of 2026-11-23, at 100x32, so the same code gives the same SVG:
run it again after a change to a screen and commit what changed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
TODAY = date(2026, 11, 23)
SIZE = (100, 32)

Steps = Callable[..., Awaitable[None]]


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers (loading, counting, preparing a letter) finish; never sleeps blindly."""
    for _ in range(6):
        await pilot.pause()
        busy = [worker for worker in pilot.app.workers if worker.is_running]
        if not busy:
            break
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


def _case_with_a_promise(ledger) -> str:  # type: ignore[no-untyped-def]
    """The most urgent case of the day that has a promise to pay: a full timeline."""
    return next(item.case.id for item in ledger.agenda(TODAY) if item.case.promise)


def _case_for_a_first_reminder(ledger) -> str:  # type: ignore[no-untyped-def]
    """A Belgian business, overdue, not reminded yet: the letter the ladder proposes."""
    for state in sorted(ledger.cases(include_closed=False), key=lambda s: s.id):
        customer = ledger.customer(state.customer_id)
        if (
            customer.country == "BE"
            and customer.kind.value == "business"
            and state.stage.value == "open"
            and state.dispute is None
            and state.due < TODAY
        ):
            return state.id
    raise SystemExit("the demo ledger has no case for a first reminder")


async def _shoot(ledger, name: str, steps: Steps) -> str:  # type: ignore[no-untyped-def]
    from casetui.profile import load_profile
    from casetui.tui.app import make_app

    app = make_app(ledger, TODAY, profile=load_profile(), export_dir=Path(tempfile.mkdtemp()))
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await steps(pilot, ledger)
        await _settle(pilot)
        return app.export_screenshot(title=f"casetui: {name}")


async def _today(pilot, ledger) -> None:  # type: ignore[no-untyped-def]
    pass


async def _case(pilot, ledger) -> None:  # type: ignore[no-untyped-def]
    pilot.app.open_case(_case_with_a_promise(ledger))


async def _letter(pilot, ledger) -> None:  # type: ignore[no-untyped-def]
    pilot.app.open_case(_case_for_a_first_reminder(ledger))
    await _settle(pilot)
    await pilot.press("a")


async def _reports(pilot, ledger) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("3")


SHOTS: tuple[tuple[str, str, Steps], ...] = (
    ("today", "Today", _today),
    ("case", "a case", _case),
    ("letter", "the letter preview", _letter),
    ("reports", "Reports", _reports),
)


def make_all() -> dict[str, str]:
    """Every picture, by file name, from a fresh demo ledger in a throwaway folder."""
    from casetui.cli.demo import DEMO_CASES, DEMO_SEED
    from casetui.demo import write_demo
    from casetui.ledger import Ledger
    from casetui.profile import write_demo_profile

    with tempfile.TemporaryDirectory(prefix="casetui-shots-") as folder:
        config = Path(folder) / "config"
        config.mkdir()
        os.environ["CASETUI_CONFIG_DIR"] = str(config)  # never the user's profile or keys
        write_demo_profile(config)
        pictures = {}
        with Ledger.open(Path(folder) / "ledger.json", backup=False) as ledger:
            write_demo(ledger, DEMO_CASES, DEMO_SEED, TODAY)
            for file, name, steps in SHOTS:
                pictures[f"{file}.svg"] = asyncio.run(_shoot(ledger, name, steps))
        return pictures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say what is out of date")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    pictures = make_all()
    stale = [
        name
        for name, svg in pictures.items()
        if not (args.out / name).exists() or (args.out / name).read_text("utf-8") != svg
    ]
    if args.check:
        for name in stale:
            print(f"out of date: {args.out / name}")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, svg in pictures.items():
        (args.out / name).write_text(svg, encoding="utf-8")
        print(f"{'wrote' if name in stale else 'unchanged'}: {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
