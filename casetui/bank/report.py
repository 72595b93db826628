"""What a statement run did, for scripts (`--json`) and for people (text).

JSON, per file: its format, account(s), period, status and every entry with `date`,
`amount`, `currency`, `payer`, `iban`, `reference`, `text`, `match` (`exact`, `probable`,
`unmatched`, `ignored`, `known`), `cases` (ids) and `recorded` (true/false), plus the rule,
the reason in words and where the entry is in the file.

Text: a line per file, then the entries that need a person: recorded, to confirm,
unmatched (with everything needed to decide), and a count of the rest. Text from a statement
is shown with its control characters made visible: a payer's name cannot move the cursor or
recolour the terminal.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from casetui.bank.matching import EntryMatch
from casetui.bank.records import StatementFile
from casetui.bank.references import keys_in_text, reference_key
from casetui.bank.run import FileResult
from casetui.money import format_amount, format_grouped

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Control and direction-changing characters as visible marks (`␛`, `<U+202E>`)."""

    def mark(match: re.Match[str]) -> str:
        code = ord(match[0])
        if code < 0x20:
            return chr(0x2400 + code)
        if code == 0x7F:
            return "␡"
        return f"<U+{code:04X}>"

    return _CONTROL.sub(mark, text)


def _period(parsed: StatementFile) -> dict[str, str | None]:
    starts = [s.period[0] for s in parsed.statements if s.period[0]]
    ends = [s.period[1] for s in parsed.statements if s.period[1]]
    return {
        "from": min(starts).isoformat() if starts else None,
        "to": max(ends).isoformat() if ends else None,
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def entry_json(match: EntryMatch, recorded: bool) -> dict[str, Any]:
    entry = match.entry
    return {
        "number": match.number,
        "where": entry.where,
        "date": entry.booked_on.isoformat(),
        "value_date": _day(entry.value_date),
        "amount": format_amount(entry.amount),
        "currency": entry.currency,
        "payer": entry.payer,
        "iban": entry.iban,
        "reference": match.reference or entry.reference,
        "text": entry.text,
        "bank_ref": entry.bank_ref,
        "return": entry.is_return,
        "return_reason": entry.return_reason or None,
        "match": match.match,
        "rule": match.rule or None,
        "reason": match.reason,
        "cases": list(match.cases),
        "allocations": [
            {"case_id": a.case_id, "amount": format_amount(a.amount), "closes": a.closes}
            for a in match.allocations
        ],
        "overpaid": format_amount(match.overpaid) if match.overpaid else None,
        "recorded": recorded,
    }


def file_json(result: FileResult) -> dict[str, Any]:
    parsed = result.parsed
    data: dict[str, Any] = {
        "source": result.source,
        "status": result.status,
        "message": result.message,
        "format": parsed.format if parsed else None,
        "sha256": parsed.sha256 if parsed else None,
        "evidence": result.evidence,
        "account": None,
        "period": None,
        "statements": [],
        "warnings": list(parsed.warnings) if parsed else [],
        "entries": [],
    }
    if parsed is None:
        return data
    accounts = list(dict.fromkeys(s.account for s in parsed.statements if s.account))
    data["account"] = accounts[0] if len(accounts) == 1 else (accounts or None)
    data["period"] = _period(parsed)
    data["statements"] = [
        {
            "account": s.account,
            "currency": s.currency,
            "from": _day(s.period[0]),
            "to": _day(s.period[1]),
            "opening": format_amount(s.opening.amount) if s.opening else None,
            "closing": format_amount(s.closing.amount) if s.closing else None,
            "entries": len(s.entries),
        }
        for s in parsed.statements
    ]
    data["entries"] = [entry_json(m, m.key in result.recorded) for m in result.matches]
    return data


def summary(results: list[FileResult]) -> dict[str, int]:
    """How many files and entries of each kind: the last line of the text report."""
    counts: Counter[str] = Counter()
    for result in results:
        for match in result.matches:
            counts[match.match] += 1
            if match.match == "probable" and not _booked(result, match):
                counts["to_confirm"] += 1
        counts["recorded"] += len(result.recorded)
        counts["to_record"] += len(result.planned)
    kinds = ("recorded", "to_record", "to_confirm", "exact", "probable", "unmatched", "ignored",
             "known")  # fmt: skip
    return {
        "files": len(results),
        "refused": sum(r.status in ("refused", "failed") for r in results),
        **{kind: counts[kind] for kind in kinds},
    }


def report_json(results: list[FileResult], *, dry_run: bool) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "ok": all(r.status not in ("refused", "failed") for r in results),
        "summary": summary(results),
        "files": [file_json(result) for result in results],
    }


