"""One case: who owes what, the ladder, the next action and why, the claim as of today, and
the timeline. Every verb of the daily review is one key here; forms come back with events
and this screen appends them (through `CaseApp.write`, in the writer thread).

`]` and `[` walk the list the case was opened from, so the morning review is: open, act,
next, until the list is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, HelpPanel, Static

from casetui.claims import claim_before_settlement, claim_for_case, settlement_words
from casetui.describe import headline
from casetui.errors import CasetuiError
from casetui.export import export_filename, history_markdown
from casetui.limitation.cases import case_limitation, why_no_limitation
from casetui.model import Attached, Customer, Event, Reopened
from casetui.rules import closed_case_refuses
from casetui.store.owned import evidence_dir
from casetui.timeline import CaseState
from casetui.tui.forms import (
    CallForm,
    CloseForm,
    Confirm,
    DisputeForm,
    LimitationForm,
    NoteForm,
    PaymentForm,
    PromiseForm,
    SnoozeForm,
    StageForm,
)
from casetui.tui.forms.base import CaseForm
from casetui.tui.text import long_date
from casetui.tui.widgets import case_parts as parts
from casetui.tui.widgets.chrome import ReadOnlyBanner, TitleBar
from casetui.tui.widgets.keybar import KeyBar
from casetui.tui.widgets.timeline import TimelineTable
from casetui.userfiles import write_user_file

if TYPE_CHECKING:
    from casetui.dossier.attach import Attaching
    from casetui.law import Claim
    from casetui.ledger import Ledger
    from casetui.limitation import Limitation
    from casetui.store.chain import ChainProblem
    from casetui.tui.app import CaseApp
    from casetui.tui.forms import CaseEdit
    from casetui.tui.forms.attach import AttachRequest

# The event each verb records, for the closed-case rule (`rules.closed_case_refuses`).
_RECORDS = {
    "call": "call",
    "promise": "promise",
    "dispute": "dispute",
    "settle": "settled",
    "snooze": "snooze",
    "advance": "letter",
    "letter": "letter",
    "stage": "stage",
    "limitation": "acknowledged",  # L: a receipt, an acknowledgment, a court claim
}

# Every verb that writes to the case: none of them on a case whose history does not match
# what was written (the ledger would refuse the write; the key is shown dimmed instead).
_WRITES = frozenset({*_RECORDS, "note", "payment", "close", "edit", "undo"})


class CaseScreen(Screen[str]):
    """A case. Dismisses with the id of the case shown last (after `]`/`[` walks)."""

    AUTO_FOCUS = "#timeline"
    HELP = """\
## Case

Everything about one invoice. Act with one key; each action is saved at once and can be
undone with **u** (repeatedly; nothing is ever deleted, undone entries stay struck through);
undoing what was recorded before you opened the app asks first; **ctrl+r** redoes.

- **]** / **[**: next / previous case of the list you came from.
- **enter** on a timeline entry shows it in full (a letter as it was sent).
- **a** prepares the next letter of the ladder, **l** a letter of any kind: you see it
  with its check first, **ctrl+s** records it as sent. **A** sets the stage by hand.
- On a closed case, what it no longer takes (calls, promises, letters, snoozes) says so
  when pressed; **w** reopens it. Payments and notes are still recorded.
- **i**: the claim worksheet (interest periods, rates, legal basis) and the limitation:
  the last day to act before the claim may be time-barred, the chain of articles, risks.
  Estimated, conservative: take advice close to the date.
- **L** records what keeps a claim alive: a letter received, the debtor's acknowledgment,
  a court claim.
- **x**: export the case history as Markdown; **X** the case's bundle for a lawyer (a zip
  with the history, every letter as PDF, the attachments and evidence, and a manifest of
  checksums: `casetui verify --bundle` checks it).
- **f**: attach a file (the invoice, the terms, a proof of posting); **enter** on it shows
  its details, **o** there opens it with your system's viewer.
