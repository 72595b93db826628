"""A letter in three shapes: Markdown (the frozen text), print-ready HTML, plain text.

- Markdown: the sender and recipient blocks, the place and date, then the body. This is the
  text recorded in the ledger as sent.
- HTML: one self-contained file (no external resources) for A4: the recipient's address sits
  where a DL or C5/6 window envelope shows it (left for NL/GB, right for BE: the profile can
  choose), with the sender's return line above it and fold marks at 99 mm and 198 mm. The body
  is rendered by markdown-it with raw HTML disabled, so user text can never become markup.
- Plain text: the body only, for an e-mail (the subject goes in the e-mail's subject line).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from casetui.letters import layout
from casetui.letters.inputs import LetterHeader
from casetui.markdown import escape_line, markdown_parser

if TYPE_CHECKING:
    from markdown_it.token import Token

FORMATS = ("md", "html", "txt")


def _block(lines: tuple[str, ...]) -> str:
    return "\\\n".join(escape_line(line.strip()) for line in lines if line.strip())


def letter_markdown(header: LetterHeader, body: str) -> str:
    """The whole letter as Markdown: header blocks, then the body."""
    parts = [
        _block(header.sender_lines),
        _block(header.recipient_lines),
        escape_line(header.place_date.strip()),
    ]
    if header.mark:
        parts.append(f"**{escape_line(header.mark)}**")
    head = "\n\n".join(part for part in parts if part)
    return f"{head}\n\n{body.strip()}\n"


# --------------------------------------------------------------------------- HTML


def _css() -> str:
    """The print stylesheet, its positions taken from `casetui.letters.layout`."""
    left, right = layout.WINDOWS["left"], layout.WINDOWS["right"]
    fold_one, fold_two = layout.FOLDS

    def mm(value: float) -> str:
        return f"{value:g}mm"

    # The sheet's content box starts at the left margin: positions inside it are relative.
    inside = layout.MARGIN_LEFT
    return f"""
