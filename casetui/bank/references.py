"""Payment references on a statement, reduced to keys that can be looked up.

A key names the scheme and the reference in its compact form: `ogm:090933755493`,
`rf:RF18539007547034`, `nl:9001123412341234`. Only references whose check digits are right
give a key: a reference that fails its check is not one (it stays plain text).

- A structured field (camt `CdtrRefInf/Ref`, CODA type 101, MT940 `/REMI/STRD/CUR/`) is
  read in any usual spelling.
- Free text is searched for the written forms: an OGM with `+++`/`***` or slashes, or as 12
  bare digits; an RF reference in one piece or in the printed groups of four; a Dutch
  16-digit betalingskenmerk.

The check rules are the core's (`casetui.identifiers`).
"""

from __future__ import annotations

import re

from casetui.identifiers import (
    is_valid_betalingskenmerk,
    is_valid_ogm,
    is_valid_rf,
    ogm_digits,
)

__all__ = ["keys_in_text", "reference_key"]

_SPACES = re.compile(r"\s+")
_OGM_FRAMED = re.compile(r"([+*]{3})\s*(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})\s*\1")
_OGM_SLASHED = re.compile(r"(?<![\d/])(\d{3})\s?/\s?(\d{4})\s?/\s?(\d{5})(?![\d/])")
_OGM_BARE = re.compile(r"(?<!\d)(\d{12})(?!\d)")
_NL_BARE = re.compile(r"(?<!\d)(\d{16})(?!\d)")
_RF_START = re.compile(r"(?<![0-9A-Z])RF\d{2}", re.IGNORECASE)
_RF_GROUP = re.compile(r"[0-9A-Za-z]{1,4}(?![0-9A-Za-z])")
_RF_RUN = re.compile(r"[0-9A-Za-z]{1,21}(?![0-9A-Za-z])")


def reference_key(text: str) -> str | None:
    """The key of a reference given on its own (a structured field, a case's reference)."""
    compact = _SPACES.sub("", text or "").upper()
    if not compact:
        return None
    if compact.startswith("RF"):
        return f"rf:{compact}" if is_valid_rf(compact) else None
    digits = ogm_digits(compact)
    if digits is not None and is_valid_ogm(digits):
        return f"ogm:{digits}"
    if compact.isdigit() and len(compact) == 16 and is_valid_betalingskenmerk(compact):
        return f"nl:{compact}"
    return None


def _rf_candidates(text: str, start: int) -> list[str]:
    """The RF reference starting at `start`: in one piece (`RF18539007547034`) or as
    printed, in groups of four after `RF` and its check digits (`RF18 5390 0754 7034`)."""
    head = text[start : start + 4].upper()
    rest = text[start + 4 :]
    if not rest.startswith(" "):
        run = _RF_RUN.match(rest)
        return [head + run[0].upper()] if run else []
    found: list[str] = []
    body = ""
    position = 0
    while len(body) < 21 and rest[position : position + 1] == " ":
        group = _RF_GROUP.match(rest, position + 1)
        if group is None:
            break
        body += group[0].upper()
        found.append(head + body)
        position = group.end()
        if len(group[0]) < 4:
            break  # only the last group may be short
    return found


def keys_in_text(text: str) -> list[str]:
    """Every valid reference written in free text, in the order found, without repeats."""
    if not text:
        return []
    keys: list[str] = []

    def add(key: str | None) -> None:
        if key and key not in keys:
            keys.append(key)

    flat = text.replace("\n", " ")
    for match in _OGM_FRAMED.finditer(flat):
        add(reference_key("".join(match.groups()[1:])))
    for match in _OGM_SLASHED.finditer(flat):
        add(reference_key("".join(match.groups())))
    for match in _OGM_BARE.finditer(flat):
        add(reference_key(match[1]))
    for match in _NL_BARE.finditer(flat):
        add(reference_key(match[1]))
    for match in _RF_START.finditer(flat):
        for candidate in reversed(_rf_candidates(flat, match.start())):
            if is_valid_rf(candidate):
                add(f"rf:{candidate}")
                break
    return keys
