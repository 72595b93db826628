"""Issue 17's chain: changing, removing or reordering a past event is detected and named;
existing ledgers are chained once, after a backup; a crash in the middle of a migration or
a compaction loses nothing."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest

from casetui.ledger import Ledger
from casetui.model import Note, Payment
from casetui.store import chain, list_backups
from casetui.store.durable import journal_path
from tests.support import eur

from .helpers import DAY, cli, make_ledger, notes, run_python

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store" / "schema2"


@pytest.fixture(autouse=True)
def _no_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))


def events(count: int, case_id: str = "C-2026-0001") -> tuple[list[dict[str, Any]], str]:
    chained = [
        {"id": n, "kind": "note", "date": "2026-11-01", "text": f"note {n}"}
        for n in range(1, count + 1)
    ]
    return chained, chain.link(case_id, chained, None)


# --------------------------------------------------------------------------- the chain


def test_a_chain_holds_and_each_link_names_the_one_before() -> None:
    chained, head = events(4)
    assert chained[0]["prev"] == [chain.genesis("C-2026-0001")]
    for before, after in itertools.pairwise(chained):
        assert after["prev"] == [chain.event_hash(before)]
    assert chain.check("C-2026-0001", chained, head) == (head, [])
    # the same events under another case id do not hold: the chain is tied to its case
    _, problems = chain.check("C-2026-0002", chained, head)
    assert [(p.event_id, "start" in p.what) for p in problems] == [(1, True)]


def test_an_edited_event_is_named() -> None:
    chained, head = events(4)
    chained[1]["text"] = "what was never said"
    _, problems = chain.check("C-2026-0001", chained, head)
    assert [(p.event_id, p.what.split(" (")[0]) for p in problems] == [
        (2, "was changed after it was written")
    ]
    chained, head = events(4)
    chained[3]["text"] = "the last one"  # no event after it: the index's head says so
    _, problems = chain.check("C-2026-0001", chained, head)
    assert [p.event_id for p in problems] == [4]


def test_a_removed_event_is_named() -> None:
    chained, head = events(5)
    del chained[2]
    _, problems = chain.check("C-2026-0001", chained, head)
    assert [(p.event_id, p.what.split(" (")[0]) for p in problems] == [(3, "was removed")]
    chained, head = events(5)
    _, problems = chain.check("C-2026-0001", chained[:-1], head)  # the last one removed
    assert [p.event_id for p in problems] == [4] and "removed" in problems[0].what


def test_reordered_events_are_named() -> None:
    chained, head = events(4)
    second, third = dict(chained[1]), dict(chained[2])
    second["id"], third["id"] = 3, 2  # the second and third swap places
    swapped = [chained[0], third, second, chained[3]]
    _, problems = chain.check("C-2026-0001", swapped, head)
    assert {p.event_id for p in problems} >= {2, 3}


def test_a_changed_link_names_its_own_event() -> None:
    chained, head = events(4)
    chained[2]["prev"] = [chain.event_hash(chained[0])]  # #3 now claims to follow #1
    _, problems = chain.check("C-2026-0001", chained, head)
    assert [p.event_id for p in problems] == [3]


def test_a_merge_of_two_timelines_is_a_list_of_heads() -> None:
    """Not built yet (DESIGN.md section 4): `prev` is a list so that it can be."""
    chained, _ = events(2)
    assert isinstance(chained[1]["prev"], list) and len(chained[1]["prev"]) == 1


def test_appending_chains_every_event_and_the_index_keeps_the_head(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, backup=False) as ledger:
        ledger.append(ids[0], Payment(date=DAY, amount=eur("10.00")), Note(date=DAY, text="x"))
        raw = list(ledger.case(ids[0]).raw_events)
        assert chain.check(ids[0], raw, ledger.store.row(ids[0])["head"]) == (
            ledger.store.row(ids[0])["head"],
            [],
        )
        assert ledger.store.row(ids[0])["last"] == raw[-1]["id"] == 4


# --------------------------------------------------------------------------- verify


def _edit_file(db: Path, old: bytes, new: bytes) -> None:
    data = db.read_bytes()
    assert data.count(old) >= 1, old
    db.write_bytes(data.replace(old, new, 1))


@pytest.mark.parametrize(
    ("edit", "event", "what"),
    [
        ("edited", 2, "was changed after it was written"),
        ("removed", 2, "was removed"),
        ("reordered", 2, "was changed after it was written"),
    ],
)
def test_verify_names_the_case_the_event_and_what_does_not_match(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: str, event: int, what: str
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, backup=False) as ledger:
        ledger.append(ids[1], Note(date=DAY, text="said on the phone"))
        ledger.append(ids[1], Note(date=DAY, text="and then this"))
        ledger.store.compact()
    tables = orjson.loads(db.read_bytes())
    case = tables[f"case:{ids[1]}"]
    if edit == "edited":
        case["2"]["text"] = "never said"
    elif edit == "removed":
        del case["2"]
    else:
        case["2"]["id"], case["3"]["id"] = 3, 2
        case["2"], case["3"] = case["3"], case["2"]
    db.write_bytes(orjson.dumps(tables))  # what someone with an editor could do
    code, _, err = cli(capsys, db, "verify")
    assert code == 1
    assert f"{ids[1]} event #{event}: {what}" in err
    code, out, _ = cli(capsys, db, "verify", "--json")
    found = json.loads(out)
    assert code == 1 and not found["ok"]
    assert {"case": ids[1], "event": event} in [
        {"case": p["case"], "event": p["event"]} for p in found["problems"]
    ]


def test_verify_of_one_case_and_of_a_clean_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    code, out, _ = cli(capsys, db, "verify")
    assert code == 0 and "Verified 3 cases, 4 events" in out
    code, out, _ = cli(capsys, db, "verify", ids[0].lower(), "--json")
    assert code == 0 and json.loads(out)["checked"] == {"cases": 1, "events": 2}
    code, out, _ = cli(capsys, db, "verify", ids[0])
    assert code == 0 and "Verified 1 case, 2 events:" in out
    code, _, err = cli(capsys, db, "verify", "C-2026-0404")
    assert code == 2 and "no case" in err


def test_verify_compares_every_index_row_with_a_fresh_fold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, backup=False) as ledger:  # a row that lies, sealed as if it were true
        row = dict(ledger.store.row(ids[2]))
        row["outstanding"] += 100
        with ledger.transaction():
            ledger.store._put_row(ids[2], row)
    code, _, err = cli(capsys, db, "verify")
    assert code == 1
    assert f"{ids[2]}: the index row says outstanding = 125100, its events say 125000" in err


def test_verify_checks_the_evidence_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ledger.json"
    header = "Invoice Number,Customer Name,Invoice Date,Due Date,Currency Code,Total,Balance\n"
    source = tmp_path / "open.csv"
    source.write_text(header + "INV-1,Acme BV,2026-09-01,2026-10-01,EUR,500.00,500.00\n")
    assert cli(capsys, db, "import", str(source))[0] == 0
    assert cli(capsys, db, "verify")[0] == 0
    (kept,) = (tmp_path / "evidence").iterdir()
    kept.write_bytes(kept.read_bytes().replace(b"500.00", b"50.00"))
    code, _, err = cli(capsys, db, "verify")
    assert code == 1 and f"evidence file {kept.name} does not match its checksum" in err
    kept.unlink()
    code, _, err = cli(capsys, db, "verify")
    assert code == 1 and "C-2026-0001: the imported file it was opened from" in err


def test_verify_checks_the_proof_a_letter_was_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An e-mail sent by casetui is kept as `evidence/<sha256>.eml` and named by its letter
    event (issue 13): verify says when it is missing or changed, naming case and event."""
    import hashlib

    from casetui.mail.files import keep_evidence
    from casetui.model import Channel, LetterKind, LetterSent

    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    message = b"From: you@example.com\r\nTo: them@example.com\r\n\r\nPlease pay.\r\n"
    name = keep_evidence(db, message, hashlib.sha256(message).hexdigest(), "eml")
    with Ledger.open(db, backup=False) as ledger:
        letter = LetterSent(
            date=DAY,
            letter_kind=LetterKind.REMINDER,
            channel=Channel.EMAIL,
            recipient="them@example.com",
            evidence=name,
        )
        event_id = ledger.append(ids[1], letter).last_event_id
    assert cli(capsys, db, "verify")[0] == 0
    kept = tmp_path / "evidence" / name
    kept.write_bytes(message.replace(b"Please", b"Kindly"))
    code, _, err = cli(capsys, db, "verify")
    assert code == 1 and f"evidence file {name} does not match its checksum" in err
    kept.unlink()
    code, _, err = cli(capsys, db, "verify")
    assert code == 1
    assert f"{ids[1]} event #{event_id}: the letter as sent, kept as proof of sending" in err


