"""Shared by the letters tests: a small ledger with one business and one consumer debtor
per country (BE, NL, GB), each with two overdue invoices and one settled dispute."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

from casetui.ledger import Ledger
from casetui.model import (
    Customer,
    CustomerKind,
    DisputeOpened,
    DisputeSettled,
    Opened,
    Payment,
    PlanInstalment,
)
from casetui.money import Money

DEBTORS = {
    ("BE", "business"): Customer(
        id="",
        name="Atelier Lumière SRL",
        kind=CustomerKind.BUSINESS,
        country="BE",
        language="fr",
        email="compta@lumiere.example.be",
        address="Rue de la Station 12\n4000 Liège",
        vat="BE 0403.170.701",
    ),
    ("BE", "consumer"): Customer(
        id="",
        name="Jan Peeters",
        kind=CustomerKind.CONSUMER,
        country="BE",
        language="nl",
        email="jan.peeters@example.be",
        address="Kerkstraat 5\n9000 Gent",
    ),
    ("NL", "business"): Customer(
        id="",
        name="Bakkerij De Molen B.V.",
        kind=CustomerKind.BUSINESS,
        country="NL",
        language="nl",
        email="administratie@demolen.example.nl",
        address="Molenweg 3\n3511 AB Utrecht",
        vat="KvK 12345678",
        limitation_law="nl",  # their terms chose Dutch law: nl-b2b, not the creditor's be-b2b
    ),
    ("NL", "consumer"): Customer(
        id="",
        name="Sanne de Vries",
        kind=CustomerKind.CONSUMER,
        country="NL",
        language="nl",
        email="sanne@example.nl",
        address="Dorpsstraat 8\n1012 JS Amsterdam",
    ),
    ("GB", "business"): Customer(
        id="",
        name="Kestrel Print Ltd",
        kind=CustomerKind.BUSINESS,
        country="GB",
        language="en",
        email="accounts@kestrel.example.co.uk",
        address="12 High Street\nLeeds LS1 4AP",
        vat="Company no. 01234567",
        limitation_law="ew",  # their terms chose English law: uk-b2b
    ),
    ("GB", "consumer"): Customer(
        id="",
        name="Oliver Smith",
        kind=CustomerKind.CONSUMER,
        country="GB",
        language="en",
        email="oliver@example.co.uk",
        address="4 Mill Road\nBristol BS1 5TR",
    ),
}


@dataclasses.dataclass
class World:
    ledger: Ledger
    # (country, kind) -> {"a": case id, "b": case id, "settled": case id}
    cases: dict[tuple[str, str], dict[str, str]]
    customers: dict[tuple[str, str], str]


def _opened(invoice: str, due: date, amount: str, currency: str) -> Opened:
    issued = date(due.year, due.month, 1)
    return Opened(
        date=issued,
        invoice=invoice,
        customer_id="",
        issued=issued,
        due=due,
        amount=Money(Decimal(amount), currency),
    )


def build_world(path: Path) -> World:
    ledger = Ledger.open(path / "ledger.json", backup=False)
    cases: dict[tuple[str, str], dict[str, str]] = {}
    customers: dict[tuple[str, str], str] = {}
    for number, (key, customer) in enumerate(DEBTORS.items(), start=1):
        currency = "GBP" if key[0] == "GB" else "EUR"
        first = ledger.open_case(
            _opened(f"F2026-{number}01", date(2026, 9, 30), "1210.00", currency),
            new_customer=customer,
        )
        customer_id = first.customer_id
        second = ledger.open_case(
            dataclasses.replace(
                _opened(f"F2026-{number}02", date(2026, 10, 15), "363.00", currency),
                customer_id=customer_id,
            )
        )
        disputed = ledger.open_case(
            dataclasses.replace(
                _opened(f"F2026-{number}03", date(2026, 10, 5), "500.00", currency),
                customer_id=customer_id,
            )
        )
        ledger.append_actions(
            disputed.id,
            [
                (DisputeOpened(date=date(2026, 10, 20), reason="Says the work was late"),),
                (
                    DisputeSettled(
                        date=date(2026, 11, 2),
                        terms="10 % off; the rest in two payments",
                        amount=Money(Decimal("450.00"), currency),
                    ),
                ),
                (Payment(date=date(2026, 11, 10), amount=Money(Decimal("225.00"), currency)),),
            ],
        )
        customers[key] = customer_id
        cases[key] = {"a": first.id, "b": second.id, "settled": disputed.id}
    # Payment plans come last, so that the case ids above stay as the tests know them.
    for number, key in enumerate(DEBTORS, start=1):
        currency = "GBP" if key[0] == "GB" else "EUR"
        customer_id = customers[key]
        # A payment plan whose first instalment (due 2026-11-16) was missed by 2026-11-23.
        planned = ledger.open_case(
            dataclasses.replace(
                _opened(f"F2026-{number}04", date(2026, 9, 1), "600.00", currency),
                customer_id=customer_id,
            )
        )
        ledger.append(
            planned.id,
            DisputeSettled(
                date=date(2026, 11, 2),
                terms="three monthly payments",
                instalments=tuple(
                    PlanInstalment(day, Money(Decimal("200.00"), currency))
                    for day in (date(2026, 11, 16), date(2026, 12, 16), date(2027, 1, 16))
                ),
                revive=number % 2 == 0,
            ),
        )
        cases[key]["plan"] = planned.id
    return World(ledger, cases, customers)
