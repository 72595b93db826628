"""Working days per country, for legal clocks and letter deadlines.

A working day is Monday to Friday and not a public holiday of the country. Holidays come from
the `holidays` package, with two adjustments:
- `GB` (alias `UK`) means England and Wales: the `ENG` subdivision (the same bank holidays as
  Wales), including substitute days ("observed").
- `NL` follows the Algemene termijnenwet (art. 3), which is what Dutch terms are counted by:
  Good Friday is in the package already; Liberation Day (5 May) counts **every** year, while the
  package lists it only in lustrum years, so it is added. Days the government declares equal to
  a holiday by decree (art. 3(3)) are not included.
- `GB-SCT` (any `COUNTRY-SUBDIVISION` code) means that subdivision's holidays: Scottish bank
  holidays for the Scottish prescription roll-over (1973 Act s.14(1)(d)).
Other country codes the package knows work unchanged.

The package is imported on first use, so importing `casetui.law` stays cheap.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from casetui.errors import InputError

_ALIASES = {"UK": "GB"}
_SUBDIVISIONS = {"GB": "ENG"}


def normalise_country(country: str) -> str:
    code = country.strip().upper()
    return _ALIASES.get(code, code)


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """Public holidays of `country` in `year`, as used for working days."""
    import holidays

    code, _, subdivision = normalise_country(country).partition("-")
    try:
        found = holidays.country_holidays(
            code, subdiv=subdivision or _SUBDIVISIONS.get(code), years=year
        )
    except NotImplementedError:
        raise InputError(f"no holiday calendar for country {country!r}") from None
    days = set(found)
    if code == "NL":
        days.add(date(year, 5, 5))
    return frozenset(days)


def is_holiday(day: date, country: str) -> bool:
    return day in public_holidays(normalise_country(country), day.year)


def is_working_day(day: date, country: str, *, count_holidays: bool = True) -> bool:
    """Monday to Friday and, unless `count_holidays` is off, not a public holiday."""
    if day.weekday() >= 5:
        return False
    return not (count_holidays and is_holiday(day, country))


def next_working_day(day: date, country: str, *, count_holidays: bool = True) -> date:
    """The first working day strictly after `day`."""
    cursor = day + timedelta(days=1)
    while not is_working_day(cursor, country, count_holidays=count_holidays):
        cursor += timedelta(days=1)
    return cursor


def roll_forward(day: date, country: str, *, count_holidays: bool = True) -> date:
    """`day` itself if it is a working day, else the next one (a term ending on a day off)."""
    if is_working_day(day, country, count_holidays=count_holidays):
        return day
    return next_working_day(day, country, count_holidays=count_holidays)


def add_business_days(start: date, n: int, country: str, *, count_holidays: bool = True) -> date:
    """The `n`-th working day after `start` (`start` itself never counts; n=0 gives `start`).

    "Five business days from Friday 1 March" is Friday 8 March: 4, 5, 6, 7, 8 March.
    """
    if n < 0:
        raise InputError(f"business days must be zero or more, got {n}")
    cursor = start
    for _ in range(n):
        cursor = next_working_day(cursor, country, count_holidays=count_holidays)
    return cursor
