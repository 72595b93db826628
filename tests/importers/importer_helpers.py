"""Shared paths for the importer tests (a plain module: no conftest name to clash with)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from casetui.importers import apply_import, parse_files, plan_import
from casetui.ledger import Ledger

REPO_ROOT = Path(__file__).resolve().parents[2]
# The Peppol examples: byte-for-byte copies of ../shared/fixtures/ubl, kept in the repository
# so that a clean clone tests on its own (attribution and checksums in their README.md).
UBL_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "ubl"
DATA = Path(__file__).resolve().parent / "data"


def ubl_bytes(name: str) -> bytes:
    return (UBL_FIXTURES / name).read_bytes()


# --------------------------------------------------------------------------- ledger imports

IMPORT_DAY = date(2026, 7, 20)  # the day the import tests pretend it is


def import_files(db: Path, paths, *, today: date = IMPORT_DAY, **options):
    """Parse, plan and apply like `casetui import`, into the ledger at `db`; the report."""
    loaded = parse_files([Path(p) for p in paths], **options)
    with Ledger.open(db, backup=False) as ledger:
        plan = plan_import(ledger, loaded.items, today=today, contents=dict(loaded.contents))
        return apply_import(ledger, plan, today=today)


def plan_files(db: Path, paths, *, today: date = IMPORT_DAY, **options):
    """The plan only (the ledger opened read-only: nothing is created or written)."""
    loaded = parse_files([Path(p) for p in paths], **options)
    with Ledger.open(db, readonly=True) as ledger:
        return plan_import(ledger, loaded.items, today=today, contents=dict(loaded.contents))


def ledger_files(db: Path) -> dict[str, bytes]:
    """The ledger's own files (snapshot and journal) and their bytes, for "unchanged" checks."""
    return {
        path.name: path.read_bytes()
        for path in (db, db.with_name(db.name + ".journal"))
        if path.exists()
    }


def read_ledger(db: Path) -> Ledger:
    return Ledger.open(db, readonly=True)


def actions(report_or_plan, kind=None):
    """Every planned action of every file (optionally of one kind)."""
    plan = getattr(report_or_plan, "plan", report_or_plan)
    files = getattr(plan, "files", None) or [plan]  # an ImportPlan, or one FilePlan
    return [
        action for file in files for action in file.actions if kind is None or action.kind == kind
    ]


def file_status(report) -> dict[str, str]:
    return {Path(file.plan.source).name: file.status for file in report.files}
