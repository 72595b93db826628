"""Small text helpers shared by the UBL and CSV readers."""

from __future__ import annotations

import unicodedata

# Values that people type into a contact field when they have nothing to say.
_PLACEHOLDERS = frozenset(
    {"", "-", "--", "n/a", "na", "n.a.", "none", "null", "nil", "unknown", "?"}
)


def squash(text: str) -> str:
    """Collapse runs of whitespace (including CR/LF and tabs) into single spaces."""
    return " ".join(text.split())


def clean(text: str | None) -> str | None:
    """Whitespace-normalised text, or None when nothing is left."""
    if text is None:
        return None
    squashed = squash(text)
    return squashed or None


def clean_contact(text: str | None) -> str | None:
    """Like `clean`, but placeholders such as `n/a` count as missing."""
    value = clean(text)
    if value is None or value.casefold() in _PLACEHOLDERS:
        return None
    return value


def fold(text: str) -> str:
    """Case- and accent-insensitive form, for comparing words typed in several languages."""
    if text.isascii():
        return text.lower()  # the common case, and 10x faster than decomposing
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def key(text: str) -> str:
    """Letters and digits only, folded: `*Invoice #` -> `invoice`, `Date d'échéance` ->
    `datedecheance`. Used to match column headers and status words."""
    return "".join(char for char in fold(text) if char.isalnum())


def clean_lines(text: str | None) -> str | None:
    """Like `clean`, but keeps line breaks (each line squashed, empty lines dropped): free
    text such as payment terms reads differently when its lines are run together."""
    if text is None:
        return None
    lines = (squash(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line) or None
