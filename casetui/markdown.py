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

Verbatim text (a note with line breaks) goes in a `fence`, longer than any backtick run in it.
A Markdown document shown as it looked (a letter as it was sent) goes in a `quote`: rendered,
set apart, and unable to reach the document around it.
`markdown_parser()` is the one parser every renderer uses (letters, exports, and the app's
Markdown widgets as their `parser_factory`; the PDF walks its `markdown_tree`); only this
module imports markdown-it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from casetui.patterns import lazy_pattern

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode


class MarkdownSafe(str):
    """Markdown that is already safe to insert as is."""

    __slots__ = ()


_INLINE = lazy_pattern(r"([\\`*_~\[\]|])|<(?=[A-Za-z/!?])|&(?=#?\w+;)")
# Line starts that open a block: heading, quote, list item, setext underline or rule (after
# up to three spaces, as CommonMark allows).
_LINE_START = lazy_pattern(
    r"^([ \t]{0,3})(?:(#{1,6}|[-+])(?=\s|$)|(>)|([-=])(?=[-=\s]*$)|(\d{1,9})([.)])(?=\s|$))"
)
_INDENT = lazy_pattern(r"^[ \t]{4,}")
_BACKTICKS = lazy_pattern(r"`+")


def _inline(match: re.Match[str]) -> str:
    return "\\" + match.group(0)


def _block_start(match: re.Match[str]) -> str:
    indent, marker, quote, rule, number, dot = match.groups()
    if number:
        return f"{indent}{number}\\{dot}"
    return f"{indent}\\{marker or quote or rule}"


# Text none of the rules above can touch: a letter first (no line start opens a block),
# then letters, digits, spaces and punctuation no rule names (no underscore).
# Most names, case ids and invoice numbers are such text; a report writes 50,000 of them.
_NOTHING_TO_ESCAPE = lazy_pattern(r"[^\W\d_](?:[^\W_]|[ .,'()/:-])*")


def escape_line(text: str) -> str:
    """One line of text, literal in Markdown wherever it lands. Spaces around it are kept (a
    template may print `" and "`), except an indent of four or more, which would start a
    code block at a line start."""
    if _NOTHING_TO_ESCAPE.fullmatch(text):
        return text
    return _escape_line(text)


def _escape_line(text: str) -> str:
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
    if _NOTHING_TO_ESCAPE.fullmatch(text):
        return text  # one line (no line break is in the pattern), nothing to escape
    if len(text.splitlines()) > 1:  # any line break Python knows, U+2028 included
        text = joiner.join(_lines(text))
    return _escape_line(text)


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


# `<` that may open raw HTML, but not an autolink (`<https://...>`, `<name@example.com>`),
# which renders as the same link everywhere.
_RAW_HTML = lazy_pattern(
    r"<(?=[A-Za-z/!?])"
    r"(?![A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*>)"
    r"(?![A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?>)"
)


def _no_raw_html(line: str) -> str:
    """`<` that could open HTML, escaped outside code spans: the letter was rendered with
    raw HTML off, so any other renderer of the export must show it as text too."""
    parts = re.split(r"(`+)", line)
    closing = [False] * len(parts)
    open_at: int | None = None
    for index, part in enumerate(parts):
        if part.startswith("`"):
            if open_at is None:
                open_at = index
            elif parts[open_at] == part:
                for inside in range(open_at, index + 1):
                    closing[inside] = True
                open_at = None
    return "".join(
        part if closing[index] or part.startswith("`") else _RAW_HTML.sub(r"\\<", part)
        for index, part in enumerate(parts)
    )


def quote(markdown: str) -> MarkdownSafe:
    """A Markdown document (a letter as it was sent) rendered as it looked, set apart as a
    block quote: its emphasis, tables and headings render, and every line stays inside the
    quote, so nothing in it can end the quote or add to the document around it."""
    # Only CommonMark's line endings: U+2028 and friends stay inside their line.
    lines = [_no_raw_html(line) for line in re.split(r"\r\n|\r|\n", markdown.rstrip())]
    return MarkdownSafe("\n".join(f"> {line}" if line.strip() else ">" for line in lines))


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The CommonMark parser for everything casetui renders: raw HTML off (user text can
    never become markup), no autolinks or typographic replacements, tables and
    strikethrough on, images off. (Imported here: escaping text needs no parser, and `casetui list`
    describes events without rendering any.)"""
    from markdown_it import MarkdownIt

    options = {"html": False, "linkify": False, "typographer": False}
    # No images: a letter or an export never loads anything from elsewhere (a remote image
    # tells its host who opened the page, and when); `![x](url)` reads as a link.
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"]).disable("image")


def markdown_tree(text: str) -> SyntaxTreeNode:
    """`text` parsed by `markdown_parser()`, as a syntax tree (a renderer that draws each
    node itself, such as the PDF letter, walks it)."""
    from markdown_it.tree import SyntaxTreeNode

    return SyntaxTreeNode(markdown_parser().parse(text))
