"""Importers: invoice files (UBL 2.1 / Peppol BIS 3, CSV lists) -> records -> the ledger.

Parsing is pure (no ledger, no UI): `parse_file` / `parse_bytes` return a `FileParse` whose
`errors` must be empty before anything is imported (all or nothing per file); a file that
cannot be read at all raises `FileRefused`. `parse_files` reads a batch and turns refused
files into `RefusedFile`s.

Importing is two steps, so that a screen can preview before it writes:
    loaded = parse_files(paths)
    plan = plan_import(ledger, loaded.items, today=today, contents=dict(loaded.contents))
    ...show plan.files[i].actions, let the user confirm...
    report = apply_import(ledger, plan, today=today)
"""

from casetui.importers.apply import (
    FileReport,
    ImportInterrupted,
    ImportReport,
    StalePlan,
    apply_import,
)
from casetui.importers.errors import FileRefused
from casetui.importers.load import (
    DEFAULT_MAX_BYTES,
    LoadedFiles,
    parse_bytes,
    parse_file,
    parse_files,
)
from casetui.importers.plan import plan_import
from casetui.importers.planned import CaseWrite, FilePlan, ImportPlan, PlannedAction
from casetui.importers.records import (
    FileParse,
    ImportedDocument,
    ImportedParty,
    RefusedFile,
    RowProblem,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CaseWrite",
    "FileParse",
    "FilePlan",
    "FileRefused",
    "FileReport",
    "ImportInterrupted",
    "ImportPlan",
    "ImportReport",
    "ImportedDocument",
    "ImportedParty",
    "LoadedFiles",
    "PlannedAction",
    "RefusedFile",
    "RowProblem",
    "StalePlan",
    "apply_import",
    "parse_bytes",
    "parse_file",
    "parse_files",
    "plan_import",
]
