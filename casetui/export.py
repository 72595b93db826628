"""A case's history as a document a lawyer or an agency can read and file: Markdown or HTML.

Who owes what for which invoice, the amounts, the stage, the claim as of the export day,
the full timeline in date order (voided entries marked), and the full text of every letter.

User text (names, notes, reasons) is escaped where it is rendered, never stored escaped, by
the rules of `casetui.markdown`: a note containing `|`, `#`, `*`, backticks, `<script>` or
`[/]` shows as typed and cannot break a table or add a heading; line breaks inside table
cells become " / ". Letters are shown as they looked when sent: their Markdown rendered inside
a block quote every line of which stays quoted (raw HTML in them escaped), and the HTML comes
from the same Markdown through the one parser, raw HTML disabled.
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal

from casetui.claims import ClaimTerms, claim_for_case, regime_of
from casetui.describe import MARKDOWN, describe, file_size, letter_phrase, words
from casetui.errors import CasetuiError
from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.law import NOT_LEGAL_ADVICE, get_regime
from casetui.law.applied import summary_lines
from casetui.limitation import ESTIMATE_NOTE
from casetui.limitation.cases import case_limitation, why_no_limitation
from casetui.markdown import escape_markdown, markdown_parser, quote
from casetui.model import Attached, Customer, LetterSent, Voided
from casetui.money import format_grouped, format_money
from casetui.owed import closed_words, owed
from casetui.timeline import CaseState


def md_text(text: str) -> str:
    """User text as literal inline Markdown on one line (a table cell): its lines joined
    by " / "."""
    return escape_markdown(text, joiner=" / ")


def export_filename(state: CaseState, extension: str = "md") -> str:
    """A safe file name: the case id is ours and needs no escaping."""
    return f"case-{state.id}.{extension}"


def _money(state: CaseState, amount: Decimal) -> str:
    return format_money(amount, state.currency)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def history_markdown(
    state: CaseState,
    customer: Customer,
    today: date,
    *,
    creditor: str = "",
    terms: ClaimTerms | None = None,
    policy: LadderPolicy = DEFAULT_POLICY,
) -> str:
    """The full case history as Markdown (`creditor`: the user's own name, if known;
    `policy`: the ledger's, for the law of your contracts and the limitation settings)."""
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
    lines.append(_row("Outstanding", f"**{_money(state, owed(state).amount)}**"))
    if state.closed is None:
        lines.append(_row("Days overdue", str(state.days_overdue(today))))
    lines.append(_row("Stage", state.stage.label))
    if state.closed is not None:
        lines.append(_row("Closed", closed_words(state)))
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
    lines += ["", *_limitation_section(state, customer, today, policy)]
    lines += [
        "",
        "## Timeline",
        "",
        _row("Date", "#", "Event", "Details"),
        _row("---", "---:", "---", "---"),
    ]
    for event in events:
        details = describe(event, state.currency, MARKDOWN).details
        label = event.label
        if event.id in voided_by:
            label = f"~~{label}~~ (voided by #{voided_by[event.id]})"
            details = f"*{details}*" if details else ""
        lines.append(_row(event.date.isoformat(), str(event.id), label, details))
    lines += _attachments_section(
        [e for e in events if isinstance(e, Attached) and e.id not in voided_by]
    )
    letters = [e for e in events if isinstance(e, LetterSent) and e.text]
    if letters:
        lines += ["", "## Letters as sent"]
        for letter in letters:
            status = " (voided)" if letter.id in voided_by else ""
            lines += [
                "",
                f"### #{letter.id}: {letter.letter_kind.value} of {letter.date}{status}",
                "",
                letter_phrase(letter, MARKDOWN)
                + (f"; deadline {letter.deadline.isoformat()}" if letter.deadline else "")
                + ".",
                "",
                quote(letter.text),
            ]
    return "\n".join(lines) + "\n"


def _attachments_section(attachments: list[Attached]) -> list[str]:
    """The documents attached to the case (undone ones are only in the timeline), with the
    checksum that identifies each file kept beside the ledger and in a bundle."""
    if not attachments:
        return []
    lines = [
        "",
        "## Attachments",
        "",
        _row("#", "Date", "Name", "Kind", "Size", "Type", "SHA-256", "Note"),
        _row("---:", "---", "---", "---", "---:", "---", "---", "---"),
    ]
    for event in attachments:
        lines.append(
            _row(
                str(event.id),
                event.date.isoformat(),
                md_text(event.name),
                words(event.category.value),
                file_size(event.size),
                md_text(event.media_type),
                f"`{event.sha256}`",
                md_text(event.note),
            )
        )
    return lines


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
    regime = get_regime(regime_of(state, customer, (terms or ClaimTerms()).creditor_country))
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
    if claim.allocation:
        lines += ["", "How the payments were applied:", ""]
        lines += [f"- {md_text(line)}" for line in summary_lines(claim)]
    if claim.costs_allowed_from and claim.costs_allowed_from > today:
        lines += ["", f"Costs may be charged from {claim.costs_allowed_from.isoformat()}."]
    for basis in claim.basis:
        lines += ["", f"- {md_text(basis)}"]
    for warning in claim.warnings:
        lines += ["", f"> {md_text(warning)}"]
    lines += ["", f"*{md_text(NOT_LEGAL_ADVICE)}*"]
    return lines


def _limitation_section(
    state: CaseState, customer: Customer, today: date, policy: LadderPolicy
) -> list[str]:
    """When the claim may become time-barred, on what basis, and what is uncertain."""
    if state.closed is not None:
        return []
    head = ["## Limitation (estimated, conservative)", ""]
    try:
        found = case_limitation(state, customer, policy, today)
    except CasetuiError as error:
        return [*head, f"Not estimated: {md_text(str(error))}"]
    if found is None:
        return [*head, md_text(why_no_limitation(state, customer, policy).capitalize()) + "."]
    lines = [*head, _row("Item", "Value"), _row("---", "---")]
    if found.last_day is None:
        lines.append(_row("Last day to act", md_text(found.summary())))
    else:
        lines.append(
            _row(
                "Last day to act",
                f"**{found.last_day.isoformat()}** ({md_text(found.article)}); at risk from "
                f"{found.at_risk_from}",
            )
        )
        if found.act_by is not None:
            lines.append(_row("Act by", f"{found.act_by.isoformat()} (last working day)"))
    if found.hard_last_day is not None:
        lines.append(_row("Hard last day", f"{found.hard_last_day.isoformat()} (art. 2262bis §1)"))
    lines += [
        _row("Kind", md_text(f"{found.nature.value}: {found.nature.words}")),
        _row("To keep it", md_text(found.advice)),
    ]
    if found.interest is not None:
        lines.append(_row("Interest", md_text(found.interest.words())))
    lines += ["", *(f"- {md_text(line)}" for line in found.basis)]
    for risk in found.risks:
        lines += ["", f"> {md_text(risk)}"]
    lines += ["", f"*{md_text(ESTIMATE_NOTE)}*"]
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
    body = markdown_parser().render(markdown)
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
    policy: LadderPolicy = DEFAULT_POLICY,
) -> str:
    markdown = history_markdown(
        state, customer, today, creditor=creditor, terms=terms, policy=policy
    )
    return markdown_to_html(markdown, f"Case {state.id}: invoice {state.invoice}")
