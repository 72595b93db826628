"""Carrying out an `ImportPlan`: each importable file in one all-or-nothing commit.

Per file: the evidence copy is written first (so a case never points at a missing file),
then every action of the file in one `ledger.transaction()`. A file that is refused, or that
builds on a file that was not imported, is left out and the others still go in. An
operational failure (disk full, ...) stops the import: the files committed before it stay,
and `ImportInterrupted.report` says which they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from casetui.errors import InputError, OperationalError
from casetui.importers.evidence import EVIDENCE_FOLDER, evidence_dir, store_evidence
from casetui.importers.load import read_capped
from casetui.importers.plan import ledger_fingerprint
from casetui.importers.planned import FilePlan, ImportPlan, PlannedAction, is_new_ref
from casetui.ledger import Ledger
from casetui.model import Event

# imported: written; unchanged: nothing to write; refused: bad input, nothing written;
# failed: importable, but not written (depends on a file not imported, the file changed);
# planned: a dry run's "would be imported".
FileStatus = Literal["imported", "unchanged", "refused", "failed", "planned"]


class StalePlan(InputError):
    """The ledger (or the day) changed since the plan was made: plan again."""


class ImportInterrupted(OperationalError):
    """An operational failure stopped the import; `report` says what was committed."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True, slots=True)
