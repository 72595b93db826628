"""Payment references and accounts: the examples of IMPORT.md §5, and generator round trips."""

from __future__ import annotations

import random

import pytest
from stdnum.be import ogm_vcs
from stdnum.iso7064 import mod_97_10

from casetui.errors import InputError
from casetui.identifiers import (
    classify_reference,
    format_rf,
    is_valid_betalingskenmerk,
    is_valid_iban,
    is_valid_kid,
    is_valid_ogm,
    is_valid_rf,
    ogm_from_number,
    rf_from_reference,
)


@pytest.mark.parametrize(
    "text",
    ["+++123/4567/89002+++", "+++202/4000/04279+++", "+++000/0000/09797+++", "123456789002",
     "***123/4567/89002***", "123/4567/89002", " +++ 123 / 4567 / 89002 +++ "],
)  # fmt: skip
def test_valid_ogm(text):
    assert is_valid_ogm(text)


@pytest.mark.parametrize("text", ["+++123/4567/89012+++", "12345678900", "+++123/4567/8900A+++"])
def test_invalid_ogm(text):
    assert not is_valid_ogm(text)


@pytest.mark.parametrize("text", ["RF18539007547034", "RF18 5390 0754 7034", "RF44INV2025001"])
def test_valid_rf(text):
    assert is_valid_rf(text)


@pytest.mark.parametrize("text", ["RF19539007547034", "RF18", "RF1853900754703412345678901"])
def test_invalid_rf(text):
    assert not is_valid_rf(text)


def test_betalingskenmerk():
    assert is_valid_betalingskenmerk("5000056789012345")
    assert is_valid_betalingskenmerk("12 2345 3462 2567")
    assert not is_valid_betalingskenmerk("1234567890123456")  # C should be 8
    assert is_valid_betalingskenmerk("8234567890123456")
    assert not is_valid_betalingskenmerk("13 2345 3462 2567")  # wrong length code


def test_kid():
    assert not is_valid_kid("0003434323213231")  # the Norwegian fixture: passes neither
    assert is_valid_kid("1234567897")  # Luhn only
    assert is_valid_kid("12345607")  # MOD11 only
    assert not is_valid_kid("1")


def test_iban():
    assert is_valid_iban("NO9386011117947")
    assert is_valid_iban("BE68 5390 0754 7034")
    assert is_valid_iban("be68539007547034")
    assert not is_valid_iban("IBAN32423940")
    assert not is_valid_iban("SE1212341234123412")
    assert not is_valid_iban("BE68 5390 0754 7035")


@pytest.mark.parametrize(
    ("text", "country", "value", "kind"),
    [
        ("+++123/4567/89002+++", None, "+++123/4567/89002+++", "ogm"),
        ("123456789002", None, "+++123/4567/89002+++", "ogm"),
        ("***202/4000/04279***", "BE", "+++202/4000/04279+++", "ogm"),
        ("+++123/4567/89012+++", None, "+++123/4567/89012+++", "free"),
        ("RF18 5390 0754 7034", None, "RF18539007547034", "rf"),
        ("rf44inv2025001", None, "RF44INV2025001", "rf"),
        ("RF19539007547034", None, "RF19539007547034", "free"),
        ("5000056789012345", None, "5000056789012345", "nl"),
        ("12 2345 3462 2567", "NL", "12234534622567", "nl"),
        ("1234567", "NL", "1234567", "nl"),
        ("1234567", None, "1234567", "free"),
        ("1234567897", "NO", "1234567897", "kid"),
        ("0003434323213231", "NO", "0003434323213231", "free"),
        ("Snippet1", None, "Snippet1", "free"),
        ("payref2", None, "payref2", "free"),
        ("Invoice  15000001", None, "Invoice 15000001", "free"),
    ],
)
def test_classify(text, country, value, kind):
    found = classify_reference(text, country)
    assert found is not None
    assert (found.value, found.kind) == (value, kind)


def test_failed_checks_warn_and_plain_text_does_not():
    assert "Belgian structured" in classify_reference("+++123/4567/89012+++").warning
    assert "RF creditor" in classify_reference("RF19539007547034").warning
    assert "KID" in classify_reference("0003434323213231", "NO").warning
    assert "betalingskenmerk" in classify_reference("1234567890123456", "NL").warning
    assert classify_reference("Snippet1").warning is None
    assert classify_reference("   ") is None


def test_ogm_generator():
    assert ogm_from_number(1234567890) == "+++123/4567/89002+++"
    assert ogm_from_number(97) == "+++000/0000/09797+++"  # remainder 0 gives 97
    assert ogm_from_number(2024000042) == "+++202/4000/04279+++"
    with pytest.raises(InputError):
        ogm_from_number(10**10)
    with pytest.raises(InputError):
        ogm_from_number(-1)


def test_rf_generator():
    assert rf_from_reference("539007547034") == "RF18 5390 0754 7034"
    assert rf_from_reference("inv 2025 001") == "RF44 INV2 0250 01"
    assert format_rf("RF18539007547034") == "RF18 5390 0754 7034"
    with pytest.raises(InputError):
        rf_from_reference("")
    with pytest.raises(InputError):
        rf_from_reference("INV-2025")
    with pytest.raises(InputError):
        rf_from_reference("1" * 22)


def test_generated_references_validate_and_classify():
    rng = random.Random(11649)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(500):
        base = rng.randrange(10**10)
        ogm = ogm_from_number(base)
        assert is_valid_ogm(ogm)
        assert classify_reference(ogm).kind == "ogm"
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 21)))
        rf = rf_from_reference(body)
        assert is_valid_rf(rf)
        assert classify_reference(rf).kind == "rf"
        assert rf.replace(" ", "")[4:] == body
        # The check digits are python-stdnum's, computed without importing it.
        assert rf.replace(" ", "")[2:4] == mod_97_10.calc_check_digits(body + "RF")
        assert ogm.replace("/", "")[13:15] == ogm_vcs.calc_check_digits(f"{base:010d}")


def test_ogm_validity_is_python_stdnums():
    rng = random.Random(97)
    for _ in range(3000):
        digits = f"{rng.randrange(10**12):012d}"
        if rng.random() < 0.3:  # right check digits (the rest are mostly wrong ones)
            digits = digits[:10] + ogm_vcs.calc_check_digits(digits[:10])
        assert is_valid_ogm(digits) == ogm_vcs.is_valid(digits), digits
    for edge in ("000000000097", "000000009797", "000000000000", "999999999997", "0000000001"):
        assert is_valid_ogm(edge) == ogm_vcs.is_valid(edge), edge


def test_rf_check_digits_of_all_digit_bodies_are_python_stdnums():
    rng = random.Random(11649)
    for _ in range(500):
        body = str(rng.randrange(10 ** rng.randint(1, 21)))
        rf = rf_from_reference(body).replace(" ", "")
        assert rf[2:4] == mod_97_10.calc_check_digits(body + "RF"), body
