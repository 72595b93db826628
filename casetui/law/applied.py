"""How each payment was applied, in words: the parts it settled and the rule that says so.

A part payment does not simply lower the invoice: it settles, in order, the costs already due,
the interest already chargeable and only then the principal (`engines`). So after a payment
the principal still unpaid (the claim) can be higher than the invoice less the payment (the
balance). Every place that shows both (the case screen, `show`, the export, letters) states
each payment's split and the rule, so the figures add up on the page (issue 18, item 7).
"""

from __future__ import annotations

from decimal import Decimal

from casetui.law.claim import Claim
from casetui.law.engines import Allocation
from casetui.money import format_grouped

# Where the order comes from, per regime family, when it is the regime's default.
_BASIS = {"nl": "art. 6:44 BW", "be": "art. 1254 old Civil Code"}
_DEFAULT_ORDER = ("costs", "interest", "principal")


def order_words(order: tuple[str, ...]) -> str:
    """`costs, then interest, then principal`."""
    return ", then ".join(order)


def imputation_rule(claim: Claim) -> str:
    """The rule in a few words: the order, and its legal basis where a statute fixes it."""
    basis = _BASIS.get(claim.regime.split("-", 1)[0], "")
    if claim.imputation != _DEFAULT_ORDER or not basis:
        basis = "the creditor's order when the debtor names none"
    words = f"{order_words(claim.imputation)} ({basis})"
    if any(item.kind == "credit" for item in claim.allocation):
        words += "; a credit note corrects the principal only"
    return words


def allocation_line(item: Allocation, currency: str) -> str:
    """`payment 2026-11-20 500.00: costs 40.00, interest 137.23, principal 322.77`."""

    def fmt(amount: Decimal) -> str:
        return format_grouped(amount, currency)

    text = (
        f"{item.kind} {item.day.isoformat()} {fmt(item.amount)}: costs {fmt(item.costs)}, "
        f"interest {fmt(item.interest)}, principal {fmt(item.principal)}"
    )
    if item.unapplied:
        text += f", more than owed {fmt(item.unapplied)}"
    return text


def to_principal(claim: Claim) -> Decimal:
    """What payments and credits took off the principal."""
    return sum((item.principal for item in claim.allocation), Decimal(0))


def summary_lines(claim: Claim) -> list[str]:
    """From the invoice to the figure owed today, one line each: each payment's split, the
    rule, and owed today = principal - paid to principal + interest + costs (which holds:
    capitalised interest counts as interest)."""
    if not claim.allocation:
        return []
    cur = claim.currency

    def fmt(amount: Decimal) -> str:
        return format_grouped(amount, cur)

    lines = [allocation_line(item, cur) for item in claim.allocation]
    lines.append(f"applied to {imputation_rule(claim)}")
    lines.append(
        f"owed today {fmt(claim.total)} = {fmt(claim.original_principal)} "
        f"- {fmt(to_principal(claim))} + interest {fmt(claim.interest)} "
        f"+ costs {fmt(claim.compensation)}"
    )
    return lines
