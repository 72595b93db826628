"""A letter as a PDF: A4, ready for a window envelope, with a SEPA payment QR code.

- The head of the first page is laid out from `casetui.letters.layout`, like the HTML copy:
  the sender top left, the recipient in the envelope's window (left or right, as the profile
  or the creditor's country says) under a small return line, fold marks, the place and date,
  a registered mark.
- The body is the letter's Markdown, walked as a syntax tree (markdown-it, raw HTML off):
  paragraphs with bold and italics, lists, headings, the claim tables as real tables (right-
  aligned amounts where the Markdown says `---:`), letters quoted verbatim in a monospaced box.
  User text is only ever drawn as text.
- Every page has a footer with the subject and "page 1 of 2" in the letter's language.
- A euro letter that asks for a payment gets an EPC069-12 QR code beside its payment details
  (the list or paragraph that names the IBAN), or after the text if it was edited away.
- The fonts are DejaVu Sans and Sans Mono, embedded (subset), shipped in `data/fonts`, parsed
  once per process and shared by every letter (`pdffonts`).

fpdf2 is pure Python; the PDF is made the same way every time: the same draft gives the same
bytes (the creation date is the letter's date), so a printed copy can be checked against the
one kept as evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from casetui.identifiers import compact_iban
from casetui.letters import layout, pdffonts
from casetui.letters.inputs import LetterHeader, PaymentRequest
from casetui.letters.payqr import epc_payload, qr_modules
from casetui.markdown import markdown_tree
from casetui.paths import data_dir

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

    from casetui.letters.flow import LetterDraft

FAMILY = "DejaVu"
MONO = "DejaVuMono"
_FONT_FILES = {
    (FAMILY, ""): "DejaVuSans.ttf",
    (FAMILY, "B"): "DejaVuSans-Bold.ttf",
    (FAMILY, "I"): "DejaVuSans-Oblique.ttf",
    (FAMILY, "BI"): "DejaVuSans-BoldOblique.ttf",
    (MONO, ""): "DejaVuSansMono.ttf",
}

BODY_PT = 10.0
LINE = 4.8  # mm per body line
GAP = 2.6  # mm after a paragraph
QR_SIZE = 30.0  # mm, the code with its quiet zone
QR_QUIET = 4  # modules of white around the code (the QR standard's minimum)

_WORDS = {
    "en": {"page": "Page {n} of {nb}", "scan": "Scan with your banking app to pay"},
    "nl": {"page": "Pagina {n} van {nb}", "scan": "Scan met uw bankapp om te betalen"},
    "fr": {"page": "Page {n} sur {nb}", "scan": "Scannez avec votre app bancaire pour payer"},
    "de": {"page": "Seite {n} von {nb}", "scan": "Mit Ihrer Banking-App scannen und bezahlen"},
}


def fonts_dir() -> Path:
    return data_dir() / "fonts"


class _Sheet(FPDF):
    """fpdf2 with our fonts and a footer: the subject on the left, the page number right."""

    def __init__(self, subject: str, lang: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.folder = fonts_dir()
        self.subject = subject
        self.words = _WORDS.get(lang, _WORDS["en"])
        self.set_margins(layout.MARGIN_LEFT, layout.MARGIN_TOP, layout.MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=layout.MARGIN_BOTTOM)
        self.alias_nb_pages("{nb}")

    def set_font(self, family: str | None = None, style: str = "", size: float = 0) -> None:  # type: ignore[override]
        """Each face is added when first used (most letters use two of the five), parsed
        once per process (`pdffonts`)."""
        flags = str(getattr(style, "style", style)).upper()  # fpdf2 passes TextEmphasis too
        lookup = (family or self.font_family, "".join(f for f in "BI" if f in flags))
        if lookup in _FONT_FILES:
            pdffonts.add_font(self, *lookup, self.folder / _FONT_FILES[lookup])
        super().set_font(family, style, size)

    def output(self, *args: Any, **kwargs: Any) -> Any:
        """The PDF, each font's subset cut from the shared font program (`pdffonts`)."""
        pdffonts.before_output(self)
        return super().output(*args, **kwargs)

    def footer(self) -> None:
        self.set_y(-layout.MARGIN_BOTTOM + 8)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(110)
        width = self.epw
        page = self.words["page"].format(n=self.page_no(), nb="{nb}")
        subject = _fit(self, self.subject, width - self.get_string_width(page) - 10)
        self.cell(width / 2, 4, subject, align="L")
        self.cell(width / 2, 4, page, align="R")
        self.set_text_color(0)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """`text`, cut with an ellipsis where it would be wider than `width`."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


# --------------------------------------------------------------------------- the head


def _head(pdf: _Sheet, header: LetterHeader, side: str) -> None:
    """Sender, window, fold marks, registered mark and date line of the first page."""
    sender_name, *sender_rest = header.sender_lines or ("",)
    pdf.set_xy(layout.MARGIN_LEFT, layout.SENDER_TOP)
    pdf.set_font(FAMILY, "B", 11)
    pdf.cell(0, 5, sender_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    for line in sender_rest:
        if line.strip():
            pdf.cell(0, 4, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    window = layout.window(side)
    pdf.set_xy(window.left, window.top)
    pdf.set_font(FAMILY, "", 7)
    pdf.set_text_color(70)
    pdf.cell(window.width, 3.4, _fit(pdf, header.return_line, window.width))
    pdf.set_draw_color(150)
    pdf.set_line_width(0.2)
    pdf.line(window.left, window.top + 3.8, window.left + window.width, window.top + 3.8)
    pdf.set_text_color(0)
    pdf.set_font(FAMILY, "", 11)
    y = window.top + 5.5
    for line in header.recipient_lines:
        if not line.strip() or y + 5 > window.top + window.height:
            continue
        # A long name wraps inside the window rather than losing its end.
        pdf.set_xy(window.left, y)
        pdf.multi_cell(window.width, 5, line, align="L")
        y = pdf.get_y()

    for fold in layout.FOLDS:
        pdf.line(0, fold, layout.FOLD_MARK_WIDTH, fold)

    pdf.set_xy(layout.MARGIN_LEFT, layout.PLACE_DATE_TOP)
    if header.mark:
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(pdf.epw / 2, 5, header.mark.upper())
    pdf.set_font(FAMILY, "", 10)
    pdf.set_xy(layout.MARGIN_LEFT, layout.PLACE_DATE_TOP)
    pdf.cell(pdf.epw, 5, header.place_date, align="R")
    pdf.set_xy(layout.MARGIN_LEFT, layout.HEAD_HEIGHT)


# --------------------------------------------------------------------------- the body


def _plain(node: SyntaxTreeNode) -> str:
    """The text of a node and its children, without emphasis."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain(child) for child in node.children)


