"""Customer details shared by the new-case and edit forms: fields, light checks, the value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from textual.app import ComposeResult
from textual.content import Content
from textual.dom import DOMNode
from textual.suggester import Suggester

from casetui.ledger import Ledger, normalise_name
from casetui.model import LETTER_LANGUAGES, Customer, CustomerKind
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.fields import Field, TextAreaField, TextField

_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

KINDS: list[tuple[CustomerKind, str]] = [
    (CustomerKind.BUSINESS, "Business"),
    (CustomerKind.CONSUMER, "Consumer"),
]

# Due date proposed for a new invoice: the statutory defaults (BE/NL B2B 30 days; consumers
# are usually given 14).
PAYMENT_TERM_DAYS = {CustomerKind.BUSINESS: 30, CustomerKind.CONSUMER: 14}


def country_rule(text: str) -> str | None:
    if not _COUNTRY.match(text):
        return "two letters, e.g. BE, NL, GB"
    return None


def language_rule(text: str) -> str | None:
    if not _LANGUAGE.match(text) or text.lower() not in LETTER_LANGUAGES:
        return f"letters exist in {', '.join(LETTER_LANGUAGES)}"  # as the CLI's --lang
    return None


def email_rule(text: str) -> str | None:
    if not _EMAIL.match(text):
        return "not an e-mail address (name@example.com)"
    return None


def currency_for(country: str) -> str:
    """The currency proposed for a customer's country: pounds in the UK, else euros."""
    return "GBP" if country.strip().upper() in ("GB", "UK") else "EUR"


class CustomerSuggester(Suggester):
    """Completes a customer's name inline (right arrow accepts) from the ledger's customers."""

    def __init__(self, ledger: Ledger) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.ledger = ledger

    async def get_suggestion(self, value: str) -> str | None:
        needle = normalise_name(value)
        for customer in self.ledger.search_customers(value, limit=5):
            if normalise_name(customer.name).startswith(needle):
                return customer.name
        return None


def describe_customer(customer: Customer) -> Content:
    """`CUS-0001 · business · BE · nl · +32 ...` (the name is shown elsewhere)."""
    parts = [customer.id, customer.kind.value]
    parts += [p for p in (customer.country, customer.language, customer.phone) if p]
    return Content(" · ".join(parts))


def compose_details(customer: Customer | None, *, prefix: str = "") -> ComposeResult:
    """Kind, country, language, e-mail and phone of a customer (new or edited)."""
    yield ChoiceField(
        "Kind",
        KINDS,
        value=customer.kind if customer else CustomerKind.BUSINESS,
        columns=2,
        id=f"{prefix}kind",
    )
    yield TextField(
        "Country",
        value=customer.country if customer else "",
        rule=country_rule,
        hint="two letters: BE, NL, GB...",
        placeholder="BE",
        max_length=2,
        id=f"{prefix}country",
    )
    yield TextField(
        "Language",
        value=customer.language if customer else "",
        rule=language_rule,
        hint="for letters: nl, fr, en, de",
        placeholder="nl",
        max_length=2,
        id=f"{prefix}language",
    )
    yield TextField(
        "E-mail",
        value=customer.email if customer else "",
        rule=email_rule,
        placeholder="name@example.com",
        id=f"{prefix}email",
    )
    yield TextField(
        "Phone",
        value=customer.phone if customer else "",
        placeholder="optional",
        id=f"{prefix}phone",
    )


def compose_more_details(customer: Customer) -> Iterator[Field]:
    """Address, VAT number and notes (the edit form only)."""
    yield TextAreaField(
        "Address", value=customer.address, placeholder="one line per line of the envelope",
        id="address",
    )  # fmt: skip
    yield TextField(
        "VAT / company",
        value=customer.vat,
        placeholder="BE0123.456.789, KvK 12345678...",
        id="vat",
    )
    yield TextAreaField(
        "Notes", value=customer.notes, placeholder="about this customer", id="notes"
    )


def keep_unless_changed(original: str, typed: str, normalised: str | None = None) -> str:
    """`typed` (normalised) if the user changed the text, else `original` exactly as stored,
    so that opening and saving a form never rewrites data nobody touched."""
    if typed.strip() == original.strip():
        return original
    return typed if normalised is None else normalised


def read_details(screen: DOMNode, base: Customer, *, prefix: str = "") -> Customer:
    """`base` with the detail fields of `screen` applied (country upper, language lower)."""
    query = screen.query_one
    kind = query(f"#{prefix}kind", ChoiceField).value or CustomerKind.BUSINESS
    country = query(f"#{prefix}country", TextField).value
    language = query(f"#{prefix}language", TextField).value
    return replace(
        base,
        kind=kind,
        country=keep_unless_changed(base.country, country, country.upper()),
        language=keep_unless_changed(base.language, language, language.lower()),
        email=keep_unless_changed(base.email, query(f"#{prefix}email", TextField).value),
        phone=keep_unless_changed(base.phone, query(f"#{prefix}phone", TextField).value),
    )
