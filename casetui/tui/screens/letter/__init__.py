"""The letter preview: `a` (the next letter of the ladder) and `l` (any kind) on a case.

- `start`: from the case to the preview (the proposal, or the kind chooser);
- `screen`: the preview itself (prepare in a thread, check, edit, record after a yes);
- `parts`: options, findings and questions in words, the settlement's payments field;
- `editor`: the text in the user's `$EDITOR`.
"""

from casetui.tui.screens.letter.screen import LetterScreen
from casetui.tui.screens.letter.start import open_letter, start_letter

__all__ = ["LetterScreen", "open_letter", "start_letter"]
