"""Amounts and dates in CSV columns, decided per column rather than per cell.

One cell cannot tell `1.500` (fifteen hundred in Brussels) from `1.500` (one and a half in
London), nor `03/04/2026` (3 April or 4 March). A column usually can: some other value in
it shows the decimal separator (`12,50`) or the order (`25/04/2026`). What is still
ambiguous after looking at the whole column is decided by an explicit rule, and the caller
gets a warning that says which.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from casetui.importers.text import fold
from casetui.money import AmountError, check_size

DateOrder = Literal["dmy", "mdy"]
ORDER_NAMES: dict[DateOrder, str] = {"dmy": "DD/MM/YYYY", "mdy": "MM/DD/YYYY"}


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


# --- Amounts ---------------------------------------------------------------------------------

# Symbols and ISO codes around or inside an amount (`EUR 12,50`, `-$200`, `1500 kr`).
_CURRENCY_MARKS = re.compile(r"[€$£¥]|[A-Z]{3}|kr\.?|Fr\.")
_GROUPING = re.compile(r"[\s'’_\u00a0\u202f]")
_NUMBER_BODY = re.compile(r"\d(?:[\d.,]*\d)?")


# Cells are read twice (to decide the column, then to parse) and repeat a lot (dates,
# statuses): the readers are pure, so they are memoised.
_CACHE = 65_536


@lru_cache(maxsize=_CACHE)
def _amount_parts(raw: str) -> tuple[bool, str]:
    """(negative, digits with separators) of `$1,500.00`, `(32.00)`, `-€ 12,50`, `200.00-`."""
    text = raw.strip().replace("−", "-")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = _GROUPING.sub("", _CURRENCY_MARKS.sub("", text))
    if text.startswith(("-", "+")):
        negative, text = negative or text[0] == "-", text[1:]
    elif text.endswith("-"):
        negative, text = True, text[:-1]
    text = _CURRENCY_MARKS.sub("", text)  # `-$200`: the symbol sat after the sign
    if not text and raw.strip().strip("€$£¥ ") in ("-", "–", "—"):
        return False, "0"  # Excel's accounting format writes zero as a dash
    if not _NUMBER_BODY.fullmatch(text):
        raise CellError(f"not an amount: {raw.strip()!r}")
    return negative, text


def _decimal_vote(body: str) -> str | None:
    """Which separator the value proves to be decimal; `?` for `1,500`-like values."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        return "." if body.rfind(".") > body.rfind(",") else ","
    separator = "." if dots else "," if commas else None
    if separator is None:
        return None
    if body.count(separator) > 1:
        return "," if separator == "." else "."
    return "?" if len(body) - body.rfind(separator) - 1 == 3 else separator


@dataclass(frozen=True, slots=True)
class AmountColumn:
    """How one column writes numbers: the decimal separator, or None when no value shows
    one (then `1,500` and `1.500` are read as thousands)."""

    decimal: str | None
    warning: str | None = None

    def parse(self, raw: str) -> Decimal:
        negative, body = _amount_parts(raw)
        vote = _decimal_vote(body)
        if self.decimal is None:
            whole, fraction = body.replace(",", "").replace(".", ""), ""
            if vote not in (None, "?"):
                raise CellError(f"not an amount: {raw.strip()!r}")
        else:
            if vote not in (None, "?", self.decimal):
                raise CellError(
                    f"amount {raw.strip()!r} uses {vote!r} as decimal separator, unlike the "
                    f"rest of its column ({self.decimal!r})"
                )
            thousands = "," if self.decimal == "." else "."
            whole, _, fraction = body.partition(self.decimal)
            if thousands in whole:
                if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+", whole):
                    raise CellError(f"not an amount: {raw.strip()!r}")
                whole = whole.replace(thousands, "")
            if not whole.isdigit() or (fraction and not fraction.isdigit()):
                raise CellError(f"not an amount: {raw.strip()!r}")
        value = Decimal(f"{whole}.{fraction}" if fraction else whole)
        try:
            check_size(value, raw.strip())
        except AmountError as error:
            raise CellError(str(error)) from None
        return -value if negative else value


