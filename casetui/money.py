"""Money: `Decimal` amounts with an ISO 4217 currency, parsed strictly, stored as minor units.

Rules (tested in tests/test_money.py):
- Never `float`. Amounts typed by a user must not carry more decimals than the currency has;
  we refuse rather than round what someone typed.
- On disk an amount is an integer count of minor units (cents) plus the currency code.
- Computed amounts (interest, fees) are rounded once, to the currency's minor unit, with
  ROUND_HALF_UP, by `round_money`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from casetui.errors import InputError
from casetui.patterns import lazy_pattern

# Currencies whose minor unit is not 1/100. Everything else has two decimals.
_EXPONENTS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip

_CURRENCY_RE = lazy_pattern(r"^[A-Z]{3}$")


class AmountError(InputError):
    """An amount or currency that cannot be accepted, with a message fit for the user."""


def currency_exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


def check_currency(code: str) -> str:
    """Normalise and validate a three-letter ISO 4217 code."""
    normalised = code.strip().upper()
    if not _CURRENCY_RE.match(normalised):
        raise AmountError(f"not a currency code: {code!r} (use three letters, e.g. EUR)")
    return normalised


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-currency_exponent(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round a computed amount to the currency's minor unit, half up."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def to_minor(amount: Decimal, currency: str) -> int:
    """Exact conversion to minor units; refuses an amount finer than the currency allows."""
    scaled = amount.scaleb(currency_exponent(currency))
    if scaled != scaled.to_integral_value():
        raise AmountError(f"{amount} has more decimals than {currency} allows")
    return int(scaled)


def from_minor(minor: int, currency: str) -> Decimal:
    exponent = currency_exponent(currency)
    return Decimal(minor).scaleb(-exponent) if exponent else Decimal(minor)


# One optional sign, digits with optional grouping, one optional decimal part.
_GROUPED = lazy_pattern(
    r"^(?P<int>\d{1,3}(?:(?P<sep>[ ,.'_\u00a0\u202f])\d{3})(?:(?P=sep)\d{3})*)"
    r"(?:(?P<dec>[.,])(?P<frac>\d+))?$"
)
_PLAIN = lazy_pattern(r"^(?P<int>\d+)(?:[.,](?P<frac>\d+))?$")


# Currency signs people type in front of or after an amount; one of another currency than
# the amount's is refused rather than silently read as the amount's own.
CURRENCY_SIGNS = {"€": "EUR", "£": "GBP", "$": "USD"}


def parse_amount(text: str, currency: str = "EUR", *, allow_negative: bool = False) -> Decimal:
    """Parse an amount as people type it: `1234.56`, `1234,56`, `1 234,56`, `1.234,56`.

    A lone separator followed by exactly three digits (`1,234`) is ambiguous (a thousands
    separator or a decimal comma?) and refused, as is anything with more decimals than the
    currency has.
    """
    raw = text.strip()
    for symbol, meaning in CURRENCY_SIGNS.items():
        if symbol in raw and meaning != currency:
            raise AmountError(f"{text!r} is in {meaning}, but this amount is in {currency}")
        raw = raw.replace(symbol, "")
    raw = re.sub(re.escape(currency), "", raw, flags=re.IGNORECASE).strip()
    negative = False
    if raw[:1] in "+-" and raw:
        negative = raw[0] == "-"
        raw = raw[1:].strip()
    if not raw:
        raise AmountError(f"not an amount: {text!r}")
    exponent = currency_exponent(currency)

    plain = _PLAIN.match(raw)
    if plain:
        whole, frac = plain["int"], plain["frac"] or ""
        if frac and len(frac) == 3 and exponent != 3:
            raise AmountError(
                f"ambiguous amount {text!r}: write 1234.56 or 1234,56 (no thousands separator)"
            )
    else:
        grouped = _GROUPED.match(raw)
        if not grouped or (grouped["dec"] and grouped["dec"] == grouped["sep"]):
            raise AmountError(f"not an amount: {text!r} (write it as 1234.56 or 1234,56)")
        whole = re.sub(r"\D", "", grouped["int"])
        frac = grouped["frac"] or ""
    if len(frac) > exponent:
        raise AmountError(f"{text!r} has more decimals than {currency} allows ({exponent})")
    try:
        value = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation as error:  # pragma: no cover - the regexes only pass digits
        raise AmountError(f"not an amount: {text!r}") from error
    value = value.quantize(quantum(currency))
    if negative:
        if not allow_negative:
            raise AmountError(f"the amount must be positive: {text!r}")
        value = -value
    return value


def format_amount(amount: Decimal, currency: str | None = None) -> str:
    """Plain decimal string for files and JSON: `1234.56`, exponent of the currency."""
    if currency is not None:
        amount = amount.quantize(quantum(currency))
    return f"{amount:f}"


def format_grouped(amount: Decimal, currency: str) -> str:
    """Readable on screen: `1,234.56` (no symbol; the currency is shown beside it)."""
    return f"{amount.quantize(quantum(currency)):,f}"


def format_minor(minor: int, currency: str, *, grouped: bool = False) -> str:
    """`format_amount` (or, `grouped`, `format_grouped`) of `minor` units, in integers: the
    same text without making a Decimal, for lists of thousands (`agenda --json`)."""
    exponent = currency_exponent(currency)
    whole, fraction = divmod(-minor if minor < 0 else minor, 10**exponent)
    text = f"{whole:,}" if grouped else str(whole)
    if exponent:
        text = f"{text}.{fraction:0{exponent}d}"
    return f"-{text}" if minor < 0 else text


def format_money(amount: Decimal, currency: str) -> str:
    """`1,234.56 EUR`: an amount as timelines, exports and screens show it."""
    return f"{format_grouped(amount, currency)} {currency}"


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency. Arithmetic across currencies is an error, not a guess."""

    amount: Decimal
    currency: str

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise AmountError(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __str__(self) -> str:
        """As every screen, command and letter writes an amount: `1,234.56 EUR`."""
        return format_money(self.amount, self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0).quantize(quantum(currency)), currency)

    def to_json(self) -> dict[str, int | str]:
        return {"minor": to_minor(self.amount, self.currency), "currency": self.currency}

    @classmethod
    def from_json(cls, data: dict[str, int | str]) -> Money:
        currency = str(data["currency"])
        return cls(from_minor(int(data["minor"]), currency), currency)