def _is_caption(node: SyntaxTreeNode) -> bool:
    """A paragraph that is one bold line: the caption of what follows."""
    if node.type == "heading":
        return True
    if node.type != "paragraph" or not node.children:
        return False
    inline = node.children[0]
    return _all_strong(inline) and not any(c.type == "hardbreak" for c in inline.children)


def _all_strong(inline: SyntaxTreeNode) -> bool:
    """Is every bit of text in this inline node bold (a `**Total**` cell)?"""
    children = [c for c in inline.children if _plain(c).strip()]
    return bool(children) and all(c.type == "strong" for c in children)


class _Body:
    """Draws the body's syntax tree on the sheet."""

    def __init__(self, pdf: _Sheet, qr: tuple[tuple[bool, ...], ...] | None, scan: str, iban: str):
        self.pdf = pdf
        self.qr = qr
        self.scan = scan
        self.iban = compact_iban(iban)

    # ------------------------------------------------------------------ inline

    def inline(self, node: SyntaxTreeNode, size: float = BODY_PT, style: str = "") -> None:
        pdf = self.pdf
        height = size * 0.48
        for child in node.children:
            kind = child.type
            if kind == "text":
                pdf.set_font(FAMILY, style, size)
                pdf.write(height, child.content)
            elif kind == "code_inline":
                pdf.set_font(MONO, "", size * 0.92)
                pdf.write(height, child.content)
            elif kind == "softbreak":
                pdf.set_font(FAMILY, style, size)
                pdf.write(height, " ")
            elif kind == "hardbreak":
                pdf.ln(height)
            elif kind == "strong":
                self.inline(child, size, _add(style, "B"))
            elif kind == "em":
                self.inline(child, size, _add(style, "I"))
            else:  # links, images: their text
                self.inline(child, size, style)

    # ------------------------------------------------------------------ blocks

    def blocks(self, nodes: list[SyntaxTreeNode], *, tight: bool = False) -> None:
        for index, node in enumerate(nodes):
            following = nodes[index + 1] if index + 1 < len(nodes) else None
            if following is not None and _is_caption(node):
                self.keep_with(following)
            self.block(node, tight=tight)

    def keep_with(self, following: SyntaxTreeNode) -> None:
        """A caption (a bold line such as "Payment details") never ends a page: start a new
        page when what follows would not fit under it (the code's box, or a few lines)."""
        pdf = self.pdf
        need = QR_SIZE + 6 + LINE if self._pays(following) else 4 * LINE
        if pdf.get_y() + LINE + GAP + need > pdf.h - pdf.b_margin:
            pdf.add_page()

    def block(self, node: SyntaxTreeNode, *, tight: bool = False) -> None:
        pdf = self.pdf
        kind = node.type
        if kind in ("paragraph", "bullet_list", "ordered_list") and self._pays(node):
            self.beside_qr(node, tight=tight)
            return
        if kind == "paragraph":
            pdf.set_x(pdf.l_margin)
            for child in node.children:
                self.inline(child)
            pdf.ln(LINE)
            if not tight:
                pdf.ln(GAP)
        elif kind == "heading":
            pdf.ln(1.5)
            pdf.set_x(pdf.l_margin)
            size = {"h1": 13.0, "h2": 12.0}.get(node.tag, 11.0)
            for child in node.children:
                self.inline(child, size, "B")
            pdf.ln(size * 0.5)
            pdf.ln(1.2)
        elif kind in ("bullet_list", "ordered_list"):
            self.listing(node)
            if not tight:
                pdf.ln(GAP * 0.6)
        elif kind == "table":
            self.table(node)
        elif kind in ("fence", "code_block"):
            self.quoted(node.content)
        elif kind == "hr":
            y = pdf.get_y() + 1.5
            pdf.set_draw_color(150)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.set_y(y + 3)
        elif kind == "blockquote":
            margin = pdf.l_margin
            pdf.set_left_margin(margin + 6)
            self.blocks(node.children)
            pdf.set_left_margin(margin)
        else:
            self.blocks(node.children)

    def listing(self, node: SyntaxTreeNode) -> None:
        pdf = self.pdf
        ordered = node.type == "ordered_list"
        number = int(node.attrs.get("start", 1) or 1) if ordered else 0
        tight = all(
            paragraph.hidden
            for item in node.children
            for paragraph in item.children
            if paragraph.type == "paragraph"
        )
        margin = pdf.l_margin
        pdf.set_left_margin(margin + 6)
        for item in node.children:
            marker = f"{number}." if ordered else "•"
            number += 1
            pdf.set_font(FAMILY, "", BODY_PT)
            width = pdf.get_string_width(marker)
            pdf.set_x(margin + 6 - width - 1.8)
            pdf.write(LINE, marker)
            pdf.set_x(margin + 6)
            first, *rest = item.children or [None]
            if first is not None and first.type == "paragraph":
                for child in first.children:
                    self.inline(child)
                pdf.ln(LINE)
                if not tight:
                    pdf.ln(GAP * 0.6)
            elif first is not None:
                pdf.ln(LINE)
                self.block(first, tight=tight)
            self.blocks(rest, tight=tight)
        pdf.set_left_margin(margin)
        pdf.set_x(margin)

    def table(self, node: SyntaxTreeNode) -> None:
        """A Markdown table as a table: headings bold, `---:` columns right-aligned."""
        pdf = self.pdf
        rows: list[list[tuple[str, bool, str]]] = []
        for section in node.children:
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    style = str(cell.attrs.get("style", "") or "")
                    align = next((a for a in ("RIGHT", "CENTER") if a.lower() in style), "LEFT")
                    inline = cell.children[0] if cell.children else None
                    text = _plain(cell).strip()
                    bold = inline is not None and _all_strong(inline)
                    cells.append((text, bold, align))
                rows.append(cells)
        if not rows:
            return
        columns = max(len(row) for row in rows)
        rows = [row + [("", False, "LEFT")] * (columns - len(row)) for row in rows]
        size = 8.5
        natural = [0.0] * columns  # the widest cell on one line
        least = [0.0] * columns  # the widest word: a column is never narrower
        for number, row in enumerate(rows):
            for col, (text, bold, _) in enumerate(row):
                pdf.set_font(FAMILY, "B" if bold or number == 0 else "", size)
                natural[col] = max(natural[col], pdf.get_string_width(text) + 3.2)
                words = text.split() or [""]
                least[col] = max(least[col], *(pdf.get_string_width(w) + 3.2 for w in words))
        widths = _column_widths(natural, least, pdf.epw)
        aligns = tuple(rows[0][col][2] for col in range(columns))
        pdf.set_font(FAMILY, "", size)
        pdf.ln(0.5)
        pdf.set_draw_color(170)
        pdf.set_line_width(0.2)
        with pdf.table(
            col_widths=widths,
            width=pdf.epw,
            text_align=aligns,
            borders_layout="HORIZONTAL_LINES",
            line_height=size * 0.45,
            padding=(0.9, 1.2),
            headings_style=FontFace(emphasis="BOLD"),
            first_row_as_headings=True,
            align="LEFT",
        ) as table:
            for row in rows:
                line = table.row()
                for text, bold, _ in row:
                    line.cell(text, style=FontFace(emphasis="BOLD") if bold else None)
        pdf.ln(GAP)

    def quoted(self, text: str) -> None:
        """A letter quoted verbatim (a hand-over file): monospaced, on a grey ground."""
        pdf = self.pdf
        pdf.set_font(MONO, "", 7.5)
        pdf.set_fill_color(244)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, 3.4, text.rstrip("\n"), fill=True, padding=2, align="L")
        pdf.ln(GAP)

    # ------------------------------------------------------------------ the QR code

    def _pays(self, node: SyntaxTreeNode) -> bool:
        """Is this the payment block (it names the IBAN) and is a code still to be drawn?"""
        if self.qr is None or not self.iban:
            return False
        return self.iban in _plain(node).replace(" ", "").upper()

    def beside_qr(self, node: SyntaxTreeNode, *, tight: bool) -> None:
        pdf = self.pdf
        box = QR_SIZE + 6
        if pdf.get_y() + box > pdf.h - pdf.b_margin:
            pdf.add_page()
        top, first_page = pdf.get_y(), pdf.page
        right = pdf.r_margin
        pdf.set_right_margin(right + box + 4)
        qr, self.qr = self.qr, None
        self.block(node, tight=tight)
        pdf.set_right_margin(right)
        end, last_page = pdf.get_y(), pdf.page  # the code's caption moves the cursor
        assert qr is not None
        pdf.page = first_page  # beside the block's start, even if it ran onto a new page
        self.draw_qr(qr, pdf.w - right - QR_SIZE, top)
        pdf.page = last_page
        pdf.set_y(end if last_page != first_page else max(end, top + box))

    def finish(self) -> None:
        """A code not drawn beside the payment details goes after the text."""
        if self.qr is None:
            return
        pdf = self.pdf
        box = QR_SIZE + 6
        if pdf.get_y() + box > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y() + 2
        self.draw_qr(self.qr, pdf.w - pdf.r_margin - QR_SIZE, top)
        self.qr = None
        pdf.set_y(top + box)

    def draw_qr(self, modules: tuple[tuple[bool, ...], ...], x: float, y: float) -> None:
        """The code as filled rectangles (sharp at any zoom and print size), one per run of
        dark modules in a row, with its caption under it."""
        pdf = self.pdf
        count = len(modules) + 2 * QR_QUIET
        unit = QR_SIZE / count
        pdf.set_fill_color(0)
        for row_index, row in enumerate(modules):
            for start, length in _runs(row):
                pdf.rect(
                    x + (QR_QUIET + start) * unit,
                    y + (QR_QUIET + row_index) * unit,
                    length * unit,
                    unit,
                    style="F",
                )
        pdf.set_font(FAMILY, "", 6.5)
        pdf.set_text_color(60)
        pdf.set_xy(x - 6, y + QR_SIZE - 1)
        pdf.multi_cell(QR_SIZE + 12, 2.8, self.scan, align="C")
        pdf.set_text_color(0)


