"""Customer details shared by the new-case and edit forms: fields, light checks, the value."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from textual.app import ComposeResult
from textual.content import Content
from textual.dom import DOMNode
from textual.suggester import Suggester

from casetui import checks
from casetui.errors import InputError
from casetui.ledger import Ledger, normalise_name
from casetui.model import Customer, CustomerKind, letter_languages_text
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.fields import Field, TextAreaField, TextField
from casetui.tui.forms.validators import Rule, rule_of

KINDS: list[tuple[CustomerKind, str]] = [
    (CustomerKind.BUSINESS, "Business"),
    (CustomerKind.CONSUMER, "Consumer"),
]

# Due date proposed for a new invoice: the statutory defaults (BE/NL B2B 30 days; consumers
# are usually given 14).
PAYMENT_TERM_DAYS = {CustomerKind.BUSINESS: 30, CustomerKind.CONSUMER: 14}

# Each value is checked by the core's one check for it, as on the command line.
country_rule = rule_of(checks.check_country)
language_rule = rule_of(checks.check_language)
email_rule = rule_of(checks.check_email)
phone_rule = rule_of(checks.check_phone)


def as_stored_or(rule: Rule[str], stored: str) -> Rule[str]:
    """`rule`, except that the value stored before passes as it is: details saved by an
    older version (or an import) never block saving a form that did not touch them."""

    def checked(text: str) -> str | None:
        return None if text.strip() == stored.strip() else rule(text)

    return checked


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
        rule=as_stored_or(country_rule, customer.country if customer else ""),
        hint="two letters: BE, NL, GB...",
        placeholder="BE",
        max_length=2,
        id=f"{prefix}country",
    )
    yield TextField(
        "Language",
        value=customer.language if customer else "",
        rule=as_stored_or(language_rule, customer.language if customer else ""),
        hint=f"for letters: {letter_languages_text()}",
        placeholder="nl",
        max_length=2,
        id=f"{prefix}language",
    )
    yield TextField(
        "E-mail",
        value=customer.email if customer else "",
        rule=as_stored_or(email_rule, customer.email if customer else ""),
        placeholder="name@example.com",
        id=f"{prefix}email",
    )
    yield TextField(
        "Phone",
        value=customer.phone if customer else "",
        rule=as_stored_or(phone_rule, customer.phone if customer else ""),
        placeholder="optional",
        id=f"{prefix}phone",
    )


def compose_more_details(customer: Customer) -> Iterator[Field]:
    """Address, VAT number and notes (the edit form only)."""
    yield TextAreaField(
        "Address", value=customer.address, placeholder="one line per line of the envelope",
        id="address",
    )  # fmt: skip
    yield VatField(customer)
    yield TextAreaField(
        "Notes", value=customer.notes, placeholder="about this customer", id="notes"
    )


class VatField(TextField):
    """A VAT or company number, checked by the rule of the country typed in the same form
    (`casetui.checks.check_vat`); the number stored before is accepted as it is."""

    def __init__(self, customer: Customer) -> None:
        self.original = customer.vat
        super().__init__(
            "VAT / company",
            value=customer.vat,
            rule=self._rule,
            placeholder="BE0123456749, DE136695976, KvK 12345678",
            id="vat",
        )

    def _rule(self, text: str) -> str | None:
        if text.strip() == self.original.strip():
            return None
        try:
            checks.check_vat(text, self.country())
        except InputError as error:
            return str(error)
        return None

    def country(self) -> str:
        """The country field's value when it is valid, else the empty string."""
        fields = self.screen.query("#country") if self.is_attached else []
        for field in fields:
            if isinstance(field, TextField):
                return field.value if not country_rule(field.value) else ""
        return ""

    def checked(self) -> str:
        """What to store: the number compact, as its country writes it (or as it was)."""
        typed = self.value
        if typed.strip() == self.original.strip():
            return self.original
        return checks.check_vat(typed, self.country()) if typed else ""


def keep_unless_changed(original: str, typed: str, normalised: str | None = None) -> str:
    """`typed` (normalised) if the user changed the text, else `original` exactly as stored,
    so that opening and saving a form never rewrites data nobody touched."""
    if typed.strip() == original.strip():
        return original
    return typed if normalised is None else normalised


def _checked_unless_kept(original: str, typed: str, check: Callable[[str], str]) -> str:
    """`original` as stored when untouched, else what the core's check makes of `typed`."""
    if typed.strip() == original.strip():
        return original
    return check(typed) if typed.strip() else ""


def read_details(screen: DOMNode, base: Customer, *, prefix: str = "") -> Customer:
    """`base` with the detail fields of `screen` applied (country upper, language lower)."""
    query = screen.query_one
    kind = query(f"#{prefix}kind", ChoiceField).value or CustomerKind.BUSINESS
    country = query(f"#{prefix}country", TextField).value
    language = query(f"#{prefix}language", TextField).value
    return replace(
        base,
        kind=kind,
        country=_checked_unless_kept(base.country, country, checks.check_country),
        language=_checked_unless_kept(base.language, language, checks.check_language),
        email=keep_unless_changed(base.email, query(f"#{prefix}email", TextField).value),
        phone=keep_unless_changed(base.phone, query(f"#{prefix}phone", TextField).value),
    )
