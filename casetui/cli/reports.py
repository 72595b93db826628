"""`casetui report aging|collected|ladder|activity`: the reports on the command line.

Every report prints as a plain table (default), Markdown (`md`), CSV or JSON, to stdout or
to a file with `-o`. The ledger is only read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from casetui.cli.cases import _hint_missing
from casetui.cli.common import (
    accept_negative_offsets,
    business_profile,
    day,
    is_folder,
    ledger_path,
    not_in_future,
    open_ledger,
    print_json,
    user_path,
    write_output,
)
from casetui.cli.views import table
from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.reports import (
    Document,
    activity_document,
    activity_json,
    activity_report,
    aging_document,
    aging_json,
    aging_report,
    collected_document,
    collected_json,
    collected_report,
    ladder_document,
    ladder_json,
    ladder_report,
    to_csv,
    to_markdown,
)
from casetui.reports.document import Amount, Cell, CellTexts

FORMATS = ("table", "md", "csv", "json")
_MAX_MONTHS = 120
_NAME_WIDTH = 30  # text cells of the plain table are cut here


def configure(report: argparse.ArgumentParser) -> None:
    report.description = (
        "Reports on the whole ledger: what is owed and how old (aging), what "
        "came in (collected), which step of the chase gets people to pay (ladder), and "
        "what was done (activity)."
    )
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)

    aging = _report_parser(kinds, "aging", "what is owed per currency, by days past due")
    aging.add_argument("--as-of", metavar="DATE", help="the day to report on (default today)")
    aging.add_argument("--by", choices=("customer", "case"), default="customer")
    aging.set_defaults(handler=run_aging)

    collected = _report_parser(kinds, "collected", "payments and credits per month")
    collected.add_argument(
        "--months", type=int, default=12, metavar="N", help="calendar months, this one included"
    )
    collected.set_defaults(handler=run_collected)

    ladder = _report_parser(kinds, "ladder", "how each step of the chase gets people to pay")
    ladder.add_argument("--since", metavar="DATE", help="steps taken from this day (default all)")
    ladder.set_defaults(handler=run_ladder)

    activity = _report_parser(kinds, "activity", "calls, letters, promises, disputes per week")
    activity.add_argument(
        "--since", metavar="DATE", help="from the week of this day (default: 12 weeks)"
    )
    activity.set_defaults(handler=run_activity)


def _report_parser(
    kinds: argparse._SubParsersAction, name: str, text: str
) -> argparse.ArgumentParser:
    parser = kinds.add_parser(name, help=text, description=text[:1].upper() + text[1:] + ".")
    accept_negative_offsets(parser)  # --since -30d
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    return parser


def _past_day(args: argparse.Namespace, text: str | None, what: str) -> date | None:
    if text is None:
        return None
    return not_in_future(day(text, args, what), args, what)


def run_aging(args: argparse.Namespace) -> int:
    as_of = _past_day(args, args.as_of, "--as-of") or args.today
    return _run(
        args,
        lambda ledger: aging_report(ledger, as_of, by=args.by, policy=ledger.policy),
        aging_document,
        aging_json,
    )


def run_collected(args: argparse.Namespace) -> int:
    if not 1 <= args.months <= _MAX_MONTHS:
        raise InputError(f"--months: between 1 and {_MAX_MONTHS}, not {args.months}")
    return _run(
        args,
        lambda ledger: collected_report(ledger, args.today, args.months),
        collected_document,
        collected_json,
    )


def run_ladder(args: argparse.Namespace) -> int:
    since = _past_day(args, args.since, "--since")
    return _run(
        args, lambda ledger: ladder_report(ledger, args.today, since), ladder_document, ladder_json
    )


def run_activity(args: argparse.Namespace) -> int:
    since = _past_day(args, args.since, "--since")
    return _run(
        args,
        lambda ledger: activity_report(ledger, args.today, since),
        activity_document,
        activity_json,
    )


def _run(
    args: argparse.Namespace,
    build: Callable[[Ledger], Any],
    document: Callable[[Any, str], Document],
    as_json: Callable[[Any], dict[str, Any]],
) -> int:
    creditor = business_profile().name
    with open_ledger(args, write=False) as ledger:
        _hint_missing(args, ledger)
        report = build(ledger)
    if args.format == "json":
        if args.output:
            import json

            _emit(args, json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n")
        else:
            print_json(as_json(report))
        return 0
    rendered = document(report, creditor)
    render = {"md": to_markdown, "csv": to_csv, "table": plain_text}[args.format]
    _emit(args, render(rendered))
    return 0


# --------------------------------------------------------------------------- plain text


def _text_cell(value: Cell) -> str:
    if isinstance(value, Amount):
        return value.grouped()
    if isinstance(value, int):
        return f"{value:,}"
    flat = " ".join(value.split())
    return flat if len(flat) <= _NAME_WIDTH else flat[: _NAME_WIDTH - 1] + "…"


def plain_text(document: Document) -> str:
    """A document as the terminal shows it: title, facts, one fixed-width table per section."""
    lines = [document.title]
    lines += [f"{label}: {_text_cell(value)}" for label, value in document.facts]
    text = CellTexts(_text_cell).__getitem__  # each distinct cell once (50,000 rows by case)
    for section in document.tables:
        rows = [list(map(text, row)) for row in section.rows]
        if section.total is not None:
            rows.append(list(map(text, section.total)))
        lines += ["", section.title, table(rows, list(section.header), right=set(section.numeric))]
        if section.note:
            lines.append(section.note)
    if document.notes:
        lines.append("")
        lines += list(document.notes)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- output


def _emit(args: argparse.Namespace, text: str) -> None:
    """To stdout, or to the `-o` file through the guarded writer (never over the ledger)."""
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return
    target = user_path(args.output, "-o")
    if is_folder(target, "-o"):
        raise InputError(f"-o: {target} is a folder; name the file, e.g. {target / 'report.md'}")
    target, replaced = write_output(target, text, ledgers=[ledger_path(args)])
    print(f"Wrote the {args.report} report to {target}{replaced}", file=sys.stderr)
