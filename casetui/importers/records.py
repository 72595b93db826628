"""Neutral import records: what a file says, validated, before any ledger is involved.

A later step matches these records against the ledger (create, update or skip a case). The
records therefore carry everything that step needs, and say for every guessed value that it
was guessed (`name_derived`, `due_source`, `amount_derived`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from casetui.identifiers import ReferenceKind

DocType = Literal["invoice", "credit"]
DueSource = Literal["read", "terms", "default"]
FileFormat = Literal["ubl", "csv"]


@dataclass(frozen=True, slots=True)
class ImportedParty:
    """The debtor as the file describes it. Every field but the name may be missing."""

    name: str
    # True when the name is a trading name (UBL PartyName) rather than the legal name.
    name_derived: bool = False
    vat: str | None = None
    company_id: str | None = None
    company_id_scheme: str | None = None
    # Peppol participant id (BT-49): the best key to recognise a known debtor.
    endpoint_id: str | None = None
    endpoint_scheme: str | None = None
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address_lines: tuple[str, ...] = ()
    postcode: str | None = None
    city: str | None = None
    region: str | None = None
    # An ISO 3166 code from UBL; from a CSV whatever the column held (code or name).
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """One invoice or credit note, from a UBL file or from one or more CSV rows."""

    source: str
    # 1-based line of the (first) CSV row; None for UBL.
    line: int | None
    # SHA-256 of the whole file: re-importing the same file is recognisable.
    sha256: str
    doc_type: DocType
    number: str
    issue_date: date
    due_date: date
    due_source: DueSource
    currency: str
    # Signed effect on the debtor's balance: + owed by the debtor, - credit to the debtor.
    amount: Decimal
    buyer: ImportedParty
    # True when the amount was computed (total - paid, or a sum of line totals).
    amount_derived: bool = False
    # An invoice partly paid before the import: its total as invoiced (VAT and rounding
    # included; CSV "total", UBL PayableAmount + PrepaidAmount). The case keeps this total
    # and records the difference from `amount` as already paid. None: nothing was paid.
    total: Decimal | None = None
    reference: str | None = None
    reference_kind: ReferenceKind | None = None
    # Numbers of the invoices a credit note or corrective invoice refers to.
    refers_to: tuple[str, ...] = ()
    # The issue dates the document gives for those invoices (UBL BT-26), by number.
    refers_to_issued: tuple[tuple[str, date], ...] = ()
    seller_name: str | None = None
    seller_vat: str | None = None
    seller_endpoint_id: str | None = None
    seller_endpoint_scheme: str | None = None
    # The seller's account from PayeeFinancialAccount, as given (checked, never replaced).
    seller_account: str | None = None
    seller_bic: str | None = None
    payee_name: str | None = None
    payment_means: tuple[str, ...] = ()
    mandate_id: str | None = None
    payment_terms: str | None = None
    buyer_reference: str | None = None
    order_reference: str | None = None
    type_code: str | None = None
    customization_id: str | None = None
    # CSV only: the status text of the row as exported.
    status: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def invoiced(self) -> Decimal:
        """The invoice's amount as invoiced: the total when part was paid before, else the
        amount outstanding."""
        return self.total if self.total is not None else self.amount

    @property
    def prepaid(self) -> Decimal:
        """What was paid on the invoice before the import (zero when nothing was)."""
        return self.invoiced - self.amount

    @property
    def dedup_key(self) -> tuple[str, str, str, str]:
        """(issuer, type, number, issue date): with `sha256` it tells a re-import apart from
        a different document that reuses a number."""
        issuer = self.seller_vat or self.seller_endpoint_id or ""
        return (issuer, self.doc_type, self.number, self.issue_date.isoformat())


SkipOutcome = Literal["paid", "cancelled"]


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a row (CSV) or a document (UBL, line None) was skipped or refused."""

    source: str
    line: int | None
    reason: str
    # Skipped documents only: when the file says the invoice is settled ("paid": a paid
    # status or nothing outstanding) or "cancelled", which invoice of which debtor, so that
    # an import can close (or flag) a case the ledger still has open.
    outcome: SkipOutcome | None = None
    number: str | None = None
    buyer: ImportedParty | None = None
    issued: date | None = None  # to tell the invoice from another one reusing its number

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class FileParse:
    """Everything one file yielded.

    All or nothing: when `errors` is not empty the caller must refuse the whole file (the
    documents that did parse are kept only so that a preview can show them).
    """

    source: str
    format: FileFormat
    sha256: str
    documents: tuple[ImportedDocument, ...] = ()
    # Rows or documents deliberately left out (paid, draft, nothing outstanding), with why.
    skipped: tuple[RowProblem, ...] = ()
    errors: tuple[RowProblem, ...] = ()
    # File-level remarks (how an ambiguous column was read, the encoding, a default used).
    warnings: tuple[str, ...] = ()
    # CSV only: how the file was read, so that a mapping can be shown, saved and reused.
    encoding: str | None = None
    delimiter: str | None = None
    header_line: int | None = None
    columns: tuple[tuple[str, str], ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class RefusedFile:
    """A file refused as a whole before any of it was imported: hostile, unreadable,
    missing, of an unknown format, or without usable columns."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
