"""How the letter preview looks, at 100x32 on the demo ledger and the demo business profile as
of 2026-11-23 (same pattern as test_snapshots.py; refresh deliberately with
`--snapshot-update` and look at the SVG before committing)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.pilot import Pilot

from casetui.profile import write_demo_profile
from casetui.tui.app import CaseApp
from tests.support import APP_SIZE
from tests.tui.flow_helpers import settle


def test_letter_preview(snap_compare, app: CaseApp) -> None:
    write_demo_profile(Path(os.environ["CASETUI_CONFIG_DIR"]))

    async def preview_a_reminder(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app.open_case("C-2026-0040")  # a Belgian business, overdue, no reminder yet
        await pilot.pause()
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(app, run_before=preview_a_reminder, terminal_size=APP_SIZE)
