"""Control characters made visible, for every place text reaches a terminal.

Names, invoice numbers and notes are stored as typed (and imported files can carry
anything): `ESC[2J` in a customer's name would clear the screen, an OSC 52 sequence would
set the user's clipboard, a lone CR would overwrite the line. Wherever such text is shown,
each control character becomes a visible stand-in of its own:

- C0 (U+0000 to U+001F): the Unicode control pictures, `␛` for ESC, `␍` for CR...;
  line feed and tab stay where the text may break lines or tabulate (`keep`);
- DEL (U+007F): `␡`;
- C1 (U+0080 to U+009F, e.g. the one-character CSI U+009B): written as `\\x9b`.

The ledger and `--json` keep the text as typed; this is for the edges (the CLI's text
output, the app's screen).
"""

from __future__ import annotations

import re
from functools import cache

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_C1 = {code: f"\\x{code:02x}" for code in range(0x80, 0xA0)}


@cache
def _table(keep: str) -> dict[int, str]:
    table = _PICTURES | _C1
    for char in keep:
        table.pop(ord(char), None)
    return table


@cache
def _finder(keep: str) -> re.Pattern[str]:
    """Finds any character of `_table(keep)`."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_table(keep))) + "]")


def show_controls(text: str, *, keep: str = "\n\t") -> str:
    """`text` with every control character except those in `keep` made visible."""
    # `translate` is quick over ASCII text only (CPython caches a table for it); over
    # accented names and euro signs it looks each character up, a scan in C is faster.
    if not text.isascii() and _finder(keep).search(text) is None:
        return text  # nearly always: nothing to show
    return text.translate(_table(keep))


def has_controls(text: str, *, keep: str = "\n\t") -> bool:
    return _finder(keep).search(text) is not None