"""
    # The key bar shows the `show=True` keys in this order, as many as fit the width: the
    # verbs of the morning round first, `]` to walk on, then the rest.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "call", "Call", id="case.call", tooltip="Log a call"),
        Binding("p", "payment", "Payment", id="case.payment", tooltip="Record a payment"),
        Binding(
            "a",
            "advance",
            "Next letter",
            id="case.advance",
            tooltip="Prepare the next letter of the ladder",
        ),
        Binding("s", "snooze", "Snooze", id="case.snooze", tooltip="Set the next action date"),
        Binding("right_square_bracket", "walk(1)", "Next case", id="case.next"),
        Binding("u", "undo", "Undo", id="case.undo", tooltip="Undo the last action on this case"),
        Binding("ctrl+r", "redo", "Redo", id="case.redo", show=False, tooltip="Undo the undo"),
        Binding("P", "promise", "Promise", id="case.promise", tooltip="Record a promise to pay"),
        Binding("n", "note", "Note", id="case.note", tooltip="Add a note"),
        Binding("d", "dispute", "Dispute", id="case.dispute", tooltip="Open or settle"),
        Binding("w", "close", "Close or reopen", id="case.close", tooltip="Paid, settled..."),
        Binding("l", "letter", "Letter", id="case.letter", show=False, tooltip="Any kind"),
        Binding(
            "A", "stage", "Set stage", id="case.stage", show=False, tooltip="By hand, with a note"
        ),
        Binding("e", "edit", "Edit", id="case.edit", show=False, tooltip="Invoice or customer"),
        Binding(
            "x", "export", "Export", id="case.export", show=False, tooltip="History as Markdown"
        ),
        Binding(
            "X",
            "bundle",
            "Export bundle",
            id="case.bundle",
            show=False,
            tooltip="A zip for a lawyer: history, letters, attachments, manifest",
        ),
        Binding(
            "f",
            "attach",
            "Attach file",
            id="case.attach",
            show=False,
            tooltip="An invoice, the terms, a proof of posting...",
        ),
        Binding(
            "i",
            "worksheet",
            "Claim worksheet",
            id="case.worksheet",
            show=False,
            tooltip="Interest periods, rates, legal basis and limitation",
        ),
        Binding(
            "L",
            "limitation",
            "Limitation event",
            id="case.limitation",
            show=False,
            tooltip="A letter received, an acknowledgment, a court claim",
        ),
        Binding(
            "S",
            "settle",
            "Settlement or plan",
            id="case.settle",
            show=False,
            tooltip="Agree a settlement or payment plan, or end the one in force",
        ),
        Binding("D", "debtor", "Debtor", id="case.debtor", show=False, tooltip="All their cases"),
        Binding("left_square_bracket", "walk(-1)", "Previous case", id="case.previous", show=False),
        Binding("escape", "back", "Back", id="case.back", show=False),
        # q leaves the case as on a pager (back to the list, where q quits).
        Binding("q", "back", "Back to the list", id="case.quit", show=False),
    ]

    def __init__(self, case_id: str, walk: Sequence[str] | None = None) -> None:
        super().__init__()
        # The list `]` and `[` walk: the one the case was opened from. None: opened on its
        # own (from the bank screen), where there is no list to walk.
        self.listed = walk is not None
        self.walk = tuple(walk or ()) or (case_id,)
        self.case_id = case_id
        # The cases shown during this walk, in order: back on the list, the cursor goes to
        # the first case not seen yet (acted-on cases may have left the list).
        self.visited: list[str] = []
        self.state: CaseState | None = None
        self.claim: Claim | None = None
        self.claim_problem = ""
        self.limitation: Limitation | None = None
        self._shown: dict[str, Content] = {}
        self._applies: tuple[bool, bool] | None = None
        self._damaged = False  # its history does not match what was written

    # ------------------------------------------------------------------ building

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    @property
    def ledger(self) -> Ledger:
        return self.case_app.ledger

    def compose(self) -> ComposeResult:
        yield TitleBar("Case", "")
        yield ReadOnlyBanner(self.case_app.readonly_reason)
        yield Static(id="integrity")
        with Horizontal(id="facts"):
            yield Static(id="who")
            yield Static(id="money")
        yield Static(id="ladder")
        yield Static(id="next")
        yield Static(id="claim")
        yield Static(id="limitation")
        yield TimelineTable(id="timeline")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_case(*self._read(self.case_id))

    def _read(self, case_id: str) -> tuple[CaseState, list[ChainProblem]]:
        """The case, even when its history does not match its hash chain: it is shown,
        with what does not match, and takes no writes (the ledger refuses them)."""
        return self.ledger.case_despite_problems(case_id)

    def others_wrote(self, changed: frozenset[str] | None) -> None:
        """Another casetui wrote to the ledger: if to this case, show it as it is now."""
        if changed is None or self.case_id in changed:
            self.show_case(*self._read(self.case_id))

    def show_case(
        self,
        state: CaseState,
        problems: Sequence[ChainProblem] = (),
        *,
        keep_event: str | None = None,
    ) -> None:
        """Show `state` (after opening, walking or a write)."""
        self._show_integrity(state.id, problems)
        self.state = state
        self.case_id = state.id
        if state.id not in self.visited:
            self.visited.append(state.id)
        today = self.case_app.today
        customer = self.ledger.customer(state.customer_id)
        self.claim, self.claim_problem = None, ""
        if state.closed is None:
            try:
                self.claim = claim_for_case(
                    state, customer, today, self.case_app.profile.claim_terms()
                )
            except CasetuiError as error:
                self.claim_problem = str(error)
        settled = self._settled_words(state, customer) if state.closed is None else ""
        limitation_problem = ""
        self.limitation = None
        if state.closed is None:
            policy = self.ledger.policy
            try:
                self.limitation = case_limitation(state, customer, policy, today)
            except CasetuiError as error:
                limitation_problem = f"not estimated: {error}"
            if self.limitation is None and not limitation_problem:
                limitation_problem = why_no_limitation(state, customer, policy)
        position = self.walk.index(state.id) + 1 if state.id in self.walk else 0
        where = f"{position:,} of {len(self.walk):,} · " if self.listed and position else ""
        self.query_one(TitleBar).set(
            f"Case {state.id} · invoice {state.invoice}", where + long_date(today)
        )
        self._set("#who", parts.who_part(customer))
        self._set("#money", parts.money_part(state, today))
        self._set("#ladder", parts.ladder_part(state))
        self._set("#next", parts.next_part(state, today))
        self._set("#claim", parts.claim_part(state, self.claim, self.claim_problem, settled))
        lead = max(self.ledger.policy.limitation_lead_days, default=0)
        self._set(
            "#limitation",
            parts.limitation_part(state, self.limitation, limitation_problem, today, lead),
        )
        self.query_one(TimelineTable).show_events(
            state.timeline(), state.currency, state.voided_ids, keep=keep_event
        )
        # Which keys apply (check_action) depends on these; the key line follows.
        applies = (state.closed is None, self.claim is not None or self.limitation is not None)
        if applies != self._applies:
            self._applies = applies
            self.refresh_bindings()

    def _show_integrity(self, case_id: str, problems: Sequence[ChainProblem]) -> None:
        """A history that does not match what was written says so, first thing."""
        part = self.query_one("#integrity", Static)
        resealed = self.ledger.resealed(case_id)
        if problems:
            first = problems[0]
            where = f"event #{first.event_id} " if first.event_id else ""
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            text = Content.from_markup(
                "[b]Tamper check failed:[/b] $where$what$more. This case takes no changes: "
                "restore a backup (casetui backups, casetui restore) or, if the file was "
                "edited on purpose, casetui reseal.",
                where=where,
                what=first.what,
                more=more,
            )
        elif resealed:
            events = ", ".join(f"#{number}" for number in resealed)
            text = Content(
                f"History changed outside casetui and accepted by casetui reseal (the link "
                f"to event {events})."
            )
        else:
            text = Content("")
        part.update(text)
        if bool(problems) != self._damaged:
            self._damaged = bool(problems)
            self.refresh_bindings()
        part.set_class(bool(problems), "-broken")
        part.set_class(bool(resealed) and not problems, "-resealed")
        part.display = bool(problems or resealed)

    def _set(self, selector: str, content: Content) -> None:
        """Update a part only when it changed: an update can mean a new layout."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            self.query_one(selector, Static).update(content)

    # ------------------------------------------------------------------ which keys apply

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.state is None:
            return True
        if self._damaged and action in _WRITES:
            return None  # shown dimmed: the case takes no changes (see #integrity)
        # The verbs a closed case refuses stay active: pressed, they say why (`_refused`);
        # the key bar leaves them out (`key_hint`).
        if action == "worksheet" and self.claim is None and self.limitation is None:
            return None
        return True

    def key_hint(self, action: str, description: str) -> str | None:
        """What the key bar says for a key here; None leaves it out."""
        state = self.state
        closed = state is not None and state.closed is not None
        name = action.split("(")[0]
        if closed and self._closed_refuses(name):
            return None
        if name == "close":
            return "Reopen" if closed else "Close"
        if name == "walk" and not self.listed:
            return None
        return description

    @staticmethod
    def _closed_refuses(verb: str) -> bool:
        kind = _RECORDS.get(verb)
        return kind is not None and closed_case_refuses(kind)

    def _refused(self, verb: str) -> bool:
        """On a closed case, a verb it refuses says why (and how to reopen) instead of
        doing nothing; True when refused."""
        state = self.state
        if state is None or state.closed is None or not self._closed_refuses(verb):
            return False
        reason = state.closed.reason.value.replace("-", " ")
        reopen = next(
            (
                self.app.get_key_display(active.binding)
                for active in self.active_bindings.values()
                if active.binding.action == "close"
            ),
            "w",
        )
        self.notify(
            f"{state.id} is closed ({reason} on {state.closed.day}): {reopen} reopens it.",
            severity="warning",
            markup=False,
        )
        return True

    def _settled_words(self, state: CaseState, customer: Customer) -> str:
        """What a settlement in force gave up of the claim on its day (`claims`)."""
        if state.settlement is None or state.settlement.lapsed is not None:
            return ""
        try:
            before = claim_before_settlement(state, customer, self.case_app.profile.claim_terms())
        except CasetuiError:
            before = None
        return settlement_words(state, before)

    # ------------------------------------------------------------------ forms and writes

    def _ask(self, form_class: type[CaseForm], verb: str = "") -> None:
        """Open one of the forms on this case; what it returns is appended."""
        if self._refused(verb) or not self.case_app.can_write() or self.state is None:
            return
        customer = self.ledger.customer(self.state.customer_id)
        form = form_class(
            self.state,
            self.case_app.today,
            customer=customer,
            policy=self.ledger.policy,
            owed_today=self.claim.total if self.claim is not None else None,
        )
        self.app.push_screen(form, self.record)

    def record(self, action: Sequence[Event] | None) -> None:
        """Append a form's events (one action, one undo step) to this case."""
        if not action:
            return
        ledger, case_id, events = self.ledger, self.case_id, tuple(action)
        # The case as shown (read despite a broken chain: the write itself is refused then).
        currency = self.state.currency if self.state is not None else ledger.row(case_id).currency
        what = ", ".join(headline(event, currency) for event in events)
        self.case_app.write(
            lambda: ledger.append(case_id, *events), partial(self._saved, f"{case_id}: {what}")
        )

    def _saved(self, message: str, state: CaseState) -> None:
        self.notify(message, title="Saved", markup=False)
        if self.is_attached and state.id == self.case_id:
            self.show_case(state)

    def action_call(self) -> None:
        self._ask(CallForm, "call")

    def action_note(self) -> None:
        self._ask(NoteForm)

    def action_payment(self) -> None:
        self._ask(PaymentForm)

    def action_promise(self) -> None:
        self._ask(PromiseForm, "promise")

    def action_dispute(self) -> None:
        self._ask(DisputeForm, "dispute")

    def action_settle(self) -> None:
        from casetui.tui.forms import SettlementForm

        self._ask(SettlementForm)

    def action_snooze(self) -> None:
        self._ask(SnoozeForm, "snooze")

    def action_stage(self) -> None:
        self._ask(StageForm, "stage")

    # Letters (screens/letter/): a = the ladder's next letter, l = any kind.
    def action_advance(self) -> None:
        from casetui.tui.screens.letter import start_letter

        if not self._refused("advance"):
            start_letter(self, choose=False)

    def action_letter(self) -> None:
        from casetui.tui.screens.letter import start_letter

        if not self._refused("letter"):
            start_letter(self, choose=True)

    def action_close(self) -> None:
        state = self.state
        if state is None or not self.case_app.can_write():
            return
        if state.closed is None:
            self._ask(CloseForm)
            return
        question = f"Reopen case {state.id} ({state.closed.reason.value.replace('-', ' ')})?"
        today = self.case_app.today

        def answered(yes: bool | None) -> None:
            if yes:
                self.record((Reopened(date=today, reason="reopened"),))

        self.app.push_screen(Confirm(question, yes="Reopen", no="Keep closed"), answered)

    def action_debtor(self) -> None:
        """The debtor of this case: details, totals and all their cases."""
        from casetui.tui.screens.debtor import DebtorScreen

        state = self.state
        if state is not None:
            name = self.ledger.customer(state.customer_id).name
            self.app.push_screen(DebtorScreen(state.customer_id, name))

    def action_edit(self) -> None:
        state = self.state
        if state is None or not self.case_app.can_write():
            return
        from casetui.tui.forms import EditForm

        customer = self.ledger.customer(state.customer_id)
        form = EditForm(state, customer, self.ledger, self.case_app.today)
        self.app.push_screen(form, self._edited)

    def _edited(self, edit: CaseEdit | None) -> None:
        if edit is None or (edit.amended is None and edit.customer is None):
            return
        ledger, case_id = self.ledger, self.case_id

        def save() -> CaseState:
            with ledger.transaction():
                if edit.customer is not None:
                    ledger.update_customer(edit.customer)
                if edit.amended is not None:
                    ledger.append(case_id, edit.amended)
            return ledger.case(case_id)

        self.case_app.write(save, partial(self._saved, f"{case_id}: edited"))

    def action_undo(self) -> None:
        if self.case_app.can_write():
            self._undo(confirmed=())

    def _undo(self, confirmed: tuple[int, ...]) -> None:
        """Undo the last action, decided in the write queue (an action saved just before
        counts). What was recorded before this session is undone only once the user has
        confirmed exactly that action (`confirmed`, its event ids)."""
        ledger, case_id, today = self.ledger, self.case_id, self.case_app.today
        before_session = self.case_app.session_start.get(case_id, 0)

        def undo() -> tuple[list[Event], CaseState] | list[Event] | None:
            last = ledger.last_action(case_id)
            if not last:
                return None
            ids = tuple(event.id for event in last)
            if ids != confirmed and last[0].id <= before_session:
                return last  # ask first
            return ledger.undo(case_id, today)

        self.case_app.write(undo, self._undone)

    def _ask_to_undo(self, last: list[Event]) -> None:
        # Undo walks back into history: before cancelling what was recorded before this
        # session (a note from last month), say what it is and ask.
        state = self.state
        currency = state.currency if state is not None else ""
        what = ", ".join(headline(event, currency) for event in last)
        question = (
            f"Undo on {self.case_id}: {what}, dated {last[0].date}? It was recorded before "
            "you opened casetui (ctrl+r redoes it)."
        )
        ids = tuple(event.id for event in last)

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo(confirmed=ids)

        self.app.push_screen(Confirm(question, yes="Undo it", no="Keep it"), answered)

    def action_redo(self) -> None:
        if not self.case_app.can_write():
            return
        ledger, case_id, today = self.ledger, self.case_id, self.case_app.today

        def redo() -> tuple[list[Event], CaseState] | None:
            if ledger.undone_action(case_id) is None:
                return None
            return ledger.redo(case_id, today)

        self.case_app.write(redo, self._redone)

    def _redone(self, result: tuple[list[Event], CaseState] | None) -> None:
        if result is None:
            self.notify(
                f"Nothing to redo on {self.case_id}: redo follows an undo, before anything "
                "new is recorded.",
                severity="warning",
                markup=False,
            )
            return
        events, state = result
        what = ", ".join(headline(event, state.currency) for event in events)
        self.notify(f"Redone on {state.id}: {what}", title="Redo", markup=False)
        if self.is_attached and state.id == self.case_id:
            self.show_case(state)

    def _undone(self, result: tuple[list[Event], CaseState] | list[Event] | None) -> None:
        if result is None:
            self.notify(f"Nothing to undo on {self.case_id}.", severity="warning", markup=False)
            return
        if isinstance(result, list):
            self._ask_to_undo(result)
            return
        events, state = result
        what = ", ".join(headline(event, state.currency) for event in events)
        self.notify(f"Undone on {state.id}: {what}", title="Undo", markup=False)
        if self.is_attached and state.id == self.case_id:
            self.show_case(state)

    # ------------------------------------------------------------------ export and views

    def action_export(self) -> None:
        state = self.state
        if state is None:
            return
        customer = self.ledger.customer(state.customer_id)
        self._export(state, customer, self.case_app.export_dir)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, state: CaseState, customer: Customer, folder: Path) -> None:
        app = self.case_app
        try:
            target = export_history(app, state, customer, folder)
        except CasetuiError as error:
            app.call_from_thread(
                app.notify,
                f"Export failed: {error}",
                title="Export",
                severity="error",
                markup=False,
            )
            return
        app.call_from_thread(
            app.notify, f"Exported {state.id} to {_tilde(target)}", title="Export", markup=False
        )

    def action_bundle(self) -> None:
        if self.state is not None:
            self._export_bundle(self.state.id, self.case_app.export_dir)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_bundle(self, case_id: str, folder: Path) -> None:
        """The bundle in a worker: setting the letters as PDF takes a moment."""
        from casetui.dossier.bundle import case_bundle

        app = self.case_app
        target = folder / export_filename(app.ledger.case(case_id), "zip")
        try:
            bundle = case_bundle(app.ledger, [case_id], profile=app.profile, today=app.today)
            write_user_file(target, bundle.to_zip(), ledgers=[app.ledger.path], make_folders=True)
        except CasetuiError as error:
            app.call_from_thread(
                app.notify,
                f"Export failed: {error}",
                title="Export",
                severity="error",
                markup=False,
            )
            return
        left_out = (
            f"; {len(bundle.missing)} kept file(s) missing or changed" if bundle.missing else ""
        )
        app.call_from_thread(
            app.notify,
            f"Bundle of {case_id} saved to {_tilde(target)}{left_out}",
            title="Export",
            severity="warning" if bundle.missing else "information",
            markup=False,
        )

    def action_worksheet(self) -> None:
        if (self.claim is None and self.limitation is None) or self.state is None:
            return
        from casetui.tui.screens.views import WorksheetScreen

        self.app.push_screen(
            WorksheetScreen(
                self.state,
                self.claim,
                self.limitation,
                claim_problem=self.claim_problem,
                today=self.case_app.today,
            )
        )

    def action_limitation(self) -> None:
        self._ask(LimitationForm, "limitation")

    # ------------------------------------------------------------------ attachments

    def action_attach(self) -> None:
        state = self.state
        if state is None or not self.case_app.can_write():
            return
        from casetui.dossier.attach import MB
        from casetui.tui.forms.attach import AttachForm

        customer = self.ledger.customer(state.customer_id)
        limit = self.case_app.profile.attach_limit_mb * MB
        self.app.push_screen(
            AttachForm(state, customer, limit), partial(self._keep_attachment, limit)
        )

    def _keep_attachment(self, limit: int, request: AttachRequest | None) -> None:
        """Keep and record the file in the writer thread (it may be large)."""
        if request is None:
            return
        from casetui.dossier.attach import attach_files

        ledger, case_id, today = self.ledger, self.case_id, self.case_app.today

        def attach() -> Attaching:
            return attach_files(
                ledger,
                case_id,
                [request.path],
                category=request.category,
                note=request.note,
                today=today,
                limit=limit,
            )

        self.case_app.write(attach, self._show_attached)

    def _show_attached(self, done: Attaching) -> None:
        for event in done.attached:
            self.notify(
                f"{done.state.id}: {headline(event, done.state.currency)}",
                title="Saved",
                markup=False,
            )
        for name, event_id in done.duplicates:
            self.notify(
                f"{name} is already attached to {done.state.id} (#{event_id}); not recorded again",
                title="Attach",
                severity="warning",
                markup=False,
            )
        if self.is_attached and done.state.id == self.case_id:
            self.show_case(done.state)

    @on(DataTable.RowSelected, "#timeline")
    def _open_event(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.state is None:
            return
        chosen = next((e for e in self.state.timeline() if str(e.id) == event.row_key.value), None)
        if chosen is None:
            return
        customer = self.ledger.customer(self.state.customer_id)
        if isinstance(chosen, Attached):
            from casetui.tui.screens.attachment import AttachmentScreen

            folder = evidence_dir(self.ledger.path)
            self.app.push_screen(AttachmentScreen(self.state, customer, chosen, folder))
            return
        from casetui.tui.screens.views import EventScreen

        self.app.push_screen(EventScreen(self.state, customer, chosen))

    # ------------------------------------------------------------------ moving

    def action_walk(self, step: int) -> None:
        """`]` / `[`: the next or previous case of the list this case was opened from."""
        if not self.listed:
            self.notify("This case was opened on its own: there is no list to walk.")
            return
        position = self.walk.index(self.case_id) if self.case_id in self.walk else -1
        target = position + step
        if target < 0:
            self.notify("This is the first case of the list.", markup=False)
            return
        if target >= len(self.walk):
            today = self.case_app.today
            due = any(row.needs_action(today) for row in self.ledger.rows(include_closed=False))
            done = "All done for today." if not due else "That was the last case of the list."
            self.notify(done, markup=False)
            self.dismiss(self.case_id)
            return
        self.show_case(*self._read(self.walk[target]))

    def action_back(self) -> None:
        """escape: close help if it is open, else back to the list."""
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        else:
            self.dismiss(self.case_id)


def export_history(app: CaseApp, state: CaseState, customer: Customer, folder: Path) -> Path:
    """Write a case's history as Markdown into `folder` (the guarded writer); its path."""
    target = folder / export_filename(state)
    profile = app.profile
    text = history_markdown(
        state,
        customer,
        app.today,
        creditor=profile.name,
        terms=profile.claim_terms(),
        policy=app.ledger.policy,
    )
    write_user_file(target, text, ledgers=[app.ledger.path], make_folders=True)
    return target


def _tilde(path: Path) -> str:
    home = Path.home()
    try:
        return f"~/{path.relative_to(home)}"
    except ValueError:
        return str(path)