# --------------------------------------------------------------------------- migration


def _copy_fixture(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("ledger.json", "ledger.json.journal"):
        shutil.copyfile(FIXTURE / name, folder / name)
    return folder / "ledger.json"


def _sayings(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, Any]:
    said = {}
    for argv in (
        ("list", "--all", "--json"),
        ("agenda", "--json"),
        ("show", "C-2026-0004", "--json"),
    ):
        code, out, err = cli(capsys, db, *argv)
        assert code == 0, err
        said[argv[0]] = json.loads(out)
    return said


_SHOWN_BY_2 = json.loads((FIXTURE / "show-C-2026-0004.json").read_text())
_LISTED_BY_2 = set(json.loads((FIXTURE / "list.json").read_text())[0])


def _known_to_2(value: Any, then: Any) -> Any:
    """`value` with only the keys casetui 2 said (at every level of `show`)."""
    if isinstance(value, dict) and isinstance(then, dict):
        return {k: _known_to_2(v, then[k]) for k, v in value.items() if k in then}
    return value


def _what_casetui_2_said(said: dict[str, Any]) -> dict[str, Any]:
    """What does not depend on the fold's rules of the day (next actions moved to working
    days since casetui 2): cases, amounts, stages, the timeline; of `show`, what casetui 2
    knew to say (later versions add fields: limitation...)."""
    show = _known_to_2(said["show"], _SHOWN_BY_2)
    return {
        "list": [
            {k: v for k, v in row.items() if k != "next_action" and k in _LISTED_BY_2}
            for row in said["list"]
        ],
        "show": {k: v for k, v in show.items() if k not in ("next_action", "claim")},
    }


def test_a_ledger_made_by_casetui_2_is_chained_once_after_a_backup_and_says_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _copy_fixture(tmp_path / "ledger")
    then = {
        "list": json.loads((FIXTURE / "list.json").read_text()),
        "show": json.loads((FIXTURE / "show-C-2026-0004.json").read_text()),
    }
    before = _sayings(capsys, db)  # read as it is (migrated in memory only)
    assert _what_casetui_2_said(before) == _what_casetui_2_said(then)
    assert db.read_bytes() == (FIXTURE / "ledger.json").read_bytes()
    code, out, err = cli(capsys, db, "log", "C-2026-0001", "note", "the first write of casetui 3")
    assert code == 0, err
    (backup,) = list_backups(db)  # made before the migration: the files casetui 2 wrote
    assert backup.snapshot is not None and backup.journal is not None
    assert backup.snapshot.read_bytes() == (FIXTURE / "ledger.json").read_bytes()
    assert backup.journal.read_bytes() == (FIXTURE / "ledger.json.journal").read_bytes()
    on_disk = orjson.loads(db.read_bytes())
    assert on_disk["_meta"]["1"]["schema"] == 3 and "_seal" in on_disk
    header = orjson.loads(journal_path(db).read_bytes().split(b"\n")[0][9:])
    assert header == {"casetui_journal": 3, "snapshot": on_disk["_seal"]["1"]["snapshot"]}
    code, out, _ = cli(capsys, db, "verify")
    assert code == 0, out
    assert _sayings(capsys, db) == before  # a note on another case changes none of it
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, "C-2026-0003")[-1] == "written by casetui 2, after its last compaction"
        assert ledger.case("C-2026-0004").paid.amount == 10


