"""Forms: modal screens that return new events (or a new case) and never write.

Every form dismisses with a value, or `None` when cancelled (escape); the screen that
opened it appends what it returns. An `EventGroup` is the tuple of events one form records
together (one undo cancels them together).
"""

from casetui.tui.forms.base import EventGroup
from casetui.tui.forms.call import CallForm
from casetui.tui.forms.close import CloseForm
from casetui.tui.forms.confirm import Confirm
from casetui.tui.forms.debtor import DebtorForm
from casetui.tui.forms.dispute import DisputeForm, SettlementForm
from casetui.tui.forms.edit import CaseEdit, EditForm
from casetui.tui.forms.letter import CopyFormat, LetterChooser, LetterEditor
from casetui.tui.forms.limitation import LimitationForm, ReceiptAnswer, ReceiptForm
from casetui.tui.forms.new_case import NewCase, NewCaseForm
from casetui.tui.forms.note import NoteForm
from casetui.tui.forms.payment import PaymentForm
from casetui.tui.forms.profile import ProfileForm
from casetui.tui.forms.promise import PromiseForm
from casetui.tui.forms.snooze import SnoozeForm
from casetui.tui.forms.stage import StageForm

__all__ = [
    "CallForm",
    "CaseEdit",
    "CloseForm",
    "Confirm",
    "CopyFormat",
    "DebtorForm",
    "DisputeForm",
    "EditForm",
    "EventGroup",
    "LetterChooser",
    "LetterEditor",
    "LimitationForm",
    "NewCase",
    "NewCaseForm",
    "NoteForm",
    "PaymentForm",
    "ProfileForm",
    "PromiseForm",
    "ReceiptAnswer",
    "ReceiptForm",
    "SettlementForm",
    "SnoozeForm",
    "StageForm",
]
