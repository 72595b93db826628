"""The canonical encoding every checksum and hash is taken over.

Canonical JSON here is what `json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)` gives, encoded as UTF-8: keys sorted, no whitespace, non-ASCII text as
is, control characters escaped (`\\n`, `\\u001b`). orjson writes exactly that, ten times
faster (tests/store/test_format.py checks that they agree on hostile text). Values are
dicts with string keys, lists, strings, integers, booleans and null: money is integer
minor units and dates are ISO strings, so no float ever needs a canonical form.
"""

from __future__ import annotations

import zlib
from typing import Any

import orjson

_SORTED = orjson.OPT_SORT_KEYS


def canonical(value: Any) -> bytes:
    """`value` as canonical JSON bytes. Raises TypeError for what JSON cannot hold (a
    lone surrogate from undecodable input, a float's NaN...)."""
    return orjson.dumps(value, option=_SORTED)


def table_line(name: str, table: dict[str, Any]) -> bytes:
    """One table as a line of the snapshot: `"name":{...},` and a newline."""
    return orjson.dumps(name) + b":" + orjson.dumps(table, option=_SORTED) + b",\n"


def line_key(line: bytes | memoryview) -> bytes:
    """The encoded table name a snapshot line starts with (`b'"case:C-2026-0001"'`).
    Names casetui writes never contain a quote, so the name ends at the first `":`."""
    end = bytes(line[:256]).find(b'":')
    if end < 0:
        end = bytes(line).find(b'":')
    if end < 1 or line[0:1] != b'"':
        raise ValueError("not a table line")
    return bytes(line[: end + 1])


def name_key(name: str) -> bytes:
    """The encoded form of a table name, as lines start with it and are sorted by it."""
    return orjson.dumps(name)


def parse_line(line: bytes) -> tuple[str, dict[str, Any]]:
    """A snapshot line back to (table name, table)."""
    body = line.rstrip(b"\n")
    if body.endswith(b","):
        body = body[:-1]
    parsed = orjson.loads(b"{" + body + b"}")
    if not isinstance(parsed, dict) or len(parsed) != 1:
        raise ValueError("not one table")
    ((name, table),) = parsed.items()
    if not isinstance(table, dict):
        raise ValueError(f"table {name!r} is not an object")
    return name, table


def section_of(name: str) -> str:
    """The section a table belongs to: its name up to the first colon."""
    head, colon, _ = name.partition(":")
    return head if colon else name


def crc(data: bytes | memoryview, running: int = 0) -> int:
    return zlib.crc32(data, running)
