"""A fictional, varied demo ledger: the same one for the same seed and the same `today`.

Debtors are businesses and consumers in Belgium, the Netherlands and the United Kingdom,
and their cases cover every stage and the situations a real morning brings: invoices not
due yet, overdue ones nobody chased, reminders whose deadline passed, promises kept and
broken, partial payments, disputes open and settled, hand-overs, and closed cases.
Every name, address and number here is invented.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

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
    DisputeOpened,
    DisputeSettled,
    Event,
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
from casetui.money import Money

_BUSINESS = {
    "BE": (
        ("Brasserie", "Atelier", "Drukkerij", "Garage", "Bouwbedrijf", "Studio", "Boulangerie"),
        ("De Klok", "Lumière", "Vermeulen", "Van Acker", "Meuse", "Zonnebloem", "Les Tilleuls"),
        ("BV", "SRL", "NV", "CommV", "SA"),
    ),
    "NL": (
        ("Bakkerij", "Hoveniersbedrijf", "Installatiebedrijf", "Reclamebureau", "Kapsalon"),
        ("Van Dijk", "Groen", "De Vries", "Het Anker", "Noorderlicht", "Bosman", "De Molen"),
        ("B.V.", "V.O.F.", "B.V.", "Holding B.V."),
    ),
    "GB": (
        ("Thistle &", "Harbour", "Northgate", "Kestrel", "Willow", "Foxglove", "Ashby"),
        ("Oak", "Print", "Joinery", "Digital", "Catering", "Builders", "Design"),
        ("Ltd", "Ltd", "LLP", "Limited"),
    ),
}
_PEOPLE = {
    "BE": (("Jan", "Sophie", "Luc", "Amélie", "Pieter", "Nadia"),
           ("Peeters", "Dubois", "Janssens", "Lambert", "Maes", "Claes")),
    "NL": (("Emma", "Daan", "Sanne", "Bram", "Lotte", "Ruben"),
           ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Mulder")),
    "GB": (("Oliver", "Amelia", "Harry", "Isla", "George", "Freya"),
           ("Smith", "Taylor", "Brown", "Wilson", "Evans", "Hughes")),
}  # fmt: skip
_STREETS = {
    "BE": (("Kerkstraat", "Rue de la Station", "Stationsstraat", "Rue du Moulin"), "Gent"),
    "NL": (("Dorpsstraat", "Molenweg", "Kerkplein", "Schoolstraat"), "Utrecht"),
    "GB": (("High Street", "Station Road", "Church Lane", "Mill Road"), "Leeds"),
}
_CITIES = {
    "BE": (("9000", "Gent"), ("1000", "Brussel"), ("4000", "Liège"), ("2000", "Antwerpen")),
    "NL": (("3511 AB", "Utrecht"), ("1012 JS", "Amsterdam"), ("9711 LM", "Groningen")),
    "GB": (("LS1 4AP", "Leeds"), ("M1 1AE", "Manchester"), ("BS1 5TR", "Bristol")),
}
_LANGUAGES = {"BE": ("nl", "fr"), "NL": ("nl",), "GB": ("en",)}

_SCENARIOS = (
    ("not-due", 8),
    ("overdue-quiet", 10),
    ("reminder-waiting", 8),
    ("reminder-passed", 10),
    ("second-reminder", 8),
    ("formal-notice", 7),
    ("promise-pending", 6),
    ("promise-kept", 5),
    ("promise-broken", 7),
    ("partial-payments", 7),
    ("dispute-open", 5),
    ("dispute-settled", 4),
    ("snoozed", 4),
    ("no-answer", 5),
    ("handed-over", 5),
    ("paid-closed", 8),
    ("written-off", 2),
)

# The first cases of every demo take these in turn (and the first customers every country and
# kind), so that even the default 60-case demo shows everything; the rest are drawn at random.
_SCENARIO_NAMES = tuple(name for name, _ in _SCENARIOS)
_COVERAGE = tuple((country, kind) for country in ("BE", "NL", "GB") for kind in tuple(CustomerKind))

_NOTES = (
    "Accounts payable says the invoice is in the approval queue.",
    "Asked for a copy of the invoice; sent it again by e-mail.",
    "Cash-flow problems this month, they say; will pay in instalments.",
    "Contact person is on holiday until next week.",
    "Purchase order number was missing on the invoice.",
    "They pay suppliers on the 25th of the month.",
)
# The compromise as the user would type it: in the debtor's language, since the settlement
# letter quotes it word for word.
_SETTLEMENT_TERMS = {
    "en": "20 % discount; the rest in two instalments, 14 days apart",
    "nl": "20 % korting; het saldo in twee termijnen, met 14 dagen ertussen",
    "fr": "remise de 20 % ; le solde en deux versements, à 14 jours d'intervalle",
}

_DISPUTES = (
    "Says part of the delivery was damaged",
    "Disagrees with the hours billed",
    "Claims the work was not finished",
    "Was charged twice, according to them",
)


@dataclass(frozen=True)
class DemoCase:
    customer: Customer
    opened: Opened
    actions: tuple[tuple[Event, ...], ...]


def _address(country: str, street: str, postcode: str, city: str) -> str:
    """Street, then the town line as the country writes it: "9000 Gent", but in the UK
    "70 High Street" with the town and the postcode on lines of their own."""
    if country == "GB":
        name, _, number = street.rpartition(" ")
        return f"{number} {name}\n{city}\n{postcode}"
    return f"{street}\n{postcode} {city}"


def _chosen_law(country: str, vat: str) -> str:
    """The law a demo business customer's terms chose ("" none: the creditor's applies)."""
    if not vat:
        return ""
    if country == "GB":
        return "ew"
    if country == "NL" and int(vat[-1]) % 2 == 0:
        return "nl"
    return ""


def _statutory_first_reminder(actions: list[tuple[Event, ...]]) -> list[tuple[Event, ...]]:
    """A Belgian or Dutch consumer's first reminder as casetui sends it: the statutory one
    (the free first reminder, art. XIX.2 WER; the 14-day letter, art. 6:96(6) BW), without
    which no interest or costs could ever be charged."""
    for index, action in enumerate(actions):
        first = action[0]
        if isinstance(first, LetterSent) and first.letter_kind is LetterKind.REMINDER:
            actions[index] = (replace(first, statutory=True), *action[1:])
            break
    return actions


def _money(amount: Decimal, currency: str) -> Money:
    return Money(amount.quantize(Decimal("0.01")), currency)


_Actions = list[tuple[Event, ...]]  # a case's actions, each the events recorded together


class _Generator:
    def __init__(self, seed: int, today: date, extra_events: int) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.extra_events = extra_events
        self.names: set[str] = set()
        self.invoice_numbers: set[str] = set()

    # ------------------------------------------------------------- customers

    def customer(self, country: str | None = None, kind: CustomerKind | None = None) -> Customer:
        rng = self.rng
        country = country or rng.choice(("BE", "BE", "NL", "NL", "GB"))
        if kind is None:
            kind = CustomerKind.CONSUMER if rng.random() < 0.3 else CustomerKind.BUSINESS
        for attempt in range(1000):
            if kind is CustomerKind.BUSINESS:
                first, second, form = _BUSINESS[country]
                name = f"{rng.choice(first)} {rng.choice(second)} {rng.choice(form)}"
            else:
                given, family = _PEOPLE[country]
                name = f"{rng.choice(given)} {rng.choice(family)}"
            if attempt > 20:
                name = f"{name} ({attempt})"
            if name.casefold() not in self.names:
                break
        self.names.add(name.casefold())
        streets, _ = _STREETS[country]
        postcode, city = rng.choice(_CITIES[country])
        handle = "".join(ch for ch in name.lower() if ch.isalnum())[:16]
        domain = {"BE": "example.be", "NL": "example.nl", "GB": "example.co.uk"}[country]
        phone = {
            "BE": f"+32 9 {rng.randint(200, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "NL": f"+31 30 {rng.randint(200, 999)} {rng.randint(1000, 9999)}",
            "GB": f"+44 113 {rng.randint(200, 999)} {rng.randint(1000, 9999)}",
        }[country]
        vat = ""
        if kind is CustomerKind.BUSINESS:
            vat = {
                "BE": f"BE0{rng.randint(100000000, 999999999)}",
                "NL": f"KvK {rng.randint(10000000, 99999999)}",
                "GB": f"Company no. {rng.randint(1000000, 9999999):08d}",
            }[country]
        return Customer(
            id="",
            name=name,
            kind=kind,
            country=country,
            # A business's contract takes the studio's Belgian law (Rome I art. 4) unless the
            # terms chose another: the British clients' (paid in pounds) chose English law,
            # about half the Dutch clients' Dutch law. Drawn from the number already drawn, so
            # the rest of the demo stays as it was.
            limitation_law=_chosen_law(country, vat),
            language=rng.choice(_LANGUAGES[country]),
            email=f"{'accounts' if kind is CustomerKind.BUSINESS else handle}@{handle}.{domain}",
            phone=phone,
            address=_address(
                country, f"{rng.choice(streets)} {rng.randint(1, 180)}", postcode, city
            ),
            vat=vat,
        )

    # ------------------------------------------------------------- cases

    def scenario(self) -> str:
        names, weights = zip(*_SCENARIOS, strict=True)
        return self.rng.choices(names, weights)[0]

    def invoice_number(self, issued: date) -> str:
        while True:
            number = f"F{issued.year}-{self.rng.randint(1, 99999):05d}"
            if number not in self.invoice_numbers:
                self.invoice_numbers.add(number)
                return number

    def case(self, customer: Customer, scenario: str | None = None) -> DemoCase:
        rng = self.rng
        scenario = scenario or self.scenario()
        currency = "GBP" if customer.country == "GB" else "EUR"
        amount = _money(Decimal(round(80 * (180 ** rng.random()), 2)), currency)
        term = 14 if customer.kind is CustomerKind.CONSUMER else 30
        due, actions = self.story(scenario, amount, term, customer.language)
        issued = due - timedelta(days=term)
        opened = Opened(
            date=issued,
            invoice=self.invoice_number(issued),
            customer_id="",
            issued=issued,
            due=due,
            amount=amount,
            source="demo",
        )
        actions.extend(self.filler(due, issued, len(actions)))
        actions.sort(key=lambda action: action[0].date)
        if customer.kind is CustomerKind.CONSUMER and customer.country in ("BE", "NL"):
            actions = _statutory_first_reminder(actions)
        return DemoCase(customer, opened, tuple(actions))

    def ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def letter(self, kind: LetterKind, day: date, channel: Channel, wait: int) -> LetterSent:
        tracking = ""
        if channel is Channel.REGISTERED:
            tracking = f"RR{self.rng.randint(100000000, 999999999)}BE"
        return LetterSent(
            date=day,
            letter_kind=kind,
            channel=channel,
            deadline=day + timedelta(days=wait),
            tracking=tracking,
        )

    def ladder(self, steps: int, last: date) -> tuple[date, list[tuple[Event, ...]]]:
        """`steps` letters of the ladder, the last one sent on `last`, worked backwards."""
        kinds = (
            (LetterKind.REMINDER, Channel.EMAIL, 14),
            (LetterKind.SECOND_REMINDER, Channel.EMAIL, 8),
            (LetterKind.FORMAL_NOTICE, Channel.REGISTERED, 7),
        )[:steps]
        days = [last]
        for _, _, wait in reversed(kinds[1:]):
            days.insert(0, days[0] - timedelta(days=wait + self.rng.randint(1, 4)))
        letters = [
            (self.letter(kind, day, channel, wait),)
            for (kind, channel, wait), day in zip(kinds, days, strict=True)
        ]
        return days[0] - timedelta(days=self.rng.randint(4, 10)), letters

    def story(
        self, scenario: str, amount: Money, term: int, language: str
    ) -> tuple[date, list[tuple[Event, ...]]]:
        """The due date and the actions of one case, dated backwards from today."""
        rng = self.rng
        if scenario == "not-due":
            return self.today + timedelta(days=rng.randint(1, term - 1)), []
        if scenario == "overdue-quiet":
            due = self.ago(4, 45)
            note = [(Note(date=due + timedelta(days=1), text=rng.choice(_NOTES)),)]
            return due, note if rng.random() < 0.4 else []
        if scenario in _LADDER_STEPS:
            return self.escalated(scenario)
        if scenario == "reminder-waiting":
            return self.ladder(1, self.ago(1, 12))
        if scenario in ("reminder-passed", "promise-broken", "no-answer", "dispute-settled"):
            due, actions = self.ladder(1, self.ago(16, 35))
        else:
            due, actions = self.ladder(1, self.ago(8, 20))
        after_reminder = _AFTER_REMINDER.get(scenario)
        if after_reminder is not None:
            actions.extend(after_reminder(self, actions[0][0].date, amount, language))
        return due, actions

    def escalated(self, scenario: str) -> tuple[date, list[tuple[Event, ...]]]:
        """A case that went up the ladder, then was handed over or written off."""
        rng = self.rng
        if scenario not in ("handed-over", "written-off"):
            return self.ladder(_LADDER_STEPS[scenario], self.ago(1, 15))
        end = self.ago(5, 60)
        due, actions = self.ladder(3, end - timedelta(days=rng.randint(8, 12)))
        if scenario == "written-off":
            reason = "Company declared bankrupt; claim filed with the trustee."
            actions.append((Closed(date=end, reason=CloseReason.WRITTEN_OFF, note=reason),))
        else:
            actions.append((self.handover(rng.choice(tuple(HandoverTo)), end),))
        return due, actions

    # What happened after the first reminder, one method per scenario (`_AFTER_REMINDER`):
    # each takes the reminder's day, the invoice amount and the customer's language.

    def promise_broken(self, reminder: date, amount: Money, language: str) -> _Actions:
        by = max(reminder + timedelta(days=4), self.ago(1, 6))
        call_day = by - timedelta(days=self.rng.randint(2, 4))
        return [self.promise_call(call_day, by, amount)]

    def promise_kept(self, reminder: date, amount: Money, language: str) -> _Actions:
        """Half the amount promised, paid on time: the promise is kept, the rest still owed."""
        rng = self.rng
        by = max(reminder + timedelta(days=5), self.ago(1, 6))
        call_day = max(reminder + timedelta(days=1), by - timedelta(days=rng.randint(2, 5)))
        paid_on = call_day + timedelta(days=rng.randint(0, (by - call_day).days))
        promised = _money(amount.amount / 2, amount.currency)
        return [
            self.promise_call(call_day, by, promised),
            (Payment(date=paid_on, amount=promised, method="bank transfer"),),
        ]

    def promise_pending(self, reminder: date, amount: Money, language: str) -> _Actions:
        by = self.today + timedelta(days=self.rng.randint(2, 10))
        return [self.promise_call(self.ago(0, 3), by, amount)]

    def no_answer(self, reminder: date, amount: Money, language: str) -> _Actions:
        rng = self.rng
        call_day = self.ago(1, 4)
        outcome = rng.choice((CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL))
        follow_up = call_day + timedelta(days=rng.randint(1, 3))
        return [(Call(date=call_day, outcome=outcome, next_action=follow_up),)]

    def snoozed(self, reminder: date, amount: Money, language: str) -> _Actions:
        rng = self.rng
        until = self.today + timedelta(days=rng.randint(2, 20))
        return [(Snooze(date=self.ago(0, 5), until=until, reason=rng.choice(_NOTES)),)]

    def partial_payments(self, reminder: date, amount: Money, language: str) -> _Actions:
        rng = self.rng
        share = Decimal(rng.choice(("0.25", "0.4", "0.5")))
        paid_on = min(self.today, reminder + timedelta(days=rng.randint(2, 9)))
        payment = _money(amount.amount * share, amount.currency)
        actions: _Actions = [(Payment(date=paid_on, amount=payment, method="bank transfer"),)]
        if rng.random() < 0.5:
            credit = Credit(
                date=paid_on,
                amount=_money(payment.amount / 5, amount.currency),
                document=f"CN-{rng.randint(100, 999)}",
                note="Credit for a returned item",
            )
            actions.append((credit,))
        return actions

    def dispute_open(self, reminder: date, amount: Money, language: str) -> _Actions:
        opened = self.ago(1, 12)
        return [(DisputeOpened(date=opened, reason=self.rng.choice(_DISPUTES)),)]

    def dispute_settled(self, reminder: date, amount: Money, language: str) -> _Actions:
        rng, today = self.rng, self.today
        opened = reminder + timedelta(days=rng.randint(2, 5))
        settled = min(today, opened + timedelta(days=rng.randint(3, 8)))
        agreed = _money(amount.amount * Decimal("0.8"), amount.currency)
        dispute = DisputeOpened(date=opened, reason=rng.choice(_DISPUTES))
        terms = _SETTLEMENT_TERMS.get(language, _SETTLEMENT_TERMS["en"])
        paid_on = min(today, settled + timedelta(days=rng.randint(1, 5)))
        instalment = _money(agreed.amount / 2, amount.currency)
        return [
            (dispute,),
            (DisputeSettled(date=settled, terms=terms, amount=agreed),),
            (Payment(date=paid_on, amount=instalment, method="bank"),),
        ]

    def paid_closed(self, reminder: date, amount: Money, language: str) -> _Actions:
        paid_on = min(self.today, reminder + timedelta(days=self.rng.randint(1, 12)))
        return [
            (Payment(date=paid_on, amount=amount, method="bank transfer"),),
            (Closed(date=paid_on, reason=CloseReason.PAID),),
        ]

    def promise_call(self, day: date, by: date, amount: Money) -> tuple[Event, ...]:
        call = Call(date=day, outcome=CallOutcome.PROMISED, note="Promised on the phone.")
        return (call, Promise(date=day, amount=amount, by=by))

    def handover(self, to: HandoverTo, day: date) -> HandedOver:
        names = {
            HandoverTo.AGENCY: "Incasso Noord",
            HandoverTo.BAILIFF: "Etude Lambert, huissiers",
            HandoverTo.LAWYER: "Advocatenkantoor Maas",
        }
        agency = to is HandoverTo.AGENCY
        return HandedOver(
            date=day,
            to=to,
            name=names[to],
            fee_model=FeeModel.NO_CURE_NO_PAY if agency else FeeModel.FLAT,
            fee="15 %" if agency else "350.00",
            reference=f"DOS-{self.rng.randint(10000, 99999)}",
        )

    def filler(self, due: date, issued: date, existing: int) -> Iterator[tuple[Event, ...]]:
        """Extra notes, for benchmark ledgers that want about N events per case."""
        for _ in range(max(0, self.extra_events - existing)):
            day = min(self.today, max(issued, due - timedelta(days=self.rng.randint(0, 3))))
            yield (Note(date=day, text=self.rng.choice(_NOTES)),)


# How many letters of the ladder a case that went up it received.
_LADDER_STEPS = {"second-reminder": 2, "formal-notice": 3, "handed-over": 3, "written-off": 3}
_AFTER_REMINDER: dict[str, Callable[[_Generator, date, Money, str], _Actions]] = {
    "promise-broken": _Generator.promise_broken,
    "promise-kept": _Generator.promise_kept,
    "promise-pending": _Generator.promise_pending,
    "no-answer": _Generator.no_answer,
    "snoozed": _Generator.snoozed,
    "partial-payments": _Generator.partial_payments,
    "dispute-open": _Generator.dispute_open,
    "dispute-settled": _Generator.dispute_settled,
    "paid-closed": _Generator.paid_closed,
}


def generate(count: int, seed: int, today: date, extra_events: int = 0) -> list[DemoCase]:
    """`count` demo cases; about one customer for every two or three cases."""
    generator = _Generator(seed, today, extra_events)
    customers: list[Customer] = []
    cases = []
    for index in range(count):
        if index < len(_COVERAGE):
            customers.append(generator.customer(*_COVERAGE[index]))
            customer = customers[-1]
        else:
            if generator.rng.random() < 0.4:
                customers.append(generator.customer())
            customer = generator.rng.choice(customers)
        scenario = _SCENARIO_NAMES[index] if index < len(_SCENARIO_NAMES) else None
        cases.append(generator.case(customer, scenario))
    return cases


def write_demo(ledger: Ledger, count: int, seed: int, today: date, extra_events: int = 0) -> int:
    """Write `count` demo cases into `ledger` in one commit; returns how many were written."""
    cases = generate(count, seed, today, extra_events)
    saved: dict[str, str] = {}  # customer name -> id
    with ledger.transaction():
        for demo in cases:
            customer_id = saved.get(demo.customer.name)
            new_customer = None if customer_id else demo.customer
            opened = (
                demo.opened if customer_id is None else _with_customer(demo.opened, customer_id)
            )
            state = ledger.open_case(opened, new_customer=new_customer, year=demo.opened.date.year)
            saved[demo.customer.name] = state.customer_id
            if demo.actions:
                ledger.append_actions(state.id, demo.actions)
    return len(cases)


def _with_customer(opened: Opened, customer_id: str) -> Opened:
    from dataclasses import replace

    return replace(opened, customer_id=customer_id)
