"""Log a phone call, typed while still on the line.

The form opens with `reached` chosen and the note focused: `c`, type, `ctrl+s`. The outcome
can be changed from anywhere in the form with F2..F7 (or alt+letter), so the hands never
leave the note. The next-action date follows the outcome until the user types their own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content

from casetui.model import Call, CallOutcome, Direction, DisputeOpened, Promise
from casetui.money import Money
from casetui.rules import follow_up_after_call
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.fields import AmountField, DateField, Field, FieldNote, TextAreaField

# outcome, caption, F-key, alt-key
OUTCOMES: tuple[tuple[CallOutcome, str, str, str], ...] = (
    (CallOutcome.REACHED, "Reached", "f2", "alt+r"),
    (CallOutcome.NO_ANSWER, "No answer", "f3", "alt+n"),
    (CallOutcome.VOICEMAIL, "Voicemail", "f4", "alt+v"),
    (CallOutcome.WRONG_NUMBER, "Wrong number", "f5", "alt+w"),
    (CallOutcome.PROMISED, "Promised", "f6", "alt+p"),
    (CallOutcome.DISPUTED, "Disputed", "f7", "alt+d"),
)


def _outcome_caption(caption: str, key: str) -> Content:
    return Content.from_markup("$caption [dim]$key[/dim]", caption=caption, key=key.upper())


class CallForm(CaseForm):
    """Log a call: outcome, direction, note, next action; a promise or dispute with it."""

    FORM_TITLE = "Log a call"
    AUTO_FOCUS = "#note TextArea"

    HELP = """
## Log a call

Type the note while you talk; **ctrl+s** logs the call, **escape** drops it.

Outcome keys work from any field:

| key | outcome |
|---|---|
| F2 or alt+r | reached |
| F3 or alt+n | no answer |
| F4 or alt+v | voicemail |
| F5 or alt+w | wrong number |
| F6 or alt+p | promised: also records a promise to pay |
| F7 or alt+d | disputed: also opens a dispute, the note is its reason |

**F8** or **alt+i** switches between outbound and inbound.

The *next action* date follows the outcome (no answer: next working day; reached: in a
week; promised: the day after the promised date; disputed: the ladder's dispute follow-up),
moved to your next working day (your country's public holidays), until you type your own.
Dates: `2026-03-14`, `today`, `tomorrow`, `+3d`, `+2w`, `+1m`, `fri`. Leave it empty
to let the ladder decide. **tab** moves between fields; on macOS use the F-keys or set
the terminal's Option key to act as Meta for the alt keys.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                f"{fkey},{altkey}",
                f"outcome('{outcome.value}')",
                caption,
                id=f"call.{outcome.value}",
                show=False,
                priority=True,
            )
            for outcome, caption, fkey, altkey in OUTCOMES
        ),
        Binding(
            "f8,alt+i",
            "toggle_direction",
            "Inbound or outbound",
            id="call.direction",
            show=False,
            priority=True,
        ),
    ]

    def header(self) -> Content:
        header = super().header()
        if self.customer is not None and self.customer.phone:
            header += Content.from_markup("\nphone [b]$phone[/b]", phone=self.customer.phone)
        return header

    def compose_fields(self) -> ComposeResult:
        outstanding = self.case.outstanding.amount
        yield ChoiceField(
            "Outcome",
            [(outcome, _outcome_caption(caption, key)) for outcome, caption, key, _ in OUTCOMES],
            value=CallOutcome.REACHED,
            id="outcome",
        )
        yield ChoiceField(
            "Direction",
            [
                (Direction.OUTBOUND, Content("We called")),
                (Direction.INBOUND, _outcome_caption("They called", "f8")),
            ],
            value=Direction.OUTBOUND,
            columns=2,
            id="direction",
        )
        yield TextAreaField(
            "Note",
            placeholder="what was said",
            required_message="say what they dispute: the note becomes the dispute's reason",
            id="note",
        )
        with Vertical(id="promise-group"):
            yield AmountField(
                "Promised",
                self.currency,
                value=outstanding if outstanding > 0 else None,
                describe=self._describe_promised_amount,
                id="promise_amount",
            )
            yield DateField(
                "Pay by",
                self.today,
                rule=self._not_before_today,
                hint="when they will pay: YYYY-MM-DD, +3d, fri...",
                id="promise_by",
            )
        yield DateField(
            "Next action",
            self.today,
            value=follow_up_after_call(CallOutcome.REACHED, self.today, self.policy),
            required=False,
            rule=self._not_before_today,
            hint="empty: the ladder decides when the case comes back",
            id="next_action",
        )

    def on_mount(self) -> None:
        self._outcome_changed()

    # ----------------------------------------------------------------- fields

    @property
    def outcome_field(self) -> ChoiceField[CallOutcome]:
        return self.query_one("#outcome", ChoiceField)

    @property
    def outcome(self) -> CallOutcome:
        return self.outcome_field.value or CallOutcome.REACHED

    def _not_before_today(self, day: date) -> str | None:
        if day < self.today:
            return f"{day.isoformat()} is in the past: pick today or later"
        return None

    def _describe_promised_amount(self, amount: Decimal) -> FieldNote:
        return self.share_of_balance(amount)

    # ----------------------------------------------------------------- reactions

    def action_outcome(self, value: str) -> None:
        self.outcome_field.select(CallOutcome(value))

    def action_toggle_direction(self) -> None:
        field = self.query_one("#direction", ChoiceField)
        inbound = field.value is Direction.INBOUND
        field.select(Direction.OUTBOUND if inbound else Direction.INBOUND)

    @on(Field.Changed, "#outcome")
    def _outcome_changed(self) -> None:
        outcome = self.outcome
        promised = outcome is CallOutcome.PROMISED
        self.query_one("#promise-group").display = promised
        opens_dispute = outcome is CallOutcome.DISPUTED and not self.case.disputed
        note = self.query_one("#note", TextAreaField)
        note.required = opens_dispute
        note.refresh_message()
        self.outcome_field.note(self._outcome_note(outcome), "info")
        self._propose_next_action()

    def _outcome_note(self, outcome: CallOutcome) -> str | None:
        if outcome is CallOutcome.PROMISED:
            return "also records a promise to pay: amount and date below"
        if outcome is CallOutcome.DISPUTED:
            dispute = self.case.dispute
            if dispute is not None:
                return f"already disputed since {dispute.since.isoformat()}: logs the call only"
            return "also opens a dispute: the note is its reason"
        return None

    @on(Field.Changed, "#promise_by")
    def _propose_next_action(self) -> None:
        promised_by = self.query_one("#promise_by", DateField).value
        day = follow_up_after_call(self.outcome, self.today, self.policy, promised_by)
        self.query_one("#next_action", DateField).propose_date(day)

    # ----------------------------------------------------------------- result

    def build(self) -> EventGroup | None:
        outcome = self.outcome
        direction = self.query_one("#direction", ChoiceField).value or Direction.OUTBOUND
        note = self.query_one("#note", TextAreaField).value
        call = Call(
            date=self.today,
            outcome=outcome,
            direction=direction,
            note=note,
            next_action=self.query_one("#next_action", DateField).value,
        )
        if outcome is CallOutcome.PROMISED:
            amount = self.query_one("#promise_amount", AmountField).value
            by = self.query_one("#promise_by", DateField).value
            assert amount is not None and by is not None  # both required and checked
            return (call, Promise(date=self.today, amount=Money(amount, self.currency), by=by))
        if outcome is CallOutcome.DISPUTED and not self.case.disputed:
            return (call, DisputeOpened(date=self.today, reason=note))
        return (call,)
