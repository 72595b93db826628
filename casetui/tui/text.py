"""Words and numbers as the screens show them. Plain strings: callers wrap them in `Text`
or pass them to `Content.from_markup` as variables, never as markup."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from casetui.money import format_money as money
from casetui.money import from_minor


def long_date(day: date) -> str:
    """`Monday 23 November 2026`."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 case`, `12 cases` (with thousands grouped)."""
    word = one if count == 1 else (many or one + "s")
    return f"{count:,} {word}"


def verb(count: int, one: str, many: str) -> str:
    """The verb that agrees with `count`: `verb(1, "needs", "need")` is `needs`."""
    return one if count == 1 else many


def totals(amounts: Iterable[tuple[str, int]]) -> str:
    """Sums of (currency, minor units) per currency: `8,431.20 EUR · 1,204.00 GBP`."""
    sums: dict[str, int] = defaultdict(int)
    for currency, minor in amounts:
        sums[currency] += minor
    if not sums:
        return "nothing"
    ordered = sorted(sums.items(), key=lambda item: (-abs(item[1]), item[0]))
    return " · ".join(money(from_minor(minor, cur), cur) for cur, minor in ordered)


def one_line(text: str, limit: int = 0) -> str:
    """User text on one line (line breaks become " / "), cut to `limit` characters."""
    flat = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    if limit and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat
