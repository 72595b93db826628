"""Money and dates as people type them; events and customers to disk and back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casetui import codec, model
from casetui.dates import DateError, describe, parse_user_date
from casetui.money import (
    MAX_AMOUNT,
    AmountError,
    Money,
    format_amount,
    format_grouped,
    format_minor,
    from_minor,
    parse_amount,
    round_money,
    to_minor,
)
from tests.support import TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 99", "99.00"),
        ("0,5", "0.50"),
        ("1'234.50", "1234.50"),
    ],
)
def test_amounts_people_type(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,234", "ambiguous"),
        ("1.234,567", "more decimals"),
        ("12.345", "ambiguous"),
        ("abc", "not an amount"),
        ("-5", "positive"),
        ("", "not an amount"),
        ("1.234.56", "not an amount"),
    ],
)
def test_amounts_that_are_refused(text: str, message: str) -> None:
    with pytest.raises(AmountError, match=message):
        parse_amount(text)


@pytest.mark.parametrize("text", ["9" * 29, "9" * 40 + ",50", "1000000000000", "-" + "9" * 29])
def test_an_amount_beyond_what_casetui_takes_is_refused_not_a_traceback(text: str) -> None:
    """Regression: 29 digits ran out of Decimal's 28 in `quantize`, and `calc`, `log`,
    `edit`, the app's amount fields and its filter line all came out with InvalidOperation."""
    limit = r"is more than casetui takes \(at most 999,999,999,999.99\)"
    with pytest.raises(AmountError, match=limit):
        parse_amount(text, allow_negative=True)
    assert parse_amount("999999999999.99") == MAX_AMOUNT


