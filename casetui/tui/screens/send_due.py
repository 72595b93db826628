"""Send the day's e-mails (`M` on Today, or the palette): every letter due today that may go
by e-mail, a box per letter, then one question, a progress bar and what happened to each.

The list comes from the core (`casetui.mail.due.due_letters`): the ladder's next letter for
each case due today, checked; registered letters and blocked ones are shown as skipped, with
the reason, and cannot be ticked. Sending runs in the app's writer thread (each accepted letter
is recorded at once); one failure stops nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, SelectionList, Static
from textual.widgets.selection_list import Selection

from casetui.errors import CasetuiError
from casetui.mail.due import DueLetter, Outcome, Status, due_letters, send_due
from casetui.mail.message import customer_addresses
from casetui.mail.settings import configured, smtp_settings
from casetui.profile import Profile
from casetui.tui.forms.confirm import Confirm
from casetui.tui.screens.mailing import connect, smtp_password
from casetui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from casetui.tui.app import CaseApp

_MARK = {Status.SENT: "✓", Status.WRITTEN: "✓", Status.FAILED: "✗", Status.SKIPPED: "·"}


def _label(letter: DueLetter) -> Content:
    values = {
        "cases": ", ".join(letter.case_ids),
        "what": letter.kind.value.replace("-", " "),
        "name": letter.customer.name,
    }
    if letter.sendable:
        return Content.from_markup("$cases  [b]$what[/b] to $name", **values)
    return Content.from_markup(
        "[$text-muted]$cases  [b]$what[/b] to $name  skipped: $why[/]", why=letter.skip, **values
    )


def _detail(letter: DueLetter) -> Content:
    """The highlighted letter in full: to whom it goes, or why it is skipped."""
    if letter.draft is None or not letter.sendable:
        return Content.from_markup("Skipped: $why", why=letter.skip)
    return Content.from_markup(
        "To $to · $subject",
        to=", ".join(customer_addresses(letter.draft)),
        subject=letter.draft.subject,
    )


class SendDueScreen(ModalScreen[None]):
    """The day's letters by e-mail: tick, send, see what happened."""

    HELP = """
## Send the day's e-mails

Every letter due today that may go by e-mail: the next letter of the ladder for each case
whose turn it is. A customer's cases due for the same letter share one. Registered letters
(formal notices), letters the check blocks and customers without an e-mail address are
listed as skipped, with the reason.

Under the list: to whom the highlighted letter goes, or why it is skipped.

**space** ticks or unticks the highlighted letter, **ctrl+s** sends the ticked ones (after
one question), **f7** opens the business profile (the SMTP server is in its Mail fields),
**escape** closes. Each letter is recorded once the server accepted it; one that fails stops
nothing else. A server that cannot be reached, or that refuses the login, stops the sending
before the first letter: nothing is marked failed, and **ctrl+s** tries again.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", id="senddue.send"),
        Binding("f7", "profile", "Business profile", id="senddue.profile", show=False),
        Binding("escape", "close", "Close", id="senddue.close"),
        Binding("f1", "app.toggle_help", "Help", id="senddue.help", show=False),
    ]
    DEFAULT_CSS = """
    SendDueScreen {
        align: center middle;
        & > #send-dialog {
            width: 100%; height: 100%; border: round $accent; background: $panel;
            border-title-color: $accent;
        }
        & #send-about { padding: 0 1; height: auto; }
        & SelectionList { height: 1fr; border: none; }
        & #send-detail { padding: 0 1; height: auto; color: $text-muted; }
        & ProgressBar { padding: 0 1; }
        & #send-results { height: 1fr; padding: 0 1; display: none; }
        &.-sending SelectionList, &.-sending #send-detail { display: none; }
        &.-sending #send-results { display: block; }
    }
    """

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile
        self.letters: list[DueLetter] = []
        self.busy = False
        self.done = False

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="send-dialog") as dialog:
            dialog.border_title = Content("Send the day's e-mails")
            yield Static(Content("Looking for the letters due today…"), id="send-about")
            yield SelectionList[int](id="send-list")
            yield Static(Content(""), id="send-detail")
            yield ProgressBar(total=1, show_eta=False, id="send-progress")
            with VerticalScroll(id="send-results"):
                yield Static(Content(""), id="send-log")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self._load()

    @work(thread=True, exclusive=True, group="send-due-load", exit_on_error=False)
    def _load(self) -> None:
        app = self.case_app
        try:
            letters = due_letters(app.ledger, self.profile, app.today)
        except CasetuiError as error:
            app.call_from_thread(self._about, f"No list: {error}")
            return
        app.call_from_thread(self._show, letters)

    def _about(self, text: str) -> None:
        self.query_one("#send-about", Static).update(Content(text))

    def _show(self, letters: list[DueLetter]) -> None:
        self.letters = letters
        chooser = self.query_one("#send-list", SelectionList)
        chooser.clear_options()
        for index, letter in enumerate(letters):
            # A skipped letter stays reachable (its reason shows under the list) but is
            # never ticked: see on_selection_list_selection_toggled.
            chooser.add_option(Selection(_label(letter), index, letter.sendable))
        sendable = sum(1 for letter in letters if letter.sendable)
        if not letters:
            self._about("No letter is due today.")
        elif not configured(self.profile):
            self._about(
                f"{sendable} of {len(letters)} letters due today can go by e-mail, once an "
                "SMTP server is set up: f7 opens the business profile (Mail)."
            )
        else:
            self._about(
                f"{sendable} of {len(letters)} letters due today can go by e-mail. "
                "space ticks, ctrl+s sends the ticked ones."
            )
        self.refresh_bindings()
        chooser.focus()
        if letters:
            chooser.highlighted = 0

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted[int]
    ) -> None:
        letter = self.letters[event.selection.value]
        self.query_one("#send-detail", Static).update(_detail(letter))

    def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled[int]
    ) -> None:
        letter = self.letters[event.selection.value]
        if not letter.sendable:
            event.selection_list.deselect(event.selection.value)
            self.notify(f"Not sent: {letter.skip}", title="Skipped", markup=False)

    def chosen(self) -> list[DueLetter]:
        picked = set(self.query_one("#send-list", SelectionList).selected)
        return [
            letter
            for index, letter in enumerate(self.letters)
            if index in picked and letter.sendable
        ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            return bool(self.letters) and not self.busy and not self.done
        return True

    @work(exclusive=True, group="send-due")
    async def action_send(self) -> None:
        if self.busy or self.done:
            return
        letters = self.chosen()
        if not letters:
            self.notify("Tick at least one letter (space).", markup=False)
            return
        if not self.case_app.can_write():
            return
        try:
            settings = smtp_settings(self.profile)
        except CasetuiError as error:
            self.notify(str(error), title="Not sent", severity="error", markup=False)
            return
        go, password = await smtp_password(self.app, settings)
        if not go:
            return
        question = Content(
            f"Send {len(letters)} letter{'s' if len(letters) != 1 else ''} through "
            f"{settings.host} and record each one the server accepts?"
        )
        if not await self.app.push_screen_wait(Confirm(question, yes="Send", no="Not yet")):
            return
        self._sending(True)
        bar = self.query_one(ProgressBar)
        bar.update(total=len(letters), progress=0)
        self._about(f"Connecting to {settings.host}…")
        app = self.case_app
        ledger = app.ledger
        now = datetime.combine(app.today, datetime.now(UTC).time(), UTC)
        window = self.profile.window_side

        def progress(done: int, outcome: Outcome) -> None:
            app.call_from_thread(self._progress, done, outcome)

        def job() -> list[Outcome] | str:
            # Connect (and log in) first: a server that cannot be reached or refuses the
            # password stops here, before any letter is counted as failed.
            try:
                server = connect(app, settings, password)
            except CasetuiError as error:
                return str(error)
            app.call_from_thread(
                self._about, f"Sending {len(letters)} letters through {settings.host}…"
            )
            with server:
                return send_due(
                    ledger, letters, settings, window=window, now=now, server=server,
                    progress=progress,
                )  # fmt: skip

        self.outcomes: list[Outcome] = []
        app.write(job, self._finished)

    def _sending(self, busy: bool) -> None:
        self.busy = busy
        self.set_class(busy, "-sending")
        self.query_one(ProgressBar).display = busy
        self.refresh_bindings()

    def _progress(self, done: int, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.query_one(ProgressBar).update(progress=done)
        lines = [
            Content.from_markup(
                "$mark $cases  $status: $message",
                mark=_MARK[o.status],
                cases=", ".join(o.letter.case_ids),
                status=o.status.value,
                message=o.message,
            )
            for o in self.outcomes
        ]
        self.query_one("#send-log", Static).update(Content("\n").join(lines))

    def _finished(self, result: list[Outcome] | str) -> None:
        if isinstance(result, str):  # nothing was sent: back to the list, to try again
            self._sending(False)
            self._about(f"Nothing sent: {result}. ctrl+s tries again.")
            self.notify(result, title="Not sent", severity="error", markup=False, timeout=10)
            self.query_one("#send-list", SelectionList).focus()
            return
        self.done = True
        self.busy = False
        self.refresh_bindings()
        counts = {status: sum(1 for o in result if o.status is status) for status in Status}
        summary = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s])
        self._about(f"Done: {summary}. escape closes.")
        self.notify(summary, title="The day's e-mails", markup=False)

    def action_profile(self) -> None:
        if self.busy:
            return
        from casetui.tui.forms.profile import edit_profile

        edit_profile(self.app, self._profile_saved, focus="smtp_host")

    def _profile_saved(self, profile: Profile) -> None:
        if not self.is_attached or self.busy or self.done:
            return
        self.profile = profile
        self._about("Looking for the letters due today…")
        self._load()  # the letters follow the profile (language, window, your details)

    def action_close(self) -> None:
        if self.busy:
            self.notify("Sending: wait for it to finish.", markup=False)
            return
        self.dismiss(None)


def open_send_due(app: CaseApp) -> None:
    """From Today or the palette (the profile is read afresh: it may have changed)."""
    from casetui.tui.forms.profile import profile_or_say

    if not app.ready:
        return
    profile = profile_or_say(app)
    if profile is not None:
        app.push_screen(SendDueScreen(profile))
