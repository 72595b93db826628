"""Recognising debtors: identifier keys, countries, and new customers drafted from a buyer."""

from __future__ import annotations

import pytest

from casetui.importers import ImportedParty
from casetui.importers.matching import (
    country_code,
    draft_customer,
    number_key,
    party_numbers,
    peppol_id,
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("BE 0123.456.749", "BE0123456749"),
        ("be0123456749", "BE0123456749"),
        ("0123456749", "BE0123456749"),  # a bare Belgian enterprise number
        ("NL123456789B01", "NL123456789B01"),
        ("NO 987 654 325 MVA", "NO987654325MVA"),
        ("12345678", "12345678"),  # KvK: no country to add
        ("", None),
        (None, None),
        (" - ", None),
    ],
)
def test_number_key(text, key):
    assert number_key(text) == key


def test_party_numbers_and_peppol_id():
    party = ImportedParty(
        name="X",
        vat="BE0123456749",
        company_id="0123.456.749",
        endpoint_id="0987654321",
        endpoint_scheme="0208",
    )
    assert party_numbers(party) == ("BE0123456749", "BE0987654321")
    assert peppol_id(party) == "0208:0987654321"
    assert peppol_id(ImportedParty(name="X", endpoint_id="a b")) == "ab"
    assert peppol_id(ImportedParty(name="X")) is None


@pytest.mark.parametrize(
    ("text", "code", "warned"),
    [
        ("be", "BE", False),
        ("UK", "GB", False),
        ("EL", "GR", False),
        ("België", "BE", False),
        ("Pays-Bas", "NL", False),
        ("United Kingdom", "GB", False),
        ("Atlantis", "", True),
        (None, "", False),
    ],
)
def test_country_code(text, code, warned):
    got, warning = country_code(text)
    assert got == code and (warning is not None) == warned


def test_draft_customer_from_a_uk_buyer():
    party = ImportedParty(
        name="Harbour Lights Ltd",
        vat="GB123456789",
        company_id="01234567",
        company_id_scheme="0088",
        endpoint_id="GB123456789",
        endpoint_scheme="9932",
        contact_name="Ann Smith",
        email="ap@harbour.example",
        phone="+44 117 000",
        address_lines=("12 Quay Street", "Unit 4"),
        postcode="BS1 4DJ",
        city="Bristol",
        country="uk",
    )
    customer, warnings = draft_customer(party)
    assert warnings == ()
    assert (customer.id, customer.name, customer.kind.value) == (
        "",
        "Harbour Lights Ltd",
        "business",
    )
    assert (customer.country, customer.vat, customer.peppol_id) == (
        "GB",
        "GB123456789",
        "9932:GB123456789",
    )
    assert customer.address == "12 Quay Street\nUnit 4\nBristol\nBS1 4DJ"
    assert customer.notes == "Contact: Ann Smith\nCompany number: 01234567 (scheme 0088)"


def test_draft_customer_warns_about_guesses():
    party = ImportedParty(name="Shop", name_derived=True, country="Narnia", postcode="1000")
    customer, warnings = draft_customer(party)
    assert customer.country == "" and customer.address == "1000"
    assert len(warnings) == 2 and "Narnia" in warnings[0] and "trading name" in warnings[1]
