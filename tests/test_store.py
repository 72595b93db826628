"""The store must never lose data: proven with real processes, real kills and real errors."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import orjson
import pytest

from casetui.ledger import Ledger
from casetui.model import Note
from casetui.store import (
    CorruptLedger,
    DiskWriteError,
    LedgerLocked,
    NewerSchema,
    chain,
    durable,
    list_backups,
    schema,
)
from casetui.store import backups as backups_module
from casetui.store.durable import journal_path
from tests.support import customer, opened

DAY = date(2026, 11, 20)


def make_ledger(path: Path, cases: int = 3) -> list[str]:
    """A small ledger: one customer with `cases` cases, a note on the first."""
    with Ledger.open(path) as ledger:
        first = ledger.open_case(opened(invoice="F-0"), new_customer=customer("Customer 0"))
        ids = [first.id]
        for number in range(1, cases):
            state = ledger.open_case(opened(invoice=f"F-{number}", customer_id=first.customer_id))
            ids.append(state.id)
        ledger.append(ids[0], Note(date=DAY, text="first note"))
    return ids


def snapshot_of(path: Path) -> dict[str, bytes]:
    """Every file of the ledger, by name, as bytes (backups excluded)."""
    return {
        p.name: p.read_bytes()
        for p in path.parent.iterdir()
        if p.is_file() and p.name.startswith(path.name) and not p.name.endswith(".lock")
    }


def run_python(code: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )


# --------------------------------------------------------------------------- killed mid-write

_DIE_HALFWAY = """
    import os, signal, sys
    from datetime import date
    from pathlib import Path
    from casetui.ledger import Ledger
    from casetui.model import Note

    path, mode = Path(sys.argv[1]), sys.argv[2]
    ledger = Ledger.open(path, backup=False)
    real_write = os.write

    def write_half_then_die(fd, data):
        data = bytes(data)
        real_write(fd, data[: max(1, len(data) // 2)])
        os.kill(os.getpid(), signal.SIGKILL)

    os.write = write_half_then_die
    if mode == "append":
        case_id = sorted(s.id for s in ledger.cases())[0]
        ledger.append(case_id, Note(date=date(2026, 11, 21), text="x" * 5000))
    else:
        ledger.store.compact()
    print("survived", flush=True)
"""


@pytest.mark.parametrize("mode", ["append", "compact"])
def test_a_process_killed_half_way_through_a_write_leaves_the_previous_ledger(
    ledger_path: Path, mode: str
) -> None:
    ids = make_ledger(ledger_path)
    with Ledger.open(ledger_path, readonly=True) as before:
        events_before = {s.id: len(s.raw_events) for s in before.cases()}

    run = run_python(_DIE_HALFWAY, str(ledger_path), mode)

    assert run.returncode == -9, run.stderr  # really killed, mid-write
    assert "survived" not in run.stdout
    with Ledger.open(ledger_path) as after:  # opening for write also cleans up
        assert {s.id: len(s.raw_events) for s in after.cases()} == events_before
        assert [e.text for e in after.case(ids[0]).timeline() if isinstance(e, Note)] == [
            "first note"
        ]
        # and the ledger still takes writes after the crash
        after.append(ids[0], Note(date=DAY, text="after the crash"))
    leftovers = [p.name for p in ledger_path.parent.iterdir() if durable.TEMP_MARK in p.name]
    assert leftovers == []
    with Ledger.open(ledger_path, readonly=True) as reopened:
        notes = [e.text for e in reopened.case(ids[0]).timeline() if isinstance(e, Note)]
        assert notes == ["first note", "after the crash"]


# --------------------------------------------------------------------------- disk full


def _disk_full_after_some_bytes(fd: int, data: bytes) -> None:
    os.write(fd, bytes(data)[:7])  # a partial line reaches the file before the disk fills up
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_during_an_append_reports_and_leaves_the_ledger_intact(
    ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_ledger(ledger_path)
    files_before = snapshot_of(ledger_path)
    with Ledger.open(ledger_path, backup=False) as ledger:
        count_before = len(ledger.case(ids[0]).raw_events)
        monkeypatch.setattr(durable, "write_all", _disk_full_after_some_bytes)
        with pytest.raises(DiskWriteError, match="disk full"):
            ledger.append(ids[0], Note(date=DAY, text="lost to a full disk"))
        # memory does not claim what the disk lacks
        assert len(ledger.case(ids[0]).raw_events) == count_before
        monkeypatch.undo()
        ledger.append(ids[0], Note(date=DAY, text="disk freed"))  # and it recovers
    with Ledger.open(ledger_path, readonly=True) as reopened:
        notes = [e.text for e in reopened.case(ids[0]).timeline() if isinstance(e, Note)]
    assert notes == ["first note", "disk freed"]
    assert files_before  # sanity: there was something to compare


def test_disk_full_leaves_the_files_byte_for_byte_unchanged(
    ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_ledger(ledger_path)
    with Ledger.open(ledger_path, backup=False) as ledger:
        files_before = snapshot_of(ledger_path)
        monkeypatch.setattr(durable, "write_all", _disk_full_after_some_bytes)
        with pytest.raises(DiskWriteError):
            ledger.append(ids[0], Note(date=DAY, text="lost"))
        with pytest.raises(DiskWriteError):
            ledger.store.compact()
        assert snapshot_of(ledger_path) == files_before
        monkeypatch.undo()


def test_disk_full_via_the_command_line_exits_1_and_changes_nothing(ledger_path: Path) -> None:
    ids = make_ledger(ledger_path)
    files_before = snapshot_of(ledger_path)
    code = """
        import errno, os, sys
        from casetui.store import durable
        def full(fd, data):
            raise OSError(errno.ENOSPC, "No space left on device")
        durable.write_all = full
        from casetui.cli import main
        sys.exit(main(sys.argv[1:]))
    """
    run = run_python(code, "--db", str(ledger_path), "log", ids[0], "note", "hello")
    assert run.returncode == 1
    assert "disk full" in run.stderr
    assert run.stderr.count("\n") == 1  # one clear line
    files_after = snapshot_of(ledger_path)
    assert files_after == files_before


# --------------------------------------------------------------------------- one writer


_HOLD = """
    import sys
    from pathlib import Path
    from casetui.ledger import Ledger
    ledger = Ledger.open(Path(sys.argv[1]), purpose="app")
    with ledger.transaction():  # in the middle of a commit, holding the lock
        print("holding", flush=True)
        sys.stdin.readline()
    ledger.close()
"""


def test_a_writer_waits_for_a_commit_then_names_the_holder(
    ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_ledger(ledger_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_HOLD), str(ledger_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with Ledger.open(ledger_path, lock_wait=0.2) as second:
            with pytest.raises(LedgerLocked) as raised:
                second.append(ids[0], Note(date=DAY, text="blocked"))
            assert len(second.case(ids[0]).raw_events) == 2  # nothing was kept in memory
        message = str(raised.value)
        assert f"pid {holder.pid}" in message and "casetui app" in message
        assert "nothing was written" in message
        # reading never waits
        with Ledger.open(ledger_path, readonly=True) as reader:
            assert len(reader) == 3
        # and the command line gives up with exit code 1 after its wait
        run = subprocess.run(
            [sys.executable, "-m", "casetui", "--db", str(ledger_path), "log", ids[0], "note", "x"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "CASETUI_LOCK_WAIT": "0.2"},
        )
        assert run.returncode == 1
        assert "is busy" in run.stderr
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with Ledger.open(ledger_path) as ledger:  # released: writes go through again
        ledger.append(ids[0], Note(date=DAY, text="after"))


def test_a_lock_dies_with_its_process(ledger_path: Path) -> None:
    make_ledger(ledger_path)
    run = run_python(
        """
        import os, signal, sys
        from pathlib import Path
        from casetui.ledger import Ledger
        Ledger.open(Path(sys.argv[1]))
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        str(ledger_path),
    )
    assert run.returncode == -9
    with Ledger.open(ledger_path) as ledger:
        assert len(ledger) == 3


# --------------------------------------------------------------------------- corruption


@pytest.mark.parametrize(
    "garbage",
    [
        b'{"customers": {"1": {"id": "CUS-0001", "name": "Half',
        b"\x00\x00\x00\x00",
        b"[1, 2, 3]",
        b"",
    ],
)
def test_a_file_that_does_not_parse_is_refused_and_left_byte_for_byte(
    ledger_path: Path, garbage: bytes
) -> None:
    ids = make_ledger(ledger_path)
    with Ledger.open(ledger_path) as ledger:  # the first write backs up the good ledger
        ledger.append(ids[0], Note(date=DAY, text="second note"))
    ledger_path.write_bytes(garbage)
    files_before = snapshot_of(ledger_path)

    newest = list_backups(ledger_path)[0]
    for readonly in (False, True):
        with pytest.raises(CorruptLedger) as raised:
            Ledger.open(ledger_path, readonly=readonly)
        assert f"newest backup: {newest.name}" in str(raised.value)
    assert snapshot_of(ledger_path) == files_before

    run = subprocess.run(
        [sys.executable, "-m", "casetui", "--db", str(ledger_path), "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "newest backup" in run.stderr
    assert snapshot_of(ledger_path) == files_before


def test_a_damaged_line_inside_the_journal_is_refused(ledger_path: Path) -> None:
    ids = make_ledger(ledger_path)
    with Ledger.open(ledger_path, backup=False) as ledger:
        ledger.append(ids[1], Note(date=DAY, text="two"))
        ledger.append(ids[2], Note(date=DAY, text="three"))
    journal = journal_path(ledger_path)
    lines = journal.read_bytes().split(b"\n")
    assert len(lines) >= 3
    lines[0] = lines[0].replace(b"two", b"tw0") if b"two" in lines[0] else lines[0][:-3] + b"xyz"
    journal.write_bytes(b"\n".join(lines))
    before = snapshot_of(ledger_path)
    with pytest.raises(CorruptLedger, match="journal line 1"):
        Ledger.open(ledger_path)
    assert snapshot_of(ledger_path) == before


def test_a_torn_last_journal_line_is_an_unfinished_write_and_is_ignored(ledger_path: Path) -> None:
    ids = make_ledger(ledger_path)
    with Ledger.open(ledger_path, backup=False) as ledger:
        ledger.append(ids[1], Note(date=DAY, text="kept"))
    journal = journal_path(ledger_path)
    journal.write_bytes(journal.read_bytes() + b'0000abcd {"case:C-2026-0002": {"1":')
    with Ledger.open(ledger_path, readonly=True) as reader:
        assert [e.kind for e in reader.case(ids[1]).timeline()][-1] == "note"
    with Ledger.open(ledger_path) as writer:  # cuts the torn tail off
        writer.append(ids[1], Note(date=DAY, text="after"))
    with Ledger.open(ledger_path, readonly=True) as reader:
        texts = [e.text for e in reader.case(ids[1]).timeline() if isinstance(e, Note)]
    assert texts == ["kept", "after"]


# --------------------------------------------------------------------------- schema


def test_a_ledger_from_a_newer_casetui_is_refused_untouched(ledger_path: Path) -> None:
    make_ledger(ledger_path)
    with Ledger.open(ledger_path, backup=False) as ledger:  # as a newer casetui would
        ledger.store.set_meta(schema=schema.SCHEMA_VERSION + 1)
        ledger.store.compact()
    before = snapshot_of(ledger_path)
    with pytest.raises(NewerSchema, match="newer casetui"):
        Ledger.open(ledger_path)
    with pytest.raises(NewerSchema):
        Ledger.open(ledger_path, readonly=True)
    assert snapshot_of(ledger_path) == before


def _schema_1_ledger(path: Path) -> bytes:
    """A ledger as casetui wrote it with schema 1: all customers in one `customers` table."""
    opened_event = {
        "kind": "opened",
        "id": 1,
        "date": "2026-10-01",
        "recorded_at": "2026-10-01T09:00:00Z",
        "invoice": "F-1",
        "customer_id": "CUS-0002",
        "issued": "2026-10-01",
        "due": "2026-10-31",
        "amount": {"minor": 125000, "currency": "EUR"},
    }
    data = {
        "_meta": {"1": {"schema": 1}},
        "customers": {
            "1": {"id": "CUS-0001", "name": "Alpha BV", "kind": "business", "country": "BE"},
            "2": {"id": "CUS-0002", "name": "Beta SRL", "kind": "business", "country": "BE"},
        },
        "case:C-2026-0001": {"1": opened_event},
    }
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    return raw


def test_a_schema_1_ledger_is_migrated_after_a_backup(ledger_path: Path) -> None:
    original = _schema_1_ledger(ledger_path)
    with Ledger.open(ledger_path, readonly=True) as reader:  # read in memory, file untouched
        assert [c.name for c in reader.customers()] == ["Alpha BV", "Beta SRL"]
        assert reader.case("C-2026-0001").customer_id == "CUS-0002"
    assert ledger_path.read_bytes() == original
    with Ledger.open(ledger_path) as ledger:
        assert ledger.store.schema_version == schema.SCHEMA_VERSION == 3
        assert ledger.customer("CUS-0002").name == "Beta SRL"
        assert ledger.case("C-2026-0001").customer_id == "CUS-0002"
        assert ledger.add_customer(customer("Gamma NV")).id == "CUS-0003"
    backup = list_backups(ledger_path)[-1]  # the oldest: made before the migration
    assert backup.snapshot is not None and backup.snapshot.read_bytes() == original
    on_disk = orjson.loads(ledger_path.read_bytes())  # still one JSON document
    assert on_disk["_meta"]["1"]["schema"] == 3
    assert "customers" not in on_disk
    assert on_disk["customer:CUS-0001"] == {
        "1": {"id": "CUS-0001", "name": "Alpha BV", "kind": "business", "country": "BE"}
    }
    event = on_disk["case:C-2026-0001"]["1"]
    assert event["prev"] == [chain.genesis("C-2026-0001")]
    assert on_disk["index:C-2026-0001"]["1"]["head"] == chain.event_hash(event)


def test_migrations_run_in_order_up_to_the_current_version(
    ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _schema_1_ledger(ledger_path)
    steps: list[int] = []

    def three_to_four(tables: dict, context: schema.MigrationContext) -> dict:
        steps.append(3)
        for name, table in tables.items():
            if name.startswith("customer:"):
                table["1"]["notes"] = "migrated"
        return tables

    def wrap(step: int, function):  # type: ignore[no-untyped-def]
        def run(tables: dict, context: schema.MigrationContext) -> dict:
            steps.append(step)
            return function(tables, context)

        return run

    real = dict(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 4)
    monkeypatch.setattr(
        schema, "MIGRATIONS", {1: wrap(1, real[1]), 2: wrap(2, real[2]), 3: three_to_four}
    )
    from casetui.store import ledger_store

    monkeypatch.setattr(ledger_store, "SCHEMA_VERSION", 4)
    with Ledger.open(ledger_path) as ledger:
        assert ledger.store.schema_version == 4
        assert {c.notes for c in ledger.customers()} == {"migrated"}
    assert steps == [1, 2, 3]


# --------------------------------------------------------------------------- files


def test_ledger_files_are_private(ledger_path: Path) -> None:
    make_ledger(ledger_path)
    with Ledger.open(ledger_path) as ledger:
        ledger.store.compact()
    with Ledger.open(ledger_path):
        pass
    files = [ledger_path, journal_path(ledger_path), *list_backups(ledger_path)]
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_stale_temp_files_are_removed_at_start(ledger_path: Path) -> None:
    make_ledger(ledger_path)
    stale = ledger_path.with_name(f"{ledger_path.name}{durable.TEMP_MARK}12345")
    stale.write_bytes(b"half a ledger")
    with Ledger.open(ledger_path, readonly=True):
        assert stale.exists()  # a reader never deletes anything
    with Ledger.open(ledger_path):
        pass
    assert not stale.exists()


def test_a_backup_is_made_before_the_first_write_and_old_ones_rotate(
    ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_ledger(ledger_path)
    monkeypatch.setattr(backups_module, "KEEP_RECENT", 3)
    monkeypatch.setattr(backups_module, "KEEP_DAYS", 2)
    for round_number in range(6):
        with Ledger.open(ledger_path) as ledger:
            ledger.append(ids[0], Note(date=DAY, text=f"round {round_number}"))
    kept = list_backups(ledger_path)
    assert len(kept) == 3  # the newest three, all from today
    with Ledger.open(ledger_path):
        pass
    assert len(list_backups(ledger_path)) == 3  # nothing written: no new backup
    with Ledger.open(ledger_path) as ledger:
        ledger.append(ids[0], Note(date=DAY, text="round 6"))
    newest = list_backups(ledger_path)[0]  # the ledger as the last writer found it
    assert newest.snapshot is not None and newest.journal is not None
    restored = ledger_path.parent / "restored" / "ledger.json"
    restored.parent.mkdir()
    restored.write_bytes(newest.snapshot.read_bytes())
    journal_path(restored).write_bytes(newest.journal.read_bytes())
    with Ledger.open(restored, readonly=True) as copy:
        notes = [e.text for e in copy.case(ids[0]).timeline() if isinstance(e, Note)]
    assert notes[-1] == "round 5"


def test_a_new_ledger_gets_its_file_on_first_close(ledger_path: Path) -> None:
    with Ledger.open(ledger_path) as ledger:
        ledger.open_case(opened(), new_customer=customer())
    assert ledger_path.exists()
    assert orjson.loads(ledger_path.read_bytes())["_meta"]["1"]["schema"] == schema.SCHEMA_VERSION


def test_reading_a_missing_ledger_creates_nothing(ledger_path: Path) -> None:
    with Ledger.open(ledger_path, readonly=True) as ledger:
        assert len(ledger) == 0
    assert list(ledger_path.parent.iterdir()) == []
