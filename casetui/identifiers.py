"""Identifiers with check digits: payment references, bank accounts, VAT and enterprise numbers.

Core code: the importers classify references with it, letters generate them, the business
profile checks its IBAN and enterprise number with it, `casetui.checks` a debtor's VAT number.

The checks are python-stdnum's (OGM, RF, VAT numbers of every EU country and the UK, with
each country's own rule) and schwifty's (IBAN with each country's account format, BIC);
both are imported on first use (a fifth of a second), so commands that never check an
identifier do not pay for them. What neither library has stays here: the Dutch
betalingskenmerk, the Norwegian KID, the KvK and Companies House number shapes.

- Belgian OGM/VCS (gestructureerde mededeling): 10 digits + 2 check digits, the check being
  the 10 digits mod 97 with 0 written as 97; shown `+++123/4567/89002+++`.
- ISO 11649 creditor reference: `RF`, 2 check digits, 1-21 letters or digits; valid when
  the reference with its first four characters moved to the end, letters as 10..35, is 1
  mod 97 (the IBAN rule).
- Dutch betalingskenmerk: 16 digits (check + 15), 9-14 digits (check + length code + N) or
  7 digits without a check.
- Norwegian KID: 2-25 digits with a MOD10 (Luhn) or MOD11 check digit.
- IBAN (ISO 13616): country, 2 check digits, up to 30 letters or digits; mod 97 as RF.
- Belgian enterprise number: 10 digits starting 0 or 1, the last two 97 - (first 8 mod 97).
"""

from __future__ import annotations

import re
from typing import Literal

from casetui.errors import InputError
from casetui.patterns import lazy_pattern
from casetui.values import frozen

ReferenceKind = Literal["ogm", "rf", "nl", "kid", "free"]


class PaymentReferenceError(InputError):
    """A reference that cannot be generated from what was given."""


# --- Belgian OGM / VCS -------------------------------------------------------------------


def ogm_check(base: int) -> int:
    """The check of a 10-digit base: its remainder mod 97, 0 written as 97 (python-stdnum's
    rule, in integers: a letter or `show` need not import the library to make one)."""
    return base % 97 or 97


def ogm_digits(text: str) -> str | None:
    """The 12 digits of an OGM written in any usual way (`+++`, `***`, slashes, spaces)."""
    digits = re.sub(r"[\s+*/]", "", text)
    return digits if re.fullmatch(r"\d{12}", digits) else None


def is_valid_ogm(text: str) -> bool:
    # python-stdnum's rule (the 10 digits mod 97, 0 written as 97), in integers: a bank
    # statement checks thousands (tests compare the two).
    digits = ogm_digits(text)
    if digits is None:
        return False
    return (int(digits[:10]) % 97 or 97) == int(digits[10:])


def format_ogm(digits: str) -> str:
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def ogm_from_number(base: int) -> str:
    """A new structured communication for a base number of at most 10 digits."""
    if not 0 <= base < 10**10:
        raise PaymentReferenceError(f"an OGM base must have at most 10 digits, not {base}")
    return format_ogm(f"{base:010d}{ogm_check(base):02d}")


# --- ISO 11649 RF creditor reference -----------------------------------------------------

_RF_SHAPE = lazy_pattern(r"RF\d{2}[0-9A-Z]{1,21}")
_RF_BODY = lazy_pattern(r"[0-9A-Z]{1,21}")


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text).upper()


def is_valid_rf(text: str) -> bool:
    compact = _compact(text)
    if not _RF_SHAPE.fullmatch(compact):
        return False
    from stdnum import iso11649

    return iso11649.is_valid(compact)


def format_rf(text: str) -> str:
    """`RF18539007547034` -> `RF18 5390 0754 7034` (groups of four, as printed)."""
    compact = _compact(text)
    return " ".join(compact[index : index + 4] for index in range(0, len(compact), 4))


def rf_from_reference(text: str) -> str:
    """A creditor reference for our own reference text (1-21 letters or digits), grouped."""
    body = _compact(text)
    if not _RF_BODY.fullmatch(body):
        raise PaymentReferenceError(f"an RF reference needs 1-21 letters or digits, not {text!r}")
    # ISO 11649: "RF" and the check digits moved behind the body pass ISO 7064 MOD 97-10
    # (letters count 10 to 35): the check is 98 less the remainder with "00" in its place.
    # python-stdnum's `calc_check_digits`, in integers (tests compare the two).
    # An all-digit body (most invoice numbers) is its own digits; "RF00" is "271500".
    letters = body if body.isdigit() else "".join(str(int(character, 36)) for character in body)
    number = int(letters + "271500")
    return format_rf(f"RF{98 - number % 97:02d}{body}")


