"""Forms: modal screens that return new events (or a new case) and never write.

Every form dismisses with a value, or `None` when cancelled (escape); the screen that
opened it appends what it returns. An `Action` is the tuple of events one form records
together (one undo cancels them together).
"""

from casetui.tui.forms.base import Action
from casetui.tui.forms.call import CallForm

__all__ = ["Action", "CallForm"]
