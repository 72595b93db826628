"""Every integrity check in one place: `casetui verify`, the app's background check, and the
"newest good backup" that error messages name.

What is checked (`verify_ledger`):
- the snapshot's seal: every section against its CRC-32, the seal against its own;
- the journal: every line against its CRC-32 (done when it is read), and that it belongs to
  the snapshot;
- every case's hash chain (`chain.py`) and that its index row's head is the chain's head;
- every index row against a fresh fold of its case (the row builder of the ledger), and
  that every case has a row and every row a case;
- every customer a case names exists;
- the extra checks registered with `register_check`: today the files kept as evidence
  (`evidence/<sha256>.<ext>` must hash to its name; the file an import opened a case from
  and the e-mail or PDF a letter event names as sent must be there); issue 17's
  attachments add theirs the same way.

Problems name the case, the event and what does not match. Checks that only say something
is worth knowing (an index built with other ladder waits, a break a reseal accepted) are
notices, not problems.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casetui.store.backups import Backup, list_backups
from casetui.store.chain import AcceptedBreak
from casetui.store.durable import CorruptLedger
from casetui.values import frozen

if TYPE_CHECKING:
    from casetui.store.ledger_store import LedgerStore


@frozen
class Problem:
    """Something that does not match what was written."""

    what: str
    case_id: str | None = None
    event_id: int | None = None
    kind: str = "damage"  # damage | index | evidence | file

    def __str__(self) -> str:
        where = self.case_id or ""
        if self.case_id and self.event_id:
            where += f" event #{self.event_id}"
        return f"{where}: {self.what}" if where else self.what

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_id, "event": self.event_id, "kind": self.kind, "what": self.what}


@dataclass
class Report:
    """What `verify` found."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, what: str, number: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + number


# An extra check: given the ledger's path and the case ids with their raw events (streamed),
# yields problems. Registered checks run after the built-in ones.
ExtraCheck = Callable[[Path, "VerifyContext"], Iterable[Problem]]
_EXTRA_CHECKS: list[ExtraCheck] = []


@dataclass
class VerifyContext:
    """What extra checks may look at: the ledger folder, and each case's opening source
    and events as the built-in pass saw them (event kind and fields)."""

    ledger: Path
    sources: dict[str, str] = field(default_factory=dict)  # case id -> Opened.source
    # Events that name a file kept in evidence/ (a letter's `evidence`, an attachment's
    # `stored`): case id, event id, the event as stored.
    evidence_events: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)


def register_check(check: ExtraCheck) -> ExtraCheck:
    """Add a check to `verify` (usable as a decorator). Attachments (issue 17) register
    one that hashes every attached file against its event's checksum."""
    if check not in _EXTRA_CHECKS:
        _EXTRA_CHECKS.append(check)
    return check


def extra_checks() -> tuple[ExtraCheck, ...]:
    return tuple(_EXTRA_CHECKS)


