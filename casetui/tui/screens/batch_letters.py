"""The next letter for every marked case (`a` on Today or All cases with rows marked).

The list comes from the core (`casetui.mail.batch.batch_letters`): for each marked case the
letter the ladder proposes, on its usual channel and in the customer's language, ready or
blocked with the reason (a customer's marked cases due for the same letter share one). One
question writes all the ready ones as one action (`write_batch`): posted letters as PDF files
into the export folder, recorded together; e-mail ones sent through the SMTP server (each
recorded once the server accepted it), with a progress bar and what happened to each. The
screen closes with the batch id, so `u` on the list takes the lot back.
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
from textual.widgets import HelpPanel, ProgressBar, Static

from casetui.errors import CasetuiError
from casetui.mail.batch import NO_SERVER, BatchLetter, batch_letters, write_batch
from casetui.mail.due import Outcome, Status
from casetui.mail.settings import configured, smtp_settings
from casetui.profile import Profile
from casetui.tui.forms.confirm import Confirm
from casetui.tui.forms.letter import kind_name
from casetui.tui.screens.letter.parts import in_app
from casetui.tui.screens.mailing import connect, smtp_password
from casetui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from casetui.tui.app import CaseApp

_MARK = {Status.SENT: "✓", Status.WRITTEN: "✓", Status.FAILED: "✗", Status.SKIPPED: "·"}
_CHANNEL = {"email": "e-mail", "post": "post", "registered": "registered post"}

Written = tuple[str, int]
"""What the screen closes with once letters were recorded: the batch id and how many cases."""


def letter_head(letter: BatchLetter) -> Content:
    """The cases and the customer."""
    return Content.from_markup(
        "[b]$cases[/b]  $name", cases=", ".join(letter.case_ids), name=letter.customer.name
    )


def letter_state(letter: BatchLetter) -> Content:
    """The letter (kind, channel, language) and whether it is ready, or why it is blocked."""
    draft = letter.draft
    what = kind_name(letter.kind) if letter.kind is not None else "no letter"
    if draft is not None:
        what += f" · {_CHANNEL[draft.channel.value]} · {draft.language}"
    if letter.ready:
        return Content.from_markup("$what  [$text-success]ready[/]", what=what)
    return Content.from_markup(
        "$what  [$text-error]blocked:[/] [$text-muted]$why[/]",
        what=what,
        why=in_app(letter.blocked),
    )


def outcome_line(outcome: Outcome) -> Content:
    return Content.from_markup(
        "$mark $cases  $status: $message",
        mark=_MARK[outcome.status],
        cases=", ".join(outcome.letter.case_ids),
        status=outcome.status.value,
        message=in_app(outcome.message),
    )


class BatchLettersScreen(ModalScreen["Written | None"]):
    """Each marked case's next letter; ctrl+s writes the ready ones as one action."""

    HELP = """
## The next letter for the marked cases

For each marked case, the letter the ladder proposes next: its kind, how it goes (the
customer's e-mail address, post, or registered post for a formal notice) and its language.
A customer's marked cases due for the same letter share one. **Ready** letters pass the
check; **blocked** ones say why and stay as they are (open the case and press **a** to
write one by hand, with another channel or date).

**ctrl+s** writes every ready letter after one question: posted ones as PDF files into the
export folder (to print), e-mail ones through your SMTP server, each recorded as sent. They
are one action: **u** on the list takes them all back (an e-mail that went out stays sent).
**f7** opens the business profile, **escape** closes.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Write and record", id="batchletters.write"),
        Binding("f7", "profile", "Business profile", id="batchletters.profile", show=False),
        Binding("escape", "close", "Close", id="batchletters.close"),
        Binding("question_mark,f1", "toggle_help", "Help", id="batchletters.help"),
    ]
    DEFAULT_CSS = """
    BatchLettersScreen {
        align: center middle;
        & > #batch-dialog {
            width: 100%; height: 100%; border: round $accent; background: $panel;
            border-title-color: $accent;
        }
        & #batch-about { padding: 0 1; height: auto; }
        & #batch-list { height: 1fr; padding: 0 1; }
        & .batch-head { height: auto; margin: 1 0 0 0; }
        & .batch-state { height: auto; padding: 0 0 0 2; }
        & ProgressBar { padding: 0 1; }
        & #batch-results { height: 1fr; padding: 0 1; display: none; }
        &.-writing #batch-list { display: none; }
        &.-writing #batch-results { display: block; }
    }
    """

    def __init__(self, case_ids: list[str], profile: Profile) -> None:
        super().__init__()
        self.case_ids = list(case_ids)
        self.profile = profile
        self.letters: list[BatchLetter] = []
        self.outcomes: list[Outcome] = []
        self.busy = False
        self.written: Written | None = None

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    @property
    def ready(self) -> list[BatchLetter]:
        return [letter for letter in self.letters if letter.ready]

    def compose(self) -> ComposeResult:
        with Vertical(id="batch-dialog") as dialog:
            count = len(self.case_ids)
            dialog.border_title = Content(f"The next letter for {count} marked cases")
            yield Static(Content("Preparing the letters…"), id="batch-about")
            yield VerticalScroll(id="batch-list")
            yield ProgressBar(total=1, show_eta=False, id="batch-progress")
            with VerticalScroll(id="batch-results"):
                yield Static(Content(""), id="batch-log")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self._load()

    @work(thread=True, exclusive=True, group="batch-letters-load", exit_on_error=False)
    def _load(self) -> None:
        app = self.case_app
        try:
            letters = batch_letters(
                app.ledger,
                self.profile,
                self.case_ids,
                app.today,
                email_blocked="" if configured(self.profile) else NO_SERVER,
            )
        except CasetuiError as error:
            app.call_from_thread(self._about, f"No letters: {error}")
            return
        except Exception as error:  # a bug in a template: say it, keep the app
            app.call_from_thread(self._about, f"No letters: {error!r}")
            return
        app.call_from_thread(self._show, letters)

    def _about(self, text: str) -> None:
        self.query_one("#batch-about", Static).update(Content(text))

    def _show(self, letters: list[BatchLetter]) -> None:
        self.letters = letters
        listing = self.query_one("#batch-list", VerticalScroll)
        listing.remove_children()
        for letter in letters:
            listing.mount(Static(letter_head(letter), classes="batch-head"))
            listing.mount(Static(letter_state(letter), classes="batch-state"))
        ready = self.ready
        emailed = sum(1 for letter in ready if letter.emailed)
        if any(NO_SERVER in letter.blocked for letter in letters):
            self._about(
                f"{len(ready)} of {len(letters)} letters ready. E-mail needs an SMTP server: "
                "f7 opens the business profile (Mail)."
            )
        elif not ready:
            self._about(f"None of the {len(letters)} letters is ready: see why under each.")
        else:
            self._about(
                f"{len(ready)} of {len(letters)} letters ready ({emailed} by e-mail, "
                f"{len(ready) - emailed} to print). ctrl+s writes and records them."
            )
        self.refresh_bindings()
        listing.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write":
            return bool(self.ready) and not self.busy and self.written is None
        return True

    # ------------------------------------------------------------------ writing

    @work(exclusive=True, group="batch-letters-write")
    async def action_write(self) -> None:
        letters = self.ready
        if self.busy or self.written is not None or not letters:
            return
        if not self.case_app.can_write():
            return
        emailed = [letter for letter in letters if letter.emailed]
        posted = len(letters) - len(emailed)
        settings, password = None, None
        them = "them as one action" if len(letters) > 1 else "it"
        lines = [Content(f"Write {_letters(len(letters))} and record {them}?")]
        if emailed:
            try:
                settings = smtp_settings(self.profile)
            except CasetuiError as error:
                self.notify(str(error), title="Not written", severity="error", markup=False)
                return
            go, password = await smtp_password(self.app, settings)
            if not go:
                return
            lines.append(Content(f"  {_letters(len(emailed))} by e-mail through {settings.host}"))
        folder = self.case_app.export_dir
        if posted:
            lines.append(Content(f"  {_letters(posted)} to print, as PDF into {folder}"))
        blocked = len(self.letters) - len(letters)
        if blocked:
            lines.append(Content(f"  {_letters(blocked)} blocked, left as they are"))
        lines.append(Content("u on the list takes back what is recorded."))
        question = Content("\n").join(lines)
        if not await self.app.push_screen_wait(Confirm(question, yes="Write", no="Not yet")):
            return
        self._writing(len(self.letters))
        app = self.case_app
        ledger, window = app.ledger, self.profile.window_side
        now = datetime.combine(app.today, datetime.now(UTC).time(), UTC)

        def progress(done: int, outcome: Outcome) -> None:
            app.call_from_thread(self._progress, done, outcome)

        def job() -> tuple[str, list[Outcome]] | str:
            server = None
            if settings is not None:
                try:  # a server that cannot be reached stops here, before anything is written
                    server = connect(app, settings, password)
                except CasetuiError as error:
                    return str(error)
            try:
                return write_batch(
                    ledger, self.letters, folder=folder, window=window, now=now,
                    settings=settings, server=server, progress=progress,
                )  # fmt: skip
            except Exception:  # the app's writer says what; the screen must not stay busy
                app.call_from_thread(self._stopped)
                raise
            finally:
                if server is not None:
                    server.close()

        app.write(job, self._finished)

    def _writing(self, total: int) -> None:
        self.busy = True
        self.outcomes = []
        self.add_class("-writing")
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=total, progress=0)
        self._about("Writing the letters…")
        self.refresh_bindings()

    def _progress(self, done: int, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.query_one(ProgressBar).update(progress=done)
        log = Content("\n").join(outcome_line(o) for o in self.outcomes)
        self.query_one("#batch-log", Static).update(log)

    def _stopped(self) -> None:
        self.busy = False
        self.written = ("", 0)  # what went out is in each case's history, not undone here
        self._about("Stopped by an error: what was recorded shows in each case's history.")
        self.refresh_bindings()

    def _finished(self, result: tuple[str, list[Outcome]] | str) -> None:
        self.busy = False
        if isinstance(result, str):  # nothing was written: back to the list, to try again
            self.remove_class("-writing")
            self.query_one(ProgressBar).display = False
            self._about(f"Nothing written: {result}. ctrl+s tries again.")
            self.notify(result, title="Not written", severity="error", markup=False, timeout=10)
            self.refresh_bindings()
            return
        batch, outcomes = result
        recorded = {
            case_id
            for outcome in outcomes
            if outcome.status in (Status.SENT, Status.WRITTEN)
            for case_id in outcome.letter.case_ids
        }
        self.written = (batch, len(recorded))
        self.refresh_bindings()
        counts = {status: sum(1 for o in outcomes if o.status is status) for status in Status}
        summary = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s])
        self._about(f"Done: {summary}. escape closes; u on the list takes them back.")
        self.notify(f"Letters for the marked cases: {summary}", title="Letters", markup=False)

    # ------------------------------------------------------------------ other keys

    def action_profile(self) -> None:
        if self.busy or self.written is not None:
            return
        from casetui.tui.forms.profile import edit_profile

        # No SMTP server yet: straight to it (e-mail letters wait for one).
        focus = None if configured(self.profile) else "smtp_host"
        edit_profile(self.app, self._profile_saved, focus=focus)

    def _profile_saved(self, profile: Profile) -> None:
        if not self.is_attached or self.busy or self.written is not None:
            return
        self.profile = profile
        self._about("Preparing the letters…")
        self._load()

    def action_toggle_help(self) -> None:
        self.case_app.action_toggle_help()

    def action_close(self) -> None:
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
            return
        if self.busy:
            self.notify("Writing the letters: wait for it to finish.", markup=False)
            return
        recorded = self.written if self.written is not None and self.written[1] else None
        self.dismiss(recorded)


def _letters(count: int) -> str:
    return f"{count} letter{'s' if count != 1 else ''}"
