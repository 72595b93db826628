"""File names from outside, made safe for where they land.

A name comes from the file system as bytes the platform decoded (on POSIX, bytes that are
not UTF-8 arrive as lone surrogates); it can hold control characters, separators, or run
to thousands of characters. Shown on a screen or written in an export it is user text; put
inside a zip it must also be a path no extractor can be tricked by (`..`, `/etc/passwd`,
`C:\\`, two names that differ only in letter case on a case-insensitive disk).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

REPLACEMENT = "\ufffd"
DISPLAY_MAX = 200  # characters of a name kept for display
ENTRY_PART_MAX = 100  # characters of one part of a zip entry name

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# In a zip entry: letters, digits, and a few marks every file system takes.
_ENTRY_UNSAFE = re.compile(r"[^\w.\- ()+,=@]", re.ASCII)
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,8}")


def display_name(raw: str) -> str:
    """The last part of `raw` as a name to show: no folders, undecodable bytes and control
    characters replaced by U+FFFD, at most `DISPLAY_MAX` characters (the extension kept)."""
    name = re.split(r"[/\\]", raw)[-1]
    name = _SURROGATE.sub(REPLACEMENT, name)
    name = _CONTROL.sub(REPLACEMENT, unicodedata.normalize("NFC", name)).strip()
    return _shorten(name, DISPLAY_MAX) or "unnamed"


def extension(name: str) -> str:
    """The extension a kept copy gets (`pdf`, `eml`): letters and digits only, lower case,
    `bin` when the name has none a viewer could go by."""
    suffix = PurePath(name).suffix.removeprefix(".")
    return suffix.lower() if _EXTENSION.fullmatch(suffix) else "bin"


def entry_part(name: str) -> str:
    """One part of a path inside a bundle: ASCII letters, digits and `. - _ ( ) + , = @`,
    never `.`/`..` or a leading dot, at most `ENTRY_PART_MAX` characters."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))  # é -> e
    ascii_name = plain.encode("ascii", "replace").decode()  # 請 -> ?, then _ below
    safe = _ENTRY_UNSAFE.sub("_", ascii_name).strip(" ")
    safe = re.sub(r"_{2,}", "_", safe).lstrip(".") or "file"
    return _shorten(safe, ENTRY_PART_MAX, mark="_")


class EntryNames:
    """Hands out entry names no two of which differ only in letter case."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._folded = {name.casefold() for name in taken}

    def claim(self, folder: str, name: str) -> str:
        """`folder/name` (or `name` at the top) made safe, with `-2`, `-3`... before the
        extension when taken."""
        safe = entry_part(name)
        stem, dot, ext = safe.rpartition(".") if "." in safe[1:] else (safe, "", "")
        prefix = f"{folder}/" if folder else ""
        candidate, number = f"{prefix}{safe}", 1
        while candidate.casefold() in self._folded:
            number += 1
            candidate = f"{prefix}{stem}-{number}{dot}{ext}"
        self._folded.add(candidate.casefold())
        return candidate


def _shorten(name: str, limit: int, mark: str = "…") -> str:
    """`name` cut to `limit` characters in the middle of its stem, `mark` showing where."""
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and len(ext) <= 16:
        return stem[: limit - len(ext) - len(mark) - 1] + mark + "." + ext
    return name[: limit - len(mark)] + mark
