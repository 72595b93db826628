"""A letter states the agreed percentage fee with its bounds (issue 18, item 13)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from casetui.letters import prepare_letter, render_draft
from casetui.model import Amended
from casetui.profile import DEMO_PROFILE
from tests.support import TODAY


def test_the_letter_states_the_clause(world) -> None:
    profile = dataclasses.replace(
        DEMO_PROFILE,
        contract_rate=Decimal(8),
        fee_percent=Decimal(10),
        fee_minimum=Decimal(75),
        fee_maximum=Decimal(500),
    )
    case_id = world.cases[("BE", "business")]["b"]  # 363.00, due 2026-10-15
    world.ledger.append(case_id, Amended(date=TODAY, regime="contract"))
    draft = prepare_letter(world.ledger, case_id, "formal-notice", profile=profile, sent_on=TODAY)
    text = " ".join(render_draft(draft, "txt").split())
    assert "10 % du principal, au minimum 75,00 €, au maximum 500,00 €" in text
