"""The case history export: a document a lawyer or an agency can file, whatever was typed.

Method: every hostile string goes into every user-text field of one case (customer name,
address, notes, invoice number, call notes, dispute reasons, settlement terms, tracking
numbers, payment details, hand-over details, letter text). The Markdown must have exactly
the block structure (headings, tables and their rows, paragraphs, quotes) of the same case
with plain words in those fields, and every text must come out literally in the HTML. A
letter is Markdown itself: it is rendered as it looked when sent, inside a quote it cannot
leave (issue 18, item 4), so its own blocks count as one quote.
"""

from __future__ import annotations

import html
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from casetui.export import export_filename, history_html, history_markdown, markdown_to_html
from casetui.ledger import Ledger
from casetui.markdown import markdown_parser
from casetui.model import (
    Call,
    CallOutcome,
    Channel,
    Customer,
    CustomerKind,
    DisputeOpened,
    DisputeSettled,
    FeeModel,
    HandedOver,
    HandoverTo,
    LetterKind,
    LetterSent,
    Note,
    Opened,
    Payment,
    Promise,
    Snooze,
)
from tests.support import TODAY, eur

HOSTILE = [
    "|",
    "a | b || c",
    "# not a heading",
    "## neither\n### nor this",
    "*bold* **strong** _em_ __strong__",
    "`code` and ``double``",
    "```",
    "````python\nprint('x')\n````",
    "~~~\nfenced with tildes\n~~~",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&lt;script&gt; &#60;script&#62; &amp;",
    "[/]",
    "[@click=app.quit]",
    "[red]ACME[/red] [b]",
    "[link](javascript:alert(1)) ![img](http://x/y.png) <http://example.com>",
    "[ref]: http://example.com",
    "line one\nline two\n\n# injected heading\n| a | b |\n|---|---|\n| c | d |",
    "- item\n+ item\n* item\n1. item\n2) item",
    "> quoted\n>> twice",
    "---",
    "===",
    "text\n===",
    "text\n---",
    "    indented like code",
    "\ttab\tseparated",
    "trailing backslash \\",
    "C:\\temp\\new",
    "~~strike~~",
    "x" * 5000,
    " ".join(["word"] * 800),
    "Zoë Ölçer – Ærø 💸🇧🇪👨‍👩‍👧",
    "שלום עליכם مرحبا بكم",
    "\u202eevil reversed\u202c and \u200b zero width",
    "windows\r\nline\r\nends",
    "line\u2028separator",
    "   ",
    "",
]


def literal(text: str) -> str:
    """How user text reads in a table cell: its lines, trimmed, joined by " / "."""
    return " / ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def unix(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def plain(text: str) -> str:
    """The benign twin of a hostile string: same emptiness, nothing special in it."""
    return text if not text.strip() else "plain words"


def letter_text(text: str) -> str:
    return f"Dear customer,\n\n{text}\n\nInvoice overdue: please pay within 8 days.\n```\nEnd"


def build(folder: Path, text: str) -> tuple[Ledger, str]:
    """One case with `text` in every user field; returns the open ledger and the case id.

    Events are appended out of date order (back-dated letters and calls, recorded later)
    and the last payment is undone, so the export has a voided entry.
    """
    ledger = Ledger.open(folder / "ledger.json", backup=False)
    name = text if text.strip() else "Fallback Name"
    customer = Customer(
        id="",
        name=name,
        kind=CustomerKind.BUSINESS,
        country="BE",
        email=text,
        phone=text,
        address=text,
        vat=text,
        notes=text,
    )
    opened = Opened(
        date=date(2026, 9, 1),
        invoice=text if text.strip() else "F-1",
        customer_id="",
        issued=date(2026, 9, 1),
        due=date(2026, 10, 1),
        amount=eur("1250.00"),
    )
    case = ledger.open_case(opened, new_customer=customer).id
    tracking = text if text.strip() else "RR123"
    for event in (
        Note(date=date(2026, 11, 20), text=text),
        Call(date=date(2026, 11, 2), outcome=CallOutcome.REACHED, note=text),
        LetterSent(
            date=date(2026, 10, 5),
            letter_kind=LetterKind.REMINDER,
            channel=Channel.EMAIL,
            text=letter_text(text),
        ),
        LetterSent(
            date=date(2026, 10, 20),
            letter_kind=LetterKind.FORMAL_NOTICE,
            channel=Channel.REGISTERED,
            tracking=tracking,
            text=letter_text(text) + "\n\nRegistered.",
        ),
        DisputeOpened(date=date(2026, 11, 5), reason=text),
        # A settlement needs its terms (casetui.rules): blank text gets words.
        DisputeSettled(
            date=date(2026, 11, 10), terms=text if text.strip() else "half", amount=eur("1000.00")
        ),
        Promise(date=date(2026, 11, 12), amount=eur("200.00"), by=date(2026, 11, 30), note=text),
        Payment(date=date(2026, 11, 15), amount=eur("200.00"), method=text, reference=text),
        Snooze(date=date(2026, 11, 21), until=date(2026, 12, 1), reason=text),
        HandedOver(
            date=date(2026, 11, 22),
            to=HandoverTo.AGENCY,
            name=text,
            fee_model=FeeModel.NO_CURE_NO_PAY,
            fee=text,
            reference=text,
        ),
        Payment(date=date(2026, 11, 18), amount=eur("50.00"), method=text),
    ):
        ledger.append(case, event)
    ledger.undo(case, TODAY)  # voids the back-dated 50.00 payment
    return ledger, case