_KILL_DURING = """
    import os, signal, sys
    from datetime import date
    from pathlib import Path
    from casetui.ledger import Ledger
    from casetui.model import Note
    from casetui.store import durable, journal

    path, where, what = Path(sys.argv[1]), sys.argv[2], sys.argv[3]

    def arm():
        if where == "snapshot":  # half of the new snapshot written, then death
            real = durable.write_all
            def die(fd, data):
                real(fd, bytes(data)[: max(1, len(data) // 2)])
                os.kill(os.getpid(), signal.SIGKILL)
            durable.write_all = die
        else:  # the new snapshot is in place, the new journal not yet
            def die(self, snapshot_id):
                os.kill(os.getpid(), signal.SIGKILL)
            journal.Journal.reset = die

    if what == "migrate":
        arm()
        Ledger.open(path)
    else:
        ledger = Ledger.open(path)
        ledger.append("C-2026-0002", Note(date=date(2026, 11, 20), text="acknowledged"))
        arm()
        ledger.store.compact()
    print("survived", flush=True)
"""


@pytest.mark.parametrize("where", ["snapshot", "journal"])
def test_a_crash_in_the_middle_of_the_migration_leaves_a_ledger_that_opens_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    db = _copy_fixture(tmp_path / "ledger")
    before = _sayings(capsys, db)
    run = run_python(_KILL_DURING, str(db), where, "migrate")
    assert run.returncode == -9 and "survived" not in run.stdout, run.stderr
    assert _sayings(capsys, db) == before
    assert cli(capsys, db, "log", "C-2026-0001", "note", "after")[0] == 0
    assert cli(capsys, db, "verify")[0] == 0
    with Ledger.open(db, readonly=True) as ledger:
        assert ledger.case("C-2026-0004").paid.amount == 10


