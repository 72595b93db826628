"""A case's history as a document a lawyer or an agency can read and file: Markdown or HTML.

Who owes what for which invoice, the amounts, the stage, the claim as of the export day,
the full timeline in date order (voided entries marked), and the full text of every letter.

User text (names, notes, reasons) is escaped where it is rendered, never stored escaped:
every character that can start Markdown syntax inline gets a backslash (CommonMark makes a
backslash-escaped punctuation character literal), lines that could start a block (`#`,
`-`, `1.`, `>`) are escaped at their start, and line breaks inside table cells become
" / ". So a note containing `|`, `#`, `*`, backticks, `<script>` or `[/]` shows as typed
and cannot break a table or add a heading.
Letters are quoted verbatim in fenced blocks whose fence is longer than any backtick run in
the letter. HTML is rendered from that Markdown by markdown-it-py with raw HTML disabled.
"""

from __future__ import annotations

import html
import re
from datetime import date

from markdown_it import MarkdownIt

from casetui.claims import ClaimTerms, claim_for_case, regime_of
from casetui.errors import CasetuiError
from casetui.law import NOT_LEGAL_ADVICE, get_regime
from casetui.model import (
    Amended,
    Call,
    Closed,
    Credit,
    Customer,
    DisputeOpened,
    DisputeSettled,
    Event,
    HandedOver,
    LetterSent,
    Note,
    Opened,
    Payment,
    Promise,
    Reopened,
    Snooze,
    StageChanged,
    Voided,
)
from casetui.money import format_grouped
from casetui.timeline import CaseState

_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<>|~!&#])")
_BLOCK_START = re.compile(r"^(\s*(?:\d+)?)([-+=>.)])")
_BACKTICKS = re.compile(r"`+")


def md_text(text: str) -> str:
    """User text as literal inline Markdown, on one line."""
    one_line = " / ".join(part.strip() for part in text.strip().splitlines() if part.strip())
    return _INLINE_SYNTAX.sub(r"\\\1", one_line)


def md_block(text: str) -> str:
    """User text as a literal paragraph block, keeping its line breaks (hard breaks)."""
    lines = [
        _BLOCK_START.sub(r"\1\\\2", _INLINE_SYNTAX.sub(r"\\\1", line.rstrip()))
        for line in text.strip().splitlines()
    ]
    return "\\\n".join(line if line else "\u00a0" for line in lines)


