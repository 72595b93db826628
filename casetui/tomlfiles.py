"""Reading the user's TOML files (business profile, limitation settings) at the cost of JSON.

Every command reads the business profile, and importing `tomllib` and parsing a profile
costs about 13 million instructions, more than a tenth of what a write costs beyond
`--help`. So the parse is kept beside the file, as `.<name>.parsed.json` (0600), with the
SHA-256 of the bytes it was parsed from: the file is still read every time, and a copy
whose checksum does not match the bytes (an edit, a copy from elsewhere) is never used.
Only documents that JSON gives back unchanged are kept (strings, whole and finite numbers,
booleans, lists and tables); one with a TOML date is parsed every time.
"""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path
from typing import Any

import orjson

from casetui.digest import sha256_hex

_FORMAT = 1


class TomlError(ValueError):
    """The bytes are not valid UTF-8 TOML (the message says where)."""


def parsed_copy_path(source: Path) -> Path:
    return source.with_name(f".{source.name}.parsed.json")


def parse_toml(raw: bytes, source: Path) -> dict[str, Any]:
    """The TOML document `raw`, the bytes just read from `source`."""
    copy = parsed_copy_path(source)
    checksum = sha256_hex(raw)
    try:
        kept = orjson.loads(copy.read_bytes())
        if kept.get("format") == _FORMAT and kept.get("sha256") == checksum:
            return kept["data"]  # type: ignore[no-any-return]
    except (OSError, orjson.JSONDecodeError, AttributeError, KeyError):
        pass  # none yet, or unreadable: parse the file
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise TomlError(str(error)) from None
    if _survives_json(data):
        _keep(copy, orjson.dumps({"format": _FORMAT, "sha256": checksum, "data": data}))
    return data


def _survives_json(value: object) -> bool:
    if isinstance(value, dict):
        return all(_survives_json(item) for item in value.values())
    if isinstance(value, list):
        return all(_survives_json(item) for item in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int | bool)


def _keep(copy: Path, data: bytes) -> None:
    """Write the parsed copy whole (a temp file renamed over it), or not at all: a folder
    that cannot take it (read-only, full) only means the next read parses again."""
    temporary = copy.with_name(f"{copy.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        os.replace(temporary, copy)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