# --- IBAN ----------------------------------------------------------------------------------

_IBAN_SHAPE = lazy_pattern(r"[A-Z]{2}\d{2}[0-9A-Z]{11,30}")


def is_valid_iban(text: str) -> bool:
    """The check digits and the country's own account format (length, bank code), by
    schwifty."""
    return iban_problem(text) is None


def iban_problem(text: str) -> str | None:
    """Why `text` is not an IBAN (schwifty's reason), or None when it is one."""
    compact = _compact(text)
    if not _IBAN_SHAPE.fullmatch(compact):
        return "an IBAN is a country code, two check digits and up to 30 letters or digits"
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        IBAN(compact)
    except SchwiftyException as error:
        return str(error).rstrip(".").lower()
    return None


def is_valid_bic(text: str) -> bool:
    """A BIC (SWIFT code) of 8 or 11 characters with a known country, by schwifty."""
    from schwifty import BIC
    from schwifty.exceptions import SchwiftyException

    try:
        BIC(_compact(text))
    except SchwiftyException:
        return False
    return True


def compact_iban(text: str) -> str:
    return _compact(text)


def format_iban(text: str) -> str:
    """`BE68539007547034` -> `BE68 5390 0754 7034` (groups of four, as printed)."""
    compact = compact_iban(text)
    return " ".join(compact[index : index + 4] for index in range(0, len(compact), 4))


# --- Belgian enterprise number -----------------------------------------------------------------


def be_enterprise_digits(text: str) -> str | None:
    """The 10 digits of a Belgian enterprise number written as `BE 0123.456.749` or similar."""
    digits = re.sub(r"[\s.\-]", "", text.upper()).removeprefix("BE")
    if re.fullmatch(r"\d{9}", digits):
        digits = "0" + digits
    return digits if re.fullmatch(r"[01]\d{9}", digits) else None


def is_valid_be_enterprise(text: str) -> bool:
    """Mod-97 check: the last two digits are 97 - (the first eight mod 97)."""
    digits = be_enterprise_digits(text)
    if digits is None:
        return False
    from stdnum.be import vat

    return vat.is_valid(digits)


# --- VAT and company numbers of any country ------------------------------------------------

# Company register numbers without a check digit: the shape is all there is to check.
_KVK = lazy_pattern(r"\d{8}")  # Dutch Kamer van Koophandel number
_COMPANIES_HOUSE = lazy_pattern(r"(?:\d{8}|[A-Z]{2}\d{6})")  # UK: 01234567, SC123456


def check_vat_number(text: str, country: str = "") -> str:
    """A VAT or company number, compact, checked by its country's own rule (python-stdnum);
    `InputError` says why not. With a two-letter prefix it is that country's VAT number;
    without one, the customer's `country` decides: BE an enterprise number, NL a KvK (8
    digits) or BTW number, GB a VAT number (9 or 12 digits) or Companies House number."""
    from stdnum import vatin
    from stdnum.exceptions import ValidationError

    compact = re.sub(r"[\s.\-/]", "", text).upper()
    country = country.strip().upper().replace("UK", "GB")
    if not compact:
        raise InputError("a VAT or company number is empty")
    prefixed = compact[:2].isalpha() and not _COMPANIES_HOUSE.fullmatch(compact)
    if not prefixed:
        if country == "NL" and _KVK.fullmatch(compact):
            return compact  # KvK numbers carry no check digit
        if country == "GB" and _COMPANIES_HOUSE.fullmatch(compact):
            return compact
        if not country:
            raise InputError(
                f"{text.strip()!r}: start a VAT number with its country code (BE, NL, DE...) "
                "or give the customer's country"
            )
        compact = country.replace("GR", "EL") + compact
    try:
        return vatin.validate(compact)
    except ValidationError as error:
        where = _country_name(compact[:2])
        reason = str(error).rstrip(".").lower()
        raise InputError(
            f"{text.strip()!r} is not a valid VAT number of {where} ({reason})"
        ) from None


def _country_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2={"EL": "GR", "XI": "GB"}.get(code, code))
    return getattr(found, "name", code) if found else code


