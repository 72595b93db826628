"""How the Reports screen looks on the demo ledger as of 2026-11-23, at the snapshots' size
and at 80x24 (same pattern as test_snapshots.py; refresh deliberately with
`--snapshot-update` and look at the SVGs before committing)."""

from __future__ import annotations

from textual.pilot import Pilot

from casetui.tui.app import CaseApp
from tests.support import APP_SIZE
from tests.tui.flow_helpers import settle


async def _open_reports(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)


def test_reports(snap_compare, app: CaseApp) -> None:
    assert snap_compare(app, run_before=_open_reports, terminal_size=APP_SIZE)


def test_reports_at_80_by_24(snap_compare, app: CaseApp) -> None:
    assert snap_compare(app, run_before=_open_reports, terminal_size=(80, 24))
