"""Read-only views opened from a case: one timeline entry in full (a letter as it looked
when it was sent, rendered), and the claim worksheet (periods, rates, legal basis).

User text goes into the Markdown escaped, verbatim inside a fence, or (a letter) rendered
inside a quote (`casetui.markdown`),
and the entry is described by `casetui.describe`, the same way the Markdown export writes it.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import HelpPanel, Markdown, Static

from casetui.describe import MARKDOWN, details
from casetui.law import Claim
from casetui.law.worksheet import render_worksheet
from casetui.limitation import Limitation
from casetui.limitation.report import render_limitation
from casetui.markdown import escape_markdown, fence, markdown_parser, quote
from casetui.model import Customer, Event, LetterSent
from casetui.timeline import CaseState
from casetui.tui.widgets.chrome import TitleBar
from casetui.tui.widgets.keybar import KeyBar

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
    """One timeline entry as a Markdown document; a letter rendered as it was sent."""
    lines = [
        f"# {event.label}: {escape_markdown(customer.name)}",
        "",
        f"Case {state.id}, invoice {escape_markdown(state.invoice)}. Entry #{event.id} of "
        f"{event.date.isoformat()}"
        + (f", recorded {event.recorded_at}" if event.recorded_at else "")
        + ".",
    ]
    if event.id in state.voided_ids:
        lines += ["", "**This entry was undone.** It stays in the timeline as a record."]
    lines += ["", details(event, state.currency, MARKDOWN)]
    if isinstance(event, LetterSent):
        lines += ["", "## The letter as sent", ""]
        lines.append(quote(event.text) if event.text else "*No text was stored for it.*")
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
            lines += ["", fence(long_text)]
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
            yield Markdown(
                event_markdown(self.state, self.customer, self.event),
                parser_factory=markdown_parser,
            )
        yield KeyBar()


class WorksheetScreen(_View):
    """The claim as of today, worked out (periods, rates, compensation, basis), and the
    claim's limitation (the last day to act, the chain of articles, the risks)."""

    HELP = (
        "## Claim worksheet\n\nHow the claim is computed as of today: each interest period "
        "with its rate, the compensation, payments, warnings and the legal basis. Below it, "
        "the limitation: the last day to act before the claim may be time-barred, why "
        "(article by article), and what is uncertain. Estimated, conservative: take advice "
        "close to the date. Not legal advice.\n\n**j** / **k** scroll, **end** jumps to the "
        "limitation, **escape** goes back to the case."
    )

    def __init__(
        self,
        state: CaseState,
        claim: Claim | None,
        limitation: Limitation | None = None,
        *,
        claim_problem: str = "",
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.state, self.claim, self.limitation = state, claim, limitation
        self.claim_problem = claim_problem
        self.today = today

    def compose(self) -> ComposeResult:
        as_of = self.claim.as_of if self.claim is not None else self.today
        yield TitleBar(f"Claim worksheet · case {self.state.id}", f"as of {as_of}")
        with VerticalScroll(id="worksheet"):
            if self.claim is not None:
                yield Static(Content(render_worksheet(self.claim)))
            else:
                yield Static(Content(f"Claim not computed: {self.claim_problem}"))
            if self.limitation is not None:
                yield Static(
                    Content(render_limitation(self.limitation, self.today)), id="limitation-basis"
                )
        yield KeyBar()
