"""Waiting in flows that ask a question: a worker that waits for a yes/no (the `@work` action
behind ctrl+s) never completes until it is answered, so `workers.wait_for_complete()` would
wait forever. `settle` here waits for every other worker (preparing, planning, writing)."""

from __future__ import annotations

from textual.pilot import Pilot

# Worker groups of actions that wait for a dialog's answer.
ASKING = frozenset(
    {
        "letter-record",
        "letter-offer",
        "letter-cancel",
        "editor-drop",
        "import-apply",
        "batch-letters-write",
    }
)


async def settle(pilot: Pilot[object]) -> None:
    """Let preparing, planning and writing finish and the screen catch up (never sleeps)."""
    app = pilot.app
    await pilot.pause()
    for _ in range(6):  # a finished worker may start the next (a write, then a refresh)
        busy = [w for w in app.workers if w.is_running and w.group not in ASKING]
        if not busy:
            return
        await app.workers.wait_for_complete(busy)
        await pilot.pause()
