"""Dates as people type them, resolved against an injected `today`.

Accepted: ISO `YYYY-MM-DD`; `today`, `tomorrow`, `yesterday`; offsets `+3d`, `-2d`, `+2w`,
`+1m` (calendar months); weekday names (`friday`, `fri`: the next such day after today).
Refused with a message: anything else, in particular `03/04/2026`, which means 3 April in
Brussels and 4 March in New York.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from casetui.errors import InputError
from casetui.patterns import lazy_pattern

# Dates a ledger accepts: wide enough for any real invoice, narrow enough that date
# arithmetic in the fold (due + grace days, deadline + 1) can never overflow: a case due
# 9999-12-31 was once saved, and then no command could load the ledger. (`rules` checks
# them; they live here so that `--today` can, without importing the rules.)
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_ISO = lazy_pattern(r"^(\d{4})-(\d{2})-(\d{2})$")
_OFFSET = lazy_pattern(r"^([+-])\s*(\d{1,4})\s*([dwm])$")
_SLASHED = lazy_pattern(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$")


class DateError(InputError):
    """A date that cannot be accepted, with a message fit for the user."""


def parse_iso(text: str) -> date:
    """Strict `YYYY-MM-DD`."""
    match = _ISO.match(text.strip())
    if not match:
        raise DateError(f"not a date: {text!r} (use YYYY-MM-DD)")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as error:
        raise DateError(f"not a real date: {text!r} ({error})") from None


def parse_user_date(text: str, today: date) -> date:
    """Resolve what a user typed into a date, relative to `today`."""
    word = text.strip().lower()
    if not word:
        raise DateError("a date is required (YYYY-MM-DD, today, tomorrow, +3d, +2w, friday)")
    if _ISO.match(word):
        return parse_iso(word)
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    offset = _OFFSET.match(word)
    if offset:
        count = int(offset[2]) * (-1 if offset[1] == "-" else 1)
        unit = offset[3]
        if unit == "d":
            return today + timedelta(days=count)
        if unit == "w":
            return today + timedelta(weeks=count)
        return today + relativedelta(months=count)
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            ahead = (index - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    if _SLASHED.match(word):
        raise DateError(
            f"ambiguous date {text!r}: day and month order differs by country; use YYYY-MM-DD"
        )
    raise DateError(
        f"not a date: {text!r} (use YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m or a weekday)"
    )


def describe(day: date, today: date) -> str:
    """`today`, `tomorrow`, `in 3 days`, `2 days ago`: for hints beside date fields."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if delta > 0:
        return f"in {delta} days"
    return f"{-delta} days ago"


def utc_now_iso() -> str:
    """A timestamp for `recorded_at`: UTC, ISO 8601, second precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
