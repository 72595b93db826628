"""What an import will do, before it does it: the plan a preview shows and `apply` carries out.

An `ImportPlan` holds one `FilePlan` per file, in the order they are applied; each holds the
`PlannedAction`s for that file's documents and skipped rows, every one with the reason in
words. The events an action will write are already built (dated, with their text), so a
preview shows exactly what a confirm writes. Cases and customers that the import itself
creates are named by placeholders (`new:1`) until `apply` gives them their ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from casetui.importers.records import FileFormat, FileParse, ImportedDocument
from casetui.model import Customer, Event, Opened
from casetui.money import Money

ActionKind = Literal["create", "update", "credit", "skip", "error"]
# How the debtor was recognised: a new customer, or an existing one by which key.
MatchKind = Literal["new", "vat", "peppol", "name"]
WRITING_KINDS = frozenset({"create", "update", "credit"})
NEW_PREFIX = "new:"


def is_new_ref(ref: str | None) -> bool:
    """Is this a placeholder for a customer or case that the import creates?"""
    return ref is not None and ref.startswith(NEW_PREFIX)


@dataclass(frozen=True, slots=True)
class CaseWrite:
    """Events appended to one case as one action (one undo)."""

    case_ref: str
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """One thing the import does (or deliberately does not do) for one document or row.

    kind:
      create  a new case (`opened`), for an existing customer or a new one (`new_customer`)
      update  events on an existing case: a payment, closing as paid, a new due date
      credit  a credit note or negative invoice reducing (and maybe closing) a case
      skip    nothing to do, and why (already imported, paid, draft...); `attention` marks
              the skips the user should look at (the file disagrees with the ledger),
              `unchanged` those that only say "already there"
      error   why the file cannot be imported; any error refuses the whole file (unless
              bad rows are skipped: then it is a skip marked `bad`)
    """

    kind: ActionKind
    source: str
    line: int | None
    reason: str
    invoice: str = ""  # the document's number (invoice or credit note)
    customer: str = ""  # the debtor's name: the ledger's for a known customer
    customer_ref: str | None = None  # "CUS-0001", or "new:N" for a customer made here
    match: MatchKind | None = None
    # Set on the first action that needs a new customer: the draft `apply` saves.
    new_customer: Customer | None = None
    # The case created (create), changed (update, credit: the first one) or looked at (skip).
    case_ref: str | None = None
    opened: Opened | None = None  # create only; its customer_id may be a placeholder
    writes: tuple[CaseWrite, ...] = ()  # events for existing or newly opened cases
    amount: Money | None = None  # signed, as the file gives it: negative for credits
    document: ImportedDocument | None = None
    warnings: tuple[str, ...] = ()
    attention: bool = False
    # A skip because the ledger already holds exactly this (a re-import): a screen or report
    # may fold these into one count.
    unchanged: bool = False
    # A skip that would have been an error, left out because the import was asked to skip
    # bad rows (`import --skip-bad`): the rest of its file is imported.
    bad: bool = False

    @property
    def writes_anything(self) -> bool:
        return self.kind in WRITING_KINDS

    @property
    def where(self) -> str:
        """`file.csv:12` or `invoice.xml`: where in the input this action comes from."""
        return f"{self.source}:{self.line}" if self.line is not None else self.source


@dataclass(frozen=True, slots=True)
class FilePlan:
    """The plan for one file. `refused` is set when the file could not be read at all;
    otherwise the file is importable when none of its actions is an error."""

    source: str
    format: FileFormat | None = None
    sha256: str | None = None
    actions: tuple[PlannedAction, ...] = ()
    warnings: tuple[str, ...] = ()  # about the file as a whole (encoding, columns, defaults)
    refused: str | None = None
    # Earlier files of the same import whose new customers or cases this file's actions
    # use: if one of them is not imported, neither is this one.
    depends_on: tuple[str, ...] = ()
    parse: FileParse | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> tuple[PlannedAction, ...]:
        return tuple(action for action in self.actions if action.kind == "error")

    @property
    def importable(self) -> bool:
        return self.refused is None and not self.errors

    @property
    def has_writes(self) -> bool:
        return self.importable and any(action.writes_anything for action in self.actions)

    @property
    def evidence_name(self) -> str | None:
        """`<sha256>.xml` / `.csv`: the name of the copy kept in the ledger's evidence folder."""
        if self.sha256 is None or self.format is None:
            return None
        return f"{self.sha256}.{'xml' if self.format == 'ubl' else 'csv'}"

    def of_kind(self, kind: ActionKind) -> tuple[PlannedAction, ...]:
        return tuple(action for action in self.actions if action.kind == kind)

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the file is refused, one line per problem (empty when importable)."""
        if self.refused is not None:
            return (f"{self.source}: {self.refused}",)
        return tuple(f"{action.where}: {action.reason}" for action in self.errors)


# (cases, customers, sum of the cases' last event ids): changes when anything is written.
Fingerprint = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """Everything an import would do, file by file. Pure data: nothing is written until
    `apply_import` is called with it (on the same ledger, the same day)."""

    today: date
    files: tuple[FilePlan, ...]
    fingerprint: Fingerprint = (0, 0, 0)
    # File bytes by SHA-256, for the evidence copies (apply reads the file again if absent).
    contents: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """Every file can be imported (nothing refused)."""
        return all(plan.importable for plan in self.files)

    @property
    def has_writes(self) -> bool:
        return any(plan.has_writes for plan in self.files)

    @property
    def refused(self) -> tuple[FilePlan, ...]:
        return tuple(plan for plan in self.files if not plan.importable)

    def count(self, kind: ActionKind, *, importable_only: bool = True) -> int:
        return sum(
            1
            for plan in self.files
            if plan.importable or not importable_only
            for action in plan.actions
            if action.kind == kind
        )

    @property
    def new_customers(self) -> int:
        return sum(
            1
            for plan in self.files
            if plan.importable
            for action in plan.actions
            if action.new_customer is not None
        )
