"""Every payment's split explained where it matters (issue 18, item 7): after a part payment
the principal still claimed is higher than invoice less payment (costs and interest were
settled first), so the letter, `show`, the export and the case screen say how each payment
was applied, by which rule, and how the figure owed today adds up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casetui.claims import claim_for_case
from casetui.export import history_markdown
from casetui.law.applied import summary_lines
from casetui.letters import prepare_letter, render_draft
from casetui.letters.i18n import format_money
from casetui.model import Payment
from casetui.money import Money
from tests.support import TODAY


def test_the_formal_notice_shows_each_payment_split_and_the_sum(world, profile) -> None:
    key = ("NL", "business")
    case_id = world.cases[key]["a"]  # 1,210.00 due 2026-09-30: costs and interest by now
    world.ledger.append(
        case_id, Payment(date=date(2026, 11, 20), amount=Money(Decimal(500), "EUR"))
    )
    state = world.ledger.case(case_id)
    claim = claim_for_case(state, world.ledger.customer(state.customer_id), TODAY)
    item = claim.allocation[0]
    assert item.costs > 0 and item.interest > 0 and item.principal < 500
    draft = prepare_letter(world.ledger, case_id, "formal-notice", profile=profile, sent_on=TODAY)
    text = render_draft(draft, "txt")

    def nl(amount: Decimal) -> str:
        return format_money(amount, "EUR", "nl")

    assert "(art. 6:44 BW):" in text
    # the invoice line no longer calls invoice less payment "still open" next to the claim
    assert f"waarop {nl(Decimal(500))} is betaald (aangerekend zoals hieronder" in " ".join(
        text.split()
    )
    payment_row = next(line for line in text.splitlines() if line.startswith("20 november 2026"))
    for amount in (Decimal(500), item.costs, item.interest, item.principal):
        assert nl(amount) in payment_row
    assert nl(Decimal("1210.00")) in text and f"− {nl(item.principal)}" in text
    assert nl(Decimal("1210.00") - item.principal) in text  # the principal still unpaid


def test_show_the_export_and_the_worksheet_say_the_same(world) -> None:
    key = ("BE", "business")
    case_id = world.cases[key]["a"]
    world.ledger.append(
        case_id, Payment(date=date(2026, 11, 20), amount=Money(Decimal(500), "EUR"))
    )
    state = world.ledger.case(case_id)
    customer = world.ledger.customer(state.customer_id)
    claim = claim_for_case(state, customer, TODAY)
    lines = summary_lines(claim)
    assert lines[0].startswith("payment 2026-11-20 500.00: costs 40.00, interest ")
    assert lines[1] == "applied to costs, then interest, then principal (art. 1254 old Civil Code)"
    assert lines[2].startswith(f"owed today {claim.total:,} = 1,210.00 - ")
    assert claim.total == Decimal("1210.00") - claim.allocation[0].principal + claim.interest + (
        claim.compensation
    )
    export = history_markdown(state, customer, TODAY)
    assert "How the payments were applied:" in export and f"- {lines[0]}" in export