def decide_amount_column(values: Iterable[str], name: str) -> AmountColumn:
    votes: Counter[str] = Counter()
    for raw in values:
        try:
            vote = _decimal_vote(_amount_parts(raw)[1])
        except CellError:
            continue  # reported when the cell is read
        if vote is not None:
            votes[vote] += 1
    ambiguous = votes.pop("?", 0)
    if votes:
        decimal = max(sorted(votes), key=lambda separator: votes[separator])
        return AmountColumn(decimal)
    if ambiguous:
        return AmountColumn(
            None,
            f"column {name!r}: no value shows a decimal separator, so amounts like '1,500' "
            "or '1.500' are read as whole thousands (1500)",
        )
    return AmountColumn(".")


# --- Dates -------------------------------------------------------------------------------------

_MONTH_WORDS = {
    1: "january jan januari janvier janv januar",
    2: "february feb februari fevrier fevr fev februar",
    3: "march mar maart mrt mars marz maerz",
    4: "april apr avril avr",
    5: "may mei mai",
    6: "june jun juni juin",
    7: "july jul juli juillet juil",
    8: "august aug augustus aout",
    9: "september sep sept septembre",
    10: "october oct oktober okt octobre",
    11: "november nov novembre",
    12: "december dec dezember dez decembre",
}
MONTHS = {word: month for month, words in _MONTH_WORDS.items() for word in words.split()}

_TIME = r"(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?\s*(?:z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}")
_NUMERIC = re.compile(rf"(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}")
_DAY_NAMED = re.compile(rf"(\d{{1,2}})\.?[\s-]*([a-z]+)\.?[\s,-]*(\d{{4}}){_TIME}")
_NAMED_DAY = re.compile(rf"([a-z]+)\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s*(\d{{4}}){_TIME}")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _DateCell:
    """A date whose reading is fixed (ISO, month names) or one per possible order."""

    fixed: date | None = None
    dmy: date | None = None
    mdy: date | None = None

    @property
    def numeric(self) -> bool:
        return self.fixed is None


@lru_cache(maxsize=_CACHE)
def _read_date(raw: str) -> _DateCell:
    text = fold(raw.strip())
    if match := _ISO.fullmatch(text):
        found = _make(int(match[1]), int(match[2]), int(match[3]))
        if found:
            return _DateCell(fixed=found)
    elif match := _NUMERIC.fullmatch(text):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        year += 2000 if len(match[4]) == 2 else 0
        cell = _DateCell(dmy=_make(year, second, first), mdy=_make(year, first, second))
        if cell.dmy or cell.mdy:
            return cell
    elif (match := _DAY_NAMED.fullmatch(text)) and match[2] in MONTHS:
        found = _make(int(match[3]), MONTHS[match[2]], int(match[1]))
        if found:
            return _DateCell(fixed=found)
    elif (match := _NAMED_DAY.fullmatch(text)) and match[1] in MONTHS:
        found = _make(int(match[3]), MONTHS[match[1]], int(match[2]))
        if found:
            return _DateCell(fixed=found)
    raise CellError(f"not a date: {raw.strip()!r}")


@dataclass(frozen=True, slots=True)
class DateColumn:
    """How one column writes dates: the day/month order for numeric dates (None when the
    column holds no numeric date, or when every numeric one reads the same either way)."""

    order: DateOrder | None
    # True when the values alone could not decide the order.
    ambiguous: bool = False

    def parse(self, raw: str) -> date:
        cell = _read_date(raw)
        if cell.fixed is not None:
            return cell.fixed
        if self.order is None:
            if cell.dmy is not None and cell.dmy == cell.mdy:
                return cell.dmy
            raise CellError(f"not a date: {raw.strip()!r}")
        found = cell.dmy if self.order == "dmy" else cell.mdy
        if found is None:
            raise CellError(
                f"not a date: {raw.strip()!r} (its column is read as {ORDER_NAMES[self.order]})"
            )
        return found


def decide_date_column(values: Iterable[str]) -> DateColumn:
    """The order the values prove, the order most values fit, or `ambiguous`."""
    dmy_fits = mdy_fits = numeric = 0
    differs = False
    for raw in values:
        try:
            cell = _read_date(raw)
        except CellError:
            continue  # reported when the cell is read
        if not cell.numeric:
            continue
        numeric += 1
        dmy_fits += cell.dmy is not None
        mdy_fits += cell.mdy is not None
        differs = differs or cell.dmy != cell.mdy
    if not numeric or not differs:
        return DateColumn(None)
    if dmy_fits == mdy_fits == numeric:
        return DateColumn(None, ambiguous=True)
    return DateColumn("dmy" if dmy_fits >= mdy_fits else "mdy")
