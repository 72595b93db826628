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

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Where each public name lives, loaded when first asked for (PEP 562): the bank reads
# statements with the text, XML and CSV helpers here, and should not import the whole
# invoice pipeline (planning, applying) to do so.
_HOMES = {
    "FileReport": "apply",
    "ImportInterrupted": "apply",
    "ImportReport": "apply",
    "StalePlan": "apply",
    "apply_import": "apply",
    "FileRefused": "errors",
    "DEFAULT_MAX_BYTES": "load",
    "LoadedFiles": "load",
    "parse_bytes": "load",
    "parse_file": "load",
    "parse_files": "load",
    "plan_import": "plan",
    "CaseWrite": "planned",
    "FilePlan": "planned",
    "ImportPlan": "planned",
    "PlannedAction": "planned",
    "FileParse": "records",
    "ImportedDocument": "records",
    "ImportedParty": "records",
    "RefusedFile": "records",
    "RowProblem": "records",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # asked once
    return value


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
