"""Bundles on the command line: `casetui export --format zip` (a case's, or with
`--customer` a debtor's) and `casetui verify --bundle FILE`.

`verify` here only checks bundles; the ledger's own verification (the store's hash chains)
joins the same command: `add_bundle_option` and `run_verify_bundle` are what it reuses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure_verify(verify: argparse.ArgumentParser) -> None:
    verify.description = (
        "Check a bundle made by `casetui export --format zip`: every file against the "
        "checksum its manifest.json gives, nothing missing, nothing added; a hostile zip "
        "(zip bomb, paths leaving the folder, symbolic links, duplicate names) is refused "
        "unread. Exit 0 when it all matches, 1 when something does not, 2 when the file "
        "cannot be read safely."
    )
    add_bundle_option(verify)
    verify.add_argument("--json", action="store_true", help="the result as JSON")
    verify.set_defaults(handler=run_verify_bundle)


def add_bundle_option(verify: argparse.ArgumentParser, *, required: bool = True) -> None:
    """`--bundle FILE`; optional (`required=False`) once `verify` also checks the ledger."""
    verify.add_argument(
        "--bundle",
        metavar="FILE",
        required=required,
        help="check this bundle (a zip made by export --format zip; nothing is extracted)",
    )


def run_verify_bundle(args: argparse.Namespace) -> int:
    from casetui.cli.common import print_json, user_path
    from casetui.dossier.reading import BundleRefused, verify_bundle

    path = user_path(args.bundle, "--bundle")
    try:
        check = verify_bundle(path)
    except BundleRefused as error:
        if not args.json:
            raise
        print_json({"ok": False, "refused": str(error), "problems": []})
        return error.exit_code
    manifest = check.manifest
    if args.json:
        print_json(
            {
                "ok": check.ok,
                "checked": check.checked,
                "problems": check.problems,
                "cases": manifest.get("cases", []),
                "creditor": manifest.get("creditor", {}),
                "missing": manifest.get("missing", []),
            }
        )
        return 0 if check.ok else 1
    cases = ", ".join(
        str(case.get("id")) for case in manifest.get("cases", []) if isinstance(case, dict)
    )
    for problem in check.problems:
        print(problem, file=sys.stderr)
    for item in manifest.get("missing", []):
        if isinstance(item, dict):
            where = f"{item.get('case')} #{item.get('event')}"
            print(f"note: left out when the bundle was made: {where}: {item.get('what')}")
    if not check.ok:
        count = len(check.problems)
        print(
            f"casetui: {count} problem{'s' if count != 1 else ''}: {path} is not the bundle "
            "its manifest describes",
            file=sys.stderr,
        )
        return 1
    creditor = manifest.get("creditor")
    name = creditor.get("name") if isinstance(creditor, dict) else None
    made_by = f", made by {name}" if isinstance(name, str) and name else ""
    print(
        f"Verified {path}: {check.checked} files match the manifest (cases {cases or 'none'}"
        f"{made_by})."
    )
    return 0


def run_export_bundle(args: argparse.Namespace) -> int:
    """`export --format zip [CASE | --customer CUSTOMER] -o FILE`."""
    from casetui.cli.common import (
        business_profile,
        is_folder,
        ledger_path,
        open_ledger,
        user_path,
        write_output,
    )
    from casetui.customers import find_customer
    from casetui.dossier.bundle import case_bundle
    from casetui.errors import InputError
    from casetui.export import export_filename
    from casetui.userfiles import check_target

    if args.format != "zip":
        raise InputError("export: --customer makes a bundle: add --format zip")
    if bool(args.case) == bool(args.customer):
        raise InputError("export --format zip: name a CASE or --customer CUSTOMER, not both")
    if not args.output or args.output == "-":
        raise InputError("export --format zip: a zip is written to a file: add -o FILE")
    ledgers = [ledger_path(args)]
    target = user_path(args.output, "-o")
    if not is_folder(target, "-o"):
        check_target(target, ledgers=ledgers, what="-o")  # refused before any work
    with open_ledger(args, write=False) as ledger:
        if args.customer:
            customer = find_customer(ledger.customers(), args.customer)
            case_ids = [state.id for state in ledger.cases_of(customer.id, include_closed=True)]
            if not case_ids:
                raise InputError(f"--customer: {customer.name} has no cases")
            default_name = Path(f"customer-{customer.id}.zip")
        else:
            state = ledger.case(args.case)
            case_ids = [state.id]
            default_name = Path(export_filename(state, "zip"))
        bundle = case_bundle(ledger, case_ids, profile=business_profile(), today=args.today)
    if is_folder(target, "-o"):
        target = target / default_name
    written, replaced = write_output(target, bundle.to_zip(), ledgers=list(ledgers))
    for item in bundle.missing:
        print(f"warning: {item.case_id} #{item.event_id}: {item.what}", file=sys.stderr)
    print(
        f"Exported {', '.join(case_ids)} to {written} ({len(bundle.files) + 1} files){replaced}",
        file=sys.stderr,
    )
    return 0