@page {{ size: A4; margin: {mm(layout.MARGIN_TOP)} {mm(layout.MARGIN_RIGHT)} \
{mm(layout.MARGIN_BOTTOM)} {mm(layout.MARGIN_LEFT)}; }}
@page :first {{ margin-top: 0; }}
* {{ box-sizing: border-box; }}
html {{ background: #ddd; }}
body {{ margin: 0 auto; width: {mm(layout.PAGE_WIDTH)}; background: #fff; color: #111;
       font: 10.5pt/1.45 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }}
.sheet {{ position: relative; padding: 0 {mm(layout.MARGIN_RIGHT)} {mm(layout.MARGIN_BOTTOM)} \
{mm(layout.MARGIN_LEFT)}; }}
.head {{ position: relative; height: {mm(layout.HEAD_HEIGHT)}; }}
.sender {{ position: absolute; top: {mm(layout.SENDER_TOP)}; left: 0; font-size: 9pt;
           line-height: 1.35; }}
.sender .name {{ font-weight: bold; font-size: 11pt; }}
.window {{ position: absolute; overflow: hidden; height: {mm(left.height)}; }}
.window.left {{ top: {mm(left.top)}; left: {mm(left.left - inside)}; width: {mm(left.width)}; }}
.window.right {{ top: {mm(right.top)}; left: {mm(right.left - inside)}; \
width: {mm(right.width)}; height: {mm(right.height)}; }}
.window .return {{ font-size: 7pt; color: #444; border-bottom: 0.2mm solid #999;
                  margin-bottom: 2mm; white-space: nowrap; overflow: hidden; }}
.window .recipient {{ font-size: 11pt; line-height: 1.3; }}
.place-date {{ position: absolute; top: {mm(layout.PLACE_DATE_TOP)}; right: 0; }}
.mark {{ position: absolute; top: {mm(layout.PLACE_DATE_TOP)}; left: 0; font-weight: bold;
        text-transform: uppercase; letter-spacing: 0.05em; }}
.fold {{ position: absolute; left: {mm(-inside)}; width: {mm(layout.FOLD_MARK_WIDTH)};
        border-top: 0.2mm solid #999; }}
.fold.one {{ top: {mm(fold_one)}; }} .fold.two {{ top: {mm(fold_two)}; }}
.body h1, .body h2, .body h3 {{ font-size: 11pt; margin: 1.2em 0 0.4em; }}
.body p {{ margin: 0 0 0.8em; }}
.body table {{ border-collapse: collapse; margin: 0.4em 0 1em; width: 100%; font-size: 9.5pt; }}
.body th, .body td {{ border-bottom: 0.2mm solid #bbb; padding: 1mm 2mm 1mm 0; text-align: left;
                     vertical-align: top; }}
.body th {{ border-bottom: 0.4mm solid #555; }}
.body td:last-child, .body th:last-child {{ text-align: right; }}
.body pre {{ white-space: pre-wrap; font-size: 8.5pt; background: #f6f6f6; padding: 2mm; }}
.body ul, .body ol {{ margin: 0 0 0.8em; padding-left: 6mm; }}
@media screen {{ .sheet {{ min-height: {mm(layout.PAGE_HEIGHT)}; box-shadow: 0 0 4mm #888;
                          margin: 8mm 0; }} }}
@media print {{ html {{ background: none; }} body {{ width: auto; }} .sheet {{ padding: 0; }} }}
"""


def _lines_html(lines: tuple[str, ...]) -> str:
    return "<br>\n".join(html.escape(line) for line in lines if line.strip())


def letter_html(header: LetterHeader, body: str, *, title: str, lang: str, window: str) -> str:
    side = "right" if window == "right" else "left"
    body_html = markdown_parser().render(body)
    sender_name, *sender_rest = header.sender_lines or ("",)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_css()}</style>",
        "</head>",
        "<body>",
        '<div class="sheet">',
        '<div class="head">',
        '<div class="fold one"></div><div class="fold two"></div>',
        '<div class="sender">',
        f'<div class="name">{html.escape(sender_name)}</div>',
        _lines_html(tuple(sender_rest)),
        "</div>",
        f'<div class="window {side}">',
        f'<div class="return">{html.escape(header.return_line)}</div>',
        f'<div class="recipient">{_lines_html(header.recipient_lines)}</div>',
        "</div>",
    ]
    if header.mark:
        parts.append(f'<div class="mark">{html.escape(header.mark)}</div>')
    parts += [
        f'<div class="place-date">{html.escape(header.place_date)}</div>',
        "</div>",
        f'<div class="body">\n{body_html}</div>',
        "</div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- e-mail HTML

_EMAIL_CSS = (
    "body { font: 14px/1.5 Arial, Helvetica, sans-serif; color: #111; max-width: 42em; }"
    " table { border-collapse: collapse; margin: 0.4em 0 1em; }"
    " th, td { border-bottom: 1px solid #bbb; padding: 3px 10px 3px 0; text-align: left;"
    " vertical-align: top; }"
    " th { border-bottom: 2px solid #555; }"
    " pre { white-space: pre-wrap; font-size: 12px; background: #f6f6f6; padding: 6px; }"
)


def letter_email_html(body: str, *, title: str, lang: str) -> str:
    """The body as the HTML part of an e-mail: no addresses or window, one simple column.
    Raw HTML in the Markdown stays text (markdown-it with HTML off)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_EMAIL_CSS}</style>\n</head>\n"
        f"<body>\n{markdown_parser().render(body)}</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- plain text


def markdown_to_text(markdown: str) -> str:
    """Plain text from Markdown: emphasis and escapes gone, tables aligned, lists kept."""
    tokens = markdown_parser().parse(markdown)
    out: list[str] = []
    lists: list[list[int]] = []  # per open list: [ordered (0/1), next number]
    table: list[list[str]] | None = None
    right: set[int] = set()  # columns the table aligns right (`---:`), as in the HTML
    row: list[str] = []
    prefix_next = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "bullet_list_open":
            lists.append([0, 0])
        elif kind == "ordered_list_open":
            lists.append([1, int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            out.append("")
        elif kind == "list_item_open":
            current = lists[-1]
            indent = "   " * (len(lists) - 1)
            if current[0]:
                prefix_next = f"{indent}{current[1]}. "
                current[1] += 1
            else:
                prefix_next = f"{indent}- "
        elif kind == "table_open":
            table, right = [], set()
        elif kind == "tr_open":
            row = []
        elif kind == "th_open" and "right" in str(token.attrGet("style") or ""):
            right.add(len(row))
        elif kind == "tr_close" and table is not None:
            table.append(row)
        elif kind == "table_close" and table is not None:
            out.extend(_table_text(table, right))
            out.append("")
            table = None
        elif kind == "inline":
            text = _inline_text(token.children or [])
            if table is not None:
                row.append(text.replace("\n", " "))
            else:
                if prefix_next:
                    pad = " " * len(prefix_next)
                    text = prefix_next + text.replace("\n", "\n" + pad)
                    prefix_next = ""
                out.append(text)
        elif kind in ("paragraph_close", "heading_close"):
            if not lists and table is None:
                out.append("")
        elif kind == "hr":
            out += ["-" * 40, ""]
        elif kind in ("fence", "code_block"):
            out += [token.content.rstrip("\n"), ""]
        index += 1
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _table_text(rows: list[list[str]], right: set[int]) -> list[str]:
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    sizes = [max(len(r[col]) for r in rows) for col in range(width)]
    lines = []
    for number, r in enumerate(rows):
        cells = [
            cell.rjust(sizes[col]) if col in right else cell.ljust(sizes[col])
            for col, cell in enumerate(r)
        ]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * size for size in sizes))
    return lines
