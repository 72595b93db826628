"""Recognising a debtor: identifier keys, and a new customer drafted from a file's buyer.

An imported buyer is matched to an existing customer by, in this order: VAT / enterprise /
company number, Peppol participant id, then the name (case-insensitive, as the ledger
compares names). Identifiers are compared in a normalised form: upper case, letters and
digits only, so `BE 0123.456.749` and `be0123456749` are the same number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from casetui import checks
from casetui.errors import InputError
from casetui.importers.records import ImportedParty
from casetui.importers.text import key
from casetui.model import Customer, CustomerKind

# Peppol identifier schemes (ICD / EAS codes) whose value is a number we also keep as the
# customer's VAT / enterprise number, with the country prefix the ledger's numbers carry.
_NUMBER_SCHEMES = {
    "0208": "BE",  # Belgian enterprise number
    "9925": "",  # Belgian VAT (already prefixed)
    "9944": "",  # Dutch VAT
    "9930": "",  # German VAT
    "9957": "",  # French VAT
    "9932": "",  # UK VAT
}
# A bare Belgian enterprise number (10 digits, starting 0 or 1) is the VAT number without
# its BE prefix: `0123456749` and `BE0123456749` are the same debtor.
_BARE_BE = re.compile(r"^[01]\d{9}$")

# Country names a CSV may hold instead of an ISO code (EN / NL / FR / DE).
_COUNTRIES = {
    key(name): code
    for code, names in {
        "BE": "Belgium|België|Belgie|Belgique|Belgien",
        "NL": "Netherlands|The Netherlands|Nederland|Holland|Pays-Bas|Niederlande",
        "LU": "Luxembourg|Luxemburg",
        "FR": "France|Frankrijk|Frankreich",
        "DE": "Germany|Duitsland|Allemagne|Deutschland",
        "GB": "United Kingdom|UK|Great Britain|England|Scotland|Wales|Northern Ireland|"
        "Verenigd Koninkrijk|Royaume-Uni|Vereinigtes Königreich",
        "IE": "Ireland|Ierland|Irlande|Irland",
        "ES": "Spain|Spanje|Espagne|Spanien|España",
        "IT": "Italy|Italië|Italie|Italien|Italia",
        "AT": "Austria|Oostenrijk|Autriche|Österreich",
        "DK": "Denmark|Denemarken|Danemark|Dänemark",
        "SE": "Sweden|Zweden|Suède|Schweden",
        "NO": "Norway|Noorwegen|Norvège|Norwegen",
        "CH": "Switzerland|Zwitserland|Suisse|Schweiz",
        "PT": "Portugal",
        "PL": "Poland|Polen|Pologne",
        "US": "United States|USA|United States of America|Verenigde Staten|États-Unis",
    }.items()
    for name in names.split("|")
}
# Codes people (and Greek VAT numbers) use that are not ISO 3166.
_CODE_ALIASES = {"UK": "GB", "EL": "GR"}


_NOT_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def number_key(text: str | None) -> str | None:
    """A VAT / enterprise / company number in comparable form, or None."""
    if not text:
        return None
    normal = _NOT_ALNUM.sub("", text.upper())
    if _BARE_BE.match(normal):
        normal = "BE" + normal
    return normal or None


def peppol_id(party: ImportedParty) -> str | None:
    """The buyer's Peppol participant id as stored on a customer: `scheme:id`."""
    if not party.endpoint_id:
        return None
    value = "".join(party.endpoint_id.split())
    return f"{party.endpoint_scheme}:{value}" if party.endpoint_scheme else value


def peppol_key(text: str | None) -> str | None:
    if not text:
        return None
    return "".join(text.split()).upper() or None


def party_numbers(party: ImportedParty) -> tuple[str, ...]:
    """Every number that identifies the buyer as a legal entity, best first."""
    keys: list[str] = []
    for text in (party.vat, party.company_id):
        if (normal := number_key(text)) and normal not in keys:
            keys.append(normal)
    scheme = party.endpoint_scheme or ""
    if party.endpoint_id and scheme in _NUMBER_SCHEMES:
        normal = number_key(_NUMBER_SCHEMES[scheme] + party.endpoint_id)
        if normal and normal not in keys:
            keys.append(normal)
    return tuple(keys)


def country_code(text: str | None) -> tuple[str, str | None]:
    """(ISO code or "", a warning when the file's value was not understood)."""
    if not text:
        return "", None
    value = text.strip()
    upper = value.upper()
    if len(upper) == 2 and upper.isalpha():
        return _CODE_ALIASES.get(upper, upper), None
    code = _COUNTRIES.get(key(value))
    if code:
        return code, None
    return "", f"country {value!r} not recognised: left blank on the customer"


def postal_address(party: ImportedParty, country: str) -> str:
    """The envelope lines: street lines, then "postcode city" (UK: city, then postcode)."""
    lines = list(party.address_lines)
    if country == "GB":
        lines += [part for part in (party.city, party.postcode) if part]
    else:
        place = " ".join(part for part in (party.postcode, party.city) if part)
        if place:
            lines.append(place)
    return "\n".join(lines)


def draft_customer(party: ImportedParty) -> tuple[Customer, tuple[str, ...]]:
    """A new customer (id assigned when saved) from a file's buyer, and what to warn about.

    Every imported debtor is a business: neither UBL nor the tools' lists say that a buyer
    is a consumer, and the user can change the kind afterwards.
    """
    country, warning = country_code(party.country)
    warnings = [warning] if warning else []
    email = _contact(party.email, checks.check_email, "e-mail address", warnings)
    phone = _contact(party.phone, checks.check_phone, "phone number", warnings)
    notes = []
    if party.contact_name:
        notes.append(f"Contact: {party.contact_name}")
    vat = party.vat or party.company_id or ""
    if party.vat and party.company_id and number_key(party.vat) != number_key(party.company_id):
        scheme = f" (scheme {party.company_id_scheme})" if party.company_id_scheme else ""
        notes.append(f"Company number: {party.company_id}{scheme}")
    customer = Customer(
        id="",
        name=party.name,
        kind=CustomerKind.BUSINESS,
        country=country,
        email=email,
        phone=phone,
        address=postal_address(party, country),
        vat=vat,
        notes="\n".join(notes),
        peppol_id=peppol_id(party) or "",
    )
    if party.name_derived:
        warnings.append(f"the buyer has no legal name: the trading name {party.name!r} is used")
    return customer, tuple(warnings)


def _contact(value: str | None, check: Callable[[str], str], what: str, warnings: list[str]) -> str:
    """A buyer's e-mail address or phone number as `customer edit` and the forms take it
    (`casetui.checks`); one that is none is left out, with a warning: letters must not be
    e-mailed to `notanemail`."""
    if not value:
        return ""
    try:
        return check(value)
    except InputError as error:
        warnings.append(f"the buyer's {what} is left out: {error}")
        return ""
