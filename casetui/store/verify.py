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

The cases are checked by `check_cases`, in one pass or, for `casetui verify` of a big
ledger, in parts in worker processes (`verify_parallel`); either way their findings are
merged in case order, so what verify says does not depend on how it was run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from casetui.store.backups import Backup, list_backups
from casetui.store.chain import AcceptedBreak
from casetui.store.durable import CorruptLedger
from casetui.values import frozen

if TYPE_CHECKING:
    from casetui.store.ledger_store import LedgerStore
    from casetui.store.storage import LedgerStorage, View


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
# From this many cases on, `verify` of a whole ledger may check them in worker processes:
# below it, starting the workers costs more than they save.
PARALLEL_FROM = 2000


def verify_ledger(
    store: LedgerStore,
    case_id: str | None = None,
    *,
    pause: Callable[[], None] | None = None,
    workers: int = 1,
    parallel_from: int = PARALLEL_FROM,
) -> Report:
    """Every integrity check of one ledger (or of one case and its row). `pause` is called
    now and then, so a background check can let the app breathe. With `workers` above one,
    a whole ledger of at least `parallel_from` cases has its cases checked in that many
    worker processes (`verify_parallel`), with the same findings in the same order."""
    from casetui.digest import prefer_bulk
    from casetui.store.ledger_store import CASE_PREFIX, INDEX_PREFIX

    prefer_bulk()  # every event is hashed: OpenSSL's import pays for itself
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
        # A damaged index or customer section is said, and the cases are checked all the
        # same (their events are what counts; the index is derived from them).
        damage: list[CorruptLedger] = []
        index_tables: dict[str, Any]
        try:  # unparsed: each row is parsed where its case is checked (in the workers)
            index_tables = _index_bodies(view)
        except CorruptLedger:  # read as far as it can be, the damage noted
            index_tables = view.readable_section("index", damage)
        index_damaged = bool(damage)
        shared = CaseChecks(
            store,
            rows={
                name[len(INDEX_PREFIX) :]: table
                for name, table in index_tables.items()
                if case_id is None or name == INDEX_PREFIX + case_id
            },
            customers={  # id -> document, read once (each row's fold looks its customer up)
                doc.get("id"): doc
                for table in view.readable_section("customer", damage).values()
                if isinstance(doc := table.get("1") or {}, dict)
            },
            accepted=(store.meta().get("accepted") or {}) if case_id is None else None,
            index_current=index_current,
        )
        del index_tables
        parts: list[CasesChecked] = []
        split = False
        if case_id is None and workers > 1:
            from casetui.store import verify_parallel

            split = verify_parallel.can_split(view, parallel_from)
        if split:
            # The workers check the cases; meanwhile this process checks the seal, the
            # snapshot read whole (so the workers need not check their lines' checksums).
            with verify_parallel.check_in_parts(view, shared, workers) as results:
                seal_broken = _check_seal(view, storage, report)
                parts.extend(results())
            seen = {current for part in parts for current in part.seen}
            remaining = [  # cases only the journal holds: the single pass meets them last
                (name[len(CASE_PREFIX) :], in_id_order(table))
                for name, table in view.journal_tables("case").items()
                if table is not None and name[len(CASE_PREFIX) :] not in seen
            ]
            parts.append(check_cases(remaining, shared))
        else:
            if case_id is None:
                seal_broken = _check_seal(view, storage, report)
                cases: Iterable[tuple[str, list[Any]]] = (
                    (name[len(CASE_PREFIX) :], in_id_order(table))
                    for name, table in view.iter_section("case", damage)
                )
            else:
                read = store.read_case(case_id)
                cases = [(case_id, list(read.events))] if read is not None else []
            parts.append(check_cases(cases, shared, pause))
    context = VerifyContext(store.path)
    said = [str(error) for error in damage]
    for part in parts:
        report.problems.extend(part.problems)
        report.notices.extend(part.notices)
        if part.seen:
            report.count("cases", len(part.seen))
            report.count("events", part.events)
        context.sources.update(part.sources)
        context.evidence_events.extend(part.evidence_events)
        said.extend(part.damage)
    if not seal_broken:  # else the seal's check has said it
        for what in dict.fromkeys(said):
            report.problems.append(Problem(what, kind="file"))
    if index_damaged:
        report.notices.append(
            "the case index is derived from the events: once the cases check out, "
            "`casetui reseal` rebuilds it"
        )
    seen = {current for part in parts for current in part.seen}
    for orphan in sorted(shared.rows.keys() - seen):
        report.problems.append(
            Problem("has an index row but no events (the case was removed)", orphan, kind="index")
        )
    if case_id is not None and not seen:
        report.problems.append(Problem("no such case", case_id))
    if case_id is None:
        for check in extra_checks():
            report.problems.extend(check(store.path, context))
    return report


