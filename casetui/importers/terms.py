"""Suggest a due date from free-text payment terms (EN, NL, FR, DE, SV).

Only a suggestion: the caller records it as derived (`due_source="terms"`). Recognised:
"N days" (net), "net N", "N days end of month", "end of month", "immediately" and explicit
dates. Discount wording is not a due date: a sentence that mentions a discount ("Payment
within 10 days, 2% discount", "2 % discount if paid within 2 days", XRechnung's
`#SKONTO#TAGE=14#PROZENT=2.00#`) is skipped, unless it marks a period as net ("2% 10 days,
net 30").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from casetui.importers.text import fold

_MAX_DAYS = 366

_DAY = r"(?:days?|dagen|dag|jours?|j|tagen?|tg|dagar|dgr)"
_END_OF_MONTH = (
    r"(?:end of (?:the )?month|eom|einde (?:van de )?maand|fin de (?:ce )?mois|fdm"
    r"|monatsende|ende des monats|slutet av manaden)"
)
_NET_FIRST = re.compile(rf"\bnet(?:to)?\s*:?\s*(\d{{1,3}})\b(?:\s*{_DAY}\b)?")
_NET_AFTER = re.compile(rf"\b(\d{{1,3}})\s*{_DAY}\s+net(?:to)?\b")
_DAYS_EOM = re.compile(rf"\b(\d{{1,3}})\s*{_DAY}\b[\s,]*{_END_OF_MONTH}")
_DAYS = re.compile(rf"\b(\d{{1,3}})\s*{_DAY}\b")
_EOM = re.compile(rf"\b{_END_OF_MONTH}\b")
_IMMEDIATE = re.compile(
    r"\b(?:immediate(?:ly)?|due on receipt|upon receipt|on receipt|onmiddellijk"
    r"|per direct|contant|a reception|des reception|comptant|sofort|umgehend"
    r"|bei erhalt|omgaende|vid leverans)\b"
)
_DISCOUNT = re.compile(r"(?:discount|korting|escompte|remise|skonto|rabatt|rabat|sconto)")
_SKONTO_CODE = re.compile(r"#skonto#(?:[a-z]+=[^#\n]*#)+")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_SLASHED_DATE = re.compile(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b")
# A sentence ends at ; or a line break, or a full stop that is not inside a number or date.
_SENTENCE_END = re.compile(r"[;\n]|\.(?=\s|$)")


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _explicit_date(sentence: str, dayfirst: bool) -> date | None:
    for pattern, order in (
        (_ISO_DATE, "ymd"),
        (_DOTTED_DATE, "dmy"),
        (_SLASHED_DATE, "dmy" if dayfirst else "mdy"),
    ):
        match = pattern.search(sentence)
        if not match:
            continue
        first, second, third = (int(part) for part in match.groups())
        year, month, day = {
            "ymd": (first, second, third),
            "dmy": (third, second, first),
            "mdy": (third, first, second),
        }[order]
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def _days(count: str) -> int | None:
    value = int(count)
    return value if value <= _MAX_DAYS else None


def _from_sentence(sentence: str, issue: date, dayfirst: bool) -> date | None:
    discount = bool(_DISCOUNT.search(sentence))
    for pattern in (_NET_FIRST, _NET_AFTER):
        match = pattern.search(sentence)
        if match and (days := _days(match[1])) is not None:
            return issue + timedelta(days=days)
    if discount:
        return None
    match = _DAYS_EOM.search(sentence)
    if match and (days := _days(match[1])) is not None:
        return _month_end(issue + timedelta(days=days))
    match = _DAYS.search(sentence)
    if match and (days := _days(match[1])) is not None:
        return issue + timedelta(days=days)
    explicit = _explicit_date(sentence, dayfirst)
    if explicit is not None:
        return explicit
    if _EOM.search(sentence):
        return _month_end(issue)
    if _IMMEDIATE.search(sentence):
        return issue
    return None


def due_from_terms(text: str | None, issue: date, *, dayfirst: bool = True) -> date | None:
    """The due date the terms suggest, or None when they say nothing usable."""
    if not text:
        return None
    folded = _SKONTO_CODE.sub(" ", fold(text))
    for sentence in _SENTENCE_END.split(folded):
        found = _from_sentence(sentence, issue, dayfirst)
        if found is not None:
            return found
    return None
