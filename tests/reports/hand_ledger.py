"""A small ledger built by hand, whose report figures are worked out in the tests.

Three customers: A and B pay in EUR, C in GBP. Ten cases, opened on their issue day, so
their ids follow the list (C1 is C-2026-0001):

    case cust amount    issued  due     what happens
    C1   A    1000 EUR  05-01   05-31   reminder 06-05 (e-mail); paid 300 06-10; call 06-12
                                        no answer; call 06-15 promised 300 by 06-25 (broken);
                                        paid 200 07-05
    C2   A    2000 EUR  03-01   03-31   reminder 04-05; paid 500 05-20, undone 06-20;
                                        dispute 06-01 (still open)
    C3   B    1500 EUR  04-01   05-01   reminder 05-05; dispute 05-10, settled 06-05 at 1000;
                                        paid 400 06-15
    C4   B     800 EUR  02-01   03-03   written off 06-25
    C5   B     600 EUR  06-20   07-20   a call 06-22, undone the same day
    C6   A     400 EUR  07-02   08-01   (issued after the end of June)
    C7   C    1200 GBP  04-15   05-15   reminder 05-20; credit note 200 06-01; second
                                        reminder 06-05 (registered)
    C8   C     300 GBP  05-20   06-19   reminder 06-20 (post); paid 300 06-25; closed paid 06-26
    C9   B     500 EUR  03-01   03-31   reminder 04-05, second reminder 04-20, formal notice
                                        05-05; call 05-08 promised 500 by 05-20; paid 500
                                        05-18 (kept); closed paid 05-19
    C10  A     900 EUR  01-10   02-09   reminder 02-15; call 02-20 promised 900 by 03-01
                                        (broken); handed over to an agency 04-01; the
                                        debtor called us 04-10; written off 06-10

All dates are in 2026. "Today" is 2026-07-15.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from casetui.ledger import Ledger
from casetui.model import (
    Call,
    CallOutcome,
    Channel,
    Closed,
    CloseReason,
    Credit,
    Customer,
    CustomerKind,
    Direction,
    DisputeOpened,
    DisputeSettled,
    HandedOver,
    HandoverTo,
    LetterKind,
    LetterSent,
    Opened,
    Payment,
    Promise,
)
from casetui.money import Money

REPORT_DAY = date(2026, 7, 15)
A, B, C = "Atelier Anvers BV", "Bakkerij Brood B.V.", "Castle Print Ltd"


def d(text: str) -> date:
    return date.fromisoformat(f"2026-{text}")


def eur(text: str) -> Money:
    return Money(Decimal(text), "EUR")


def gbp(text: str) -> Money:
    return Money(Decimal(text), "GBP")


def case_id(number: int) -> str:
    return f"C-2026-{number:04d}"


def letter(day: str, kind: LetterKind, channel: Channel = Channel.EMAIL) -> LetterSent:
    return LetterSent(date=d(day), letter_kind=kind, channel=channel)


def build(path: Path) -> None:
    with Ledger.open(path, backup=False) as ledger:
        customers: dict[str, str] = {}

        def open_case(name: str, amount: Money, issued: str, due: str) -> str:
            opened = Opened(
                date=d(issued),
                invoice=f"INV-{len(ledger) + 1}",
                customer_id=customers.get(name, ""),
                issued=d(issued),
                due=d(due),
                amount=amount,
            )
            new = None
            if name not in customers:
                new = Customer(id="", name=name, kind=CustomerKind.BUSINESS, country="BE")
            state = ledger.open_case(opened, new_customer=new)
            customers[name] = state.customer_id
            return state.id

        c1 = open_case(A, eur("1000.00"), "05-01", "05-31")
        ledger.append(c1, letter("06-05", LetterKind.REMINDER))
        ledger.append(c1, Payment(date=d("06-10"), amount=eur("300.00")))
        ledger.append(c1, Call(date=d("06-12"), outcome=CallOutcome.NO_ANSWER))
        ledger.append(
            c1,
            Call(date=d("06-15"), outcome=CallOutcome.PROMISED),
            Promise(date=d("06-15"), amount=eur("300.00"), by=d("06-25")),
        )
        ledger.append(c1, Payment(date=d("07-05"), amount=eur("200.00")))

        c2 = open_case(A, eur("2000.00"), "03-01", "03-31")
        ledger.append(c2, letter("04-05", LetterKind.REMINDER))
        ledger.append(c2, Payment(date=d("05-20"), amount=eur("500.00")))
        ledger.undo(c2, d("06-20"))
        ledger.append(c2, DisputeOpened(date=d("06-01"), reason="Wrong hours"))

        c3 = open_case(B, eur("1500.00"), "04-01", "05-01")
        ledger.append(c3, letter("05-05", LetterKind.REMINDER))
        ledger.append(c3, DisputeOpened(date=d("05-10"), reason="Damaged goods"))
        ledger.append(c3, DisputeSettled(date=d("06-05"), terms="1000", amount=eur("1000.00")))
        ledger.append(c3, Payment(date=d("06-15"), amount=eur("400.00")))

        c4 = open_case(B, eur("800.00"), "02-01", "03-03")
        ledger.append(c4, Closed(date=d("06-25"), reason=CloseReason.WRITTEN_OFF))

        c5 = open_case(B, eur("600.00"), "06-20", "07-20")
        ledger.append(c5, Call(date=d("06-22"), outcome=CallOutcome.REACHED))
        ledger.undo(c5, d("06-22"))

        open_case(A, eur("400.00"), "07-02", "08-01")

        c7 = open_case(C, gbp("1200.00"), "04-15", "05-15")
        ledger.append(c7, letter("05-20", LetterKind.REMINDER))
        ledger.append(c7, Credit(date=d("06-01"), amount=gbp("200.00")))
        ledger.append(c7, letter("06-05", LetterKind.SECOND_REMINDER, Channel.REGISTERED))

        c8 = open_case(C, gbp("300.00"), "05-20", "06-19")
        ledger.append(c8, letter("06-20", LetterKind.REMINDER, Channel.POST))
        ledger.append(c8, Payment(date=d("06-25"), amount=gbp("300.00")))
        ledger.append(c8, Closed(date=d("06-26"), reason=CloseReason.PAID))

        c9 = open_case(B, eur("500.00"), "03-01", "03-31")
        ledger.append(c9, letter("04-05", LetterKind.REMINDER))
        ledger.append(c9, letter("04-20", LetterKind.SECOND_REMINDER))
        ledger.append(c9, letter("05-05", LetterKind.FORMAL_NOTICE, Channel.REGISTERED))
        ledger.append(
            c9,
            Call(date=d("05-08"), outcome=CallOutcome.PROMISED),
            Promise(date=d("05-08"), amount=eur("500.00"), by=d("05-20")),
        )
        ledger.append(c9, Payment(date=d("05-18"), amount=eur("500.00")))
        ledger.append(c9, Closed(date=d("05-19"), reason=CloseReason.PAID))

        c10 = open_case(A, eur("900.00"), "01-10", "02-09")
        ledger.append(c10, letter("02-15", LetterKind.REMINDER))
        ledger.append(
            c10,
            Call(date=d("02-20"), outcome=CallOutcome.PROMISED),
            Promise(date=d("02-20"), amount=eur("900.00"), by=d("03-01")),
        )
        ledger.append(c10, HandedOver(date=d("04-01"), to=HandoverTo.AGENCY, name="Incasso NV"))
        ledger.append(
            c10, Call(date=d("04-10"), outcome=CallOutcome.REACHED, direction=Direction.INBOUND)
        )
        ledger.append(c10, Closed(date=d("06-10"), reason=CloseReason.WRITTEN_OFF))
        assert [c1, c2, c3, c4, c5, c7, c8, c9, c10] == [
            case_id(n) for n in (1, 2, 3, 4, 5, 7, 8, 9, 10)
        ]
