"""How cases look on the command line: JSON objects and plain-text tables.

JSON: amounts are decimal strings ("1234.56"), dates ISO strings, as scripts expect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from casetui import codec
from casetui.agenda import (
    ACTION_WORDS,
    AgendaItem,
    amount_term,
    explain,
    explain_action,
    score_terms,
)
from casetui.caseindex import CaseRow
from casetui.errors import CasetuiError
from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.ledger import Ledger
from casetui.model import Customer, Event
from casetui.money import format_amount, format_grouped, format_minor, from_minor
from casetui.owed import left_at_close, owed, owed_minor
from casetui.timeline import CaseState, NextAction

if TYPE_CHECKING:
    from casetui.caseindex import AgendaFacts
    from casetui.claims import ClaimTerms


def _money(state: CaseState, minor_value: Any) -> str:
    return format_amount(minor_value.amount, state.currency)


def next_action_json(
    state: CaseState, today: date, reason: str | None = None
) -> dict[str, Any] | None:
    action = state.next_action
    if action is None:
        return None
    return {
        "date": action.date.isoformat(),
        "reason": reason if reason is not None else explain(state, action, today),
        "code": action.reason.value,
    }


def summary_json(
    state: CaseState, customer_name: str, today: date, reason: str | None = None
) -> dict[str, Any]:
    """One line of `list --json` (`reason`: the next action's words, when the caller has
    them already)."""
    facts = state.agenda if isinstance(state, CaseRow) else None
    if facts is not None:  # the balance as written in the row (`list --json` at 50k: 45,000)
        balance = facts.balance
        outstanding = balance if owed_minor(state) else format_minor(0, facts.currency)
    else:
        outstanding = format_minor(owed_minor(state), state.currency)
        balance = format_minor(state.outstanding_minor, state.currency)
    return {
        "id": state.id,
        "invoice": state.invoice,
        "customer": customer_name,
        "customer_id": state.customer_id,
        "currency": state.currency,
        "outstanding": outstanding,
        "balance": balance,
        "due": state.due.isoformat(),
        "days_overdue": state.days_overdue(today),
        "stage": state.stage.value,
        "next_action": next_action_json(state, today, reason),
    }


def agenda_json_items(
    items: Sequence[AgendaItem], customer_name: Callable[[str], str]
) -> Iterator[dict[str, Any]]:
    """Every item of `Ledger.agenda_rows` (each case an index row) as `agenda --json` prints
    it, made one by one (`print_json_items` dumps them a slice at a time): 23,000 at
    50,000 cases. `summary_json` of the case with the item's reason, score and
    score parts, read from each row's `agenda` list (`caseindex.AgendaFacts`) in one pass,
    without money objects and dates; a row is parsed whole only for the words of a promise,
    a dispute, a plan or a hand-over. The customer's name is the row's (`customer_name` is
    asked for it when the row has none: its customer could not be read when it was made).
    tests/store/test_cli_rows.py checks that it says what the folded cases say, byte for
    byte.

    What many items say alike is made once and shared: the score parts but the amount's
    (the reason's, the days late and overdue, the promises broken) are made once for each
    combination of them, as dicts every item that has them shares. The result is for
    printing; do not change it in place."""
    # (reason, days late, days overdue, promises broken) -> the parts before the amount's,
    # and those after it (see `score_terms`)
    shared_parts: dict[tuple[str, int, int, int], tuple[list[dict[str, Any]], list[Any]]] = {}
    shared_words: dict[tuple[str, str, str, str | None], str] = {}  # see ACTION_WORDS
    zero: dict[str, str] = {}  # currency -> its zero ("0.00")
    day, today_iso, last_today = 0, "", None
    for case, action, points, today in items:
        if today is not last_today:  # the same day for every item of an agenda
            day, today_iso, last_today = today.toordinal(), today.isoformat(), today
            shared_words.clear()
            shared_parts.clear()
        facts: AgendaFacts = case._agenda or case.agenda  # type: ignore[attr-defined]
        (
            action_day, code, detail, since, _, due, invoice, customer_id, currency, stage,
            balance_minor, balance, grouped, closed, broken, alert, name,
        ) = facts  # fmt: skip
        # `explain`, with the limitation warning's day read from the row: the warning is
        # decoded only when it is due today and goes before the reason.
        if alert is not None and alert <= today_iso:
            reason = explain(case, action, today)
        elif code in ACTION_WORDS:
            said = (action_day, code, detail, since)  # the next action, as the row has it
            reason = shared_words.get(said)  # type: ignore[assignment]
            if reason is None:
                reason = shared_words[said] = explain_action(case, action, today)
        else:
            reason = explain_action(case, action, today)
        if not name:
            name = customer_name(customer_id)
        if balance_minor > 0 and not closed:  # `owed_minor`
            outstanding = balance
        else:
            outstanding = zero.get(currency) or zero.setdefault(currency, format_minor(0, currency))
        _, arose, due_day, _ = case._rank or case.rank_key()  # type: ignore[attr-defined]
        overdue = day - due_day
        key = (code, day - arose, overdue, broken)
        shared = shared_parts.get(key)
        if shared is None:
            shared = shared_parts[key] = _shared_parts(action, day - arose, overdue, broken)
        before, after = shared
        if balance_minor > 0:
            points_, why = amount_term(balance_minor, currency, grouped)
            score_parts = [*before, {"points": points_, "why": why}, *after]
        else:
            score_parts = [*before, *after]
        yield (
            {
                "id": case.id,
                "invoice": invoice,
                "customer": name,
                "customer_id": customer_id,
                "currency": currency,
                "outstanding": outstanding,
                "balance": balance,
                "due": due,
                "days_overdue": overdue if overdue > 0 else 0,
                "stage": stage,
                "next_action": {"date": action_day, "reason": reason, "code": code},
                "reason": reason,
                "score": points,
                "score_parts": score_parts,
            }
        )


def _shared_parts(
    action: NextAction, late: int, overdue: int, broken: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The score parts of `score_terms` but the amount's: those before it, those after."""
    parts = [
        {"points": points, "why": why}
        for points, why in score_terms(action.reason, late, overdue, 0, "", broken)
    ]
    cut = len(parts) - 1 if broken else len(parts)
    return parts[:cut], parts[cut:]


def event_json(event: Event, voided_ids: frozenset[int]) -> dict[str, Any]:
    data = codec.encode_event(event)
    data["voided"] = event.id in voided_ids
    for key, value in list(data.items()):
        if isinstance(value, dict) and "minor" in value:
            money = getattr(event, key)
            data[key] = format_amount(money.amount, money.currency)
    return data


def plan_json(state: CaseState, today: date) -> dict[str, Any] | None:
    """A payment plan: its instalments with `due`, `amount`, `paid` (what the money since
    the plan covered of it), `paid_on` and `status` (`paid`, `open`, `late`, `missed`)."""
    plan = state.plan
    if plan is None:
        return None

    def amount(minor: int) -> str:
        return format_amount(from_minor(minor, state.currency), state.currency)

    return {
        "agreed_on": plan.day.isoformat(),
        "total": amount(plan.total_minor),
        "paid": amount(plan.paid_minor),
        "revive": plan.revive,
        "grace_days": plan.grace_days,
        "status": plan.status(today),
        "lapsed": plan.lapsed.isoformat() if plan.lapsed else None,
        "instalments": [
            {
                "number": item.number,
                "due": item.due.isoformat(),
                "amount": amount(item.amount_minor),
                "paid": amount(item.paid_minor),
                "paid_on": item.paid_on.isoformat() if item.paid_on else None,
                "status": plan.status_of(item, today),
            }
            for item in plan.instalments
        ],
    }


def limitation_json(
    state: CaseState, customer: Customer, today: date, policy: LadderPolicy
) -> dict[str, Any]:
    """`limitation` (the calculator's fields) or `limitation_error` (why there is none)."""
    from casetui.limitation.cases import case_limitation, why_no_limitation  # the law: `show` only

    if state.closed is not None:
        return {"limitation": None}
    try:
        found = case_limitation(state, customer, policy, today)
    except CasetuiError as error:
        return {"limitation": None, "limitation_error": str(error)}
    if found is None:
        return {"limitation": None, "limitation_error": why_no_limitation(state, customer, policy)}
    return {"limitation": found.to_json()}


def detail_json(
    state: CaseState,
    customer: Customer,
    today: date,
    terms: ClaimTerms | None = None,
    creditor_country: str = "",
    policy: LadderPolicy = DEFAULT_POLICY,
) -> dict[str, Any]:
    """`show --json`: the case, its customer, derived state, claim, limitation and full
    timeline. `payment_reference` is the one letters print (it depends on the creditor's
    country)."""
    from casetui.claims import ClaimTerms, claim_for_case, regime_of  # law tables: `show` only
    from casetui.law.applied import summary_lines
    from casetui.letters.references import payment_reference

    promise = state.promise
    data: dict[str, Any] = {
        "id": state.id,
        "invoice": state.invoice,
        "customer": {
            "id": customer.id,
            "name": customer.name,
            "kind": customer.kind.value,
            "country": customer.country,
            "language": customer.language,
            "email": customer.email,
            "phone": customer.phone,
            "address": customer.address,
            "vat": customer.vat,
            "ibans": list(customer.ibans),
            "limitation_law": customer.limitation_law,
        },
        "issued": state.issued.isoformat(),
        "due": state.due.isoformat(),
        "currency": state.currency,
        "amount": _money(state, state.amount),
        "paid": _money(state, state.paid),
        "credited": _money(state, state.credited),
        "outstanding": _money(state, owed(state)),  # what is owed: nothing once closed
        "balance": _money(state, state.outstanding),  # invoice less payments and credits
        "days_overdue": state.days_overdue(today),
        "stage": state.stage.value,
        "tags": list(state.tags),
        "reference": state.reference,
        "payment_reference": payment_reference(creditor_country, state),
        "disputed": state.disputed,
        "dispute": (
            {"since": state.dispute.since.isoformat(), "reason": state.dispute.reason}
            if state.dispute
            else None
        ),
        "promise": (
            {
                "amount": format_amount(promise.amount.amount, state.currency),
                "by": promise.by.isoformat(),
                "made_on": promise.made_on.isoformat(),
                "kept": promise.kept,
                "broken": promise.broken(today),
            }
            if promise
            else None
        ),
        "settlement": (
            {
                "on": state.settlement.day.isoformat(),
                "terms": state.settlement.terms,
                "amount": (
                    _money(state, state.settlement.amount) if state.settlement.amount else None
                ),
                "revive": state.settlement.revive,
                "lapsed": (
                    state.settlement.lapsed.isoformat() if state.settlement.lapsed else None
                ),
            }
            if state.settlement
            else None
        ),
        "plan": plan_json(state, today),
        "snoozed_until": state.snoozed_until.isoformat() if state.snoozed_until else None,
        "closed": (
            {"on": state.closed.day.isoformat(), "reason": state.closed.reason.value}
            if state.closed
            else None
        ),
        "next_action": next_action_json(state, today),
        "regime": regime_of(state, customer, (terms or ClaimTerms()).creditor_country),
        "claim": None,
        "costs_allowed_from": None,
        "limitation_law": state.limitation_law,
        "claim_kind": state.claim_kind,
        "delivered": state.delivered.isoformat() if state.delivered else None,
        **limitation_json(state, customer, today, policy),
        "events": [event_json(e, state.voided_ids) for e in state.timeline()],
    }
    if state.closed is None:
        try:
            claim = claim_for_case(state, customer, today, terms)
        except CasetuiError as error:
            data["claim_error"] = str(error)
        else:
            claim_json = claim.to_json()
            claim_json["applied"] = summary_lines(claim)  # each payment's split, in words
            data["claim"] = claim_json
            data["costs_allowed_from"] = claim_json.get("costs_allowed_from")
    if data["settlement"] is not None:
        data["settlement"].update(_settled_from(state, customer, terms))
    return data


def _settled_from(state: CaseState, customer: Customer, terms: ClaimTerms | None) -> dict[str, Any]:
    """What a settlement with an amount replaced: the claim on its day and what was waived
    (`settled_from`: principal, interest, compensation, total; `words`: in a sentence)."""
    from casetui.claims import claim_before_settlement, settlement_words

    try:
        before = claim_before_settlement(state, customer, terms)
    except CasetuiError:
        before = None
    figures = None
    if before is not None:
        figures = {
            key: format_amount(getattr(before, key), state.currency)
            for key in ("principal", "interest", "compensation", "total")
        }
    return {"settled_from": figures, "words": settlement_words(state, before)}


# --------------------------------------------------------------------------- plain text


def cut(text: str, width: int) -> str:
    """One line of `text` in `width` characters at most, an ellipsis where it is cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(rows: list[list[str]], header: list[str], right: set[int] = frozenset()) -> str:
    """A plain fixed-width table (no colours: output is for pipes as much as eyes). Each
    line is one format string's work (45,000 lines for `list` at 50k cases)."""
    widths = [max(map(len, column)) for column in zip(header, *rows, strict=True)]
    layout = "  ".join(
        f"{{:{'>' if i in right else '<'}{width}}}" for i, width in enumerate(widths)
    ).format
    return "\n".join([layout(*cells).rstrip() for cells in [header, *rows]])


def case_rows(ledger: Ledger, states: list[CaseState], today: date) -> list[list[str]]:
    rows = []
    name_of = ledger.customer_name  # (the name alone: no customer decoded for a list)
    for state in states:
        action = state.next_action
        rows.append(
            [
                state.id,
                cut(state.invoice, 16),
                cut(name_of(state.customer_id), 28),
                _owed_grouped(state),
                state.currency,
                state.due.isoformat(),
                str(state.days_overdue(today)) if state.closed is None else "",
                _stage_words(state),
                action.date.isoformat() if action else "",
            ]
        )
    return rows


def balance_grouped(state: CaseState) -> str:
    """The balance, grouped (`1,234.56`): from an index row's `agenda` list when it has
    one, as written there (the agenda's 23,000 lines at 50k), else from the money."""
    facts = state.agenda if isinstance(state, CaseRow) else None
    if facts is None:
        return format_grouped(state.outstanding.amount, state.currency)
    return facts.grouped


def _owed_grouped(state: CaseState) -> str:
    """What is owed (`casetui.owed`), grouped (`1,234.56`): from an index row's `agenda`
    list when it has one, as written there, without making money of it."""
    facts = state.agenda if isinstance(state, CaseRow) else None
    if facts is None:
        return format_grouped(owed(state).amount, state.currency)
    # (`owed_minor` reads a row's balance and closing from the same list: one rule)
    return facts.grouped if owed_minor(state) else format_minor(0, facts.currency, grouped=True)


def _stage_words(state: CaseState) -> str:
    """The stage; a closed case says how it ended (`closed: written off`)."""
    if state.closed is None:
        return state.stage.value
    return f"closed: {state.closed.reason.value}"


CASE_HEADER = ["ID", "INVOICE", "CUSTOMER", "OUTSTANDING", "CUR", "DUE", "OVERDUE", "STAGE", "NEXT"]


def _per_currency(pairs: list[tuple[str, int]]) -> str:
    sums: dict[str, int] = {}
    for currency, minor in pairs:
        sums[currency] = sums.get(currency, 0) + minor
    return " + ".join(
        f"{currency} {format_grouped(from_minor(minor, currency), currency)}"
        for currency, minor in sorted(sums.items())
        if minor
    )


def totals_line(states: list[CaseState]) -> str:
    """`12 cases, outstanding EUR 10,234.50 + GBP 1,200.00`: what is owed (`casetui.owed`),
    so closed cases add nothing; what closed cases left unpaid (written off) is said apart."""
    count = f"{len(states)} case{'s' if len(states) != 1 else ''}"
    if not states:
        return count
    owed_now = _per_currency([(state.currency, owed_minor(state)) for state in states])
    line = f"{count}, outstanding {owed_now}" if owed_now else f"{count}, nothing outstanding"
    given_up = _per_currency(
        [(s.currency, s.outstanding_minor) for s in states if left_at_close(s) is not None]
    )
    return f"{line} ({given_up} left unpaid on closed cases)" if given_up else line
