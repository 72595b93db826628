"""Read-only views opened from a case: one timeline entry in full (a letter as it was sent,
in a Markdown view), and the claim worksheet (periods, rates, legal basis).

User text goes into the Markdown escaped (`export.md_text`) or verbatim inside a fence
(`export.fenced`), the same way the Markdown export writes it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import HelpPanel, Markdown, Static

from casetui.export import fenced, md_text
from casetui.law import Claim
from casetui.law.worksheet import render_worksheet
from casetui.model import Customer, Event, LetterSent
from casetui.timeline import CaseState
from casetui.tui.widgets.chrome import TitleBar
from casetui.tui.widgets.keybar import KeyBar
from casetui.tui.widgets.timeline import details

_BACK: list[BindingType] = [
    Binding("escape,q", "back", "Back", id="view.back"),
    Binding("j", "scroll_down", "Down", id="view.down", show=False),
    Binding("k", "scroll_up", "Up", id="view.up", show=False),
]


class _View(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = _BACK

    def action_back(self) -> None:
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        else:
            self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()


def event_markdown(state: CaseState, customer: Customer, event: Event) -> str:
    """One timeline entry as a Markdown document; letters quoted verbatim."""
    lines = [
        f"# {event.label}: {md_text(customer.name)}",
        "",
        f"Case {state.id}, invoice {md_text(state.invoice)}. Entry #{event.id} of "
        f"{event.date.isoformat()}"
        + (f", recorded {event.recorded_at}" if event.recorded_at else "")
        + ".",
    ]
    if event.id in state.voided_ids:
        lines += ["", "**This entry was undone.** It stays in the timeline as a record."]
    lines += ["", md_text(details(event, state.currency))]
    if isinstance(event, LetterSent):
        proof = [
            f"{label}: {md_text(value)}"
            for label, value in (
                ("Sent to", event.recipient),
                ("Message-ID", event.message_id),
                ("Kept as evidence", f"evidence/{event.evidence}" if event.evidence else ""),
            )
            if value
        ]
        if proof:
            lines += ["", "\\\n".join(proof)]
        lines += ["", "## The letter as sent", ""]
        lines.append(fenced(event.text) if event.text else "*No text was stored for it.*")
    else:
        long_text = next(
            (
                value
                for name in ("text", "note", "reason", "terms")
                if isinstance(value := getattr(event, name, None), str) and "\n" in value
            ),
            "",
        )
        if long_text:
            lines += ["", fenced(long_text)]
    return "\n".join(lines) + "\n"


class EventScreen(_View):
    """One timeline entry in full."""

    HELP = "## Timeline entry\n\nThe entry in full. **escape** goes back to the case."

    def __init__(self, state: CaseState, customer: Customer, event: Event) -> None:
        super().__init__()
        self.state, self.customer, self.event = state, customer, event

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Case {self.state.id} · {self.event.label} #{self.event.id}", "")
        with VerticalScroll():
            yield Markdown(event_markdown(self.state, self.customer, self.event))
        yield KeyBar()


class WorksheetScreen(_View):
    """The claim as of today, worked out: periods, rates, compensation, basis."""

    HELP = (
        "## Claim worksheet\n\nHow the claim is computed as of today: each interest period "
        "with its rate, the compensation, payments, warnings and the legal basis. "
        "Not legal advice. **escape** goes back to the case."
    )

    def __init__(self, state: CaseState, claim: Claim) -> None:
        super().__init__()
        self.state, self.claim = state, claim

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Claim worksheet · case {self.state.id}", f"as of {self.claim.as_of}")
        with VerticalScroll(id="worksheet"):
            yield Static(Content(render_worksheet(self.claim)))
        yield KeyBar()
