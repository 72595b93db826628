"""Close a case: paid, settled or written off, with a note."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from casetui.model import Closed, CloseReason
from casetui.tui.forms.base import CaseForm, EventGroup
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.fields import Field, TextField, money_text

# reason, caption, F-key
REASONS: tuple[tuple[CloseReason, str, str], ...] = (
    (CloseReason.PAID, "Paid", "f2"),
    (CloseReason.SETTLED, "Settled", "f3"),
    (CloseReason.WRITTEN_OFF, "Written off", "f4"),
)


class CloseForm(CaseForm):
    """Closes the case for a reason. Warns when a balance is left that the reason hides."""

    FORM_TITLE = "Close the case"

    HELP = """
## Close the case

Pick why (**arrows**, or from any field):

| key | reason |
|---|---|
| F2 | paid: the money is in |
| F3 | settled: a compromise ended it |
| F4 | written off: giving up the balance |

*Paid* is chosen for you when nothing is outstanding. Closing as paid while a balance is
left is allowed but flagged: record the payment first (`p`) if the money came in.
**ctrl+s** saves, **escape** drops it.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            key,
            f"reason('{reason.value}')",
            caption,
            id=f"close.{reason.value}",
            show=False,
            priority=True,
        )
        for reason, caption, key in REASONS
    ]

    def compose_fields(self) -> ComposeResult:
        nothing_left = self.case.outstanding.amount <= 0
        yield ChoiceField(
            "Reason",
            [(reason, f"{caption} {key.upper()}") for reason, caption, key in REASONS],
            value=CloseReason.PAID if nothing_left else None,
            id="reason",
        )
        yield TextField("Note", placeholder="optional", id="note")

    def on_mount(self) -> None:
        self._reason_changed()

    def action_reason(self, value: str) -> None:
        self.query_one("#reason", ChoiceField).select(CloseReason(value))

    @on(Field.Changed, "#reason")
    def _reason_changed(self) -> None:
        field: ChoiceField[CloseReason] = self.query_one("#reason", ChoiceField)
        outstanding = self.case.outstanding.amount
        left = money_text(outstanding, self.currency)
        reason = field.value
        if reason is CloseReason.PAID and outstanding > 0:
            field.note(f"{left} is still outstanding: record the payment first (p)?", "warning")
        elif reason is CloseReason.WRITTEN_OFF and outstanding > 0:
            field.note(f"gives up the {left} still outstanding", "warning")
        elif reason is CloseReason.SETTLED and outstanding > 0:
            field.note(f"closes with {left} unpaid, as agreed", "info")
        else:
            field.note(None)

    def build(self) -> EventGroup | None:
        reason = self.query_one("#reason", ChoiceField).value
        assert isinstance(reason, CloseReason)
        note = self.query_one("#note", TextField).value
        return (Closed(date=self.today, reason=reason, note=note),)
