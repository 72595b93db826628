"""`casetui import`: invoice files (UBL e-invoices, CSV lists) into the ledger.

    casetui import invoices/*.xml
    casetui import export.csv --dry-run
    casetui import list.csv --map outstanding="Open amount" --currency GBP --monthfirst
    casetui import *.xml *.csv --json

Every file is read and checked before the ledger is opened for writing: a file that is
refused (hostile, unreadable, bad rows) never causes a write, and when no file has anything
to write the ledger is only read. Each file is imported all or nothing, in its own commit.
Exit 0 when every file went in (or had nothing new), 2 when a file was refused, 1 when the
ledger could not be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from casetui.checks import check_currency
from casetui.cli.common import ledger_path, open_ledger, print_json
from casetui.errors import InputError

if TYPE_CHECKING:  # the importers load only when the command runs
    from casetui.importers.apply import FileReport, ImportReport
    from casetui.importers.planned import PlannedAction

VERBS = {
    "create": ("created", "would create"),
    "update": ("updated", "would update"),
    "credit": ("credited", "would credit"),
    "skip": ("skipped", "skip"),
    "error": ("error", "error"),
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Open cases from UBL 2.1 / Peppol BIS 3 e-invoices and credit notes, and "
        "from invoice lists exported as CSV by invoicing tools. Known invoices are updated "
        "(payments, due dates) or skipped; importing the same file twice changes nothing. "
        "A file with a bad row imports nothing, unless --skip-bad."
    )
    parser.epilog = (
        "Fields for --map: invoice_number, customer_name, customer_email, "
        "customer_vat, issue_date, due_date, total, outstanding, paid, currency, status, "
        "reference, terms, ... (an unknown field is refused with the full list)."
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="UBL (.xml) or CSV files")
    parser.add_argument(
        "--format", choices=("csv", "ubl"), help="read every file as this format (default: sniff)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be imported; write nothing"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--terms-days",
        type=int,
        default=30,
        metavar="N",
        help="due date = issue date + N days when a file gives neither due date nor terms (30)",
    )
    parser.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the good rows of a file and list the bad ones (default: a file with a "
        "bad row imports nothing)",
    )
    add_csv_options(parser)
    parser.set_defaults(handler=run_import)


def add_csv_options(parser: argparse.ArgumentParser) -> None:
    """The options for reading CSV files (and the size cap) that `import` and `bank` share."""
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="CSV: read FIELD from the column headed COLUMN (repeatable)",
    )
    parser.add_argument(
        "--currency", default="EUR", metavar="CODE", help="CSV without a currency column (EUR)"
    )
    parser.add_argument(
        "--monthfirst",
        action="store_true",
        help="CSV: read ambiguous dates as MM/DD/YYYY (default: DD/MM/YYYY)",
    )
    parser.add_argument(
        "--delimiter", metavar="CHAR", help="CSV: the column separator (default: sniff)"
    )
    parser.add_argument(
        "--max-mb", type=float, default=20.0, metavar="MB", help="refuse larger files (20)"
    )


# The largest --max-mb: files are read whole, so far beyond any statement or invoice list.
MAX_MB = 10_000


def max_bytes(args: argparse.Namespace) -> int:
    """`--max-mb` in bytes; a number that is no size (0, -1, nan, inf, 1e308) is bad input:
    those ended in a ValueError or OverflowError traceback."""
    if not 0 < args.max_mb <= MAX_MB:  # false for nan too
        raise InputError(f"--max-mb: more than 0 and at most {MAX_MB:,}, not {args.max_mb:g}")
    return int(args.max_mb * 1_000_000)


def parse_map(entries: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for entry in entries:
        field, sep, column = entry.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise InputError(f"--map wants FIELD=COLUMN, got {entry!r}")
        if field in mapping:
            raise InputError(f"--map: {field} is mapped twice")
        mapping[field] = column
    return mapping


def run_import(args: argparse.Namespace) -> int:
    from casetui.importers.apply import ImportInterrupted, ImportReport, apply_import
    from casetui.importers.load import check_terms_days, parse_files
    from casetui.importers.plan import plan_import

    limit = max_bytes(args)
    try:
        check_terms_days(args.terms_days)
    except InputError as error:
        raise InputError(f"--terms-days: {error}") from None
    loaded = parse_files(
        [Path(name) for name in args.files],
        format=args.format,
        mapping=parse_map(args.map),
        default_currency=check_currency(args.currency),
        default_terms_days=args.terms_days,
        dayfirst=not args.monthfirst,
        delimiter=args.delimiter,
        max_bytes=limit,
    )
    today = args.today
    path = ledger_path(args)
    contents = dict(loaded.contents)
    if not loaded.parses:
        # Nothing could be read: the ledger is not even looked at.
        plan = plan_import(None, loaded.items, today=today, skip_bad=args.skip_bad)
        report = ImportReport.preview(plan, path, dry_run=args.dry_run)
    else:
        with open_ledger(args, write=False) as ledger:
            plan = plan_import(
                ledger, loaded.items, today=today, contents=contents, skip_bad=args.skip_bad
            )
        if args.dry_run or not plan.has_writes:
            report = ImportReport.preview(plan, path, dry_run=args.dry_run)
        else:
            # Plan again under the write lock: that plan is the one applied.
            with open_ledger(args, write=True, create=True) as ledger:
                plan = plan_import(
                    ledger, loaded.items, today=today, contents=contents, skip_bad=args.skip_bad
                )
                try:
                    report = apply_import(ledger, plan, today=today)
                except ImportInterrupted as error:
                    show(error.report, args)
                    raise
    show(report, args)
    return 0 if report.ok else 2


def show(report: ImportReport, args: argparse.Namespace) -> None:
    for file in report.files:
        if file.status in ("refused", "failed"):
            for problem in file.plan.problems or (f"{file.plan.source}: {file.message}",):
                print(f"casetui: import: {problem}", file=sys.stderr)
    if args.json:
        print_json(report.to_json())
    else:
        print(render_report(report))


def _status_line(file: FileReport, dry_run: bool) -> str:
    plan = file.plan
    counts = []
    for kind in ("create", "update", "credit", "skip"):
        number = len(plan.of_kind(kind))
        if number:
            label = f"to {kind}" if dry_run else VERBS[kind][0]
            counts.append(f"{number} {label}")
    status = {
        "imported": "imported",
        "planned": "would be imported",
        "unchanged": "nothing new",
        "refused": "refused, nothing imported from it",
        "failed": "not imported",
    }[file.status]
    if file.status == "refused":
        problems = len(plan.problems)
        detail = f"{problems} problem{'s' if problems != 1 else ''}, listed on stderr"
    elif file.status == "failed":
        detail = file.message or ""
    else:
        detail = ", ".join(counts)
    return f"{plan.source}: {status}" + (f" ({detail})" if detail else "")


def render_report(report: ImportReport) -> str:
    """The human report: per file what was created, updated, credited and skipped."""
    dry_run = report.dry_run
    lines: list[str] = []
    if dry_run:
        lines.append("Dry run: nothing was written.")
    for file in report.files:
        lines.append(_status_line(file, dry_run))
        if file.status in ("refused", "failed"):
            continue
        for warning in file.plan.warnings:
            lines.append(f"  {'warning':<12} {warning}")
        unchanged = 0
        for action in file.plan.actions:
            if action.unchanged:
                unchanged += 1
                continue
            verb = VERBS[action.kind][1 if dry_run else 0]
            if action.kind == "skip" and action.attention:
                verb = "bad row" if action.bad else "check"
            where = f"line {action.line}" if action.line is not None else ""
            case_id = file.resolve(action.case_ref) or ""
            subject = " · ".join(part for part in (action.invoice, _customer(action, file)) if part)
            text = f"{subject}: {action.reason}" if subject else action.reason
            lines.append(f"  {verb:<12} {where:<9} {case_id:<12} {text}")
            for warning in action.warnings:
                lines.append(f"  {'warning':<12} {where:<9} {'':<12} {warning}")
        if unchanged:
            lines.append(f"  {'skipped':<12} {unchanged} already in the ledger, unchanged")
    lines.append(_summary(report))
    return "\n".join(lines)


def _customer(action: PlannedAction, file: FileReport) -> str:
    if not action.customer:
        return ""
    customer_id = file.resolve(action.customer_ref)
    if action.new_customer is not None:
        return f"{action.customer} (new customer{' ' + customer_id if customer_id else ''})"
    return f"{action.customer} ({customer_id})" if customer_id else action.customer


def _summary(report: ImportReport) -> str:
    s = report.summary()
    dry_run = report.dry_run
    files = [
        f"{s[key]} {label}"
        for key, label in (
            ("imported", "to import" if dry_run else "imported"),
            ("unchanged", "with nothing new"),
            ("refused", "refused"),
        )
        if s[key]
    ]
    cases = f"{s['created']} case{'s' if s['created'] != 1 else ''}"
    new = f"{s['new_customers']} new customer{'s' if s['new_customers'] != 1 else ''}"
    if dry_run:
        done = (
            f"would create {cases} ({new}), update {s['updated']}, credit {s['credited']}, "
            f"skip {s['skipped']}"
        )
    else:
        done = (
            f"created {cases} ({new}), updated {s['updated']}, credited {s['credited']}, "
            f"skipped {s['skipped']}"
        )
    return f"{s['files']} file{'s' if s['files'] != 1 else ''}: {', '.join(files)}; {done}."
