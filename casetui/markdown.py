"""User text inside Markdown, kept literal: one set of escaping rules, one fence, one parser.

Letters, exports and the app's Markdown views all write user text (names, invoice numbers,
notes, frozen letters) into Markdown that markdown-it renders. Text is stored as typed and
escaped here, where it enters the Markdown, so a debtor called `*ACME* | # <script>` reads
exactly like that in the Markdown, the HTML, the plain text and on screen. Values built as
Markdown on purpose are wrapped in `MarkdownSafe` and pass unchanged.

What is escaped (CommonMark allows a backslash before any ASCII punctuation):
- everywhere: backslash, backtick, `*`, `_`, `~` (strikethrough), `[`, `]`, `|` (table
  cells), `<` before a letter, `/`, `!` or `?` (HTML and autolinks), `&` that would start an
  entity;
- at the start of a line, where they would open a block: `# ` (heading), `>` (quote), `- `
  and `+ ` (list), `1. ` / `1) ` (ordered list), a line of `-` or `=` (rule, setext
  underline). An indent of four or more (a code block) shrinks to one space.
Text printed inline becomes one line (line breaks would end paragraphs, list items and table
rows); `escape_lines` keeps them as hard breaks instead.

Verbatim text (a letter as it was sent) goes in a `fence`, longer than any backtick run in it.
`markdown_parser()` is the one parser every renderer uses (letters, exports, and the app's
Markdown widgets as their `parser_factory`; the PDF walks its `markdown_tree`); only this
module imports markdown-it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode


class MarkdownSafe(str):
    """Markdown that is already safe to insert as is."""

    __slots__ = ()


_INLINE = re.compile(r"([\\`*_~\[\]|])|<(?=[A-Za-z/!?])|&(?=#?\w+;)")
# Line starts that open a block: heading, quote, list item, setext underline or rule (after
# up to three spaces, as CommonMark allows).
_LINE_START = re.compile(
    r"^([ \t]{0,3})(?:(#{1,6}|[-+])(?=\s|$)|(>)|([-=])(?=[-=\s]*$)|(\d{1,9})([.)])(?=\s|$))"
)
_INDENT = re.compile(r"^[ \t]{4,}")
_BACKTICKS = re.compile(r"`+")


def _inline(match: re.Match[str]) -> str:
    return "\\" + match.group(0)


def _block_start(match: re.Match[str]) -> str:
    indent, marker, quote, rule, number, dot = match.groups()
    if number:
        return f"{indent}{number}\\{dot}"
    return f"{indent}\\{marker or quote or rule}"


def escape_line(text: str) -> str:
    """One line of text, literal in Markdown wherever it lands. Spaces around it are kept (a
    template may print `" and "`), except an indent of four or more, which would start a
    code block at a line start."""
    text = _INDENT.sub(" ", _INLINE.sub(_inline, text))
    return _LINE_START.sub(_block_start, text)


def _lines(value: object) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    return [
        line.strip()
        for item in items
        for line in ("" if item is None else str(item)).splitlines()
        if line.strip()
    ]


def escape_markdown(value: object, *, joiner: str = " ") -> str:
    """Any printed value: `MarkdownSafe` as is, everything else escaped on one line (its
    lines joined by `joiner`)."""
    if isinstance(value, MarkdownSafe):
        return value
    text = "" if value is None else str(value)
    if len(text.splitlines()) > 1:  # any line break Python knows, U+2028 included
        text = joiner.join(_lines(text))
    return escape_line(text)


def escape_lines(value: object) -> MarkdownSafe:
    """Multi-line user text (an address, a note), or a list of lines: each line escaped,
    joined by hard line breaks; empty lines dropped."""
    return MarkdownSafe("\\\n".join(escape_line(line) for line in _lines(value)))


def escape_cell(value: object, *, joiner: str = ", ") -> MarkdownSafe:
    """A table cell: one line (line breaks become `joiner`), pipes escaped."""
    return MarkdownSafe(escape_line(joiner.join(_lines(value))))


def fence(text: str) -> MarkdownSafe:
    """A fenced block showing `text` verbatim, whatever it contains: the fence is longer
    than any backtick run inside, so nothing in the text can close it."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    marks = "`" * max(3, longest + 1)
    return MarkdownSafe(f"{marks}text\n{text.rstrip()}\n{marks}")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The CommonMark parser for everything casetui renders: raw HTML off (user text can
    never become markup), no autolinks or typographic replacements, tables and
    strikethrough on. (Imported here: escaping text needs no parser, and `casetui list`
    describes events without rendering any.)"""
    from markdown_it import MarkdownIt

    options = {"html": False, "linkify": False, "typographer": False}
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"])


def markdown_tree(text: str) -> SyntaxTreeNode:
    """`text` parsed by `markdown_parser()`, as a syntax tree (a renderer that draws each
    node itself, such as the PDF letter, walks it)."""
    from markdown_it.tree import SyntaxTreeNode

    return SyntaxTreeNode(markdown_parser().parse(text))
