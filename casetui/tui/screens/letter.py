"""The letter flow: a prepared letter previewed with its check, then recorded as sent.

`a` on a case prepares the ladder's next letter, `l` asks which kind first; preparing runs
in a worker (the first render compiles the templates). This screen only shows the draft
and returns it: the case screen records it (`casetui.letters.record_letter`), so nothing
is written until ctrl+s, and a letter with a blocking finding cannot be recorded at all.

The letter is Markdown made by `casetui.letters` (user text already escaped there); the
findings are shown as text.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import HelpPanel, Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from casetui.letters import LetterDraft, Severity
from casetui.model import Channel, LetterKind
from casetui.tui.widgets.chrome import TitleBar
from casetui.tui.widgets.keybar import KeyBar

KIND_NAMES = {
    LetterKind.REMINDER: "Reminder",
    LetterKind.SECOND_REMINDER: "Second reminder",
    LetterKind.FORMAL_NOTICE: "Formal notice",
    LetterKind.SETTLEMENT: "Settlement confirmation",
    LetterKind.HANDOVER: "Hand-over file",
}

Sent = tuple[LetterDraft, str]  # the draft and the tracking number ("" if none)


def findings_content(draft: LetterDraft) -> Content:
    """The check, worst first: blocks stop the letter, warnings are worth a look."""
    marks = {
        Severity.BLOCK: ("✗ ", "bold $text-error"),
        Severity.WARNING: ("! ", "$text-warning"),
        Severity.INFO: ("· ", "dim"),
    }
    order = {Severity.BLOCK: 0, Severity.WARNING: 1, Severity.INFO: 2}
    lines = [
        Content.assemble(marks[finding.severity], (finding.message, ""))
        for finding in sorted(draft.findings, key=lambda finding: order[finding.severity])
    ]
    if not draft.blocked:
        lines.insert(0, Content.assemble(("✓ ", "bold $text-success"), "ready to send"))
    return Content("\n").join(lines)


def plan_content(draft: LetterDraft) -> Content:
    what = KIND_NAMES.get(draft.kind, draft.kind.value)
    deadline = f", pay by {draft.deadline}" if draft.deadline else ""
    statutory = " · statutory letter: starts the legal clock" if draft.statutory else ""
    return Content.from_markup(
        "[b]$what[/b] in $language by $channel, dated $day$deadline$statutory",
        what=what,
        language=draft.language,
        channel=draft.channel.value,
        day=draft.sent_on.isoformat(),
        deadline=deadline,
        statutory=statutory,
    )


class LetterScreen(Screen[Sent | None]):
    """Preview of a prepared letter; ctrl+s records it as sent, escape drops it."""

    HELP = """\
## Letter

The letter as it will be sent, with the check above it: **✗** blocks sending (fix the
business profile or the case first), **!** is worth a look.

- **ctrl+s** records the letter as sent: its text is frozen in the timeline, the stage
  moves on and the case comes back the day after the deadline.
- **escape** drops the draft; nothing is written.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "record", "Record as sent", id="letter.record", priority=True),
        Binding("escape", "back", "Drop", id="letter.back"),
        Binding("j", "scroll(1)", "Down", id="letter.down", show=False),
        Binding("k", "scroll(-1)", "Up", id="letter.up", show=False),
    ]

    def __init__(self, draft: LetterDraft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        draft = self.draft
        cases = ", ".join(draft.case_ids)
        yield TitleBar(f"Letter · {KIND_NAMES.get(draft.kind, draft.kind.value)} · {cases}", "")
        with Vertical(id="letter-head"):
            yield Static(plan_content(draft), id="plan")
            yield Static(findings_content(draft), id="findings")
            if draft.channel is Channel.REGISTERED:
                yield Input(placeholder="registered mail tracking number", id="tracking")
        with VerticalScroll(id="letter-text"):
            yield Markdown(draft.text)
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "record" and self.draft.blocked:
            return None  # dimmed: the check blocks it
        return True

    def action_record(self) -> None:
        tracking = ""
        if self.query("#tracking"):
            tracking = self.query_one("#tracking", Input).value.strip()
        self.dismiss((self.draft, tracking))

    @on(Input.Submitted, "#tracking")
    def _tracking_entered(self) -> None:
        self.query_one("#letter-text").focus()

    def action_back(self) -> None:
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        else:
            self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#letter-text", VerticalScroll).scroll_relative(y=lines, animate=False)


class LetterKindPicker(ModalScreen[LetterKind | None]):
    """Which letter to write (`l`); the ladder's next one is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="letterkind.cancel"),
    ]

    def __init__(self, proposed: LetterKind | None) -> None:
        super().__init__()
        self.proposed = proposed

    def compose(self) -> ComposeResult:
        options = [
            Option(name + ("  (next on the ladder)" if kind is self.proposed else ""), id=kind)
            for kind, name in KIND_NAMES.items()
        ]
        with Vertical(id="letter-kinds"):
            yield Static(Content("Write which letter?"), classes="picker-title")
            yield OptionList(*options, markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        kinds = list(KIND_NAMES)
        options.highlighted = kinds.index(self.proposed) if self.proposed in kinds else 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(LetterKind(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
