"""What every form shares: the dialog frame, save and cancel, and validation on save.

A form is a `ModalScreen` that dismisses with a value (new events, a new case...) or `None`
when cancelled. It never writes to the ledger: the screen that opened it appends what it
returns (DESIGN.md section 2, STYLE.md pattern 3).

Saving validates every visible field; the first invalid one gets the focus and the line
under it says what is wrong, and a status line at the bottom repeats it (the field may be
scrolled out of sight on a small terminal).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import HelpPanel, Input, Static

from casetui.ladder import DEFAULT_POLICY, LadderPolicy
from casetui.model import Customer, Event
from casetui.owed import owed
from casetui.timeline import CaseState
from casetui.tui.forms.fields import Field, FieldNote, money_text

ResultT = TypeVar("ResultT")

EventGroup = tuple[Event, ...]
"""Events recorded together: one undo cancels them together."""


def key_hints(screen: Screen[object]) -> Content:
    """`^s save · esc cancel`: the screen's own shown bindings, as remapped by a keymap."""
    keys: dict[str, list[str]] = {}  # description -> keys, in the order bindings are declared
    for cls in reversed(type(screen).__mro__):
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.show:
                keys.setdefault(binding.description.lower(), [])
    for active in screen.active_bindings.values():
        if active.node is screen and active.binding.show:
            key = screen.app.get_key_display(active.binding)
            keys.setdefault(active.binding.description.lower(), []).append(key)
    return Content(" · ".join(f"{' '.join(k)} {what}" for what, k in keys.items() if k))


