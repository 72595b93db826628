"""`lazy_pattern` compiles on first use and then behaves as the compiled pattern."""

from __future__ import annotations

import re

from casetui.patterns import lazy_pattern


def test_a_lazy_pattern_matches_substitutes_and_splits_as_re_compile_does() -> None:
    lazy = lazy_pattern(r"(?P<word>[a-z]+)-(\d+)", re.IGNORECASE)
    compiled = re.compile(r"(?P<word>[a-z]+)-(\d+)", re.IGNORECASE)
    text = "Ab-12, cd-3 and ef-456"
    assert lazy.match(text)[0] == compiled.match(text)[0]  # type: ignore[index]
    assert lazy.fullmatch("ab-1") is not None
    assert lazy.search("x ab-1").group("word") == "ab"  # type: ignore[union-attr]
    assert lazy.sub(r"\2", text) == compiled.sub(r"\2", text)
    assert lazy.split(text) == compiled.split(text)
    assert lazy.findall(text) == compiled.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert (lazy.pattern, lazy.flags, lazy.groups) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
    )


def test_nothing_is_compiled_before_the_first_use() -> None:
    lazy = lazy_pattern(r"[unclosed")  # an invalid pattern: compiling it would raise
    assert "unclosed" in repr(lazy)
    try:
        lazy.match("x")
    except re.error:
        pass
    else:
        raise AssertionError("the invalid pattern was not compiled on first use")
