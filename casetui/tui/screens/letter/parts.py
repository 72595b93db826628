"""Pieces of the letter preview that need no screen: the options a draft is prepared with,
the findings and the question before recording in words, the instalments field, file names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from textual.content import Content

from casetui.letters import Finding, LetterDraft, Severity
from casetui.mail.files import letter_name
from casetui.model import LETTER_LANGUAGES, Channel, HandoverTo, LetterKind
from casetui.timeline import CaseState
from casetui.tui.forms.fields import money_text
from casetui.tui.forms.letter import kind_name

# Findings that a filled-in business profile clears (the preview offers the profile form),
# and the profile field each one is about.
PROFILE_FIELDS = {
    "missing-name": "name",
    "missing-address": "address",
    "missing-country": "country",
    "missing-iban": "iban",
    "missing-enterprise-number": "vat",
}
PROFILE_CODES = frozenset(PROFILE_FIELDS)

CHANNELS: list[tuple[Channel, str]] = [
    (Channel.EMAIL, "e-mail"),
    (Channel.POST, "post"),
    (Channel.REGISTERED, "registered"),
]
LANGUAGES: list[tuple[str, str]] = [(code, code) for code in LETTER_LANGUAGES]
HANDOVER_TO: list[tuple[HandoverTo, str]] = [
    (HandoverTo.AGENCY, "agency"),
    (HandoverTo.BAILIFF, "bailiff"),
    (HandoverTo.LAWYER, "lawyer"),
]
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class LetterOptions:
    """What a draft is prepared with: changing any of these prepares it again."""

    case_ids: tuple[str, ...]
    sent_on: date
    channel: Channel | None = None  # None: the letter's usual channel
    lang: str | None = None  # None: the customer's language
    deadline: date | None = None  # None: the deadline the law and the profile give
    instalments: tuple[tuple[date, Decimal], ...] = ()
    handover_to: HandoverTo | None = None
    agent: str = ""


def short_day(day: date) -> str:
    """`Mon 7 Dec 2026`."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {day:%b %Y}"


def in_app(message: str) -> str:
    """A finding as the app says it: without the `casetui setup --iban` hints of the CLI
    (the app has its own way: f7, the profile form)."""
    message = re.sub(r"\s*\(casetui setup[^)]*\)", "", message)
    return re.sub(r";\s*casetui setup[^)]*\)", ")", message)


_STYLE = {
    Severity.BLOCK: ("✗", "$text-error"),
    Severity.WARNING: ("!", "$text-warning"),
    Severity.INFO: ("·", "$text-muted"),
}
_ORDER = {Severity.BLOCK: 0, Severity.WARNING: 1, Severity.INFO: 2}


def profile_only(draft: LetterDraft) -> bool:
    """Is the draft blocked only by what the business profile lacks?"""
    return draft.blocked and all(f.code in PROFILE_CODES for f in draft.blocks)


def findings_content(findings: tuple[Finding, ...], *, profile_key: str = "") -> Content:
    """Blocks first (error colour), then warnings, then notes; messages are text, not markup."""
    lines: list[Content] = []
    blocks = [f for f in findings if f.severity is Severity.BLOCK]
    if blocks:
        lines.append(Content.from_markup("[b $text-error]Cannot be sent yet:[/]"))
    for finding in sorted(findings, key=lambda f: _ORDER[f.severity]):
        icon, style = _STYLE[finding.severity]
        lines.append(
            Content.from_markup(
                f"[{style}]$icon $message[/]", icon=icon, message=in_app(finding.message)
            )
        )
    if blocks and profile_key and all(f.code in PROFILE_CODES for f in blocks):
        hint = "[$text-accent]$key: fill in the business profile[/]"
        lines.append(Content.from_markup(hint, key=profile_key))
    if not findings:
        lines.append(Content("Nothing to report."))
    return Content("\n").join(lines)


def draft_facts(draft: LetterDraft, today: date) -> Content:
    """Deadline and next action, and whether it is the statutory consumer letter."""
    lines: list[Content] = []
    if draft.deadline is not None and draft.next_action is not None:
        days = (draft.deadline - draft.sent_on).days
        lines.append(
            Content.from_markup(
                "Deadline [b]$deadline[/b] ($days days)",
                deadline=short_day(draft.deadline),
                days=str(days),
            )
        )
        lines.append(Content(f"Back on the agenda {short_day(draft.next_action)}"))
    else:
        lines.append(Content("No deadline: the case stays where it is on the agenda"))
    if draft.statutory:
        what = "free first reminder" if draft.regime == "be-b2c" else "14-day letter"
        lines.append(Content(f"Statutory {what}: starts the legal clock"))
    return Content("\n").join(lines)


def copy_name(draft: LetterDraft, fmt: str) -> str:
    """`letter-C-2026-0040-reminder-2026-11-23.html` (first case; `-and-2` for more)."""
    return letter_name(draft.case_ids, draft.kind.value, draft.sent_on.isoformat(), fmt)


# --------------------------------------------------------------------------- instalments


# --------------------------------------------------------------------------- recording


def record_question(draft: LetterDraft, tracking: str, currency: str) -> Content:
    """What the yes/no before recording says: kind, customer, cases, channel, dates."""
    cases = ", ".join(draft.case_ids)
    channel = {"email": "by e-mail", "post": "by post", "registered": "by registered post"}[
        draft.channel.value
    ]
    if tracking:
        channel += f" ({tracking})"
    lines = [
        Content.from_markup(
            "Record this [b]$kind[/b] to $name as sent?",
            kind=kind_name(draft.kind),
            name=draft.customer.name,
        ),
        Content(""),
        Content(f"Cases     {cases}"),
        Content(f"Sent      {short_day(draft.sent_on)}, {channel}"),
    ]
    if draft.deadline is not None and draft.next_action is not None:
        lines.append(Content(f"Deadline  {short_day(draft.deadline)}"))
        lines.append(Content(f"Next      {short_day(draft.next_action)}, back on the agenda"))
    for day, amount in ((i.due, i.amount) for i in draft.instalments):
        lines.append(Content(f"Payment   {short_day(day)}, {money_text(amount, currency)}"))
    if draft.kind.stage is not None:
        lines.append(Content(f"Stage     {draft.kind.stage.label.lower()}"))
    warnings = len(draft.warnings)
    if warnings:
        lines.append(Content(""))
        lines.append(
            Content.from_markup(
                "[$text-warning]$n: see the check[/]",
                n=f"{warnings} warning{'s' if warnings != 1 else ''}",
            )
        )
    return Content("\n").join(lines)


def recorded_message(draft: LetterDraft, tracking: str, first: CaseState) -> str:
    """`Recorded the reminder (email) on C-2026-0040: stage reminder, deadline ...`."""
    what = kind_name(draft.kind)
    by = draft.channel.value + (f", {tracking}" if tracking else "")
    message = f"Recorded the {what} ({by}) on {', '.join(draft.case_ids)}"
    moved = draft.kind.stage is not None or draft.kind is LetterKind.HANDOVER
    details = [f"stage {first.stage.label.lower()}"] if moved else []
    if draft.deadline is not None:
        details.append(f"deadline {short_day(draft.deadline)}")
    if details:
        message += ": " + ", ".join(details)
    action = first.next_action
    if action is not None:
        message += f". Next action {short_day(action.date)}"
    return message + "."