def export(folder: Path, text: str) -> tuple[str, str, int]:
    """Markdown and HTML of the case built with `text`, and its number of events."""
    folder.mkdir()
    ledger, case = build(folder, text)
    with ledger:
        state = ledger.case(case)
        customer = ledger.customer(state.customer_id)
        return (
            history_markdown(state, customer, TODAY),
            history_html(state, customer, TODAY),
            len(state.timeline()),
        )


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def blocks(tokens: list[Token]) -> list[tuple[str, str]]:
    """The block structure, each block quote folded to one marker: a letter's own Markdown
    renders inside its quote (headings, tables, an unclosed fence of its own) and must stay
    there."""
    out: list[tuple[str, str]] = []
    depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            if depth == 0:
                out.append(("blockquote", "quote"))
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif depth == 0 and token.type != "inline":
            out.append((token.type, token.tag))
    return out


class _Text(HTMLParser):
    """The text a reader sees in an HTML page (entities decoded), and the tags used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def seen(page: str) -> tuple[str, set[str]]:
    reader = _Text()
    reader.feed(page)
    return "".join(reader.parts), reader.tags


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[str, str]], int]:
    markdown, _, events = export(tmp_path_factory.mktemp("plain") / "case", "plain words")
    return blocks(parse(markdown)), events


def test_the_reference_document_has_the_expected_shape(
    reference: tuple[list[tuple[str, str]], int],
) -> None:
    shape, events = reference
    headings = [tag for kind, tag in shape if kind == "heading_open"]
    # Case title; Debtor, Invoice and amounts, Claim, Limitation, Timeline, Letters as sent;
    # two letters.
    assert headings == ["h1", "h2", "h2", "h2", "h2", "h2", "h2", "h3", "h3"]
    tables = []
    for kind, _ in shape:
        if kind == "table_open":
            tables.append(0)
        elif kind == "tr_open":
            tables[-1] += 1
    # Debtor: header + 8 fields; amounts: header + 10; claim: header + 4; interest periods;
    # timeline: header + one row per event.
    assert tables[0] == 1 + 8 and tables[1] == 1 + 10 and tables[2] == 1 + 4
    assert tables[-1] == 1 + events == 1 + 13
    letters = shape[max(i for i, (_, tag) in enumerate(shape) if tag == "h2") :]
    assert sum(1 for kind, _ in letters if kind == "blockquote") == 2
    assert not any(kind == "fence" for kind, _ in shape)


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:24]))
def test_hostile_text_changes_nothing_but_the_words(
    tmp_path: Path, text: str, reference: tuple[list[tuple[str, str]], int]
) -> None:
    markdown, page, events = export(tmp_path / "hostile", text)
    twin, _, twin_events = export(tmp_path / "plain", plain(text))
    tokens = parse(markdown)
    assert blocks(tokens) == blocks(parse(twin))
    assert events == twin_events == reference[1]
    if text.strip():
        assert blocks(tokens) == reference[0]

    # Every table row has exactly its cells: nothing typed split or merged one.
    for table_start in (i for i, t in enumerate(tokens) if t.type == "table_open"):
        widths = []
        for token in tokens[table_start:]:
            if token.type == "table_close":
                break
            if token.type == "tr_open":
                widths.append(0)
            elif token.type in ("th_open", "td_open"):
                widths[-1] += 1
        assert len(set(widths)) == 1, widths

    visible, tags = seen(page)
    assert "<script" not in page.lower()
    assert tags <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table",
        "thead", "tbody", "tr", "th", "td", "strong", "em", "s", "code", "pre", "ul", "li",
        "blockquote", "br",
        # A letter's own Markdown, rendered as it looked: a list, a rule, a link; never an
        # image (nothing loads from elsewhere) or raw HTML.
        "ol", "hr", "a",
    }  # fmt: skip
    if text.strip():
        shown = literal(text)
        # Name, address, notes..., and every event that carries the text: each literally.
        assert visible.count(shown) >= 12, (visible.count(shown), shown)
    # Each letter in full, as it looked when sent: the page shows exactly what rendering the
    # letter alone shows (CommonMark reads any line ending as a line ending).
    for letter in (letter_text(text), letter_text(text) + "\n\nRegistered."):
        alone, _ = seen(markdown_parser().render(unix(letter)))
        assert " ".join(alone.split()) in " ".join(visible.split())


def test_the_timeline_is_in_date_order_and_marks_voided_entries(tmp_path: Path) -> None:
    markdown, page, _ = export(tmp_path / "case", "Called | twice")
    tokens = parse(markdown)
    start = next(
        i
        for i, t in enumerate(tokens)
        if t.type == "inline" and t.content == "Timeline" and tokens[i - 1].tag == "h2"
    )
    rows: list[list[str]] = []
    for token in tokens[start + 1 :]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(token.content)
    header, *body = rows
    assert header == ["Date", "#", "Event", "Details"]
    dates = [row[0] for row in body]
    assert dates == sorted(dates)
    assert [row[1] for row in body] == [
        "1", "4", "5", "3", "6", "7", "8", "9", "12", "2", "10", "11", "13",
    ]  # fmt: skip
    voided = [row for row in body if "voided" in row[2]]
    assert [(row[1], row[2]) for row in voided] == [("12", "~~Payment~~ (voided by #13)")]
    assert voided[0][3] == "*50.00 EUR (Called | twice)*"
    assert "<s>Payment</s> (voided by #13)" in page
    visible, _ = seen(page)
    assert "Called | twice" in visible and "cancels #12: undo: payment of 50.00 EUR" in visible


def test_the_html_page_is_self_contained_and_printable(tmp_path: Path) -> None:
    _, page, _ = export(tmp_path / "case", "<b>Invoice</b> & co")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    assert "<title>Case C-2026-0001: invoice &lt;b&gt;Invoice&lt;/b&gt; &amp; co</title>" in page
    assert "@page" in page and "break-inside: avoid" in page
    for outside in ("<link", "src=", "<script", "@import", "url("):
        assert outside not in page
    assert page.rstrip().endswith("</html>")


def test_raw_html_is_not_passed_through_even_when_it_reaches_the_renderer() -> None:
    """Second line of defence: markdown-it runs with raw HTML disabled."""
    page = markdown_to_html('<script>alert(1)</script>\n\n<div onclick="x">hi</div>', "t")
    assert "<script" not in page and "<div" not in page
    assert html.escape("<script>alert(1)</script>", quote=False) in page


def test_a_closed_case_exports_without_a_claim(tmp_path: Path) -> None:
    from casetui.model import Closed, CloseReason

    (tmp_path / "c").mkdir()
    ledger, case = build(tmp_path / "c", "note")
    with ledger:
        ledger.append(case, Closed(date=TODAY, reason=CloseReason.WRITTEN_OFF, note="Gone # |"))
        state = ledger.case(case)
        markdown = history_markdown(state, ledger.customer(state.customer_id), TODAY)
    tokens = parse(markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[1:5] == ["Debtor", "Invoice and amounts", "Timeline", "Letters as sent"]
    assert not any(h.startswith("Claim") for h in headings)
    assert "| Stage | Closed |" in markdown
    assert "written off; Gone # \\|" in markdown
    assert export_filename(state) == "case-C-2026-0001.md"
    assert export_filename(state, "html") == "case-C-2026-0001.html"


def test_a_letter_logged_without_its_text_does_not_point_to_one(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    ledger, case = build(tmp_path / "c", "note")
    with ledger:
        state = ledger.append(
            case,
            LetterSent(date=TODAY, letter_kind=LetterKind.SECOND_REMINDER, channel=Channel.POST),
        )
        markdown = history_markdown(state, ledger.customer(state.customer_id), TODAY)
    row = next(line for line in markdown.splitlines() if "**second reminder** sent by post" in line)
    assert "no copy of the text was kept" in row and "full text below" not in row
    assert f"### #{state.last_event_id}:" not in markdown  # no empty letter section
    assert markdown.count("full text below") == 2  # the two letters sent with their text


def test_a_letter_reads_as_it_looked_not_as_raw_markdown(tmp_path: Path) -> None:
    """Issue 18 item 4: "the letter as sent" showed `Studio Noord BV\\`,
    `**Tweede herinnering...**` and escaped brackets in a code block."""
    (tmp_path / "c").mkdir()
    ledger, case = build(tmp_path / "c", "note")
    sent = (
        "Studio Noord BV\\\nKerkstraat 1\n\n**Tweede herinnering: factuur F\\[12\\]**\n\n"
        "| Factuur | Openstaand |\n|---|---:|\n| F\\[12\\] | € 592,41 |\n"
    )
    with ledger:
        state = ledger.append(
            case,
            LetterSent(
                date=TODAY, letter_kind=LetterKind.SECOND_REMINDER, channel=Channel.POST, text=sent
            ),
        )
        customer = ledger.customer(state.customer_id)
        markdown = history_markdown(state, customer, TODAY)
        page = history_html(state, customer, TODAY)
    section = markdown[markdown.index(f"### #{state.last_event_id}:") :]
    assert "```" not in section
    assert "> **Tweede herinnering: factuur F\\[12\\]**" in section
    assert "<strong>Tweede herinnering: factuur F[12]</strong>" in page
    assert "<td>F[12]</td>" in page and "Studio Noord BV<br />" in page
    visible, _ = seen(page)
    assert "**Tweede" not in visible and "BV\\" not in visible
