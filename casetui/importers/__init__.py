"""Importers: invoice files (UBL 2.1 / Peppol BIS 3, CSV lists) -> neutral, validated records.

Pure core: no ledger, no UI. `parse_file` / `parse_bytes` return a `FileParse` whose
`errors` must be empty before anything is imported (all or nothing per file); a file that
cannot be read at all raises `FileRefused`.
"""

from casetui.importers.errors import FileRefused
from casetui.importers.load import DEFAULT_MAX_BYTES, parse_bytes, parse_file
from casetui.importers.records import (
    FileParse,
    ImportedDocument,
    ImportedParty,
    RowProblem,
)
from casetui.importers.references import (
    classify_reference,
    is_valid_iban,
    is_valid_ogm,
    is_valid_rf,
    ogm_from_number,
    rf_from_reference,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FileParse",
    "FileRefused",
    "ImportedDocument",
    "ImportedParty",
    "RowProblem",
    "classify_reference",
    "is_valid_iban",
    "is_valid_ogm",
    "is_valid_rf",
    "ogm_from_number",
    "parse_bytes",
    "parse_file",
    "rf_from_reference",
]