def fenced(text: str) -> str:
    """A fenced block showing `text` verbatim, whatever backticks it contains."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def export_filename(state: CaseState, extension: str = "md") -> str:
    """A safe file name: the case id is ours and needs no escaping."""
    return f"case-{state.id}.{extension}"


def _money(state: CaseState, amount: object) -> str:
    return f"{format_grouped(amount, state.currency)} {state.currency}"  # type: ignore[arg-type]


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _describe(event: Event, state: CaseState) -> str:
    """What happened, in Markdown-safe words, for the timeline table."""
    match event:
        case Opened():
            return (
                f"Invoice {md_text(event.invoice)} of {event.issued.isoformat()}, due "
                f"{event.due.isoformat()}, {_money(state, event.amount.amount)}"
            )
        case Call():
            parts = [f"{event.direction.value} call, outcome **{event.outcome.value}**"]
            if event.note:
                parts.append(md_text(event.note))
            if event.next_action:
                parts.append(f"next action {event.next_action.isoformat()}")
            return "; ".join(parts)
        case LetterSent():
            parts = [f"**{event.letter_kind.value}** by {event.channel.value}"]
            if event.tracking:
                parts.append(f"tracking {md_text(event.tracking)}")
            if event.recipient:
                parts.append(f"to {md_text(event.recipient)}")
            if event.message_id:
                parts.append(f"Message-ID {md_text(event.message_id)}")
            if event.evidence:
                parts.append(f"kept as evidence/{md_text(event.evidence)}")
            if event.deadline:
                parts.append(f"deadline {event.deadline.isoformat()}")
            if event.covers:
                parts.append("also covers " + ", ".join(event.covers))
            if event.text:
                parts.append(f"full text below (letter #{event.id})")
            else:  # logged from the command line or another tool, without its text
                parts.append("no copy of the text was kept")
            return "; ".join(parts)
        case Payment():
            extra = f" ({md_text(event.method)})" if event.method else ""
            ref = f", reference {md_text(event.reference)}" if event.reference else ""
            return f"{_money(state, event.amount.amount)}{extra}{ref}"
        case Credit():
            doc = f" credit note {md_text(event.document)}" if event.document else ""
            note = f"; {md_text(event.note)}" if event.note else ""
            return f"{_money(state, event.amount.amount)}{doc}{note}"
        case Promise():
            note = f"; {md_text(event.note)}" if event.note else ""
            return f"{_money(state, event.amount.amount)} by {event.by.isoformat()}{note}"
        case DisputeOpened():
            return md_text(event.reason)
        case DisputeSettled():
            agreed = f"; agreed amount {_money(state, event.amount.amount)}" if event.amount else ""
            return f"{md_text(event.terms)}{agreed}"
        case Snooze():
            reason = f": {md_text(event.reason)}" if event.reason else ""
            return f"until {event.until.isoformat()}{reason}"
        case StageChanged():
            note = f"; {md_text(event.note)}" if event.note else ""
            return f"to **{event.stage.value}**{note}"
        case HandedOver():
            parts = [f"to {event.to.value}"]
            if event.name:
                parts.append(md_text(event.name))
            parts.append(f"fee model {event.fee_model.value}")
            if event.fee:
                parts.append(f"fee {md_text(event.fee)}")
            if event.reference:
                parts.append(f"reference {md_text(event.reference)}")
            return "; ".join(parts)
        case Closed():
            note = f"; {md_text(event.note)}" if event.note else ""
            return f"{event.reason.value}{note}"
        case Reopened():
            return md_text(event.reason)
        case Voided():
            ids = ", ".join(f"#{i}" for i in event.voids)
            reason = f": {md_text(event.reason)}" if event.reason else ""
            return f"cancels {ids}{reason}"
        case Amended():
            changes = [
                f"{name} → {md_text(_plain(value))}"
                for name in ("invoice", "issued", "due", "amount", "regime", "reference")
                if (value := getattr(event, name)) is not None
            ]
            if event.note:
                changes.append(md_text(event.note))
            return "; ".join(changes)
        case Note():
            return md_text(event.text)
    return ""


def _plain(value: object) -> str:
    amount = getattr(value, "amount", None)
    if amount is not None:
        return f"{amount}"
    iso = getattr(value, "isoformat", None)
    return iso() if iso else str(value)


def history_markdown(
    state: CaseState,
    customer: Customer,
    today: date,
    *,
    creditor: str = "",
    terms: ClaimTerms | None = None,
) -> str:
    """The full case history as Markdown (`creditor`: the user's own name, if known)."""
    events = state.timeline()
    voided_by = {
        target: event.id for event in events if isinstance(event, Voided) for target in event.voids
    }
    lines = [
        f"# Case {state.id}: invoice {md_text(state.invoice)}",
        "",
        f"Exported on {today.isoformat()}."
        + (f" Creditor: {md_text(creditor)}." if creditor else ""),
        "",
        "## Debtor",
        "",
        _row("Field", "Value"),
        _row("---", "---"),
        _row("Name", md_text(customer.name)),
        _row("Type", customer.kind.value),
    ]
    for label, value in (
        ("Country", customer.country),
        ("Address", customer.address),
        ("E-mail", customer.email),
        ("Phone", customer.phone),
        ("Enterprise / VAT no.", customer.vat),
        ("Notes", customer.notes),
    ):
        if value:
            lines.append(_row(label, md_text(value)))
    lines += [
        "",
        "## Invoice and amounts",
        "",
        _row("Field", "Value"),
        _row("---", "---"),
        _row("Invoice", md_text(state.invoice)),
        _row("Issued", state.issued.isoformat()),
        _row("Due", state.due.isoformat()),
        _row("Invoiced", _money(state, state.amount.amount)),
        _row("Paid", _money(state, state.paid.amount)),
    ]
    if state.credited_minor:
        lines.append(_row("Credited", _money(state, state.credited.amount)))
    if state.waived_minor:
        lines.append(_row("Waived in settlement", _money(state, state.waived.amount)))
    lines += [
        _row("Outstanding", f"**{_money(state, state.outstanding.amount)}**"),
        _row("Days overdue", str(state.days_overdue(today))),
        _row("Stage", state.stage.label),
    ]
    if state.reference:
        lines.append(_row("Payment reference", md_text(state.reference)))
    if state.tags:
        lines.append(_row("Tags", md_text(", ".join(state.tags))))
    if state.dispute:
        lines.append(
            _row("Disputed", f"since {state.dispute.since}: {md_text(state.dispute.reason)}")
        )
    if state.next_action and not state.closed:
        lines.append(_row("Next action", state.next_action.date.isoformat()))
    lines += ["", *_claim_section(state, customer, today, terms)]
    lines += [
        "",
        "## Timeline",
        "",
        _row("Date", "#", "Event", "Details"),
        _row("---", "---:", "---", "---"),
    ]
    for event in events:
        details = _describe(event, state)
        label = event.label
        if event.id in voided_by:
            label = f"~~{label}~~ (voided by #{voided_by[event.id]})"
            details = f"*{details}*" if details else ""
        lines.append(_row(event.date.isoformat(), str(event.id), label, details))
    letters = [e for e in events if isinstance(e, LetterSent) and e.text]
    if letters:
        lines += ["", "## Letters as sent"]
        for letter in letters:
            status = " (voided)" if letter.id in voided_by else ""
            channel = letter.channel.value + (
                f", tracking {letter.tracking}" if letter.tracking else ""
            )
            lines += [
                "",
                f"### #{letter.id}: {letter.letter_kind.value} of {letter.date}{status}",
                "",
                f"Sent by {md_text(channel)}"
                + (f"; deadline {letter.deadline.isoformat()}" if letter.deadline else "")
                + ".",
                "",
                fenced(letter.text),
            ]
    return "\n".join(lines) + "\n"


def _claim_section(
    state: CaseState, customer: Customer, today: date, terms: ClaimTerms | None
) -> list[str]:
    """The claim as of the export day, with the interest periods and the legal basis."""
    if state.closed is not None:
        return []
    try:
        claim = claim_for_case(state, customer, today, terms)
    except CasetuiError as error:
        return ["## Claim", "", f"Not computed: {md_text(str(error))}"]
    regime = get_regime(regime_of(state, customer))
    lines = [
        f"## Claim as of {claim.as_of.isoformat()}",
        "",
        f"Regime: {md_text(regime.label)} (`{regime.code}`).",
        "",
        _row("Item", "Amount"),
        _row("---", "---:"),
        _row("Principal still unpaid", _money(state, claim.principal)),
        _row("Interest", _money(state, claim.interest)),
        _row("Compensation / costs", _money(state, claim.compensation)),
        _row("**Total**", f"**{_money(state, claim.total)}**"),
    ]
    if claim.periods:
        lines += [
            "",
            _row("From", "To", "Days", "Rate", "Base", "Interest"),
            _row("---", "---", "---:", "---:", "---:", "---:"),
        ]
        for period in claim.periods:
            lines.append(
                _row(
                    period.start.isoformat(),
                    period.end.isoformat(),
                    str(period.days),
                    f"{period.rate} %",
                    format_grouped(period.base, state.currency),
                    format_grouped(period.interest, state.currency),
                )
            )
    if claim.costs_allowed_from and claim.costs_allowed_from > today:
        lines += ["", f"Costs may be charged from {claim.costs_allowed_from.isoformat()}."]
    for basis in claim.basis:
        lines += ["", f"- {md_text(basis)}"]
    for warning in claim.warnings:
        lines += ["", f"> {md_text(warning)}"]
    lines += ["", f"*{md_text(NOT_LEGAL_ADVICE)}*"]
    return lines


_PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font: 10.5pt/1.45 "Helvetica Neue", Arial, sans-serif; color: #111; max-width: 180mm;
       margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 4mm; } h2 { font-size: 12.5pt; margin: 7mm 0 2mm;
     border-bottom: 1px solid #999; } h3 { font-size: 11pt; margin: 5mm 0 1mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
td:nth-child(n) { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; border: 1px solid #ccc; padding: 3mm; font-size: 9pt;
      page-break-inside: avoid; }
blockquote { margin: 2mm 0; padding-left: 3mm; border-left: 3px solid #c80; }
tr, pre { break-inside: avoid; }
"""


def markdown_to_html(markdown: str, title: str) -> str:
    """A self-contained, print-ready HTML page; raw HTML in the Markdown is not passed on."""
    renderer = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    body = renderer.render(markdown)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_PRINT_CSS}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def history_html(
    state: CaseState,
    customer: Customer,
    today: date,
    *,
    creditor: str = "",
    terms: ClaimTerms | None = None,
) -> str:
    markdown = history_markdown(state, customer, today, creditor=creditor, terms=terms)
    return markdown_to_html(markdown, f"Case {state.id}: invoice {state.invoice}")
