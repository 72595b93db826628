"""One check per value a person types about a debtor or an amount: the CLI and the app's
forms both call these, so `--vat DE123` and the VAT field of a form are refused with the
same reason.

Each function takes the text as typed and returns the value to store (normalised: `BE`
upper case, `nl` lower case, a VAT number compact as python-stdnum writes it), or raises
`InputError` with a message that says what is wrong and what is expected. An empty text is
the caller's business (most of these values are optional).
"""

from __future__ import annotations

import re

from casetui.errors import InputError
from casetui.identifiers import check_vat_number
from casetui.model import LETTER_LANGUAGES  # the languages letters exist in
from casetui.money import check_currency as _currency_shape

# Syntax only, as mail clients check it: something@domain.tld, no spaces, one @.
_EMAIL = re.compile(r"^[^@\s\"<>,;]+@[^@\s\"<>,;]+\.[A-Za-z]{2,}$")
# Digits with the separators people write; at least 6 digits, at most 15 (ITU E.164).
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")


def check_currency(text: str) -> str:
    """An ISO 4217 currency code in use (`EUR`, `GBP`, `CHF`...), upper case."""
    code = _currency_shape(text)
    import pycountry  # comes with schwifty; its table is ISO 4217's list of codes

    if pycountry.currencies.get(alpha_3=code) is None:
        raise InputError(f"{text.strip()!r} is not an ISO 4217 currency code (e.g. EUR, GBP)")
    return code


def check_country(text: str) -> str:
    """A two-letter ISO 3166 country code; `UK` is taken as `GB`."""
    code = text.strip().upper()
    if code == "UK":
        return "GB"
    import pycountry

    if len(code) != 2 or not code.isalpha() or pycountry.countries.get(alpha_2=code) is None:
        raise InputError(f"use a two-letter country code such as BE, NL or GB, not {text!r}")
    return code


def check_language(text: str) -> str:
    """A letter language casetui has templates for."""
    lang = text.strip().lower()
    if lang not in LETTER_LANGUAGES:
        raise InputError(f"letters exist in {', '.join(LETTER_LANGUAGES)}, not {text!r}")
    return lang


def check_email(text: str) -> str:
    address = text.strip()
    if not _EMAIL.match(address):
        raise InputError(f"{address!r} is not an e-mail address (name@example.com)")
    return address


def check_phone(text: str) -> str:
    """A phone number as people write it (`+32 9 123 45 67`, `(020) 123-4567`)."""
    number = " ".join(text.split())
    digits = sum(char.isdigit() for char in number)
    if not _PHONE.match(number) or not 6 <= digits <= 15 or number.count("+") > 1:
        raise InputError(
            f"{number!r} is not a phone number (digits, spaces, +, -, /, . and brackets; "
            "6 to 15 digits)"
        )
    return number


def check_vat(text: str, country: str = "") -> str:
    """A VAT or company number, checked by its country's own rule (python-stdnum): a
    number with a country prefix (`DE136695976`, `FR40303265045`, `GB980780684`) as that
    country's VAT number; without one, by the customer's `country` (a Belgian enterprise
    number, a Dutch KvK or BTW number, a UK VAT or Companies House number). Returns it
    compact, as the country writes it without spaces."""
    return check_vat_number(text, country)
