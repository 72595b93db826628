"""The same case driven through the command line and through the app gives the same
events: the rules live in the core (`casetui.rules`), both front ends only collect input.

Regression: a no-answer call on a Friday proposed Saturday from the CLI and Monday from the
app, and the app's form ignored the business profile.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casetui.cli import main
from casetui.cli.common import business_profile
from casetui.ledger import Ledger
from casetui.profile import DEMO_PROFILE, save_profile
from casetui.tui.app import make_app

from .helpers import settle

CASE = "C-2026-0001"

# (today, outcome, the key that picks it in the call form, the next action both must give)
CALLS = [
    # Friday: the next working day is Monday.
    (date(2026, 11, 27), "no-answer", "f3", date(2026, 11, 30)),
    # Tuesday 10 November: Wednesday 11 is Armistice Day, a Belgian public holiday.
    (date(2026, 11, 10), "voicemail", "f4", date(2026, 11, 12)),
    # A week later is Saturday 5 December: Monday 7.
    (date(2026, 11, 28), "reached", "f2", date(2026, 12, 7)),
    # The dispute's follow-up, from the ladder of the profile (a week), on a working day.
    (date(2026, 11, 20), "disputed", "f7", date(2026, 11, 27)),
]


def ledger_with_one_case(folder: Path) -> Path:
    db = folder / "ledger.json"
    code = main(
        ["--db", str(db), "--today", "2026-11-02", "add", "--customer", "Brasserie De Klok BV",
         "--invoice", "F-1", "--amount", "500", "--issued", "2026-10-01", "--due", "2026-10-31",
         "--country", "BE"]
    )  # fmt: skip
    assert code == 0
    return db


def events_of(db: Path) -> list[dict[str, Any]]:
    with Ledger.open(db, readonly=True) as ledger:
        raws = ledger.case(CASE).raw_events
    return [
        # `prev` (the hash chain) covers `recorded_at`, the moment of writing.
        {key: value for key, value in raw.items() if key not in ("recorded_at", "prev")}
        for raw in raws
    ]


@pytest.fixture
def profile(tmp_path: Path) -> Any:
    """A Belgian creditor (the demo profile), in the config folder both front ends read."""
    save_profile(DEMO_PROFILE, Path(os.environ["CASETUI_CONFIG_DIR"]) / "profile.toml")
    business_profile.cache_clear()
    yield DEMO_PROFILE
    business_profile.cache_clear()


@pytest.mark.parametrize(("today", "outcome", "key", "expected"), CALLS)
async def test_a_call_logged_from_the_cli_and_from_the_app_is_the_same(
    tmp_path: Path, profile: Any, today: date, outcome: str, key: str, expected: date
) -> None:
    note = "they say the work was not finished"
    (tmp_path / "cli").mkdir()
    (tmp_path / "app").mkdir()
    cli_db, app_db = ledger_with_one_case(tmp_path / "cli"), ledger_with_one_case(tmp_path / "app")

    argv = ["--db", str(cli_db), "--today", today.isoformat(), "log", CASE, "call"]
    assert main([*argv, "--outcome", outcome, "--note", note]) == 0

    policy = profile.ladder_policy()
    with Ledger.open(app_db, policy=policy, today=today) as ledger:
        app = make_app(ledger, today, profile=profile, export_dir=tmp_path / "exports")
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            app.open_case(CASE)
            await settle(pilot)
            await pilot.press("c", key)
            await pilot.press(*note)
            await pilot.press("ctrl+s")
            await settle(pilot)

    from_cli, from_app = events_of(cli_db), events_of(app_db)
    assert from_cli == from_app
    call = from_cli[1]
    assert (call["kind"], call["outcome"], call["next_action"]) == (
        "call",
        outcome,
        expected.isoformat(),
    )
