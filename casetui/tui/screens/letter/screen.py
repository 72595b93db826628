"""The letter preview: `a` (the next letter of the ladder) and `l` (any kind) on a case.

The letter is prepared by the core (`casetui.letters.prepare_letter`) in a thread and shown
as it will be sent, with the check's findings beside it: blocks (it cannot be sent: no IBAN,
a deadline shorter than the law allows, a missing mandatory mention), warnings and notes.
Channel, date, language, deadline (and a settlement's payments, a hand-over's agent) are
chosen on the right; each change prepares the letter again, because the deadline written in
it depends on them. The text can be edited here (f2) or in `$EDITOR` (f3); the check runs
again on the edited text.

Nothing is written until ctrl+s and a yes: then `record_letter` appends one `letter` event
per case (the frozen text, the channel, the deadline), which moves the stage and sets the
next action. escape writes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import HelpPanel, Markdown, Static

from casetui.errors import CasetuiError, InputError
from casetui.letters import (
    LetterDraft,
    edit_draft,
    prepare_letter,
    record_letter,
    render_draft,
)
from casetui.letters.flow import receipt_question
from casetui.letters.pdf import render_pdf
from casetui.mail.sending import Sent, compose, registered_proof, send_letter, send_problems
from casetui.mail.settings import configured, smtp_settings
from casetui.markdown import markdown_parser
from casetui.model import Channel, Customer, HandoverTo, LetterKind
from casetui.profile import Profile
from casetui.rules import check_not_in_future
from casetui.timeline import CaseState
from casetui.tui.forms.choices import CheckField, ChoiceField
from casetui.tui.forms.confirm import Confirm
from casetui.tui.forms.fields import DateField, Field, TextField
from casetui.tui.forms.instalments import InstalmentsField
from casetui.tui.forms.letter import (
    CopyFormat,
    LetterEditor,
    kind_name,
)
from casetui.tui.forms.limitation import ReceiptForm
from casetui.tui.screens.letter.editor import edit_externally
from casetui.tui.screens.letter.parts import (
    CHANNELS,
    HANDOVER_TO,
    LANGUAGES,
    PROFILE_FIELDS,
    LetterOptions,
    copy_name,
    draft_facts,
    findings_content,
    in_app,
    profile_only,
    record_question,
    recorded_message,
)
from casetui.tui.screens.mailing import connect, smtp_password
from casetui.tui.widgets.chrome import ReadOnlyBanner, TitleBar
from casetui.tui.widgets.keybar import KeyBar
from casetui.tui.widgets.letter_text import LetterText
from casetui.userfiles import write_user_file

if TYPE_CHECKING:
    from casetui.tui.app import CaseApp

PROFILE_KEY = "f7"


class LetterScreen(ModalScreen[tuple[CaseState, ...] | None]):
    """A letter ready to send. Dismisses with the cases' new states once it is recorded."""

    AUTO_FOCUS = "#letter-view"
    HELP = """\
## Letter preview

The letter as it will be sent, and on the right how: **channel** (a registered letter needs
its tracking number), **date**, **language**, **deadline** (empty: the usual one for this
letter, never shorter than the law allows). Every change prepares the letter again.

Under them, the **check**: ✗ blocks (the letter cannot be sent until it is fixed), ! warnings,
· notes. A letter that lacks something it needs is never produced with a blank.

- **ctrl+s** records it as sent (after a yes): the stage moves, the deadline is set and the
  case comes back on the agenda the day after. The text is kept exactly as sent. A
  registered letter's PDF is kept as evidence.
- With the channel **e-mail** and an SMTP server in the business profile, **ctrl+s** sends
  and records: the letter goes as an e-mail with the PDF attached, and is recorded only once
  the server accepted it (with the recipient and the Message-ID).
- **f2** edits the text here, **f3** in your editor (`$EDITOR`), **f6** drops your edits.
- **f4** saves a copy (PDF or HTML to print, Markdown, plain text, an e-mail file);
  **f7** the business profile.
- **escape** closes: nothing is recorded.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send and record", id="letter.send"),
        Binding("ctrl+s", "record", "Record as sent", id="letter.record"),
        Binding("f2", "edit", "Edit", id="letter.edit", tooltip="Edit the text here"),
        Binding("f3", "external_edit", "Editor", id="letter.editor", tooltip="Edit in EDITOR"),
        Binding("f4", "save_copy", "Save copy", id="letter.copy", tooltip="PDF, HTML, text"),
        Binding("f6", "reset", "Drop my edits", id="letter.reset", show=False),
        Binding(PROFILE_KEY, "profile", "Business profile", id="letter.profile", show=False),
        Binding("escape", "cancel", "Cancel", id="letter.cancel"),
        # A modal screen hides the app's keys: help comes back here.
        Binding("question_mark,f1", "toggle_help", "Help", id="letter.help"),
        Binding("j", "scroll('down')", "Scroll down", id="letter.down", show=False),
        Binding("k", "scroll('up')", "Scroll up", id="letter.up", show=False),
    ]

    def __init__(
        self,
        case: CaseState,
        customer: Customer,
        kind: LetterKind,
        *,
        profile: Profile,
        overdue: tuple[str, ...] = (),
        cover_all: bool = False,
        why: str = "",
    ) -> None:
        super().__init__()
        self.case = case
        self.customer = customer
        self.kind = kind
        self.profile = profile
        self.why = why
        # The customer's overdue cases other than this one: one letter may cover them all.
        self.others = tuple(case_id for case_id in overdue if case_id != case.id)
        self.cover_all = cover_all and bool(self.others)
        self.draft: LetterDraft | None = None
        self.generated: LetterDraft | None = None  # before the user's edits
        self.edited_body: str | None = None
        self.problem = ""  # why no letter could be prepared at all
        self._requested: LetterOptions | None = None
        self._generation = 0
        self._offered_profile = False

    # ------------------------------------------------------------------ building

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    @property
    def today(self) -> date:
        return self.case_app.today

    @property
    def busy(self) -> bool:
        return self._requested is not None and self.draft is None and not self.problem

    def compose(self) -> ComposeResult:
        yield TitleBar(f"{kind_name(self.kind).capitalize()} · {self.case.id}", "preview")
        yield ReadOnlyBanner(self.case_app.readonly_reason)
        with Horizontal(id="letter-main"):
            with VerticalScroll(id="letter-view"):
                yield Static(Content("Preparing the letter…"), id="letter-wait")
                yield LetterText(id="letter-text", parser_factory=markdown_parser)
            with VerticalScroll(id="letter-side", can_focus=False):
                yield Static(self._about(), id="letter-about")
                count = len(self.others) + 1
                cover = CheckField(
                    "Cases",
                    "both overdue cases" if count == 2 else f"all {count} overdue cases",
                    value=self.cover_all,
                    id="cover",
                )
                cover.display = bool(self.others) and self.kind is not LetterKind.SETTLEMENT
                yield cover
                yield ChoiceField("Channel", CHANNELS, columns=1, id="channel")
                tracking = TextField(
                    "Tracking",
                    required=True,
                    hint="number on the receipt",
                    max_length=40,
                    id="tracking",
                )
                tracking.display = False
                yield tracking
                yield DateField(
                    "Date", self.today, value=self.today, rule=self._not_future, id="sent-on"
                )
                yield ChoiceField("Language", LANGUAGES, columns=3, id="language")
                deadline = DateField(
                    "Deadline",
                    self.today,
                    required=False,
                    rule=self._after_sending,
                    hint="",
                    id="deadline",
                )
                deadline.display = self.kind is not LetterKind.HANDOVER  # a file, no deadline
                yield deadline
                if self.kind is LetterKind.SETTLEMENT:
                    yield InstalmentsField(self.today, self.case.currency, id="instalments")
                if self.kind is LetterKind.HANDOVER:
                    yield ChoiceField(
                        "Hand to", HANDOVER_TO, value=HandoverTo.AGENCY, columns=1, id="to"
                    )
                    yield TextField("Name", placeholder="their name", id="agent")
                yield Static(id="letter-facts")
                yield Static(Content("Check"), classes="letter--section")
                yield Static(id="letter-findings")
        yield Static(Content(""), id="letter-status")
        yield KeyBar()

    def _about(self) -> Content:
        what = kind_name(self.kind)
        lines = [
            Content.from_markup("[b]$name[/b]", name=self.customer.name),
            Content.from_markup("$what · $case_id", what=what, case_id=self.case.id),
        ]
        if self.why:
            lines.append(Content.from_markup("[$text-muted]$why[/]", why=self.why))
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        self.query_one("#letter-text").display = False
        self.query_one("#deadline", DateField).control.placeholder = "the usual"
        self.request()

    # ------------------------------------------------------------------ preparing

    def _not_future(self, day: date) -> str | None:
        try:
            check_not_in_future(day, self.today, "")
        except InputError as error:
            return f"{error}: record a letter once it is sent"
        return None

    def _after_sending(self, day: date) -> str | None:
        sent = self.query_one("#sent-on", DateField).value or self.today
        if day <= sent:
            return "after the letter's date"
        return None

    def options(self) -> LetterOptions | None:
        """The options as the fields say now; None while one of them is invalid."""
        sent_on = self.query_one("#sent-on", DateField)
        deadline = self.query_one("#deadline", DateField)
        if not sent_on.is_valid or not deadline.is_valid or sent_on.value is None:
            return None
        cover = self.query_one("#cover", CheckField)
        case_ids = (self.case.id,)
        if cover.value and cover.display:
            case_ids += self.others
        instalments: tuple[Any, ...] = ()
        for field in self.query(InstalmentsField):
            if not field.is_valid:
                return None
            instalments = field.plan
        to: HandoverTo | None = None
        agent = ""
        if self.kind is LetterKind.HANDOVER:
            to = self.query_one("#to", ChoiceField).value
            agent = self.query_one("#agent", TextField).value
        channel = self.query_one("#channel", ChoiceField).value
        language = self.query_one("#language", ChoiceField).value
        return LetterOptions(
            case_ids=case_ids,
            sent_on=sent_on.value,
            channel=channel,
            lang=language,
            deadline=deadline.value,
            instalments=instalments,
            handover_to=to,
            agent=agent,
        )

    def request(self, *, force: bool = False) -> None:
        """Prepare the letter again if an option changed (in a thread)."""
        options = self.options()
        if options is None or (options == self._requested and not force):
            return
        self._requested = options
        self._generation += 1
        self.say("Preparing the letter…", error=False)
        self._prepare(options, self.profile, self._generation)

    @work(thread=True, exclusive=True, group="letter-prepare", exit_on_error=False)
    def _prepare(self, options: LetterOptions, profile: Profile, generation: int) -> None:
        try:
            draft = prepare_letter(
                self.case_app.ledger,
                options.case_ids,
                self.kind,
                profile=profile,
                sent_on=options.sent_on,
                lang=options.lang,
                channel=options.channel,
                deadline=options.deadline,
                instalments=options.instalments or None,
                handover_to=options.handover_to,
                agent=options.agent,
            )
        except CasetuiError as error:
            self.app.call_from_thread(self._not_prepared, str(error), generation)
            return
        except Exception as error:  # a bug in a template: say it, keep the app
            self.app.call_from_thread(self._not_prepared, repr(error), generation)
            return
        self.app.call_from_thread(self._prepared, draft, generation)

    def _not_prepared(self, problem: str, generation: int) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self.draft = self.generated = None
        self.problem = problem
        self.query_one("#letter-text").display = False
        wait = self.query_one("#letter-wait", Static)
        wait.display = True
        wait.update(Content(f"No letter can be prepared: {problem}"))
        self.query_one("#letter-findings", Static).update(Content(""))
        self.query_one("#letter-facts", Static).update(Content(""))
        self.say(f"No letter: {problem}")

    def _prepared(self, draft: LetterDraft, generation: int) -> None:
        if generation != self._generation or not self.is_attached:
            return
        first = self.generated is None and self.draft is None
        self.problem = ""
        self.generated = draft
        if first and self._requested is not None:
            # The fields now show the letter's own channel and language; a later change
            # of theirs is the user's.
            self._requested = replace(self._requested, channel=draft.channel, lang=draft.language)
            self._sync_fields(draft)
        if self.edited_body is not None:
            draft = edit_draft(draft, self.edited_body)
        self.show_draft(draft)
        if self.edited_body is not None:
            self.say(
                "Your edited text is kept; the check compares it with the new choices "
                "(f6 drops your edits).",
                error=False,
            )
        else:
            self.say(None)
        if first and profile_only(draft) and not self._offered_profile:
            self._offered_profile = True
            self.offer_profile()

    def _sync_fields(self, draft: LetterDraft) -> None:
        self.query_one("#channel", ChoiceField).select(draft.channel)
        self.query_one("#language", ChoiceField).select(draft.language)
        self._channel_shown(draft.channel)

    def show_draft(self, draft: LetterDraft) -> None:
        self.draft = draft
        self.query_one("#letter-wait").display = False
        text = self.query_one("#letter-text", Markdown)
        text.display = True
        text.update(draft.text)
        facts = self.query_one("#letter-facts", Static)
        facts.update(draft_facts(draft, self.today))
        findings = self.query_one("#letter-findings", Static)
        findings.update(findings_content(draft.findings, profile_key=PROFILE_KEY))
        covered = len(draft.case_ids)
        title = f"{kind_name(draft.kind).capitalize()} · {self.case.id}"
        if covered > 1:
            title += f" and {covered - 1} more"
        edited = " · edited" if self.edited_body is not None else ""
        self.query_one(TitleBar).set(title, f"preview{edited}")

    @on(Field.Changed)
    def _field_changed(self, event: Field.Changed) -> None:
        self.say(None)
        if event.field.id == "channel":
            self._channel_shown(event.field.value)
        if event.field.id == "tracking":
            return  # not in the letter
        if event.field.id == "sent-on":
            self.query_one("#deadline", DateField).revalidate()
        self.request()

    def _channel_shown(self, channel: Channel | None) -> None:
        self.query_one("#tracking").display = channel is Channel.REGISTERED
        self.refresh_bindings()  # ctrl+s sends when the channel is e-mail

    def sends(self) -> bool:
        """Does ctrl+s e-mail the letter (channel e-mail, an SMTP server set up)?"""
        if not self.is_mounted or not configured(self.profile):
            return False
        return self.query_one("#channel", ChoiceField).value is Channel.EMAIL

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            return self.sends()
        if action == "record":
            return not self.sends()
        return True

    # ------------------------------------------------------------------ status

    def say(self, message: str | None, *, error: bool = True) -> None:
        status = self.query_one("#letter-status", Static)
        status.update(Content(message or ""))
        status.set_class(bool(message), "-shown")
        status.set_class(error, "-error")

    def _ready(self) -> LetterDraft | None:
        """The draft, or None after saying why there is none yet."""
        if self.draft is None:
            self.say(
                "Still preparing the letter…" if not self.problem else f"No letter: {self.problem}"
            )
            return None
        if self.busy or self.options() != self._requested:
            self.say("The letter is being prepared again with your changes…", error=False)
            return None
        return self.draft

    def _refuse_blocked(self, draft: LetterDraft, what: str) -> None:
        reasons = "; ".join(in_app(f.message) for f in draft.blocks)
        self.say(f"Not {what}: {reasons}")
        self.app.bell()

    # ------------------------------------------------------------------ recording

    @work(exclusive=True, group="letter-record")
    async def action_record(self) -> None:
        draft = self._ready()
        if draft is None:
            return
        if draft.blocked:
            self._refuse_blocked(draft, "recorded")
            if profile_only(draft):
                self.offer_profile()
            return
        tracking = self.query_one("#tracking", TextField)
        if draft.channel is Channel.REGISTERED and not tracking.check():
            tracking.focus_control()
            self.say("A registered letter needs its tracking number (on the receipt).")
            self.app.bell()
            return
        number = tracking.value if draft.channel is Channel.REGISTERED else ""
        if not self.case_app.can_write():  # read-only: it says why
            self.say("Read-only: the letter cannot be recorded here (f4 saves a copy).")
            return
        confirm = Confirm(
            record_question(draft, number, self.case.currency), yes="Record", no="Not yet"
        )
        if not await self.app.push_screen_wait(confirm):
            self.say("Not recorded.", error=False)
            return
        ledger = self.case_app.ledger
        received = None
        if receipt_question(ledger, draft):  # Dutch law: the demand counts from its receipt
            answer = await self.app.push_screen_wait(
                ReceiptForm(draft.sent_on, self.today, draft.channel)
            )
            if answer is None:
                self.say("Not recorded.", error=False)
                return
            received = answer.received
        self.say("Recording…", error=False)

        window = self.profile.window_side

        def record() -> tuple[CaseState, ...] | str:
            try:
                # A registered letter keeps its PDF (the one printed) as evidence.
                proof = registered_proof(ledger, draft, window=window)
                return record_letter(ledger, draft, tracking=number, proof=proof, received=received)
            except InputError as error:  # the case changed since: prepare again
                return str(error)

        self.case_app.write(record, partial(self._recorded, draft, number))

    @work(exclusive=True, group="letter-record")
    async def action_send(self) -> None:
        """ctrl+s with channel e-mail: send through the SMTP server, then record."""
        draft = self._ready()
        if draft is None:
            return
        problems = send_problems(draft)
        if problems:
            self.say("Not sent: " + "; ".join(in_app(problem) for problem in problems))
            self.app.bell()
            if profile_only(draft):
                self.offer_profile()
            return
        if not self.case_app.can_write():
            self.say("Read-only: the letter cannot be sent and recorded here.")
            return
        try:
            settings = smtp_settings(self.profile)
            outgoing = compose(draft, settings, window=self.profile.window_side, now=_now(self))
        except CasetuiError as error:
            self.say(f"Not sent: {error}")
            return
        go, password = await smtp_password(self.app, settings)
        if not go:
            self.say("Not sent.", error=False)
            return
        question = Content("\n").join(
            [
                Content.from_markup(
                    "E-mail this [b]$kind[/b] to $name and record it?",
                    kind=kind_name(draft.kind),
                    name=draft.customer.name,
                ),
                Content(""),
                Content(f"To        {', '.join(outgoing.to)}"),
                Content(f"From      {settings.sender} via {settings.host}"),
                Content(f"Subject   {outgoing.subject}"),
                Content(f"Attached  the letter as PDF ({len(outgoing.data) // 1024} KB message)"),
            ]
        )
        if not await self.app.push_screen_wait(Confirm(question, yes="Send", no="Not yet")):
            self.say("Not sent.", error=False)
            return
        self.say(f"Sending to {', '.join(outgoing.to)}…", error=False)
        ledger = self.case_app.ledger
        # Dutch law: the e-mail counts from the day it reached the debtor, which nobody
        # knows while sending; the toast says to record it (L on the case) once known.
        receipt = receipt_question(ledger, draft)

        def send() -> Sent | str:
            try:
                with connect(self.app, settings, password) as server:
                    return send_letter(ledger, draft, outgoing, server)
            except CasetuiError as error:
                return str(error)

        self.case_app.write(send, partial(self._sent, draft, receipt))

    def _sent(self, draft: LetterDraft, receipt: bool, result: Sent | str) -> None:
        if isinstance(result, str):
            self.notify(result, title="Not sent", severity="error", markup=False, timeout=10)
            if self.is_attached:
                self.say(f"Not sent, nothing recorded: {result}")
            return
        message = f"Sent to {result.proof.recipient} and recorded. " + recorded_message(
            draft, "", result.states[0]
        )
        for address, why in result.refused:
            message += f" {address} refused: {why}."
        if receipt:
            message += " Under Dutch law it counts from the day it reached them: L records it."
        self.notify(message, title="Letter e-mailed", markup=False, timeout=8)
        if self.is_attached:
            self.dismiss(result.states)

    def _recorded(
        self, draft: LetterDraft, tracking: str, result: tuple[CaseState, ...] | str
    ) -> None:
        if isinstance(result, str):
            self.notify(result, title="Not recorded", severity="error", markup=False)
            if self.is_attached:
                self.say(f"Not recorded: {result}")
                self.draft = None
                self.request(force=True)
            return
        states = result
        message = recorded_message(draft, tracking, states[0])
        self.notify(message, title="Letter recorded", markup=False, timeout=8)
        if self.is_attached:
            self.dismiss(states)

    # ------------------------------------------------------------------ editing

    def action_edit(self) -> None:
        draft = self._ready()
        if draft is None:
            return
        title = f"Edit the {kind_name(draft.kind)} · {draft.case_ids[0]}"
        self.app.push_screen(LetterEditor(draft.body, title), self._edited)

    def _edited(self, body: str | None) -> None:
        if body is None or self.draft is None:
            return
        if body == self.draft.body:
            self.say("The text is unchanged.", error=False)
            return
        self.apply_body(body)

    def apply_body(self, body: str) -> None:
        """The user's text replaces the letter's; the check runs again on it."""
        assert self.draft is not None
        self.edited_body = body
        self.show_draft(edit_draft(self.draft, body))
        blocked = self.draft.blocked
        self.say(
            "Edited. " + ("The check blocks it now: see the check." if blocked else "Checked."),
            error=blocked,
        )

    def action_external_edit(self) -> None:
        """f3: the text in `$EDITOR` while the app steps aside."""
        draft = self._ready()
        if draft is None:
            return
        name = f"{draft.case_ids[0]}-{draft.kind.value}.md"
        edited = edit_externally(self.app, draft.body, name)
        self.refresh()
        if edited is None:
            return
        if edited.rstrip("\n") == draft.body.rstrip("\n"):
            self.say("The text is unchanged.", error=False)
            return
        self.apply_body(edited)

    def action_reset(self) -> None:
        if self.edited_body is None or self.generated is None:
            self.say("Nothing to drop: the text is the letter's own.", error=False)
            return
        self.edited_body = None
        self.show_draft(self.generated)
        self.say("Your edits are dropped.", error=False)

    # ------------------------------------------------------------------ copies, profile

    def action_save_copy(self) -> None:
        draft = self._ready()
        if draft is None:
            return
        if draft.blocked:
            self._refuse_blocked(draft, "saved")
            return
        folder = self.case_app.export_dir
        self.app.push_screen(CopyFormat(_tilde(folder)), partial(self._copy, draft, folder))

    def _copy(self, draft: LetterDraft, folder: Path, fmt: str | None) -> None:
        if fmt:
            self._write_copy(draft, fmt, folder, self.profile.window_side)

    @work(thread=True, exclusive=True, group="letter-copy", exit_on_error=False)
    def _write_copy(self, draft: LetterDraft, fmt: str, folder: Path, window: str) -> None:
        app = self.app
        target = folder / copy_name(draft, fmt)
        try:
            data: str | bytes
            if fmt == "pdf":
                data = render_pdf(draft, window=window)
            elif fmt == "eml":
                settings = smtp_settings(self.profile, server=False)
                data = compose(draft, settings, window=window, now=_now(self)).data
            else:
                data = render_draft(draft, fmt, window=window)
            write_user_file(target, data, ledgers=[self.case_app.ledger.path], make_folders=True)
        except CasetuiError as error:
            app.call_from_thread(
                app.notify, f"Not saved: {error}", title="Copy", severity="error", markup=False
            )
            return
        app.call_from_thread(
            app.notify, f"Saved a copy to {_tilde(target)}", title="Copy", markup=False
        )

    def action_profile(self) -> None:
        from casetui.tui.forms.profile import edit_profile

        draft = self.draft
        codes = [f.code for f in draft.blocks] if draft is not None else []
        focus = next((PROFILE_FIELDS[code] for code in codes if code in PROFILE_FIELDS), None)
        edit_profile(self.app, self._profile_saved, focus=focus)

    @work(exclusive=True, group="letter-offer")
    async def offer_profile(self) -> None:
        draft = self.draft
        if draft is None:
            return
        lines = [Content("This letter cannot be sent yet:")]
        lines += [Content(f"- {in_app(f.message)}") for f in draft.blocks]
        lines += [Content(""), Content("Fill in your business profile now?")]
        question = Content("\n").join(lines)
        if await self.app.push_screen_wait(Confirm(question, yes="Fill in", no="Not now")):
            self.action_profile()

    def _profile_saved(self, profile: Profile) -> None:
        if not self.is_attached:
            return
        self.profile = profile
        self.draft = None
        self.request(force=True)

    # ------------------------------------------------------------------ leaving

    def action_toggle_help(self) -> None:
        self.case_app.action_toggle_help()

    def action_scroll(self, direction: str) -> None:
        view = self.query_one("#letter-view", VerticalScroll)
        view.scroll_down() if direction == "down" else view.scroll_up()

    @work(exclusive=True, group="letter-cancel")
    async def action_cancel(self) -> None:
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
            return
        if self.edited_body is not None:
            question = "Close the preview and drop your edits? Nothing is recorded."
            if not await self.app.push_screen_wait(Confirm(question, yes="Close", no="Stay")):
                return
        self.dismiss(None)


def _now(screen: LetterScreen) -> datetime:
    """The e-mail's Date: now, on the app's day (which tests and demos pretend)."""
    now = datetime.now(UTC)
    return datetime.combine(screen.today, now.time(), UTC)


def _tilde(path: Path) -> str:
    home = Path.home()
    try:
        return f"~/{path.relative_to(home)}"
    except ValueError:
        return str(path)