def test_three_decimal_currencies_and_rounding() -> None:
    assert parse_amount("1,234", "KWD") == Decimal("1.234")
    assert round_money(Decimal("2.345"), "EUR") == Decimal("2.35")
    assert round_money(Decimal("-2.345"), "EUR") == Decimal("-2.35")
    assert to_minor(Decimal("12.30"), "EUR") == 1230
    with pytest.raises(AmountError):
        to_minor(Decimal("12.305"), "EUR")
    assert format_grouped(Decimal("1234567.5"), "EUR") == "1,234,567.50"
    with pytest.raises(AmountError, match="cannot combine"):
        Money(Decimal(1), "EUR") + Money(Decimal(1), "GBP")


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(["EUR", "JPY", "KWD"]))
def test_minor_units_read_as_the_decimal_formats_write_them(minor: int, currency: str) -> None:
    amount = from_minor(minor, currency)
    assert format_minor(minor, currency) == format_amount(amount, currency)
    assert format_minor(minor, currency, grouped=True) == format_grouped(amount, currency)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("+3d", date(2026, 11, 26)),
        ("-2d", date(2026, 11, 21)),
        ("+2w", date(2026, 12, 7)),
        ("+1m", date(2026, 12, 23)),
        ("friday", date(2026, 11, 27)),
        ("mon", date(2026, 11, 30)),  # today is Monday: the next one
    ],
)
def test_dates_people_type(text: str, expected: date) -> None:
    assert parse_user_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/04/2026", "ambiguous"),
        ("3.4.2026", "ambiguous"),
        ("2026-02-30", "not a real date"),
        ("next week", "not a date"),
        ("", "required"),
    ],
)
def test_dates_that_are_refused(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_user_date(text, TODAY)


def test_describe_relative_days() -> None:
    assert describe(TODAY, TODAY) == "today"
    assert describe(date(2026, 11, 26), TODAY) == "in 3 days"
    assert describe(date(2026, 11, 20), TODAY) == "3 days ago"


def _one_of_each() -> list[model.Event]:
    eur = Money(Decimal("12.50"), "EUR")
    day = date(2026, 11, 20)
    return [
        model.Opened(
            id=1, date=day, invoice="F|1", customer_id="CUS-1", issued=day, due=day,
            amount=eur, tags=("vip", "q4"), reference="+++123/4567/89002+++",
            limitation_law="scot", claim_kind=model.ClaimType.GOODS, delivered=day,
        ),
        model.Amended(
            id=2, date=day, amount=eur, due=day, note="typo", limitation_law="",
            claim_kind=model.ClaimType.PERIODIC, delivered=day,
        ),
        model.Note(id=3, date=day, text="[red]x[/] <script>"),
        model.Call(id=4, date=day, outcome=model.CallOutcome.VOICEMAIL, next_action=day),
        model.LetterSent(
            id=5, date=day, letter_kind=model.LetterKind.FORMAL_NOTICE,
            channel=model.Channel.REGISTERED, deadline=day, tracking="RR1", text="Dear",
            covers=("C-2026-0002",), statutory=True, received=day,
            sender=model.Sender.LAWYER,
        ),
        model.DisputeOpened(id=6, date=day, reason="why"),
        model.DisputeSettled(
            id=7, date=day, terms="half", amount=eur, revive=True,
            instalments=(model.PlanInstalment(day, eur),),
        ),
        model.Promise(id=8, date=day, amount=eur, by=day,
                      acknowledged=model.Acknowledgment.SIGNED),
        model.Payment(id=9, date=day, amount=eur, method="bank"),
        model.Credit(id=10, date=day, amount=eur, document="CN-1"),
        model.Snooze(id=11, date=day, until=day, reason="holiday"),
        model.StageChanged(id=12, date=day, stage=model.Stage.FORMAL_NOTICE),
        model.HandedOver(id=13, date=day, to=model.HandoverTo.LAWYER, name="Maas"),
        model.Closed(id=14, date=day, reason=model.CloseReason.SETTLED),
        model.Reopened(id=15, date=day, reason="again"),
        model.Voided(id=16, date=day, voids=(3, 4), reason="undo"),
        model.LetterReceived(id=17, date=day, letter=5, evidence="track and trace"),
        model.Acknowledged(id=18, date=day, form=model.Acknowledgment.WRITTEN, note="e-mail"),
        model.CourtClaim(id=19, date=day, court="Rechtbank Gent", reference="A/26/1"),
        model.Attached(id=20, date=day, name="[red]x[/].pdf", category=model.AttachmentKind.TERMS,
                       size=12, media_type="application/pdf", sha256="0" * 64,
                       stored="0" * 64 + ".pdf", note="signed"),
        model.SettlementLapsed(id=21, date=day, note="second instalment missed"),
    ]  # fmt: skip


def test_every_event_kind_survives_the_round_trip_to_disk() -> None:
    events = _one_of_each()
    assert {e.kind for e in events} == set(model.EVENT_TYPES)
    for event in events:
        data = codec.encode_event(event)
        assert codec.decode_event(data) == event
    payment = codec.encode_event(events[8])
    assert payment["amount"] == {"minor": 1250, "currency": "EUR"}
    assert "reference" not in payment  # defaults are left out


def test_unknown_fields_are_ignored_and_unknown_kinds_refused() -> None:
    data = codec.encode_event(model.Note(id=1, date=TODAY, text="x")) | {"future_field": 1}
    assert codec.decode_event(data) == model.Note(id=1, date=TODAY, text="x")
    with pytest.raises(ValueError, match="unknown event kind"):
        codec.decode_event({"kind": "teleported", "id": 1, "date": "2026-01-01"})
    customer = model.Customer(id="CUS-1", name="A", kind=model.CustomerKind.CONSUMER)
    assert codec.decode_customer(codec.encode_customer(customer) | {"x": 1}) == customer


def test_old_events_and_customers_read_unchanged_and_new_fields_stay_out_when_unset() -> None:
    """Ledgers written before limitation existed decode with the defaults; cases and
    customers that set nothing are stored exactly as before."""
    old_opened = {
        "kind": "opened", "id": 1, "date": "2026-01-01", "invoice": "F1",
        "customer_id": "CUS-0001", "issued": "2026-01-01", "due": "2026-01-31",
        "amount": {"minor": 100, "currency": "EUR"},
    }  # fmt: skip
    opened = codec.decode_event(old_opened)
    assert (opened.limitation_law, opened.claim_kind, opened.delivered) == ("", None, None)
    assert codec.encode_event(opened) == {k: v for k, v in old_opened.items()}
    letter = model.LetterSent(
        id=2, date=TODAY, letter_kind=model.LetterKind.REMINDER, channel=model.Channel.EMAIL
    )
    assert set(codec.encode_event(letter)) == {"kind", "id", "date", "letter_kind", "channel"}
    customer = model.Customer(id="CUS-1", name="A")
    assert "limitation_law" not in codec.encode_customer(customer)
    scots = model.Customer(id="CUS-2", name="B", limitation_law="scot")
    assert codec.decode_customer(codec.encode_customer(scots)) == scots


def test_a_currency_sign_of_another_currency_is_refused() -> None:
    assert parse_amount("£ 100", "GBP") == Decimal("100.00")
    assert parse_amount("100 gbp", "GBP") == Decimal("100.00")
    assert parse_amount("€1.234,56", "EUR") == Decimal("1234.56")
    for typed in ("€ 100", "$100"):
        with pytest.raises(AmountError, match="but this amount is in GBP"):
            parse_amount(typed, "GBP")
