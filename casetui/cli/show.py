"""`casetui show CASE [--json]`: one case, its amounts, claim, plan, limitation and timeline."""

from __future__ import annotations

import argparse
from decimal import Decimal

from casetui.cli.common import business_profile, open_ledger, print_json
from casetui.cli.views import detail_json
from casetui.describe import details
from casetui.money import format_grouped, format_money
from casetui.owed import closed_words, owed


def configure(show: argparse.ArgumentParser) -> None:
    show.add_argument("case", metavar="CASE", help="case id (C-2026-0001) or invoice number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)


def run_show(args: argparse.Namespace) -> int:
    with open_ledger(args, write=False) as ledger:
        state = ledger.case(args.case)
        customer = ledger.customer(state.customer_id)
        profile = business_profile()
        data = detail_json(
            state, customer, args.today, profile.claim_terms(), profile.country, ledger.policy
        )
        if args.json:
            print_json(data)
            return 0
        print(_show_text(state, customer, data, args))
    return 0


def _show_text(state, customer, data: dict, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    cur = state.currency
    lines = [
        f"{state.id}  invoice {state.invoice}  ({state.stage.label})",
        f"Customer  {customer.name} ({customer.kind.value}"
        + (f", {customer.country}" if customer.country else "")
        + ")",
    ]
    for label, value in (("E-mail", customer.email), ("Phone", customer.phone)):
        if value:
            lines.append(f"{label:<9} {value}")
    late = f"   {state.days_overdue(args.today)} days overdue" if state.closed is None else ""
    lines += [
        f"Issued    {state.issued}   due {state.due}{late}",
        f"Invoiced  {format_money(state.amount.amount, cur)}   "
        f"paid {format_money(state.paid.amount, cur)}   "
        f"outstanding {format_money(owed(state).amount, cur)}",
    ]
    if state.closed is not None:
        lines.append(f"Closed    {closed_words(state)}")
    if state.dispute:
        lines.append(f"Disputed  since {state.dispute.since}: {state.dispute.reason}")
    if state.promise:
        status = (
            "kept"
            if state.promise.kept
            else ("BROKEN" if state.promise.broken(args.today) else "pending")
        )
        promised = format_money(state.promise.amount.amount, cur)
        lines.append(f"Promise   {promised} by {state.promise.by} ({status})")
    settled = data.get("settlement") or {}
    if settled.get("words") and not settled.get("lapsed"):
        lines.append(f"Settled   {settled['words'].removeprefix('settled ')}")
    lines += plan_lines(data.get("plan"), cur)
    if data["next_action"]:
        lines.append(f"Next      {data['next_action']['date']}: {data['next_action']['reason']}")
    claim = data.get("claim")
    if claim:
        figures = {key: format_grouped(Decimal(claim[key]), cur) for key in _CLAIM_FIGURES}
        lines.append(
            f"Claim     {data['regime']}: principal {figures['principal']} + interest "
            f"{figures['interest']} + compensation {figures['compensation']} = "
            f"{figures['total']} {cur}"
        )
        lines += [f"          {line}" for line in claim.get("applied", [])]
        for warning in claim.get("warnings", []):
            lines.append(f"          ! {warning}")
    lines += limitation_lines(data)
    lines.append("")
    lines.append("Timeline")
    for event in state.timeline():
        mark = "  (voided)" if event.id in state.voided_ids else ""
        lines.append(
            f"  {event.date}  #{event.id:<3} {event.label:<16} "
            f"{details(event, state.currency)}{mark}"
        )
    return "\n".join(lines)


_CLAIM_FIGURES = ("principal", "interest", "compensation", "total")


def plan_lines(plan: dict | None, currency: str) -> list[str]:  # type: ignore[type-arg]
    """A payment plan in `show`, from its JSON: one line, then one per instalment."""
    if not plan:
        return []
    clause = ", revival clause" if plan["revive"] else ""
    status = f"lapsed on {plan['lapsed']}" if plan["lapsed"] else plan["status"]
    total = format_money(Decimal(plan["total"]), currency)
    lines = [f"Plan      {total} agreed on {plan['agreed_on']} ({status}{clause})"]
    for item in plan["instalments"]:
        amount = format_grouped(Decimal(item["amount"]), currency)
        paid = format_grouped(Decimal(item["paid"]), currency)
        when = f" on {item['paid_on']}" if item["paid_on"] else ""
        lines.append(
            f"          {item['number']}. {item['due']}  {amount:>12}  paid {paid}{when}"
            f"  {item['status']}"
        )
    return lines


def limitation_lines(data: dict) -> list[str]:  # type: ignore[type-arg]
    """The limitation of `show`, from its JSON: the date, the advice, interest, risks."""
    found = data.get("limitation")
    if found is None:
        problem = data.get("limitation_error")
        return [f"Limitation {problem}"] if problem else []
    pad = " " * 11
    if found["last_day"] is None:
        head = f"Limitation claim brought on {found['brought']}: no limitation date runs meanwhile"
    else:
        verb = "extinguished" if found["kind"] == "extinctive" else "time-barred"
        head = (
            f"Limitation {found['last_day']} ({found['article']}): may be {verb} from "
            f"{found['at_risk_from']}; act by {found['act_by']}"
        )
    lines = [head, f"{pad}{found['basis'][0]}" if found["basis"] else ""]
    if found["hard_last_day"]:
        lines.append(f"{pad}hard last day {found['hard_last_day']} (art. 2262bis §1)")
    lines.append(f"{pad}to keep it: {found['advice']}")
    if found["interest"]:
        lines.append(f"{pad}interest: {found['interest']['text']}")
    lines += [f"{pad}! {risk}" for risk in found["risks"]]
    lines.append(f"{pad}Estimated, conservative; take advice close to the date (--json: basis)")
    return [line for line in lines if line]
