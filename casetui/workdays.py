"""Working days per country: legal clocks, letter deadlines, and when a case comes back.

A working day is Monday to Friday and not a public holiday of the country. Without a country
(no business profile yet) only weekends are days off.

Holidays come from `data/holidays/<CC>.csv`, generated from the `holidays` package for the
countries and years casetui is used in (`python -m casetui.workdays` writes them again, see
`data/holidays/README.md`); other countries and years ask the package itself. The table
exists because the fold of every case asks for working days, and importing the package
and building one country's year takes a second or more: `casetui list` must not pay that.
The package is used with two adjustments:
- `GB` (alias `UK`) means England and Wales: the `ENG` subdivision (the same bank holidays as
  Wales), including substitute days ("observed").
- `NL` follows the Algemene termijnenwet (art. 3), which is what Dutch terms are counted by:
  Good Friday is in the package already; Liberation Day (5 May) counts **every** year, while the
  package lists it only in lustrum years, so it is added. Days the government declares equal to
  a holiday by decree (art. 3(3)) are not included.
- `GB-SCT` (any `COUNTRY-SUBDIVISION` code) means that subdivision's holidays: Scottish bank
  holidays for the Scottish prescription roll-over (1973 Act s.14(1)(d)).
Other country codes the package knows work unchanged.

The package is imported on first use, and only when the table has no answer.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from casetui.errors import InputError
from casetui.paths import data_dir

TABLE_COUNTRIES = ("BE", "NL", "GB", "GB-SCT")  # GB-SCT: Scotland, for prescription
TABLE_YEARS = range(2000, 2061)
_DAY = timedelta(days=1)

_ALIASES = {"UK": "GB"}
_SUBDIVISIONS = {"GB": "ENG"}


def normalise_country(country: str) -> str:
    code = country.strip().upper()
    return _ALIASES.get(code, code)


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """Public holidays of `country` in `year`, as used for working days."""
    code = normalise_country(country)
    table = _holiday_table(code)
    if year in table:
        return table[year]
    return package_holidays(code, year)


@lru_cache(maxsize=16)
def _holiday_table(code: str) -> dict[int, frozenset[date]]:
    path = holidays_file(code)
    if not path.is_file():
        return {}
    days: dict[int, set[date]] = {year: set() for year in TABLE_YEARS}
    # The tables are ours (`write_holiday_tables`): a `date,name` header, then the ISO day first
    # on each line, so the day is read without the csv module.
    lines = path.read_text(encoding="utf-8-sig").splitlines()  # -sig: saved by a spreadsheet
    if not lines or lines[0].split(",", 1)[0] != "date":
        raise ValueError(f"{path}: not a holiday table (its first column must be 'date')")
    for line in lines[1:]:
        if line:
            day = date.fromisoformat(line.split(",", 1)[0])
            days.setdefault(day.year, set()).add(day)
    return {year: frozenset(found) for year, found in days.items()}


def holidays_file(code: str) -> Path:
    return data_dir() / "holidays" / f"{code}.csv"


def package_holidays(country: str, year: int) -> frozenset[date]:
    """The holidays of `country` in `year` as the `holidays` package gives them, adjusted."""
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
    return bool(country) and day in public_holidays(normalise_country(country), day.year)


def is_working_day(day: date, country: str, *, count_holidays: bool = True) -> bool:
    """Monday to Friday and, unless `count_holidays` is off, not a public holiday of
    `country` (no country: weekends only)."""
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


def write_holiday_tables(folder: Path, countries: tuple[str, ...] = TABLE_COUNTRIES) -> None:
    """Write `<CC>.csv` for each country and every year of `TABLE_YEARS` from the package."""
    import csv

    import holidays

    for code in countries:
        country, _, subdivision = code.partition("-")
        names = holidays.country_holidays(country, subdiv=subdivision or _SUBDIVISIONS.get(country))
        with (folder / f"{code}.csv").open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(["date", "name"])
            for year in TABLE_YEARS:
                for day in sorted(package_holidays(code, year)):
                    out.writerow([day.isoformat(), names.get(day) or "Liberation Day"])


if __name__ == "__main__":  # uv run python -m casetui.workdays data/holidays
    write_holiday_tables(Path(sys.argv[1]))