@pytest.mark.parametrize("where", ["snapshot", "journal"])
def test_a_crash_in_the_middle_of_a_compaction_keeps_every_acknowledged_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    run = run_python(_KILL_DURING, str(db), where, "compact")
    assert run.returncode == -9 and "survived" not in run.stdout, run.stderr
    with Ledger.open(db) as ledger:
        assert notes(ledger, ids[1]) == ["acknowledged"]  # once, not lost, not doubled
        ledger.append(ids[1], Note(date=DAY, text="after"))
    assert cli(capsys, db, "verify")[0] == 0
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[1]) == ["acknowledged", "after"]


@pytest.mark.parametrize("damaged", ["index only", "index and case"])
def test_verify_goes_on_past_a_damaged_section_and_names_the_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damaged: str
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    data = db.read_bytes()
    index_at = data.index(b'"index:' + ids[1].encode())
    if damaged == "index only":  # a row's invoice, as an editor would change it
        at = data.index(b'"invoice":"F-1"', index_at)
        db.write_bytes(data[:at] + b'"invoice":"F-9"' + data[at + 15 :])
    else:  # `sed s/F-1/F-9/`: the case's opened event and its row alike
        db.write_bytes(data.replace(b'"invoice":"F-1"', b'"invoice":"F-9"'))
    code, out, _ = cli(capsys, db, "verify", "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert report["checked"]["cases"] == 3  # every case checked, not just up to the damage
    assert any("index" in notice and "reseal" in notice for notice in report["notices"])
    named = {(p["case"], p["event"]) for p in report["problems"]}
    if damaged == "index only":
        assert (ids[1], None) in named  # its row no longer says what its events say
    else:
        assert (ids[1], 1) in named  # the changed event, found by its chain
    code, _, err = cli(capsys, db, "verify")
    assert code == 1
    assert "the newest backup that checks out" in err or "no backup checks out" in err
