"""User text inside Markdown: kept literal, whatever it contains.

Names, addresses, invoice numbers and notes are stored as typed and escaped here, where they
enter a letter. Every value a template prints goes through `escape_markdown` (the template
environment's `finalize`), so a debtor called `*ACME* | # <script>` reads exactly like that in
the Markdown, the HTML and the plain text. Values the letter code built as Markdown on purpose
are wrapped in `MarkdownSafe` and pass unchanged.

What is escaped (CommonMark allows a backslash before any ASCII punctuation):
- everywhere: backslash, backtick, `*`, `_`, `[`, `]`, `|` (table cells), `<` before a letter,
  `/`, `!` or `?` (HTML and autolinks), `&` that would start an entity;
- at the start of a line, where they would open a block: `# ` (heading), `>` (quote), `- `
  and `+ ` (list), `1. ` / `1) ` (ordered list), a line of `-` or `=` (rule, setext underline).
  Leading spaces are dropped (four would start a code block).
A value printed inline becomes one line: line breaks inside it would end paragraphs and list
items. The `lines` filter keeps them as hard breaks (addresses); `cell` joins them with commas.
"""

from __future__ import annotations

import re


class MarkdownSafe(str):
    """Markdown that is already safe to insert as is."""

    __slots__ = ()


_INLINE = re.compile(r"([\\`*_\[\]|])|<(?=[A-Za-z/!?])|&(?=#?\w+;)")
# Line starts that open a block: heading, quote, list item, setext underline or rule (after
# up to three spaces, as CommonMark allows).
_LINE_START = re.compile(
    r"^([ \t]{0,3})(?:(#{1,6}|[-+])(?=\s|$)|(>)|([-=])(?=[-=\s]*$)|(\d{1,9})([.)])(?=\s|$))"
)
_INDENT = re.compile(r"^[ \t]{4,}")


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


def escape_markdown(value: object) -> str:
    """Any printed value: `MarkdownSafe` as is, everything else escaped on one line."""
    if isinstance(value, MarkdownSafe):
        return value
    text = "" if value is None else str(value)
    if "\n" in text or "\r" in text:
        text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return escape_line(text)


def escape_lines(value: object) -> MarkdownSafe:
    """Multi-line user text (an address), or a list of lines: each line escaped, joined by
    hard line breaks; empty lines dropped."""
    items = value if isinstance(value, list | tuple) else [value]
    lines = [
        line.strip() for item in items for line in str(item or "").splitlines() if line.strip()
    ]
    return MarkdownSafe("\\\n".join(escape_line(line) for line in lines))


def escape_cell(value: object) -> MarkdownSafe:
    """A table cell: one line (line breaks become commas), pipes escaped."""
    lines = [line.strip() for line in str(value or "").splitlines() if line.strip()]
    return MarkdownSafe(escape_line(", ".join(lines)))