_EVIDENCE_NAME = re.compile(r"^([0-9a-f]{64})\.[A-Za-z0-9]{1,8}$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
# What an event's evidence file is, in the words of a problem found with it.
_EVIDENCE_WHAT = {
    "letter": "the letter as sent, kept as proof of sending",
    "payment": "the bank statement the payment was read from",
}


def _evidence_digest(name: object) -> str | None:
    """The checksum an event's `evidence` names: `<sha256>.<ext>` or the bare checksum."""
    if not isinstance(name, str):
        return None
    if _DIGEST.match(name):
        return name
    match = _EVIDENCE_NAME.match(name)
    return match[1] if match else None


@register_check
def evidence_files(ledger: Path, context: VerifyContext) -> Iterator[Problem]:
    """Files kept as evidence are named by their SHA-256: the name must be the content's,
    and a case opened from an import must still have its file."""
    folder = ledger.parent / "evidence"
    present: dict[str, Path] = {}
    if folder.is_dir():
        for file in sorted(folder.iterdir()):
            match = _EVIDENCE_NAME.match(file.name)
            if match is None or not file.is_file():
                continue
            present[match[1]] = file
            digest = _sha256_file(file)
            if digest != match[1]:
                yield Problem(
                    f"evidence file {file.name} does not match its checksum (it changed)",
                    kind="evidence",
                )
    for case_id, event_id, event in context.evidence_events:
        # A letter as it was sent (`.eml`, a registered letter's `.pdf`) is named in its
        # event with its extension; a bank payment names its statement by checksum alone.
        # (Attachments, `stored`, have their own check: `casetui.dossier.checks`.)
        name = event.get("evidence")
        if not name:
            continue
        digest = _evidence_digest(name)
        if digest is None or digest not in present:
            shown = f"evidence/{name}" if digest is None or "." in name else f"evidence/{name}.*"
            yield Problem(
                f"{_EVIDENCE_WHAT.get(event.get('kind'), 'the file kept as evidence')} "
                f"({shown}) is missing",
                case_id=case_id,
                event_id=event_id,
                kind="evidence",
            )
    for case_id, source in sorted(context.sources.items()):
        if source.startswith("import:"):
            digest = source.removeprefix("import:")
            if re.fullmatch(r"[0-9a-f]{64}", digest) and digest not in present:
                yield Problem(
                    f"the imported file it was opened from (evidence/{digest}.*) is missing",
                    case_id=case_id,
                    kind="evidence",
                )


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- backups


def check_backup(ledger: Path, backup: Backup) -> str | None:
    """None when a backup opens and matches every checksum; otherwise what is wrong."""
    from casetui.store.storage import LedgerStorage

    snapshot = backup.snapshot or (backup.folder / ledger.name)
    try:
        storage = LedgerStorage(snapshot, readonly=True)
    except (CorruptLedger, OSError) as error:
        return str(error)
    try:
        storage.base.verify()
    except (CorruptLedger, OSError) as error:
        return str(error)
    finally:
        storage.close()
    return None


def verify_unopenable(path: Path, build_row: Any, error: Exception) -> Report:
    """A ledger that does not open: what is wrong with it, and, when the file still parses,
    which cases and events no longer match their chains."""
    from casetui.errors import CasetuiError
    from casetui.store.reseal import plan_reseal

    report = Report(problems=[Problem(str(error), kind="file")])
    try:
        plan = plan_reseal(path, build_row)
    except CasetuiError:
        return report
    for problem in plan.chain_problems:
        report.problems.append(Problem(problem.what, problem.case_id, problem.event_id))
    return report


def newest_good_backup(ledger: Path) -> Backup | None:
    """The newest complete backup that opens and matches its checksums."""
    for backup in list_backups(ledger):
        if check_backup(ledger, backup) is None:
            return backup
    return None


# --------------------------------------------------------------------------- the ledger

# Row fields compared with a fresh fold: all but the chain's, which the chain check covers.
_CHAIN_FIELDS = ("head", "last")


def verify_ledger(
    store: LedgerStore,
    case_id: str | None = None,
    *,
    pause: Callable[[], None] | None = None,
) -> Report:
    """Every integrity check of one ledger (or of one case and its row). `pause` is called
    now and then, so a background check can let the app breathe."""
    from casetui.store.ledger_store import CASE_PREFIX, INDEX_PREFIX

    report = Report()
    storage = store._storage
    index_current = store.index_current
    if not index_current:
        report.notices.append(
            "the case index was built by another casetui version or with other ladder "
            "waits: it is rebuilt when the ledger is next written"
        )
    seal_broken = False
    with storage.frozen() as view:  # one moment: rows and events agree even if writes go on
        if case_id is None and view.base is not None:
            try:
                view.base.verify()
            except CorruptLedger as error:
                # Go on: the chains below say which case and which event changed.
                report.problems.append(Problem(str(error), kind="file"))
                seal_broken = True
            report.count("snapshot sections", len(getattr(view.base.seal, "sections", ()) or ()))
            report.count("journal lines", storage.journal.lines)
        # A damaged index or customer section is said, and the cases are checked all the
        # same (their events are what counts; the index is derived from them).
        damage: list[CorruptLedger] = []
        index_tables = view.readable_section("index", damage)
        index_damaged = bool(damage)
        rows = {
            name[len(INDEX_PREFIX) :]: (table.get("1") or {})
            for name, table in index_tables.items()
            if case_id is None or name == INDEX_PREFIX + case_id
        }
        customers = {  # id -> document, read once (each row's fold looks its customer up)
            doc.get("id"): doc
            for table in view.readable_section("customer", damage).values()
            if isinstance(doc := table.get("1") or {}, dict)
        }
        if case_id is None:
            cases: Iterable[tuple[str, list[Any]]] = (
                (name[len(CASE_PREFIX) :], _in_id_order(table))
                for name, table in view.iter_section("case", damage)
            )
        else:
            read = store.read_case(case_id)
            cases = [(case_id, list(read.events))] if read is not None else []
        context = VerifyContext(store.path)
        accepted = (store.meta().get("accepted") or {}) if case_id is None else None
        seen: set[str] = set()
        try:
            for number, (current, events) in enumerate(cases):
                if pause is not None and number % 200 == 0:
                    pause()
                seen.add(current)
                report.count("cases")
                report.count("events", len(events))
                breaks = (
                    store.accepted_breaks(current)
                    if accepted is None
                    else [AcceptedBreak(*entry) for entry in accepted.get(current) or ()]
                )
                _check_case(
                    store,
                    current,
                    events,
                    rows.get(current),
                    index_current,
                    customers,
                    breaks,
                    report,
                )
                if events and isinstance(events[0].get("source"), str):
                    context.sources[current] = events[0]["source"]
                context.evidence_events.extend(
                    (current, event.get("id"), event)
                    for event in events
                    if isinstance(event, dict) and (event.get("evidence") or event.get("stored"))
                )
        except CorruptLedger as error:
            damage.append(error)
    if not seal_broken:  # else the seal's check has said it
        for said in dict.fromkeys(str(error) for error in damage):
            report.problems.append(Problem(said, kind="file"))
    if index_damaged:
        report.notices.append(
            "the case index is derived from the events: once the cases check out, "
            "`casetui reseal` rebuilds it"
        )
    for orphan in sorted(rows.keys() - seen):
        report.problems.append(
            Problem("has an index row but no events (the case was removed)", orphan, kind="index")
        )
    if case_id is not None and not seen:
        report.problems.append(Problem("no such case", case_id))
    if case_id is None:
        for check in extra_checks():
            report.problems.extend(check(store.path, context))
    return report


def _in_id_order(table: dict[str, Any]) -> list[Any]:
    """A case table's events in id order: by their document keys (the ids casetui wrote,
    one int sort instead of a look into every event), or by each event's own id when a key
    is not a number (a hand-edited file; the chain check then says what is wrong)."""
    try:
        return [table[key] for key in sorted(table, key=int)]
    except ValueError:
        return sorted(table.values(), key=_event_order)


def _event_order(event: Any) -> int:
    event_id = event.get("id") if isinstance(event, dict) else None
    return event_id if isinstance(event_id, int) else -1


def describe_accepted(brk: Any) -> str:
    """An accepted break in words: the link from event k to k-1 broke, so one of the two
    changed."""
    events = (
        f"event #{brk.event_id}"
        if brk.event_id <= 1
        else (f"events #{brk.event_id - 1}-#{brk.event_id}")
    )
    return f"{events}: changed outside casetui, accepted by `casetui reseal`"


def _check_case(
    store: LedgerStore,
    case_id: str,
    events: list[Any],
    row: dict[str, Any] | None,
    index_current: bool,
    customers: dict[Any, Any],
    accepted: list[AcceptedBreak],
    report: Report,
) -> None:
    from casetui.store import chain

    _, problems = chain.check(case_id, events, row.get("head") if row else None, accepted)
    for problem in problems:
        report.problems.append(Problem(problem.what, case_id, problem.event_id))
    for brk in accepted:
        report.notices.append(f"{case_id} {describe_accepted(brk)}")
    if row is None:
        report.problems.append(Problem("has no index row", case_id, kind="index"))
        return
    if events and row.get("last") != events[-1].get("id"):
        report.problems.append(
            Problem(
                f"the index row says the last event is #{row.get('last')}, the case has "
                f"#{events[-1].get('id')}",
                case_id,
                kind="index",
            )
        )
    customer = row.get("customer")
    if customer not in customers:
        report.problems.append(
            Problem(f"names customer {customer!r}, who is not in the ledger", case_id)
        )
    if not index_current:
        return
    try:
        fresh = store.index.build(case_id, list(events), customers.get)
    except CorruptLedger as error:
        report.problems.append(Problem(str(error), case_id))
        return
    stored = {key: value for key, value in row.items() if key not in _CHAIN_FIELDS}
    if fresh == stored:
        return  # the common case: say nothing, compare nothing field by field
    for key in sorted((fresh.keys() | row.keys()) - set(_CHAIN_FIELDS)):
        if fresh.get(key) != row.get(key):
            report.problems.append(
                Problem(
                    f"the index row says {key} = {row.get(key)!r}, its events say "
                    f"{fresh.get(key)!r}",
                    case_id,
                    kind="index",
                )
            )