class FormScreen(ModalScreen[ResultT]):
    """A dialog of fields. Subclasses set `FORM_TITLE`, compose fields and build the result."""

    FORM_TITLE: ClassVar[str] = ""
    AUTO_FOCUS = "*"  # the first field, whatever the app's own setting

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Check the fields and save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        # Only f1: `?` is a character a field may need.
        Binding("f1", "toggle_help", "Help", id="form.help", tooltip="This form's keys"),
    ]

    DEFAULT_CSS = """
    FormScreen {
        align: center middle;
        & > #form-dialog {
            width: 78;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-color: $accent;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            background: $panel;
            padding: 0 1;
            scrollbar-size-vertical: 1;
        }
        & #form-header {
            height: auto;
            margin: 0 0 1 0;
        }
        & #form-body {
            height: auto;
        }
        & Vertical {
            height: auto;
        }
        & #form-status {
            height: 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
            color: $text-error;
            display: none;
            &.-shown { display: block; }
        }
        & .form--section {
            color: $text-accent;
            text-style: bold;
            margin: 1 0 0 0;
            &:first-child { margin: 0; }
        }
        & .form--info {
            color: $text-muted;
            padding: 0 0 0 14;
        }
        & .form--warning {
            color: $text-warning;
            padding: 0 0 0 14;
        }
    }
    """

    def compose(self) -> ComposeResult:
        # One scrolling dialog (header and fields together): on a small terminal the focused
        # field scrolls into view, which a nested scroll area with an auto height won't do.
        # No Footer: the keys go on the dialog's bottom border (a Footer re-composes on every
        # focus change, which made tabbing through a form visibly slower).
        with VerticalScroll(id="form-dialog", can_focus=False) as dialog:
            dialog.border_title = Content(self.form_title())
            yield Static(self.header(), id="form-header")
            with Vertical(id="form-body"):
                yield from self.compose_fields()
            yield Static(Content(""), id="form-status")

    def on_mount(self) -> None:
        self.query_one("#form-dialog").border_subtitle = key_hints(self)

    # subclasses -----------------------------------------------------------

    def form_title(self) -> str:
        return self.FORM_TITLE

    def header(self) -> Content:
        """One or two lines above the fields saying what the form is about."""
        return Content("")

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError
        yield  # pragma: no cover

    def build(self) -> ResultT | None:
        """The value to return, once every visible field is valid.

        May return None after `self.refuse(field, message)` for a rule across fields.
        """
        raise NotImplementedError

    # shared ---------------------------------------------------------------

    def shown(self, widget: Widget) -> bool:
        """Is the widget displayed (not inside a hidden group of the form)?"""
        node: object = widget
        while isinstance(node, Widget) and node is not self:
            if not node.display:
                return False
            node = node.parent
        return True

    def visible_fields(self) -> list[Field]:
        return [field for field in self.query(Field) if self.shown(field)]

    def say(self, message: str | None) -> None:
        """Show (or clear) the status line at the bottom of the dialog."""
        status = self.query_one("#form-status", Static)
        if not message and not status.has_class("-shown"):
            return  # nothing to clear (runs on every key press)
        status.update(Content(message or ""))
        status.set_class(bool(message), "-shown")

    def refuse(self, field: Field, message: str) -> None:
        """Refuse to save because of `field`: focus it and say why."""
        field.focus_control()
        self.say(f"Not saved: {field.label.lower()}: {message}")
        self.app.bell()

    def action_save(self) -> None:
        first_invalid: Field | None = None
        for field in self.visible_fields():
            if not field.check() and first_invalid is None:
                first_invalid = field
        if first_invalid is not None:
            self.refuse(first_invalid, first_invalid.error or "invalid")
            return
        result = self.build()
        if result is not None:
            self.dismiss(result)

    def action_cancel(self) -> None:
        """escape: close the help panel if it is open, else the form, writing nothing."""
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        else:
            self.dismiss(None)

    def action_toggle_help(self) -> None:
        if self.query(HelpPanel):
            self.app.action_hide_help_panel()
        else:
            self.app.action_show_help_panel()

    @on(Field.Changed)
    def _clear_status(self) -> None:
        self.say(None)

    @on(Input.Submitted)
    def _enter_moves_on(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves to the next field, as in a paper form."""
        event.stop()
        self.focus_next()


class CaseForm(FormScreen[EventGroup | None]):
    """A form about one case: shows which case, whom and the balance above the fields.

    `customer` is optional (the contract passes only the case); when given, the header
    names the debtor and, for calls, the phone number.
    """

    def __init__(
        self,
        case: CaseState,
        today: date,
        *,
        customer: Customer | None = None,
        policy: LadderPolicy = DEFAULT_POLICY,
        owed_today: Decimal | None = None,
    ) -> None:
        super().__init__()
        self.case = case
        self.today = today
        self.customer = customer
        self.policy = policy  # the ladder of the user's profile: follow-ups, working days
        # The claim's total today (interest and costs included), when the case screen knows it.
        self.owed_today = owed_today

    def share_of_balance(self, amount: Decimal) -> FieldNote:
        """What a promised or agreed amount covers: the invoice balance, all that is owed
        today with interest and costs, or part of it (issue 18, item 7)."""
        balance = self.case.outstanding.amount
        if balance <= 0:
            return None
        owed = self.owed_today if self.owed_today and self.owed_today > balance else None
        with_claim = (
            f"; {money_text(owed, self.currency)} is owed today with interest and costs"
            if owed
            else ""
        )
        if owed is not None and amount == owed:
            return "all that is owed today, interest and costs included"
        if amount == balance:
            return "the invoice balance" + with_claim
        if amount < balance:
            return "part of the invoice balance" + with_claim
        if owed is not None and amount < owed:
            return "the invoice balance and part of the interest and costs"
        return ("more than is owed", "warning")

    @property
    def currency(self) -> str:
        return self.case.currency

    def header(self) -> Content:
        case = self.case
        parts = [
            Content.from_markup("[b]$case_id[/b]", case_id=case.id),
            Content.from_markup("invoice $invoice", invoice=case.invoice),
        ]
        if self.customer is not None:
            parts.insert(1, Content.from_markup("[b]$name[/b]", name=self.customer.name))
        line = Content("  ·  ").join(parts)
        owes = owed(case)  # nothing once closed: the stage says how it ended
        balance = money_text(owes.amount, owes.currency)
        second = Content.from_markup(
            "owes [b]$balance[/b]  ·  due $due  ·  $stage",
            balance=balance,
            due=case.due.isoformat(),
            stage=case.stage.label.lower(),
        )
        if case.disputed:
            second += Content.from_markup("  ·  [$text-warning]disputed[/]")
        if case.closed is not None:  # the stage already says "closed": say how it ended
            second += Content.from_markup(
                "  ·  [$text-warning]$how[/]", how=case.closed.reason.value.replace("-", " ")
            )
        return Content("\n").join([line, second])