def _index_bodies(view: View) -> dict[str, Any]:
    """The index section as `View.section_bodies` gives it, the snapshot's lines streamed:
    read whole, the section (31 MiB at 50,000 cases) was held twice at once, as read and
    as its rows' bytes, and the app runs verify beside all it holds. CorruptLedger when
    the section fails its checksum (once streamed past)."""
    from casetui.store.snapshot import SnapshotFile

    base = view.base
    if not isinstance(base, SnapshotFile):  # held in memory already: nothing to stream
        return view.section_bodies("index")
    bodies: dict[str, Any] = {}
    for key, line in base.lines(only="index"):
        # `"index:C-2026-0001":{"1":{...}},` and a newline: the name, and the table's bytes.
        bodies[key[1:-1].decode()] = line[len(key) + 1 : -2]
    for name, table in view.journal_tables("index").items():
        if table is None:
            bodies.pop(name, None)
        else:
            bodies[name] = table
    return bodies


def _check_seal(view: View, storage: LedgerStorage, report: Report) -> bool:
    """The snapshot against its seal, every section read whole; False when it holds."""
    if view.base is None:
        return False
    broken = False
    try:
        view.base.verify()
    except CorruptLedger as error:
        # Go on: the chains say which case and which event changed.
        report.problems.append(Problem(str(error), kind="file"))
        broken = True
    report.count("snapshot sections", len(getattr(view.base.seal, "sections", ()) or ()))
    report.count("journal lines", storage.journal.lines)
    return broken


@dataclass
class CaseChecks:
    """What checking a case reads besides its events: the index (case id -> the row's
    table, or its bytes as the snapshot holds them), the customers (id -> document), the
    breaks `reseal` accepted (None: ask the store, for one case) and whether the rows were
    built by this fold."""

    store: LedgerStore
    rows: dict[str, dict[str, Any] | bytes]
    customers: dict[Any, Any]
    accepted: dict[str, Any] | None
    index_current: bool


@dataclass
class CasesChecked:
    """What checking a run of cases found, in case order: one process's share, merged with
    the others' in the order of their cases."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # the case ids checked
    events: int = 0
    sources: dict[str, str] = field(default_factory=dict)  # case id -> Opened.source
    evidence_events: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)  # what could not be read


def check_cases(
    cases: Iterable[tuple[str, list[Any]]],
    shared: CaseChecks,
    pause: Callable[[], None] | None = None,
) -> CasesChecked:
    """Check each case (its chain, its row against a fresh fold) as `cases` yields it."""
    found = CasesChecked()
    try:
        for number, (current, events) in enumerate(cases):
            if pause is not None and number % 200 == 0:
                pause()
            found.seen.append(current)
            found.events += len(events)
            breaks = (
                shared.store.accepted_breaks(current)
                if shared.accepted is None
                else [AcceptedBreak(*entry) for entry in shared.accepted.get(current) or ()]
            )
            _check_case(current, events, shared, breaks, found)
            if events and isinstance(events[0].get("source"), str):
                found.sources[current] = events[0]["source"]
            found.evidence_events.extend(
                (current, event.get("id"), event)
                for event in events
                if isinstance(event, dict) and (event.get("evidence") or event.get("stored"))
            )
    except CorruptLedger as error:
        found.damage.append(str(error))
    return found


def in_id_order(table: dict[str, Any]) -> list[Any]:
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


def _row(table: dict[str, Any] | bytes | None) -> dict[str, Any] | None:
    """A case's index row from its table; bytes are the table as the snapshot holds it,
    checked against the seal (so as casetui wrote it), parsed here."""
    if table is None:
        return None
    if table.__class__ is bytes:
        table = orjson.loads(table)
    return table.get("1") or {}  # type: ignore[union-attr]


def _check_case(
    case_id: str,
    events: list[Any],
    shared: CaseChecks,
    accepted: list[AcceptedBreak],
    found: CasesChecked,
) -> None:
    from casetui.store import chain

    row = _row(shared.rows.get(case_id))
    _, problems = chain.check(case_id, events, row.get("head") if row else None, accepted)
    for problem in problems:
        found.problems.append(Problem(problem.what, case_id, problem.event_id))
    for brk in accepted:
        found.notices.append(f"{case_id} {describe_accepted(brk)}")
    if row is None:
        found.problems.append(Problem("has no index row", case_id, kind="index"))
        return
    if events and row.get("last") != events[-1].get("id"):
        found.problems.append(
            Problem(
                f"the index row says the last event is #{row.get('last')}, the case has "
                f"#{events[-1].get('id')}",
                case_id,
                kind="index",
            )
        )
    customer = row.get("customer")
    if customer not in shared.customers:
        found.problems.append(
            Problem(f"names customer {customer!r}, who is not in the ledger", case_id)
        )
    if not shared.index_current:
        return
    try:
        fresh = shared.store.index.build(case_id, list(events), shared.customers.get)
    except CorruptLedger as error:
        found.problems.append(Problem(str(error), case_id))
        return
    for key in _CHAIN_FIELDS:  # the chain's fields, which the chain check covers, as stored
        if key in row:
            fresh[key] = row[key]
    if fresh == row:
        return  # the common case: say nothing, compare nothing field by field
    for key in sorted((fresh.keys() | row.keys()) - set(_CHAIN_FIELDS)):
        if fresh.get(key) != row.get(key):
            found.problems.append(
                Problem(
                    f"the index row says {key} = {row.get(key)!r}, its events say "
                    f"{fresh.get(key)!r}",
                    case_id,
                    kind="index",
                )
            )