class FileReport:
    plan: FilePlan
    status: FileStatus
    # Placeholder ("new:3") -> the id it got, for the new cases and customers of this file
    # and of the files imported before it.
    ids: Mapping[str, str] = field(default_factory=dict)
    evidence: Path | None = None
    message: str | None = None  # why a file failed

    def resolve(self, ref: str | None) -> str | None:
        """The real id behind a ref (None for a case or customer that was not created)."""
        if ref is None or not is_new_ref(ref):
            return ref
        return self.ids.get(ref)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, for a dry run, would do), file by file."""

    plan: ImportPlan
    files: tuple[FileReport, ...]
    dry_run: bool = False
    ledger_path: Path | None = None

    @property
    def ok(self) -> bool:
        """Every file was imported (or had nothing new, or would be imported)."""
        return all(report.status in ("imported", "unchanged", "planned") for report in self.files)

    def done(self, report: FileReport) -> bool:
        return report.status in ("imported", "planned")

    def count(self, kind: str) -> int:
        return sum(
            1
            for report in self.files
            if self.done(report)
            for action in report.plan.actions
            if action.kind == kind
        )

    def summary(self) -> dict[str, int]:
        statuses = [report.status for report in self.files]
        return {
            "files": len(self.files),
            "imported": statuses.count("imported") + statuses.count("planned"),
            "unchanged": statuses.count("unchanged"),
            "refused": statuses.count("refused") + statuses.count("failed"),
            "created": self.count("create"),
            "updated": self.count("update"),
            "credited": self.count("credit"),
            "skipped": sum(
                1
                for report in self.files
                if report.status != "refused"
                for action in report.plan.actions
                if action.kind == "skip"
            ),
            "errors": sum(len(report.plan.problems) for report in self.files),
            "new_customers": sum(
                1
                for report in self.files
                if self.done(report)
                for action in report.plan.actions
                if action.new_customer is not None
            ),
        }

    @classmethod
    def preview(
        cls, plan: ImportPlan, ledger_path: Path | None = None, *, dry_run: bool = True
    ) -> ImportReport:
        """What `apply_import` would do with this plan (a dry run, or a preview screen).
        With `dry_run=False`: the report of an import that had nothing to write."""
        files = []
        for file in plan.files:
            status: FileStatus = (
                "refused" if not file.importable else "planned" if file.has_writes else "unchanged"
            )
            files.append(FileReport(file, status))
        return cls(plan, tuple(files), dry_run=dry_run, ledger_path=ledger_path)

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "today": self.plan.today.isoformat(),
            "ledger": str(self.ledger_path) if self.ledger_path else None,
            "ok": self.ok,
            "summary": self.summary(),
            "files": [_file_json(report, self.ledger_path) for report in self.files],
        }


def _file_json(report: FileReport, ledger_path: Path | None) -> dict[str, Any]:
    plan = report.plan
    evidence = None
    if report.evidence is not None and ledger_path is not None:
        evidence = f"{EVIDENCE_FOLDER}/{report.evidence.name}"
    return {
        "source": plan.source,
        "format": plan.format,
        "sha256": plan.sha256,
        "status": report.status,
        "message": report.message or plan.refused,
        "evidence": evidence,
        "depends_on": list(plan.depends_on),
        "warnings": list(plan.warnings),
        "problems": list(plan.problems),
        "actions": [_action_json(action, report) for action in plan.actions],
    }


def _action_json(action: PlannedAction, report: FileReport) -> dict[str, Any]:
    doc = action.document
    data: dict[str, Any] = {
        "action": action.kind,
        "line": action.line,
        "invoice": action.invoice or None,
        "customer": action.customer or None,
        "customer_id": report.resolve(action.customer_ref),
        "new_customer": action.new_customer is not None,
        "match": action.match,
        "case_id": report.resolve(action.case_ref),
        "amount": f"{action.amount.amount:f}" if action.amount else None,
        "currency": action.amount.currency if action.amount else None,
        "reason": action.reason,
        "attention": action.attention,
        "bad": action.bad,
        "unchanged": action.unchanged,
        "warnings": list(action.warnings),
        "events": [
            {"case_id": report.resolve(write.case_ref), "kinds": [e.kind for e in write.events]}
            for write in action.writes
        ],
    }
    if doc is not None:
        data["issued"] = doc.issue_date.isoformat()
        data["due"] = doc.due_date.isoformat()
        data["due_source"] = doc.due_source
        data["reference"] = doc.reference
    return data


def _evidence_bytes(plan: ImportPlan, file: FilePlan) -> bytes:
    assert file.sha256 is not None
    data = plan.contents.get(file.sha256)
    if data is None:
        data = read_capped(Path(file.source), 1 << 62)
    return data


def _apply_action(ledger: Ledger, action: PlannedAction, ids: dict[str, str], today: date) -> None:
    def real(ref: str) -> str:
        return ids[ref] if is_new_ref(ref) else ref

    if action.new_customer is not None:
        assert action.customer_ref is not None
        ids[action.customer_ref] = ledger.add_customer(action.new_customer).id
    # Everything the import does to one case is one action: one `undo` takes it back.
    # A new case's notes belong to its opening, which is not undone (close it instead).
    per_case: dict[str, list[Event]] = {}
    for write in action.writes:
        per_case.setdefault(write.case_ref, []).extend(write.events)
    if action.kind == "create":
        assert action.opened is not None and action.customer_ref and action.case_ref
        opened = dataclasses.replace(action.opened, customer_id=real(action.customer_ref))
        notes = per_case.pop(action.case_ref, [])
        ids[action.case_ref] = ledger.open_case(opened, year=today.year, with_opening=notes).id
    for case_ref, events in per_case.items():
        ledger.append(real(case_ref), *events)


def apply_import(ledger: Ledger, plan: ImportPlan, *, today: date) -> ImportReport:
    """Write every importable file of `plan`, each in one commit. Returns what was done.

    Raises `StalePlan` when the ledger changed (or the day turned) since the plan was made,
    and `ImportInterrupted` when a write fails half-way through the files.
    """
    if ledger.readonly:
        raise OperationalError(f"{ledger.path} is open read-only: cannot import into it")
    if today != plan.today:
        raise StalePlan(f"this import was planned for {plan.today}, not {today}: plan it again")
    if ledger_fingerprint(ledger) != plan.fingerprint:
        raise StalePlan("the ledger changed since this import was planned: plan it again")
    ids: dict[str, str] = {}
    done: set[str] = set()
    reports: list[FileReport] = []

    def interrupted(error: OperationalError, file: FilePlan) -> ImportInterrupted:
        reports.append(FileReport(file, "failed", message=str(error)))
        skipped = [FileReport(f, "failed", message="not attempted") for f in rest]
        report = ImportReport(plan, (*reports, *skipped), ledger_path=ledger.path)
        return ImportInterrupted(f"{file.source}: {error}", report)

    for index, file in enumerate(plan.files):
        rest = plan.files[index + 1 :]
        if not file.importable:
            reports.append(FileReport(file, "refused"))
            continue
        missing = [source for source in file.depends_on if source not in done]
        if missing:
            reason = f"it builds on {', '.join(missing)}, which was not imported"
            reports.append(FileReport(file, "failed", message=reason))
            continue
        if not file.has_writes:
            reports.append(FileReport(file, "unchanged", ids=ids))
            done.add(file.source)
            continue
        assert file.evidence_name is not None and file.sha256 is not None
        try:
            data = _evidence_bytes(plan, file)
            evidence = store_evidence(
                evidence_dir(ledger.path), file.evidence_name, data, file.sha256
            )
        except OperationalError as error:
            raise interrupted(error, file) from None
        except InputError as error:
            reports.append(FileReport(file, "failed", message=str(error)))
            continue
        local = dict(ids)
        try:
            with ledger.transaction():
                for action in file.actions:
                    _apply_action(ledger, action, local, today)
        except OperationalError as error:
            raise interrupted(error, file) from None
        except InputError as error:
            message = f"the ledger refused it ({error}); nothing of this file was written"
            reports.append(FileReport(file, "failed", message=message))
            continue
        ids = local
        done.add(file.source)
        reports.append(FileReport(file, "imported", ids=local, evidence=evidence))
    return ImportReport(plan, tuple(reports), ledger_path=ledger.path)
