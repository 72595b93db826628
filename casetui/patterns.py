"""Regular expressions compiled when first used, not when their module is imported.

Python compiles a regular expression in Python code, about 0.1 ms each on this project's
reference machine. The core's modules define some thirty at their top, and most commands use
a handful: compiling all of them at import was about 4 % of what `casetui log` costs beyond
`casetui --help`. `lazy_pattern` defers the compiling to the first use; after it the
pattern's methods are found on the object directly, as fast as on the compiled pattern.
"""

from __future__ import annotations

import re
from typing import Any, cast

# What callers may use: the methods and attributes of `re.Pattern`.
_PATTERN_API = (
    "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
    "pattern", "flags", "groups", "groupindex",
)  # fmt: skip


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Reached only while a name is not yet on the object: compile, then keep the methods.
        compiled = re.compile(*self._source)
        for attribute in _PATTERN_API:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source[0]!r})"


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled on first use."""
    return cast(re.Pattern[str], _LazyPattern(pattern, flags))
