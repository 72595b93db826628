"""The files on disk: canonical encoding, the snapshot's layout and seal, the journal's
header, and files that were reformatted or edited by hand."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from casetui.ledger import Ledger
from casetui.model import Note
from casetui.store import CorruptLedger
from casetui.store.canon import canonical
from casetui.store.durable import journal_path
from casetui.store.snapshot import MemorySnapshot, SnapshotFile, open_snapshot

from .helpers import DAY, make_ledger, notes

HOSTILE = ["", "ACME [/", "é😀", "\x1b[2J", "\u2028\u0085", 'quote " back \\ slash', "\x00\x7f"]


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )
)
@settings(max_examples=200, deadline=None)
def test_the_canonical_encoding_is_sorted_json_without_spaces(value: object) -> None:
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical(value) == expected.encode("utf-8")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_and_hashes_the_same(tmp_path: Path, text: str) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, backup=False) as ledger:
        ledger.append(ids[0], Note(date=DAY, text=text or " "))
        ledger.store.compact()
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0])[-1] == (text or " ")
        assert ledger.case_problems(ids[0]) == []


def test_the_snapshot_is_one_json_document_any_tool_and_tinydb_can_read(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    lines = db.read_bytes().split(b"\n")
    assert lines[0] == b"{" and lines[-2] == b"}" and lines[-1] == b""
    names = [line.split(b'":', 1)[0][1:].decode() for line in lines[1:-2]]
    tables = [name for name in names if not name.startswith("_")]
    assert tables == sorted(tables) and names[-2:] == ["_meta", "_seal"]
    parsed = json.loads(db.read_text(encoding="utf-8"))
    assert parsed["case:" + ids[0]]["1"]["kind"] == "opened"
    with TinyDB(db, access_mode="r") as plain:  # TinyDB's own JSON storage, read-only
        assert plain.table("case:" + ids[0]).get(doc_id=2)["text"] == "first note"
        assert plain.table("customer:CUS-0001").get(doc_id=1)["name"] == "Customer 0"


def test_one_table_is_found_without_reading_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    with Ledger.open(db, backup=False) as ledger:
        from tests.support import customer, opened

        first = ledger.open_case(opened(invoice="X-0"), new_customer=customer("Many"))
        for number in range(1, 300):
            ledger.open_case(opened(invoice=f"X-{number}", customer_id=first.customer_id))
        ledger.store.compact()
    whole = orjson.loads(db.read_bytes())
    snapshot = open_snapshot(db)
    assert isinstance(snapshot, SnapshotFile)
    try:
        for name, table in whole.items():
            if not name.startswith("_"):
                assert snapshot.find(name) == table, name
        for missing in ("case:C-2026-0000", "case:C-2026-03000", "case:C-2027-0001", "case:", "zz"):
            assert snapshot.find(missing) is None, missing
        assert set(snapshot.section_tables("index")) == {n for n in whole if n.startswith("index:")}
    finally:
        snapshot.close()


def test_a_pretty_printed_or_reordered_file_still_opens_and_is_written_back_canonically(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    tables = orjson.loads(db.read_bytes())
    reordered = dict(reversed(list(tables.items())))
    db.write_text(json.dumps(reordered, indent=4, ensure_ascii=False), encoding="utf-8")
    assert isinstance(open_snapshot(db), MemorySnapshot)  # parsed whole, seal checked
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0]) == ["first note"]
    with Ledger.open(db, backup=False) as ledger:
        ledger.append(ids[0], Note(date=DAY, text="second"))
        ledger.store.compact()
    snapshot = open_snapshot(db)
    assert isinstance(snapshot, SnapshotFile)
    snapshot.close()
    with Ledger.open(db, readonly=True) as ledger:
        assert notes(ledger, ids[0]) == ["first note", "second"]


def test_a_reformatted_file_that_also_changed_a_value_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    tables = orjson.loads(db.read_bytes())
    tables[f"case:{ids[0]}"]["2"]["text"] = "second thoughts"
    db.write_text(json.dumps(tables, indent=2), encoding="utf-8")
    with pytest.raises(CorruptLedger, match=rf"case section.*{ids[0]} event #2"):
        Ledger.open(db, readonly=True)


def test_a_damaged_seal_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    make_ledger(db)
    data = db.read_bytes()
    at = data.rindex(b'"lines"') if b'"lines"' in data else data.rindex(b'"snapshot":"') + 12
    db.write_bytes(data[:at] + (b"0" if data[at : at + 1] != b"0" else b"1") + data[at + 1 :])
    with pytest.raises(CorruptLedger, match="seal"):
        Ledger.open(db, readonly=True)


def test_the_journal_names_its_snapshot_and_a_new_ledger_has_none_yet(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    with Ledger.open(db, backup=False) as ledger:
        from tests.support import customer, opened

        ledger.open_case(opened(), new_customer=customer())
        first = orjson.loads(journal_path(db).read_bytes().split(b"\n")[0][9:])
        assert first == {"casetui_journal": 3, "snapshot": None}
    seal = orjson.loads(db.read_bytes())["_seal"]["1"]
    header = orjson.loads(journal_path(db).read_bytes().split(b"\n")[0][9:])
    assert header == {"casetui_journal": 3, "snapshot": seal["snapshot"]}
    assert seal["made_from"]["snapshot"] is None and seal["made_from"]["journal_bytes"] > 0


def test_a_reader_never_mixes_an_old_snapshot_with_a_journal_compaction_emptied(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, backup=False) as writer:
        writer.append(ids[1], Note(date=DAY, text="A"))
    reader = Ledger.open(db, readonly=True)  # holds snapshot S1 and a journal with A
    try:
        with Ledger.open(db, backup=False) as writer:
            writer.store.compact()  # S2 = S1 + A, and a new, empty journal naming S2
            writer.append(ids[1], Note(date=DAY, text="B"))  # in the journal of S2
        assert notes(reader, ids[1]) == ["A"]  # what it opened, consistent
        assert reader.refresh() is None  # new files: everything is read again
        assert notes(reader, ids[1]) == ["A", "B"]  # never B without A
        assert notes(reader, ids[0]) == ["first note"]
    finally:
        reader.close()


def _many_customers(db: Path, monkeypatch: pytest.MonkeyPatch, count: int = 40) -> dict:
    """A ledger of `count` customers whose section is sealed in blocks of about 512 bytes
    (64 KiB in use), so that it has many; returns every table, parsed whole."""
    from casetui.store import snapshot as snapshot_module
    from tests.support import customer, opened

    monkeypatch.setattr(snapshot_module, "BLOCK", 512)
    with Ledger.open(db, backup=False) as ledger:
        for number in range(count):
            ledger.open_case(
                opened(invoice=f"B-{number}"), new_customer=customer(f"Buyer {number:03}")
            )
        ledger.store.compact()
    return orjson.loads(db.read_bytes())


def _reads(snapshot: SnapshotFile) -> list[int]:
    lengths: list[int] = []
    pread = snapshot._pread

    def recorded(length: int, offset: int) -> bytes:
        lengths.append(length)
        return pread(length, offset)

    snapshot._pread = recorded  # type: ignore[method-assign]
    return lengths


def test_a_customer_is_found_by_checking_one_block_not_the_whole_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    whole = _many_customers(db, monkeypatch)
    snapshot = open_snapshot(db)
    assert isinstance(snapshot, SnapshotFile)
    try:
        section = snapshot.seal.section("customer")
        blocks = snapshot.seal.blocks["customer"]
        assert section is not None and len(blocks) >= 8
        assert blocks[-1].end == section.end
        with monkeypatch.context() as patched:
            patched.setattr(SnapshotFile, "_find_checked", lambda *a: pytest.fail("read whole"))
            for name, table in whole.items():
                if name.startswith("customer:"):
                    assert snapshot.find(name) == table, name
        assert snapshot.find("customer:CUS-0000") is None  # absent: the section checked whole
    finally:
        snapshot.close()


def test_a_damaged_block_is_reported_for_its_customers_and_a_missing_customer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    whole = _many_customers(db, monkeypatch)
    damaged = next(name for name, t in whole.items() if t.get("1", {}).get("name") == "Buyer 007")
    other = next(name for name, t in whole.items() if t.get("1", {}).get("name") == "Buyer 033")
    raw = db.read_bytes()
    # The name in the customer's own line (index rows repeat it after that section)
    at = raw.index(b'"Buyer 007"', raw.index(b'\n"customer:'))
    assert raw.rfind(b'\n"customer:', 0, at) > raw.rfind(b'\n"index:', 0, at)
    # same length, seal kept
    db.write_bytes(raw[:at] + b'"Buyer 00X"' + raw[at + len(b'"Buyer 007"') :])
    snapshot = open_snapshot(db)
    assert isinstance(snapshot, SnapshotFile)
    try:
        with pytest.raises(CorruptLedger, match="customer section fails its checksum"):
            snapshot.find(damaged)
        assert snapshot.find(other) == whole[other]  # its own block holds
        with pytest.raises(CorruptLedger, match="customer section fails its checksum"):
            snapshot.find("customer:CUS-9999")  # not "no such customer" over damaged bytes
    finally:
        snapshot.close()


def test_a_seal_without_blocks_from_an_older_casetui_has_the_section_checked_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casetui.store.canon import crc

    db = tmp_path / "ledger.json"
    whole = _many_customers(db, monkeypatch)
    raw = db.read_bytes()
    start = raw.rindex(b'\n"_seal":') + 1
    line = raw[start:-2]
    doc = orjson.loads(b"{" + line + b"}")["_seal"]["1"]
    del doc["blocks"], doc["check"]
    doc["check"] = crc(canonical(doc))
    db.write_bytes(raw[:start] + b'"_seal":' + canonical({"1": doc}) + b"\n}\n")
    snapshot = open_snapshot(db)
    assert isinstance(snapshot, SnapshotFile) and not snapshot.seal.blocks
    try:
        section = snapshot.seal.section("customer")
        assert section is not None
        reads = _reads(snapshot)
        name = next(n for n in whole if n.startswith("customer:"))
        assert snapshot.find(name) == whole[name]
        assert section.end - section.start in reads
    finally:
        snapshot.close()
