"""What the case screen shows, part by part, as `Content`: who, the money, the ladder, the
next action and why, the claim. User text enters as template variables, never as markup."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content

from casetui.agenda import explain, item_for
from casetui.claims import YOUR_LAW
from casetui.ladder import ladder_steps
from casetui.limitation import Nature
from casetui.model import Customer, Stage
from casetui.owed import closed_words, owed
from casetui.timeline import CaseState
from casetui.tui.text import money, one_line

if TYPE_CHECKING:
    from casetui.law import Claim
    from casetui.limitation import Limitation


def who_part(customer: Customer) -> Content:
    kind = [customer.kind.value]
    if customer.country:
        kind.append(customer.country)
    if customer.vat:
        kind.append(customer.vat)
    lines = [
        Content.from_markup("[b]$name[/b]", name=one_line(customer.name) or "(no name)"),
        Content(" · ".join(kind)),
    ]
    lines += [Content(one_line(part)) for part in (customer.email, customer.phone) if part]
    if customer.address:
        lines.append(Content(one_line(customer.address).replace(" / ", ", ")))
    if customer.notes:
        lines.append(Content.from_markup("[dim]$notes[/]", notes=one_line(customer.notes, 120)))
    return Content("\n").join(lines)


def money_part(state: CaseState, today: date) -> Content:
    cur = state.currency
    amounts = [("Invoiced", state.amount.amount), ("Paid", state.paid.amount)]
    if state.credited_minor:
        amounts.append(("Credited", state.credited.amount))
    if state.waived_minor:
        amounts.append(("Waived", state.waived.amount))
    owes = owed(state).amount  # what is owed: nothing once the case is closed
    width = max(len(money(amount, cur)) for _, amount in [*amounts, ("", owes)])
    overdue = state.days_overdue(today) if state.closed is None else 0
    lines = [
        Content.from_markup("Invoice [b]$invoice[/b]", invoice=state.invoice),
        Content.from_markup(
            "due $due$late",
            due=state.due.isoformat(),
            late=f", {overdue} days overdue" if overdue else f" · issued {state.issued}",
        ),
    ]
    for label, amount in amounts:
        lines.append(Content(f"{label:<12}{money(amount, cur):>{width}}"))
    lines.append(
        Content.from_markup(
            "[b]$label$amount[/b]",
            label=f"{'Outstanding':<12}",
            amount=f"{money(owes, cur):>{width}}",
        )
    )
    promise = state.promise
    if promise is not None and state.closed is None:
        status = "kept" if promise.kept else "broken" if promise.broken(today) else "pending"
        lines.append(
            Content.assemble(
                "Promise     ",
                (status, "bold $text-error" if status == "broken" else "bold"),
                f": {money(promise.amount.amount, cur)} by {promise.by}",
            )
        )
    if state.dispute is not None:
        lines.append(
            Content.from_markup(
                "[$text-warning]Disputed[/]    since $since: $reason",
                since=state.dispute.since.isoformat(),
                reason=one_line(state.dispute.reason, 100),
            )
        )
    if state.closed is not None:
        lines.append(Content.from_markup("[b]Closed[/b]      $how", how=closed_words(state)))
    return Content("\n").join(lines)


def ladder_part(state: CaseState) -> Content:
    current = state.stage
    if current is Stage.CLOSED and state.closed is not None:
        reason = state.closed.reason.value.replace("-", " ")
        return Content.assemble(
            "Ladder  ", (" Closed ", "bold reverse"), f" {reason} on {state.closed.day}"
        )
    parts: list[str | tuple[str, str]] = ["Ladder  "]
    for n, stage in enumerate(ladder_steps()):
        if n:
            parts.append((" › ", "dim"))
        if stage is current:
            parts.append((f" {stage.label} ", "bold reverse"))
        else:
            parts.append((stage.label, "" if stage.rank < current.rank else "dim"))
    return Content.assemble(*parts)


def next_part(state: CaseState, today: date) -> Content:
    action = state.next_action
    if state.closed is not None or action is None:
        return Content.from_markup("Next    [dim]nothing: the case is closed[/]")
    why = explain(state, action, today)
    item = item_for(state, today)
    if item is None:  # waiting: the words say until when
        return Content.from_markup("Next    $why", why=why)
    head = Content.from_markup("Next    [b]due now[/b] · $why", why=why)
    return head + Content.from_markup(
        "\n        [dim]urgency $score: $parts[/]",
        score=str(item.score),
        parts=item.explain_score(),
    )


def claim_part(state: CaseState, claim: Claim | None, problem: str, settled: str = "") -> Content:
    """The claim today; `settled`: what a settlement in force gave up, in words."""
    if state.closed is not None:
        return Content("")
    if claim is None:
        return Content.from_markup(
            "Claim   [$text-warning]not computed: $problem[/]", problem=problem
        )
    cur = state.currency
    line = Content.from_markup(
        "Claim   $principal + interest $interest + costs $compensation = [b]$total[/b]"
        " [dim]· i worksheet[/]",
        principal=money(claim.principal, cur).removesuffix(f" {cur}"),
        interest=money(claim.interest, cur).removesuffix(f" {cur}"),
        compensation=money(claim.compensation, cur).removesuffix(f" {cur}"),
        total=money(claim.total, cur),
    )
    if claim.regime == "none" and claim.warnings:  # why nothing is charged, and what to do
        why = claim.warnings[0].split(";")[0]  # the how is in the worksheet (i)
        line += Content.from_markup("\n        [$text-warning]! $why[/] [dim]· i why[/]", why=why)
    law = next((w for w in claim.warnings if w.startswith(YOUR_LAW)), None)
    if law is not None:  # a debtor abroad charged under your law: which, and why
        line += Content.from_markup("\n        [dim]$why[/]", why=law.split(";")[0])
    if claim.allocation:  # how each payment was applied, so the figures add up (item 7)
        from casetui.law.applied import summary_lines

        applied = summary_lines(claim)
        line += Content.from_markup("\n        [dim]$lines[/]", lines="\n        ".join(applied))
    if claim.extrapolated:
        line += Content.from_markup(
            "\n        [$text-warning]! rates extrapolated: last known rate carried forward[/]"
        )
    if settled:
        # Two lines: what was agreed, then what it gave up (too long for one at 80 columns).
        agreed, _, given_up = settled.partition(" (")
        shown = agreed[:1].upper() + agreed[1:] + (f"\n        ({given_up}" if given_up else "")
        line += Content.from_markup("\n        $settled", settled=shown)
    return line


def limitation_part(
    state: CaseState, limitation: Limitation | None, problem: str, today: date, lead: int
) -> Content:
    """One line: when the claim may become time-barred, act-by day, `i` for the basis.
    Within `lead` days of the date it is shown as a warning, after it as an error."""
    if state.closed is not None:
        return Content("")
    if limitation is None:
        return Content.from_markup("Limit   [dim]$problem[/]", problem=problem)
    last = limitation.last_day
    if last is None:
        return Content.from_markup(
            "Limit   $summary [dim]· i basis[/]", summary=limitation.summary()
        )
    late = today > last
    style = "$text-error" if late else "$text-warning" if (last - today).days <= lead else ""
    if late:
        verb = "extinguished" if limitation.nature is Nature.EXTINCTIVE else "time-barred"
        words = f"may be {verb} since {limitation.at_risk_from} ({limitation.article})"
        rest = ": take advice · i basis"
    else:
        words = f"last day {last} ({limitation.article})"
        act = limitation.act_by
        rest = (f" · act by {act}" if act and act != last else "") + " · estimated · i basis"
    return Content.assemble("Limit   ", (words, style), (rest, "dim"))