_STATUS = {
    "recorded": "recorded",
    "unchanged": "nothing to record",
    "planned": "would be recorded",
    "refused": "refused, nothing recorded",
    "failed": "not recorded",
}


def _booked(result: FileResult, match: EntryMatch) -> bool:
    """Recorded by this run, or (a dry run) about to be."""
    return match.key in result.recorded or match.key in result.planned


def _said(match: EntryMatch) -> str:
    """The entry's reference and its free text, the reference once: banks often repeat a
    structured communication in the text, in any spelling (`***...***`, bare digits)."""
    entry = match.entry
    reference = match.reference or entry.reference
    text = entry.text
    if reference and text:
        key = reference_key(reference)
        if reference in text or (key is not None and key in keys_in_text(text)):
            reference = ""  # the text says it
    return " · ".join(part for part in (reference, text) if part)


def _line(match: EntryMatch, label: str) -> list[str]:
    entry = match.entry
    amount = f"{format_grouped(entry.amount, entry.currency)} {entry.currency}"
    who = " ".join(part for part in (entry.payer, entry.iban) if part) or "(no payer given)"
    lines = [f"  {label:<12} {entry.booked_on}  {amount:>16}  {visible(who)[:50]}"]
    said = _said(match)
    if said:
        lines.append(f"  {'':<12} {visible(said)[:100]}")
    detail = ", ".join(match.cases)
    reason = f"{detail}: {match.reason}" if detail and match.match != "known" else match.reason
    lines.append(f"  {'':<12} {entry.where}: {visible(reason)}")
    return lines


def render_text(results: list[FileResult], *, dry_run: bool) -> str:
    out: list[str] = []
    if dry_run:
        out.append("Dry run: nothing was written.")
    for result in results:
        parsed = result.parsed
        head = f"{visible(result.source)}: {_STATUS[result.status]}"
        if parsed is not None:
            accounts = ", ".join(dict.fromkeys(s.account for s in parsed.statements if s.account))
            period = _period(parsed)
            head += f" ({parsed.format}, {accounts or 'no account given'}, "
            head += f"{period['from'] or '?'} to {period['to'] or '?'})"
        if result.message:
            head += f": {visible(result.message)}"
        out.append(head)
        if parsed is None:
            continue
        for warning in parsed.warnings:
            out.append(f"  {'warning':<12} {visible(warning)}")
        counts: Counter[str] = Counter()
        for match in result.matches:
            counts[match.match] += 1
            if match.key in result.recorded:
                out += _line(match, "recorded")
            elif match.key in result.planned:
                out += _line(match, "would record")
            elif match.match in ("exact", "probable"):
                out += _line(match, "to confirm" if match.match == "probable" else "would record")
            elif match.match == "unmatched":
                out += _line(match, "unmatched")
        rest = [f"{counts[k]} {k}" for k in ("known", "ignored") if counts[k]]
        if rest:
            out.append(
                f"  {'':<12} also {', '.join(rest)} (money out, returns of yours, "
                "entries already recorded)"
            )
    total = summary(results)
    done = f"{total['to_record']} to record" if dry_run else f"{total['recorded']} recorded"
    out.append(
        f"{total['files']} file{'s' if total['files'] != 1 else ''}"
        f" ({total['refused']} refused): {done}, "
        f"{total['to_confirm']} to confirm, {total['unmatched']} unmatched."
    )
    return "\n".join(out)
