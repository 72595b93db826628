"""A limitation as plain text: the dates, what they mean, the chain of articles, the risks.

Plain text (no markup), so the CLI prints it and the app shows it as literal content.
Every report ends with the reminder that the date is an estimate.
"""

from __future__ import annotations

import textwrap
from datetime import date

from casetui.limitation.engine import ESTIMATE_NOTE, Limitation
from casetui.limitation.rules import Nature

WIDTH = 76
_CLAIMS = {
    "contract": "a contract claim",
    "consumer-goods": "goods sold to a consumer",
    "trader-goods": "goods sold by a trader to a non-trader",
    "periodic": "a periodic amount",
}


def _weekday(day: date) -> str:
    return f"{day.isoformat()} ({day.strftime('%a')})"


def _items(lines: tuple[str, ...] | list[str], mark: str) -> list[str]:
    wrapped = []
    for line in lines:
        wrapped += textwrap.wrap(
            line, WIDTH, initial_indent=f"  {mark} ", subsequent_indent="    "
        ) or [f"  {mark}"]
    return wrapped


def _field(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"{label:<14}", subsequent_indent=" " * 14)


def render_limitation(result: Limitation, today: date | None = None) -> str:
    """The whole report; `today` adds how many days are left."""
    claim = _CLAIMS.get(result.claim.value, result.claim.value)
    lines = [f"Limitation under {result.law.label}, {claim} (estimated, conservative)"]
    label = "" if result.start_label == "from" else f" ({result.start_label})"
    lines += _field("Runs from", f"{result.start.isoformat()}{label}")
    if result.last_day is None:
        lines += _field("Last day", result.summary())
    else:
        when = ""
        if today is not None:
            left = (result.last_day - today).days
            if left >= 0:
                when = f"; {left} days from {today.isoformat()}"
            else:
                verb = "extinguished" if result.nature is Nature.EXTINCTIVE else "time-barred"
                when = f": the claim may be {verb} since {result.at_risk_from}"
        lines += _field("Last day", f"{_weekday(result.last_day)}, {result.article}{when}")
        if result.act_by is not None:
            lines += _field(
                "Act by", f"{_weekday(result.act_by)}, the last working day on or before it"
            )
    if result.hard_last_day is not None:
        lines += _field(
            "Hard last day",
            f"{_weekday(result.hard_last_day)}, the 10 years behind the presumption "
            "(art. 2262bis §1)",
        )
    lines += _field("Kind", f"{result.nature.value}: {result.nature.words}")
    lines += _field("To keep it", result.advice)
    lines += ["", "Basis", *_items(result.basis, "-")]
    if result.interest is not None:
        lines += ["", "Interest", *_items([result.interest.words()], "-")]
    if result.risks:
        lines += ["", "Risks", *_items(result.risks, "!")]
    lines += ["", *textwrap.wrap(ESTIMATE_NOTE, WIDTH)]
    return "\n".join(lines)