def format_be_enterprise(text: str) -> str:
    digits = be_enterprise_digits(text)
    if digits is None:
        return text.strip()
    return f"BE {digits[:4]}.{digits[4:7]}.{digits[7:]}"


# --- Dutch betalingskenmerk ------------------------------------------------------------------


def _nl_check(payload: str) -> int:
    # Weights 2, 4, 8, 5, 10, 9, 7, 3, 6, 1 (powers of 2 mod 11), from the right, repeating.
    total = sum(int(digit) * pow(2, index + 1, 11) for index, digit in enumerate(reversed(payload)))
    check = 11 - total % 11
    return {10: 1, 11: 0}.get(check, check)


def is_valid_betalingskenmerk(text: str) -> bool:
    """16 digits or 9-14 digits with a matching length code; 7-digit ones carry no check and
    are not accepted here (see `classify_reference`)."""
    digits = re.sub(r"\s", "", text)
    if not digits.isdigit() or not digits.isascii():
        return False
    if len(digits) == 16:
        return int(digits[0]) == _nl_check(digits[1:])
    if 9 <= len(digits) <= 14:
        length_code, number = int(digits[1]), digits[2:]
        return length_code == len(number) % 10 and int(digits[0]) == _nl_check(digits[1:])
    return False


# --- Norwegian KID ----------------------------------------------------------------------------


def is_valid_luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_valid_mod11(digits: str) -> bool:
    # Weights 2..7 repeating from the right over the payload; 11 -> 0; 10 cannot be written.
    payload, check = digits[:-1], digits[-1]
    total = sum(int(digit) * (2 + index % 6) for index, digit in enumerate(reversed(payload)))
    expected = 11 - total % 11
    expected = 0 if expected == 11 else expected
    return expected != 10 and str(expected) == check


def is_valid_kid(text: str) -> bool:
    digits = re.sub(r"\s", "", text)
    if not (digits.isdigit() and digits.isascii() and 2 <= len(digits) <= 25):
        return False
    return is_valid_luhn(digits) or is_valid_mod11(digits)


# --- Classification ----------------------------------------------------------------------------


@frozen(slots=True)
class Classified:
    """A payment reference in its usual written form, its kind, and a warning if it looks
    like a structured reference whose check failed (it is then kept as free text)."""

    value: str
    kind: ReferenceKind
    warning: str | None = None


def classify_reference(text: str, country: str | None = None) -> Classified | None:
    """Recognise a structured reference; anything else is free text.

    `country` is the issuer's country when known. It decides the schemes that carry no
    strong shape of their own: a 7-digit Dutch reference (no check digit) and a Norwegian
    KID (2-25 digits; a random number passes Luhn one time in ten) are only recognised for
    NL and NO issuers, else every plain number would be claimed by one of them.
    """
    raw = " ".join(text.split())
    if not raw:
        return None
    compact = _compact(raw)
    if _RF_SHAPE.fullmatch(compact):
        if is_valid_rf(compact):
            return Classified(compact, "rf")
        return Classified(raw, "free", _looks_like(raw, "an RF creditor reference"))
    if _OGM_WRITTEN.fullmatch(compact):
        digits = ogm_digits(compact)
        if digits is not None and is_valid_ogm(digits):
            return Classified(format_ogm(digits), "ogm")
        return Classified(raw, "free", _looks_like(raw, "a Belgian structured communication"))
    if not _DIGITS.fullmatch(compact):
        return Classified(raw, "free")
    if country == "NO":
        if is_valid_kid(compact):
            return Classified(compact, "kid")
        return Classified(
            raw, "free", _looks_like(raw, "a Norwegian KID", "both the MOD10 and the MOD11 check")
        )
    if country == "NL":
        if is_valid_betalingskenmerk(compact) or len(compact) == 7:
            return Classified(compact, "nl")
        if len(compact) == 16:
            return Classified(raw, "free", _looks_like(raw, "a Dutch betalingskenmerk"))
    if len(compact) == 12 and is_valid_ogm(compact):
        return Classified(format_ogm(compact), "ogm")
    if is_valid_betalingskenmerk(compact):
        return Classified(compact, "nl")
    return Classified(raw, "free")


_OGM_WRITTEN = lazy_pattern(r"([+*]{3})\d{3}/?\d{4}/?\d{5}\1")
_DIGITS = lazy_pattern(r"[0-9]+")


def _looks_like(raw: str, what: str, check: str = "its check digits") -> str:
    return f"payment reference {raw!r} looks like {what} but fails {check}; kept as text"
