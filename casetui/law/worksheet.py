"""A claim as a plain-text worksheet: periods, compensation, payments, total, warnings, basis.

Plain text only (no markup), so the CLI prints it and letters or exports can quote it as is.
Period lines are rounded for display; when their sum differs from the interest (rounded once
for the whole claim) a note says so.
"""

from __future__ import annotations

from decimal import Decimal

from casetui.law.applied import summary_lines
from casetui.law.claim import NOT_LEGAL_ADVICE, Claim, daily_display
from casetui.law.rates import format_rate
from casetui.money import format_grouped

_WIDTH = 72


def _amount_line(label: str, amount: str, indent: int = 2) -> str:
    text = " " * indent + label
    return f"{text}{amount.rjust(max(1, _WIDTH - len(text)))}"


def render_worksheet(claim: Claim) -> str:
    """The whole worksheet for `claim`, lines joined with newlines."""
    money = claim.currency

    def fmt(amount: Decimal) -> str:
        return format_grouped(amount, money)

    lines = [f"Claim as of {claim.as_of.isoformat()} - {claim.label}"]
    head = f"Principal {money} {fmt(claim.original_principal)}, due {claim.due.isoformat()}"
    if claim.periods:
        head += (
            f"; interest {claim.periods[0].start.isoformat()} to "
            f"{claim.periods[-1].end.isoformat()}, {claim.days} days, {_day_count(claim)}"
        )
    lines += [head, "", "Interest"]
    if claim.periods:
        lines.append(
            f"  {'From':<10}  {'To':<10}  {'Days':>5}  {'Rate':>8}   {'Base':>13}  {'Interest':>12}"
        )
        capitalisations = list(claim.capitalisations)
        for period in claim.periods:
            while capitalisations and capitalisations[0].day <= period.start:
                cap = capitalisations.pop(0)
                lines.append(
                    f"  {cap.day.isoformat()}  year's interest {fmt(cap.amount)} added to the "
                    f"base: {fmt(cap.base_after)}"
                )
            rate = f"{format_rate(period.rate):>8}{'*' if period.extrapolated else ' '}"
            lines.append(
                f"  {period.start.isoformat()}  {period.end.isoformat()}  {period.days:>5}  "
                f"{rate}  {fmt(period.base):>13}  {fmt(period.interest_rounded):>12}"
            )
        paid = sum((item.interest for item in claim.allocation), Decimal(0))
        if paid:
            lines.append(_amount_line("Interest settled by the payments below", fmt(paid)))
            lines.append(_amount_line("Interest still owed, rounded once", fmt(claim.interest)))
        else:
            lines.append(_amount_line("Interest, rounded once for the claim", fmt(claim.interest)))
            shown = sum((period.interest_rounded for period in claim.periods), Decimal(0))
            if shown != claim.interest:
                lines.append("  (lines are rounded for display and may differ from it by 0.01)")
        if any(period.extrapolated for period in claim.periods):
            lines.append("  * last known rate carried forward (see warnings)")
        lines.append(
            f"  Daily interest at {claim.as_of.isoformat()}: "
            f"{money} {daily_display(claim.daily_interest)}"
        )
    else:
        lines.append(_amount_line("No interest charged", fmt(claim.interest)))

    lines += ["", "Compensation"]
    detail = claim.compensation_detail
    if detail is None:
        label = "Not chargeable yet (see warnings)" if claim.clock.limited else "None charged"
        lines.append(_amount_line(label, fmt(claim.compensation)))
    else:
        lines.append(_amount_line(detail.label, fmt(detail.amount)))
        lines += [f"    {step}" for step in detail.working]
        if claim.compensation != detail.amount:
            lines.append(_amount_line("Still owed after payments", fmt(claim.compensation)))

    if claim.allocation:
        lines += ["", "Payments and credits"]
        lines += [f"  {line}" for line in summary_lines(claim)]

    lines += [
        "",
        "Total",
        _amount_line("Principal still unpaid", fmt(claim.principal)),
        _amount_line("Interest", fmt(claim.interest)),
        _amount_line("Compensation", fmt(claim.compensation)),
        _amount_line("Total owed", f"{money} {fmt(claim.total)}"),
    ]
    if claim.warnings:
        lines += ["", "Warnings"] + [f"  ! {warning}" for warning in claim.warnings]
    lines += ["", "Legal basis"] + [f"  - {line}" for line in claim.basis]
    if claim.rate_sources:
        lines += ["", "Rates used"] + [f"  - {line}" for line in claim.rate_sources]
    lines += ["", NOT_LEGAL_ADVICE]
    return "\n".join(lines)


def _day_count(claim: Claim) -> str:
    return "Actual/365" if claim.day_count == "actual/365" else "Actual/Actual"
