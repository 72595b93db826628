"""One describer: the same words for an event on screen, in the export and in a toast."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casetui.describe import MARKDOWN, PLAIN, describe, details, headline
from casetui.markdown import markdown_parser
from casetui.model import (
    Call,
    CallOutcome,
    Channel,
    Closed,
    CloseReason,
    Event,
    LetterKind,
    LetterSent,
    Note,
    Opened,
    Payment,
)
from casetui.money import Money

DAY = date(2026, 11, 20)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_headlines_stand_alone() -> None:
    assert headline(Payment(date=DAY, amount=eur("1250.00")), "EUR") == "payment of 1,250.00 EUR"
    assert headline(Call(date=DAY, outcome=CallOutcome.NO_ANSWER), "EUR") == (
        "outbound call, no answer"
    )
    opened = Opened(
        date=DAY,
        customer_id="CUS-0001",
        invoice="F-1",
        amount=eur("99.5"),
        issued=date(2026, 10, 1),
        due=date(2026, 10, 31),
    )
    assert headline(opened, "EUR") == "case opened: invoice F-1, 99.50 EUR due 2026-10-31"
    closed = Closed(date=DAY, reason=CloseReason.WRITTEN_OFF)
    assert headline(closed, "EUR") == "closed (written off)"


def test_a_letter_says_its_channel_and_tracking_number() -> None:
    letter = LetterSent(
        date=DAY,
        letter_kind=LetterKind.REMINDER,
        channel=Channel.REGISTERED,
        tracking="RR123456789BE",
        deadline=date(2026, 12, 4),
    )
    assert headline(letter, "EUR") == "reminder sent by registered mail (RR123456789BE)"
    assert details(letter, "EUR") == (
        "reminder sent by registered mail (RR123456789BE); deadline 2026-12-04; "
        "no copy of the text was kept"
    )
    emailed = LetterSent(
        date=DAY, letter_kind=LetterKind.FORMAL_NOTICE, channel=Channel.EMAIL, text="Dear ..."
    )
    assert details(emailed, "EUR") == "formal notice sent by e-mail; enter: read it"
    assert details(emailed, "EUR", MARKDOWN).startswith("**formal notice** sent by e-mail;")


HOSTILE = "# [red]x[/] | **bold** <script>\nsecond ~~line~~"


@pytest.mark.parametrize(
    "event",
    [
        Note(date=DAY, text=HOSTILE),
        Call(date=DAY, outcome=CallOutcome.REACHED, note=HOSTILE),
        Payment(date=DAY, amount=eur("1"), method=HOSTILE, reference=HOSTILE),
        Closed(date=DAY, reason=CloseReason.PAID, note=HOSTILE),
    ],
)
def test_each_medium_keeps_user_text_literal(event: Event) -> None:
    plain = details(event, "EUR", PLAIN)
    assert "\n" not in plain and "# [red]x[/] | **bold** <script> / second ~~line~~" in plain
    cell = details(event, "EUR", MARKDOWN)
    html = markdown_parser().render(f"| a |\n|---|\n| {cell} |\n")
    # One cell, the text as typed: no heading, no bold, no strikethrough, no tag.
    assert html.count("<td>") == 1
    assert "<strong>bold" not in html and "<s>" not in html and "<script>" not in html
    assert "# [red]x[/] | **bold** &lt;script&gt; / second ~~line~~" in html


def test_the_screen_the_export_and_the_toast_share_the_wording() -> None:
    """Same words in every medium: only escaping and emphasis differ."""
    call = Call(date=DAY, outcome=CallOutcome.VOICEMAIL, note="left a message", next_action=DAY)
    plain, markdown = describe(call, "EUR", PLAIN), describe(call, "EUR", MARKDOWN)
    assert plain.details == "outbound call, voicemail; left a message; next action 2026-11-20"
    assert markdown.details.replace("**", "") == plain.details
    assert plain.details.startswith(plain.headline)
