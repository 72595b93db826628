"""One check per value (`casetui.checks`, `casetui.identifiers`): what they take, what they
refuse and why, and that the app's forms give the same reason as the command line."""

from __future__ import annotations

import pytest

from casetui import checks
from casetui.errors import InputError
from casetui.identifiers import (
    iban_problem,
    is_valid_be_enterprise,
    is_valid_bic,
    is_valid_iban,
    is_valid_ogm,
    is_valid_rf,
    ogm_check,
    rf_from_reference,
)


@pytest.mark.parametrize(("typed", "stored"), [("eur", "EUR"), (" GBP ", "GBP"), ("chf", "CHF")])
def test_currencies_of_iso_4217(typed: str, stored: str) -> None:
    assert checks.check_currency(typed) == stored


@pytest.mark.parametrize("typed", ["XYZ", "EURO", "€", ""])
def test_currencies_that_do_not_exist_are_refused(typed: str) -> None:
    with pytest.raises(InputError):
        checks.check_currency(typed)


@pytest.mark.parametrize(
    ("typed", "country", "stored"),
    [
        ("BE 0123.456.749", "", "BE0123456749"),
        ("0123.456.749", "BE", "BE0123456749"),
        ("DE 136 695 976", "", "DE136695976"),
        ("FR40303265045", "", "FR40303265045"),
        ("NL004495445B01", "", "NL004495445B01"),
        ("12345678", "NL", "12345678"),  # a KvK number: no check digit, its shape
        ("GB980780684", "", "GB980780684"),
        ("SC123456", "GB", "SC123456"),  # Companies House
        ("IT00743110157", "", "IT00743110157"),
    ],
)
def test_vat_numbers_by_their_country_rule(typed: str, country: str, stored: str) -> None:
    assert checks.check_vat(typed, country) == stored


@pytest.mark.parametrize(
    ("typed", "country", "reason"),
    [
        ("DE123", "", "not a valid VAT number of Germany"),
        ("DE136695977", "", "not a valid VAT number of Germany"),  # a check digit off
        ("FR40303265046", "", "not a valid VAT number of France"),
        ("0123.456.789", "BE", "not a valid VAT number of Belgium"),
        ("123456789", "", "start a VAT number with its country code"),
    ],
)
def test_wrong_vat_numbers_say_why(typed: str, country: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        checks.check_vat(typed, country)


def test_email_phone_country_and_language() -> None:
    assert checks.check_email(" a.b@example.co.uk ") == "a.b@example.co.uk"
    assert checks.check_phone("+32  9 123 45 67") == "+32 9 123 45 67"
    assert checks.check_phone("(020) 123-4567") == "(020) 123-4567"
    assert checks.check_country("uk") == "GB"
    assert checks.check_language("NL") == "nl"
    for check, typed in [
        (checks.check_email, "notanemail"),
        (checks.check_email, "a@b"),
        (checks.check_email, "a b@example.com"),
        (checks.check_phone, "abc"),
        (checks.check_phone, "12345"),  # too few digits
        (checks.check_phone, "+1 +2 345 678"),
        (checks.check_country, "ZZ"),
        (checks.check_country, "BEL"),
        (checks.check_language, "es"),
    ]:
        with pytest.raises(InputError):
            check(typed)


def test_ibans_and_bics_by_schwifty() -> None:
    assert is_valid_iban("BE68 5390 0754 7034")
    assert is_valid_iban("NL91ABNA0417164300")
    assert not is_valid_iban("BE68 5390 0754 7035")  # check digits
    assert iban_problem("BE68 5390 0754 7035")
    # Right check digits, but not the length of a Belgian account.
    assert iban_problem("BE71 0961 2345 6769 12") is not None
    assert is_valid_bic("GEBABEBB") and is_valid_bic("GEBABEBB036")
    assert not is_valid_bic("GEBAXXBB")  # no such country


def test_payment_references_and_enterprise_numbers_by_stdnum() -> None:
    assert ogm_check(1234567890) == 1234567890 % 97
    assert ogm_check(97) == 97  # a remainder of 0 is written 97
    assert is_valid_ogm("+++123/4567/89002+++")
    assert not is_valid_ogm("+++123/4567/89003+++")
    assert rf_from_reference("539007547034") == "RF18 5390 0754 7034"
    assert is_valid_rf("RF18539007547034") and not is_valid_rf("RF19539007547034")
    assert is_valid_be_enterprise("0123.456.749") and not is_valid_be_enterprise("0123.456.789")


def test_a_form_field_refuses_with_the_reason_the_command_line_gives() -> None:
    from casetui.tui.forms.customer import email_rule, phone_rule
    from casetui.tui.forms.new_case import currency_rule

    for rule, check, typed in [
        (email_rule, checks.check_email, "notanemail"),
        (phone_rule, checks.check_phone, "abc"),
        (currency_rule, checks.check_currency, "XYZ"),
    ]:
        with pytest.raises(InputError) as refused:
            check(typed)
        assert rule(typed) == str(refused.value)