def _runs(row: tuple[bool, ...]) -> Iterator[tuple[int, int]]:
    start = None
    for index, dark in enumerate((*row, False)):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            yield start, index - start
            start = None


def _add(style: str, flag: str) -> str:
    return "".join(sorted(set(style + flag), key="BI".index))


def _column_widths(natural: list[float], least: list[float], total: float) -> list[float]:
    """Widths that fill `total`: each column its natural width when they fit (the spare room
    to the first, text, column); else each its widest word plus a fair share of the rest,
    so words are not broken unless even the widest words do not fit."""
    if sum(natural) <= total:
        return [natural[0] + total - sum(natural), *natural[1:]]
    if sum(least) >= total:
        return [width * total / sum(least) for width in least]
    spare = total - sum(least)
    wants = [max(0.0, n - m) for n, m in zip(natural, least, strict=True)]
    share = spare / sum(wants) if sum(wants) else 0.0
    return [m + want * share for m, want in zip(least, wants, strict=True)]


# --------------------------------------------------------------------------- entry points


def payment_code(payment: PaymentRequest | None) -> tuple[tuple[bool, ...], ...] | None:
    """The QR modules for a payment request, or None when the letter gets no code."""
    if payment is None:
        return None
    payload = epc_payload(payment)
    return qr_modules(payload) if payload else None


