"""Rate tables as data: CSV rows with their sources, merged from the bundled and user folders.

File format (one header line, then one row per line; blank lines and lines starting with `#`
are skipped; UTF-8, a spreadsheet's byte-order mark is tolerated):

    series,from,rate,confidence,source,note
    nl-handelsrente,2026-01-01,10.15,derived,"art. 6:120(2) BW ...",computed

- `series`: one of `SERIES` below.
- `from`: ISO date the rate is in force from; it must open the series' period (1 January or
  1 July for half-yearly series, 1 January for yearly ones). A row stays in force until the
  next row of its series.
- `rate`: annual percentage, a plain decimal (`12.25`), between 0 and 100.
- `confidence`: H, M, L or derived (see LAW.md); `source`: where the figure comes from
  (required: it is printed on worksheets); `note`: free text, may be empty.

Bundled rows live in `data/rates/*.csv`; rows in `<config dir>/rates/*.csv` are merged over
them, a user row replacing a bundled one with the same series and `from`. A bad user row is an
`InputError` naming the file and the line.

Coverage: a series is known up to the end of the period that holds its last row. A day past
that is charged at the last known rate and the quote says so (`extrapolated=True`); the claim
turns that into a visible warning. A day before the first row has no rate at all and is
refused.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from casetui.errors import InputError, OperationalError
from casetui.paths import config_dir, data_dir
from casetui.values import frozen

COLUMNS = ("series", "from", "rate", "confidence", "source", "note")
CONFIDENCES = ("H", "M", "L", "derived")


@frozen
class SeriesInfo:
    """What a series is and how long each of its rates lasts."""

    name: str
    label: str  # used in warnings: "No NL handelsrente for 2026 H2 ..."
    step: str  # "half-year" or "year"


SERIES: dict[str, SeriesInfo] = {
    info.name: info
    for info in (
        SeriesInfo("eu", "ECB + 8 rate", "half-year"),
        SeriesInfo("be-b2b", "BE B2B rate", "half-year"),
        SeriesInfo("be-legal", "BE legal interest", "year"),
        SeriesInfo("nl-handelsrente", "NL handelsrente", "half-year"),
        SeriesInfo("nl-wettelijke", "NL wettelijke rente", "half-year"),
        SeriesInfo("uk", "UK statutory rate (BoE + 8)", "half-year"),
    )
}


def period_start(day: date, step: str) -> date:
    """First day of the half-year or year holding `day`."""
    if step == "year":
        return date(day.year, 1, 1)
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_period_start(day: date, step: str) -> date:
    start = period_start(day, step)
    if step == "year" or start.month == 7:
        return date(start.year + 1, 1, 1)
    return date(start.year, 7, 1)


def period_label(day: date, step: str) -> str:
    """`2026 H2` for half-years, `2026` for years."""
    if step == "year":
        return str(day.year)
    return f"{day.year} H{1 if day.month <= 6 else 2}"


def format_rate(rate: Decimal) -> str:
    """`12.50 %`: at least two decimals, more only when the rate has them."""
    shown = rate.quantize(Decimal("0.01")) if rate == rate.quantize(Decimal("0.01")) else rate
    return f"{shown:f} %"


def be_b2b_from_reference(ecb_plus_8: Decimal) -> Decimal:
    """Belgian rounding (LAW.md §2.6): ECB + 8 rounded up to the next half point.

    For checks and for reasoning about missing rows only: the published figure is authoritative.
    """
    return (ecb_plus_8 * 2).to_integral_value(rounding=ROUND_CEILING) / 2


def nl_statutory_from_mro(mro: Decimal, previous: Decimal) -> Decimal:
    """NL wettelijke rente (art. 6:119 BW) by the decree's method: the ECB main refinancing
    rate at the end of April (for 1 July) or October (for 1 January) + 2.25 points, rounded to
    a whole percent (halves up), moving at most 2 points from `previous` (Stb. 2014, 491,
    explanatory note). For checks and derived rows only: a published decree is authoritative.
    """
    target = (mro + Decimal("2.25")).to_integral_value(rounding=ROUND_HALF_UP)
    return max(previous - 2, min(previous + 2, target))


@frozen
class RateRow:
    series: str
    start: date
    rate: Decimal
    confidence: str
    source: str
    note: str
    origin: str  # "file:line", so a surprising figure can be traced


@frozen
class RateQuote:
    """The rate charged for one day, and where it comes from."""

    rate: Decimal
    series: str  # a SERIES name, or "agreed" for a contract or override rate
    period: str  # "2024 H1", "2024", or "" for an agreed rate
    confidence: str
    source: str
    extrapolated: bool = False


class RateSeries:
    """The rows of one series, sorted, with lookups by day."""

    def __init__(self, info: SeriesInfo, rows: Iterable[RateRow]) -> None:
        self.info = info
        self.rows: tuple[RateRow, ...] = tuple(sorted(rows, key=lambda row: row.start))
        if not self.rows:
            raise OperationalError(f"the rate table has no rows for {info.name}")

    @property
    def first_day(self) -> date:
        return self.rows[0].start

    @property
    def coverage_end(self) -> date:
        """Last day the table speaks for: the end of the period of the last row."""
        return next_period_start(self.rows[-1].start, self.info.step) - timedelta(days=1)

    def label(self, day: date) -> str:
        return period_label(day, self.info.step)

    def row_on(self, day: date) -> RateRow:
        if day < self.first_day:
            raise InputError(
                f"no {self.info.label} before {self.first_day.isoformat()} in the rate table "
                f"(asked for {day.isoformat()}); add rows in {user_rates_dir()}"
            )
        found = self.rows[0]
        for row in self.rows:
            if row.start > day:
                break
            found = row
        return found

    def quote(self, day: date) -> RateQuote:
        row = self.row_on(day)
        return RateQuote(
            rate=row.rate,
            series=self.info.name,
            period=self.label(day),
            confidence=row.confidence,
            source=row.source,
            extrapolated=day > self.coverage_end,
        )

    def boundaries(self, start: date, end: date) -> list[date]:
        """Period starts in (start, end]: the days a split engine opens a new segment."""
        days: list[date] = []
        cursor = next_period_start(start, self.info.step)
        while cursor <= end:
            days.append(cursor)
            cursor = next_period_start(cursor, self.info.step)
        return days

    def extrapolation_warning(self, first: date, last: date) -> str:
        """`No NL handelsrente for 2026 H2 in the rate table; last known rate ... used`."""
        span = self.label(first)
        if self.label(last) != span:
            span = f"{span} to {self.label(last)}"
        row = self.rows[-1]
        return (
            f"No {self.info.label} for {span} in the rate table; last known rate "
            f"{format_rate(row.rate)} ({self.label(row.start)}) used"
        )


class RateBook:
    """All series, as merged from the bundled and user files."""

    def __init__(self, rows: Iterable[RateRow]) -> None:
        grouped: dict[str, list[RateRow]] = {}
        for row in rows:
            grouped.setdefault(row.series, []).append(row)
        self._series = {name: RateSeries(SERIES[name], group) for name, group in grouped.items()}

    def series(self, name: str) -> RateSeries:
        try:
            return self._series[name]
        except KeyError:
            raise OperationalError(f"the rate table has no rows for {name}") from None

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._series))

    @classmethod
    def load(cls, bundled: Path, user: Path | None = None) -> RateBook:
        """Bundled rows from `bundled/*.csv`, then user rows from `user/*.csv` over them."""
        merged: dict[tuple[str, date], RateRow] = {}
        for row in _read_folder(bundled, user_file=False):
            merged[(row.series, row.start)] = row
        if user is not None:
            for row in _read_folder(user, user_file=True):
                merged[(row.series, row.start)] = row
        return cls(merged.values())


def user_rates_dir() -> Path:
    return config_dir() / "rates"


def bundled_rates_dir() -> Path:
    return data_dir() / "rates"


def default_rate_book() -> RateBook:
    """The merged rate book, loaded once and reloaded only when a user file changes."""
    bundled, user = bundled_rates_dir(), user_rates_dir()
    return _cached_book(bundled, user, _fingerprint(user))


@lru_cache(maxsize=4)
def _cached_book(bundled: Path, user: Path, fingerprint: tuple[object, ...]) -> RateBook:
    return RateBook.load(bundled, user)


def _fingerprint(folder: Path) -> tuple[object, ...]:
    # Name, size and mtime of each user file: cheap to take, and enough to notice an edit.
    if not folder.is_dir():
        return ()
    stats = []
    for path in sorted(folder.glob("*.csv")):
        info = path.stat()
        stats.append((path.name, info.st_size, info.st_mtime_ns))
    return tuple(stats)


def _read_folder(folder: Path, *, user_file: bool) -> Iterator[RateRow]:
    if not folder.is_dir():
        if user_file:
            return
        raise OperationalError(f"bundled rate tables not found in {folder}")
    for path in sorted(folder.glob("*.csv")):
        yield from read_rate_file(path, user_file=user_file)


def read_rate_file(path: Path, *, user_file: bool = True) -> list[RateRow]:
    """Parse one rate file; every problem names the file and line."""
    error_type = InputError if user_file else OperationalError
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise error_type(f"{path}: cannot read rate file ({error})") from None

    rows: list[RateRow] = []
    seen: set[tuple[str, date]] = set()
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = next(csv.reader([line]))
        where = f"{path}:{number}"
        if not header_seen:
            if tuple(field.strip().lower() for field in fields) != COLUMNS:
                raise error_type(f"{where}: the header must be {','.join(COLUMNS)}")
            header_seen = True
            continue
        try:
            row = _parse_row(fields, where)
        except ValueError as problem:
            raise error_type(f"{where}: {problem}") from None
        key = (row.series, row.start)
        if key in seen:
            raise error_type(f"{where}: a second row for {row.series} from {row.start}")
        seen.add(key)
        rows.append(row)
    if not header_seen:
        raise error_type(f"{path}: empty rate file (expected the header {','.join(COLUMNS)})")
    return rows


def _parse_row(fields: list[str], origin: str) -> RateRow:
    if len(fields) != len(COLUMNS):
        raise ValueError(
            f"expected {len(COLUMNS)} columns ({','.join(COLUMNS)}), got {len(fields)}"
        )
    series, start_text, rate_text, confidence, source, note = (field.strip() for field in fields)
    info = SERIES.get(series)
    if info is None:
        raise ValueError(f"unknown series {series!r} (known: {', '.join(SERIES)})")
    try:
        start = date.fromisoformat(start_text)
    except ValueError:
        raise ValueError(f"'from' must be a date as YYYY-MM-DD, got {start_text!r}") from None
    if start != period_start(start, info.step):
        opens = "1 January" if info.step == "year" else "1 January or 1 July"
        raise ValueError(f"{series} rates start on {opens}, not {start_text}")
    try:
        rate = Decimal(rate_text)
    except InvalidOperation:
        raise ValueError(f"rate must be a number like 10.15, got {rate_text!r}") from None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise ValueError(f"rate must be a percentage between 0 and 100, got {rate_text!r}")
    if confidence not in CONFIDENCES:
        raise ValueError(f"confidence must be one of {', '.join(CONFIDENCES)}, got {confidence!r}")
    if not source:
        raise ValueError("source is required (where does this rate come from?)")
    return RateRow(series, start, rate, confidence, source, note, origin)
