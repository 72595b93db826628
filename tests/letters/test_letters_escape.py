"""User text stays literal: in Markdown, in the HTML (no raw HTML), in the plain text."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from casetui.letters import prepare_letter, render_draft
from casetui.letters.render import markdown_to_text
from casetui.markdown import (
    _escape_line,
    escape_cell,
    escape_line,
    escape_lines,
    escape_markdown,
    markdown_parser,
    quote,
)
from tests.support import TODAY

MD = MarkdownIt("commonmark", {"html": False}).enable("table")

HOSTILE = [
    "*bold* _em_ `code`",
    "# Not a heading",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "a | b | c",
    "[link](http://evil.example)",
    "<script>alert(1)</script>",
    "<https://autolink.example>",
    "Smith &amp; Sons",
    "back\\slash",
    "===",
    "---",
    "[/] [red] [@click=app.quit]",
    "emoji 🎉 and RTL שלום",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_itself(text) -> None:
    html = MD.render(escape_markdown(text))
    assert html.startswith("<p>"), html
    assert markdown_to_text(escape_markdown(text)).strip() == text
    assert "<script" not in html and "<a " not in html and "<em>" not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_cells_keep_a_table_intact(text) -> None:
    table = f"| A | B |\n|---|---|\n| {escape_cell(text)} | x |\n"
    html = MD.render(table)
    assert html.count("<td>") == 2, html
    assert markdown_to_text(table).splitlines()[2].startswith(text)


def test_a_quoted_letter_renders_and_stays_inside_its_quote() -> None:
    """A letter as sent (issue 18 item 4): its Markdown renders, nothing in it leaves the
    quote (an unclosed fence, a heading), raw HTML stays text for any renderer, and an
    image loads nothing."""
    letter = (
        "**Tweede herinnering**\n\n| A | B |\n|---|---:|\n| 1 | 2 |\n\n# Kop\n\n"
        "<script>alert(1)</script> `<b>code</b>` <https://pay.example>\n"
        "![logo](https://tracker.example/p.png)\n\n```\nnever closed"
    )
    quoted = quote(letter) + "\n\nAfter the letter."
    tokens = markdown_parser().parse(quoted)
    assert tokens[0].type == "blockquote_open" and tokens[-4].type == "blockquote_close"
    assert tokens[-2].content == "After the letter."
    with_html = MarkdownIt("commonmark", {"html": True}).enable("table").render(quoted)
    assert "<script" not in with_html and "&lt;script&gt;" in with_html
    assert "<code>&lt;b&gt;code&lt;/b&gt;</code>" in with_html
    ours = markdown_parser().render(quoted)
    assert "<strong>Tweede herinnering</strong>" in ours and "<td>1</td>" in ours
    assert '<a href="https://pay.example">' in ours
    assert "<img" not in ours and "<h1>Kop</h1>" in ours


def test_lines_become_hard_breaks_and_each_line_is_escaped() -> None:
    html = MD.render(escape_lines("# Street 1\n- 9000 Gent"))
    assert "<br />" in html and "<h1>" not in html and "<li>" not in html


def test_a_hostile_customer_name_stays_literal_in_every_format(world, profile) -> None:
    key = ("BE", "business")
    customer = world.ledger.customer(world.customers[key])
    name = "<script>alert('x')</script> *ACME* | # [/]"
    world.ledger.update_customer(
        dataclasses.replace(customer, name=name, address="# Street 1\n| 9000 Gent |")
    )
    for kind in ("reminder", "formal-notice", "handover"):
        draft = prepare_letter(
            world.ledger, world.cases[key]["a"], kind, profile=profile, sent_on=TODAY
        )
        html = render_draft(draft, "html")
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; *ACME* | # [/]" in html
        body_html = html.split('<div class="body">', 1)[1]
        assert "<em>ACME</em>" not in body_html
        assert "<h1>" not in body_html
    # The hand-over file prints the debtor's name and address in its body.
    plain = render_draft(draft, "txt")
    assert name in plain and "# Street 1" in plain and "| 9000 Gent |" in plain


def test_an_invoice_number_with_pipes_keeps_the_table(world, profile) -> None:
    from casetui.model import Amended

    key = ("NL", "business")
    world.ledger.append(world.cases[key]["a"], Amended(date=TODAY, invoice="F|1 *x*"))
    draft = prepare_letter(
        world.ledger,
        [world.cases[key]["a"], world.cases[key]["b"]],
        "reminder",
        profile=profile,
        sent_on=TODAY,
    )
    html = render_draft(draft, "html")
    assert "<td>F|1 *x*</td>" in html
    rows = [line for line in html.splitlines() if line == "<tr>"]
    assert len(rows) == 4  # header, two invoices, total


_TRICKY = "aZé9² _-.,'()/:#>+=*`~[]|<&\\\t\n\u2028"


@settings(max_examples=500)
@given(
    st.one_of(
        # a letter first, as the quick check wants, then anything a rule may look at
        st.tuples(st.sampled_from("aZéß"), st.text(st.sampled_from(_TRICKY), max_size=10)).map(
            "".join
        ),
        st.text(st.one_of(st.sampled_from(_TRICKY), st.characters(codec="utf-8")), max_size=12),
    )
)
def test_text_with_nothing_to_escape_is_passed_over_exactly_as_the_rules_would_leave_it(
    text: str,
) -> None:
    # The quick check (most names and ids need no escaping) never changes an answer.
    assert escape_line(text) == _escape_line(text)
    if len(text.splitlines()) <= 1:
        assert escape_markdown(text) == _escape_line(text)
