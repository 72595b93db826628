"""How the screens look, at 100x32 on the demo ledger as of 2026-11-23.

Refresh deliberately (`uv run pytest tests/tui/test_snapshots.py --snapshot-update`) when
a screen changes on purpose or Textual is upgraded, and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from casetui.ledger import Ledger
from casetui.tui.app import CaseApp
from casetui.tui.forms import CallForm
from casetui.tui.screens.case import CaseScreen
from tests.support import APP_SIZE


def test_today(snap_compare, app: CaseApp) -> None:
    assert snap_compare(app, terminal_size=APP_SIZE)


def test_all_cases_filtered(snap_compare, app: CaseApp) -> None:
    assert snap_compare(
        app, press=["2", "slash", *"open amount>500", "enter"], terminal_size=APP_SIZE
    )


def test_case(snap_compare, app: CaseApp, ledger: Ledger) -> None:
    case_id = next(item.case.id for item in ledger.agenda(app.today) if item.case.promise)

    async def open_case(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app.open_case(case_id)
        await pilot.pause()

    assert snap_compare(app, run_before=open_case, terminal_size=APP_SIZE)


def test_help_on_a_case(snap_compare, app: CaseApp) -> None:
    assert snap_compare(app, press=["enter", "question_mark"], terminal_size=APP_SIZE)


def test_call_form_with_a_validation_error(snap_compare, app: CaseApp) -> None:
    # Disputed needs a reason: saving without a note is refused, with the field marked.
    async def refuse_a_call(pilot: Pilot[None]) -> None:
        # Each key once the screen it is meant for is there (a loaded machine is slow).
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.state)
        await pilot.press("c")
        await _until(pilot, lambda: isinstance(app.screen, CallForm))
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=refuse_a_call, terminal_size=APP_SIZE)


async def _until(pilot: Pilot[None], holds: Callable[[], object]) -> None:
    """Let the app process what it was sent until `holds()`: its messages, not a clock
    (bounded, so that a screen that never comes fails instead of hanging)."""
    for _ in range(2000):
        if holds():
            return
        await pilot.pause()
    raise AssertionError("the screen never came")


def test_debtor_at_80x24(snap_compare, app: CaseApp, ledger: Ledger) -> None:
    # The debtor with the most cases, reached with `D` from one of them.
    customer_id = max(
        (c.id for c in ledger.customers()),
        key=lambda cid: (len(ledger.cases_of(cid, include_closed=True)), cid),
    )
    case_id = ledger.cases_of(customer_id, include_closed=True)[0].id

    async def open_debtor(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app.open_case(case_id)
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()

    assert snap_compare(app, run_before=open_debtor, terminal_size=(80, 24))
