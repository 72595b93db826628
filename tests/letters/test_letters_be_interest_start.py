"""A Belgian consumer's first reminder announces interest from the end of the 14-day wait,
as the claim computes it (issue 18, item 11), not from the day after the due date."""

from __future__ import annotations

from casetui.letters import prepare_letter, render_draft
from tests.support import TODAY


def test_the_free_first_reminder_announces_interest_from_the_end_of_the_wait(
    world, profile
) -> None:
    case_id = world.cases[("BE", "consumer")]["a"]
    draft = prepare_letter(world.ledger, case_id, "reminder", profile=profile, sent_on=TODAY)
    text = " ".join(render_draft(draft, "txt").split())
    assert "per jaar vanaf de dag na die termijn" in text
    assert "vanaf de dag na de vervaldag" not in text