def letter_pdf(
    header: LetterHeader, body: str, *, title: str, lang: str, window: str, day: date
) -> bytes:
    """The whole letter as PDF bytes. The same arguments always give the same bytes."""
    pdf = _Sheet(title, lang)
    pdf.set_title(title)
    pdf.set_author(header.sender_lines[0] if header.sender_lines else "")
    pdf.set_creator("casetui")
    pdf.set_lang(lang)
    pdf.set_creation_date(datetime(day.year, day.month, day.day, tzinfo=UTC))
    pdf.add_page()
    _head(pdf, header, window)
    payment = header.payment
    writer = _Body(pdf, payment_code(payment), pdf.words["scan"], payment.iban if payment else "")
    tree = markdown_tree(body)
    writer.blocks(tree.children)
    writer.finish()
    return bytes(pdf.output())


def render_pdf(draft: LetterDraft, *, window: str = "left") -> bytes:
    """The draft as a PDF letter."""
    return letter_pdf(
        draft.header,
        draft.body,
        title=draft.subject,
        lang=draft.language,
        window=window,
        day=draft.sent_on,
    )


def text_pdf(text: str, *, title: str, lang: str, day: date) -> bytes:
    """A letter's text as it was frozen when sent (address blocks, date line and body, all
    Markdown) as a PDF: plain pages, no window layout and no QR code (the text holds what
    the letter said; a letter's own PDF, when one was kept, is the exact copy). The same
    arguments always give the same bytes."""
    pdf = _Sheet(title, lang)
    pdf.set_title(title)
    pdf.set_creator("casetui")
    pdf.set_lang(lang)
    pdf.set_creation_date(datetime(day.year, day.month, day.day, tzinfo=UTC))
    pdf.add_page()
    writer = _Body(pdf, None, pdf.words["scan"], "")
    writer.blocks(markdown_tree(text).children)
    writer.finish()
    return bytes(pdf.output())
