"""`casetui bank`: payments from bank statements, matched to their cases and recorded.

    casetui bank statement.xml
    casetui bank *.cod --dry-run
    casetui bank export.csv --map text="Omschrijving" --accept-probable --json

Every file is read and checked first (hostile or unreadable files, balances that do not
add up); then each is matched and recorded in its own commit. Exit 0 when every file was
read (whether or not it had something to record), 2 when a file was refused, 1 when the
ledger could not be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casetui.checks import check_currency
from casetui.cli.common import business_profile, open_ledger, print_json
from casetui.cli.imports import add_csv_options, max_bytes, parse_map


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Read bank statements, match each credit to the case it pays (payment "
        "reference, invoice number in the text, then the payer's account or name with the "
        "amount) and record it. Exact matches are recorded; probable ones only with "
        "--accept-probable; returns void the payment they return. Reading a statement "
        "again changes nothing."
    )
    parser.epilog = (
        "Fields for --map (CSV): date, value_date, amount, credit, debit, direction, "
        "currency, payer, iban, reference, text, bank_ref, account."
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="statement files")
    parser.add_argument(
        "--format",
        choices=("camt", "coda", "mt940", "csv"),
        help="read every file as this format (default: recognised from the content)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be recorded; write nothing"
    )
    parser.add_argument(
        "--accept-probable",
        action="store_true",
        help="also record probable matches (the payer's account or name and the amount)",
    )
    parser.add_argument(
        "--ignore-balances",
        action="store_true",
        help="read a statement even when opening + entries is not its closing balance",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    add_csv_options(parser)
    parser.set_defaults(handler=run_bank)


def run_bank(args: argparse.Namespace) -> int:
    from casetui.bank.report import render_text, report_json, visible
    from casetui.bank.run import ReadOptions, load_statements, process
    from casetui.importers.load import delimiter_char

    options = ReadOptions(
        format=args.format,
        ignore_balances=args.ignore_balances,
        mapping=parse_map(args.map),
        currency=check_currency(args.currency),
        dayfirst=not args.monthfirst,
        delimiter=delimiter_char(args.delimiter),
        max_bytes=max_bytes(args),
    )
    loaded = load_statements([Path(name) for name in args.files], options)
    country = business_profile().country
    if not any(item.parsed for item in loaded):
        results = process(None, loaded, country=country, dry_run=args.dry_run)
    else:
        with open_ledger(args, write=not args.dry_run) as ledger:
            results = process(
                ledger,
                loaded,
                country=country,
                accept_probable=args.accept_probable,
                dry_run=args.dry_run,
            )
    for result in results:
        if result.status in ("refused", "failed"):
            print(
                f"casetui: bank: {visible(result.source)}: {visible(result.message or '')}",
                file=sys.stderr,
            )
    if args.json:
        print_json(report_json(results, dry_run=args.dry_run))
    else:
        print(render_text(results, dry_run=args.dry_run))
    return 0 if all(r.status not in ("refused", "failed") for r in results) else 2
