"""The case index: one row per case from `row_of(fold(...))`, written with the events,
rebuilt when the fold or the ladder changes, repaired when it fell behind."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from casetui import caseindex
from casetui.agenda import build_agenda, next_due, score_terms
from casetui.caseindex import CaseRow, row_of
from casetui.cli import main
from casetui.demo import write_demo
from casetui.ladder import LadderPolicy
from casetui.ledger import Ledger
from casetui.model import DisputeOpened, HandedOver, HandoverTo, Note, Promise, Snooze
from casetui.store import chain
from casetui.store.durable import CorruptLedger
from casetui.store.snapshot import Upto
from casetui.timeline import CaseState, Reason
from tests.support import TODAY, customer, eur, opened

from .helpers import DAY, make_ledger


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("index") / "ledger.json"
    with Ledger.open(path, backup=False) as ledger:
        write_demo(ledger, 150, seed=11, today=TODAY, extra_events=3)
    return path


def test_every_row_is_the_fold_of_its_case(demo: Path) -> None:
    with Ledger.open(demo, readonly=True) as ledger:
        states = {state.id: state for state in ledger.cases()}
        rows = {row.id: row for row in ledger.rows()}
        assert rows.keys() == states.keys() and len(rows) == 150
        for case_id, state in states.items():
            raw = dict(ledger.store.row(case_id))
            assert raw.pop("head") == chain.event_hash(state.raw_events[-1])
            assert raw.pop("last") == state.last_event_id
            assert raw == row_of(state, ledger.customer(state.customer_id).name)
            row = rows[case_id]
            for name in (
                "invoice", "customer_id", "issued", "due", "currency", "stage", "amount",
                "outstanding", "paid", "credited", "waived", "promise", "dispute", "settlement",
                "handover", "closed", "snoozed_until", "next_action", "broken_promises",
                "last_event_id", "opened_on", "last_activity", "tags", "regime", "source",
                "limitation_law", "claim_kind", "delivered", "limitation_alert",
            ):  # fmt: skip
                assert getattr(row, name) == getattr(state, name), (case_id, name)
            for day in (TODAY - timedelta(days=30), TODAY, TODAY + timedelta(days=30)):
                assert row.days_overdue(day) == state.days_overdue(day)
                assert row.needs_action(day) == state.needs_action(day)
                assert row.active_promise(day) == state.active_promise(day)


@pytest.mark.parametrize("days", [-20, 0, 7, 45])
def test_the_agenda_from_rows_is_the_agenda_from_folded_cases(demo: Path, days: int) -> None:
    today = TODAY + timedelta(days=days)
    with Ledger.open(demo, readonly=True) as ledger:
        folded = build_agenda(ledger.cases(), today)
        quick = ledger.agenda_rows(today)
        assert [(i.case.id, i.score, i.action) for i in quick] == [
            (i.case.id, i.score, i.action) for i in folded
        ]
        assert [item.reason for item in quick] == [item.reason for item in folded]
        assert [item.explain_score() for item in quick] == [i.explain_score() for i in folded]
        assert all(isinstance(item.case, CaseRow) for item in quick)
        assert [i.case.id for i in ledger.agenda(today)] == [i.case.id for i in folded]
        upcoming = next_due(ledger.cases(), today)
        assert (ledger.next_due(today) or (None,))[0] == (upcoming or (None,))[0]


@pytest.mark.parametrize("days", [-400, -20, 0, 7, 45, 4000])
def test_the_agenda_reads_only_the_rows_due_and_misses_none(demo: Path, days: int) -> None:
    """A fresh ledger's agenda cuts only the rows due by today out of the index section
    (found by the bytes of their `agenda` list): those, and the same agenda as every row."""
    today = TODAY + timedelta(days=days)
    with Ledger.open(demo, readonly=True) as ledger:
        quick = [(i.case.id, i.score, i.action) for i in ledger.agenda_rows(today)]
        assert ledger._rows is None  # the 150 rows were not all read
        due = ledger.store.row_sources(Upto(caseindex.AGENDA_DAY, today.isoformat().encode()))
        every = ledger.rows()
        assert set(due) == {row.id for row in every if row.needs_action(today)}
        assert all(isinstance(body, bytes) for body in due.values())
        assert quick == [(i.case.id, i.score, i.action) for i in ledger.agenda_rows(today)]
        assert quick == [(i.case.id, i.score, i.action) for i in build_agenda(every, today)]
    assert 0 < len(due) < 150 or days in (-400, 4000)


def test_the_agenda_of_rows_the_journal_changed_is_that_of_their_cases(
    demo: Path, tmp_path: Path
) -> None:
    """Rows written since the snapshot (in the journal) are the agenda's whatever the
    snapshot's bytes of them say: a case due there and snoozed since is not on it, a case
    opened since is."""
    db = tmp_path / "ledger.json"
    for name in ("ledger.json", "ledger.json.journal"):
        (tmp_path / name).write_bytes((demo.parent / name).read_bytes())
    with Ledger.open(db, backup=False) as ledger:
        snoozed = ledger.agenda_rows(TODAY)[0].case.id
        ledger.append(snoozed, Snooze(date=TODAY, until=TODAY + timedelta(days=30), reason="x"))
        new = ledger.open_case(opened(invoice="F-NEW"), new_customer=customer("New")).id
    with Ledger.open(db, readonly=True) as ledger:
        sources = ledger.store.row_sources(Upto(caseindex.AGENDA_DAY, TODAY.isoformat().encode()))
        assert isinstance(sources[snoozed], dict) and isinstance(sources[new], dict)
        quick = [(i.case.id, i.score, i.action) for i in ledger.agenda_rows(TODAY)]
        folded = build_agenda(ledger.cases(), TODAY)
    assert quick == [(i.case.id, i.score, i.action) for i in folded]
    assert new in {case_id for case_id, _, _ in quick} and snoozed not in dict.fromkeys(
        case_id for case_id, _, _ in quick
    )


def test_a_row_from_the_snapshot_is_parsed_once_when_a_field_is_asked_for(demo: Path) -> None:
    with Ledger.open(demo, readonly=True) as ledger:
        body = ledger.store.row_sources()[ledger.rows()[0].id]
        assert isinstance(body, bytes)
    row = CaseRow("C-1", body)
    assert row.next_day() is not None and row._body is body  # read from the bytes alone
    assert row.raw is row.raw and row._body is None  # parsed on first use, then kept
    assert row.invoice == row.raw["invoice"] and row.last_event_id == row.raw["last"]
    assert not hasattr(row, "no_such_field")  # only the parsed row is made on demand
    assert row == CaseRow("C-1", dict(row.raw))


def test_a_due_row_is_ranked_and_read_from_its_agenda_list_alone(demo: Path) -> None:
    """The agenda reads a row's `agenda` list from its bytes, without parsing the rest of
    the row, and what the row then says is what its fold says."""
    with Ledger.open(demo, readonly=True) as ledger:
        sources = ledger.store.row_sources()
        states = {state.id: state for state in ledger.cases()}
    read = 0
    for case_id, body in sources.items():
        assert isinstance(body, bytes)
        row, state = CaseRow(case_id, body), states[case_id]
        facts = row.agenda
        assert row._body is body  # not parsed
        if state.next_action is None:
            assert facts is None and row.next_action is None
            continue
        assert facts == tuple(orjson.loads(body)["1"]["agenda"])
        for name in (
            "next_action", "due", "invoice", "customer_id", "currency", "stage",
            "outstanding_minor", "is_closed", "broken_promises",
        ):  # fmt: skip
            assert getattr(row, name) == getattr(state, name), (case_id, name)
        assert (
            row.rank_key()[3]
            == row.fixed_points
            == caseindex.fixed_points(state, state.next_action)
        )
        assert row._body is body  # still not parsed
        read += 1
    assert read > 100


def test_text_that_looks_like_the_end_of_the_agenda_list_is_text(tmp_path: Path) -> None:
    """The `agenda` list is cut from a row's bytes where the next key begins: an invoice or
    a snooze reason that spells that key (escaped quotes, backslashes) stays inside it."""
    db = tmp_path / "ledger.json"
    tricky = 'F"],"amount":1,\\"],"amount":\u00e9 é'
    with Ledger.open(db, backup=False) as ledger:
        state = ledger.open_case(opened(invoice=tricky), new_customer=customer("Tricky"))
        ledger.append(state.id, Snooze(date=DAY, until=DAY + timedelta(days=1), reason=tricky))
        ledger.store.compact()
    with Ledger.open(db, readonly=True) as ledger:
        body = ledger.store.row_sources()[state.id]
        folded = ledger.case(state.id)
    assert isinstance(body, bytes) and body.count(b'],"amount":') == 1  # the list's end
    row = CaseRow(state.id, body)
    assert row.agenda == tuple(orjson.loads(body)["1"]["agenda"])
    assert row.invoice == tricky and row.next_action == folded.next_action
    assert tricky in row.next_action.detail and row._body is body  # from the list alone


def test_the_words_of_a_due_row_read_its_fields_alone_whatever_their_text(
    tmp_path: Path,
) -> None:
    """A promise, a dispute and a hand-over are read from a row's bytes alone (the agenda's
    words for them), even when their text spells the key that ends their list."""
    db = tmp_path / "ledger.json"
    tricky = 'x"],"due":"],"head":\\"],"head": é'
    with Ledger.open(db, backup=False) as ledger:
        first = ledger.open_case(opened(invoice="F-1"), new_customer=customer("One")).id
        ledger.append(first, DisputeOpened(date=DAY, reason=tricky))
        ledger.append(first, Promise(date=DAY, amount=eur("100.00"), by=DAY))
        second = ledger.open_case(opened(invoice="F-2"), new_customer=customer("Two")).id
        ledger.append(
            second,
            HandedOver(date=DAY, to=HandoverTo.LAWYER, name=tricky, reference=tricky),
        )
        ledger.store.compact()
    with Ledger.open(db, readonly=True) as ledger:
        sources = ledger.store.row_sources()
        folded = {case_id: ledger.case(case_id) for case_id in (first, second)}
    for case_id, state in folded.items():
        body = sources[case_id]
        assert isinstance(body, bytes)
        row = CaseRow(case_id, body)
        assert row.agenda is not None  # read first, as the agenda does (the currency)
        for name in ("promise", "dispute", "handover", "instalment_words"):
            assert getattr(row, name) == getattr(state, name), (case_id, name)
        assert row._body is body  # not parsed whole
    assert folded[first].dispute.reason == folded[second].handover.name == tricky


def test_rows_out_of_id_order_are_ranked_as_rows_in_order(demo: Path) -> None:
    """Ties in the agenda go to the lower id, whatever order the rows come in (the journal
    adds rows after the snapshot's)."""
    with Ledger.open(demo, readonly=True) as ledger:
        rows = ledger.rows()
        in_order = [(i.case.id, i.score) for i in caseindex.rank_rows(rows, TODAY)]
        shuffled = rows[1::2] + rows[0::2][::-1]
        assert [(i.case.id, i.score) for i in caseindex.rank_rows(shuffled, TODAY)] == in_order
        scores = [score for _, score in in_order]
        assert len(scores) != len(set(scores))  # there are ties to break


def test_the_most_points_a_case_can_have_fit_the_rank_key() -> None:
    """`rank_rows` orders by one integer with room for 255 points above the day."""
    most = max(
        sum(points for points, _ in score_terms(reason, 100, 1000, 10**12, "EUR", 9))
        for reason in Reason
    )
    assert most == 135 < caseindex._MOST_POINTS


def test_the_demo_has_cases_on_today_for_their_limitation(demo: Path) -> None:
    """So that the comparisons above cover limitation warnings (issue 15's next action)."""
    with Ledger.open(demo, readonly=True) as ledger:
        assert any(row.limitation_alert is not None for row in ledger.rows())


def test_a_customers_new_law_refolds_their_cases_rows_in_the_same_commit(tmp_path: Path) -> None:
    """A case's limitation follows its customer's law (Rome I): changing the customer's
    country changes the rows of their open cases, written with the customer, and what
    another process reads agrees with a fresh fold."""
    db = tmp_path / "ledger.json"
    with Ledger.open(db, backup=False, today=TODAY) as ledger:
        write_demo(ledger, 30, seed=5, today=TODAY, extra_events=2)
        row = next(r for r in ledger.rows() if r.limitation_alert is not None and not r.is_closed)
        customer = ledger.customer(row.customer_id)
        law_before = row.limitation_alert
        with Ledger.open(db, readonly=True) as other:
            other.rows()  # read before the change: must see it through refresh
            ledger.update_customer(dataclasses.replace(customer, limitation_law="scot"))
            assert other.refresh() is not None
            again = other.row(row.id)
            assert again.limitation_alert != law_before
            assert again.limitation_alert == other.case(row.id).limitation_alert
            assert again.limitation_alert.extinctive  # Scots prescription extinguishes the debt
    code = main(["--db", str(db), "--today", TODAY.isoformat(), "verify"])
    assert code == 0


def test_new_ladder_waits_rebuild_the_rows_a_writer_saves_them_a_reader_does_not(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    patient = LadderPolicy(first_reminder_after_days=10)
    with Ledger.open(db, readonly=True, policy=patient) as reader:
        assert reader.row(ids[0]).next_action.date == date(2026, 11, 10)  # due + 10
    stamp = Ledger.open(db, readonly=True)
    try:
        assert stamp.store.index_current  # the reader rebuilt in memory only
    finally:
        stamp.close()
    with Ledger.open(db, policy=patient) as writer:
        assert writer.row(ids[0]) is not None  # built in memory: it read them
        # Saved when the writer ends well: not left to its first write, which may never
        # come (`advance --dry-run`), while every reader builds them again.
        writer.save_stale_index()
        assert writer.store.index_current
    with Ledger.open(db, readonly=True, policy=patient) as reader:
        assert reader.store.index_current
        assert reader.store._memory_rows is None  # read from the file, not built again
        assert reader.row(ids[1]).next_action.date == date(2026, 11, 10)


def test_a_new_fold_version_rebuilds_the_index_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    monkeypatch.setattr(caseindex, "INDEX_VERSION", caseindex.INDEX_VERSION + 1)
    with Ledger.open(db, readonly=True) as reader:
        assert not reader.store.index_current  # a reader never writes
    with Ledger.open(db) as ledger:
        ledger.save_stale_index()  # nothing built, nothing to save: left to the first write
        assert not ledger.store.index_current
        ledger.append(ids[0], Note(date=DAY, text="x"))  # rebuilds, then writes
        assert ledger.store.index_current
        assert ledger.meta()["index"].startswith(f"{caseindex.INDEX_VERSION}:")
    with Ledger.open(db, readonly=True) as reader:
        assert reader.store.index_current and reader.store._memory_rows is None
        assert reader.row(ids[0]) is not None


def test_an_index_that_cannot_be_saved_at_open_is_built_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk when the writer would save the index it built: a warning, and the ledger
    is left as it was."""
    from casetui.store.durable import DiskWriteError
    from casetui.store.ledger_store import LedgerStore

    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    monkeypatch.setattr(caseindex, "INDEX_VERSION", caseindex.INDEX_VERSION + 1)

    def full(self: LedgerStore) -> None:
        raise DiskWriteError("no space left on device")

    journal = db.with_name(db.name + ".journal")
    before = db.read_bytes(), journal.read_bytes()
    monkeypatch.setattr(LedgerStore, "rebuild_index", full)
    with Ledger.open(db) as ledger:
        assert ledger.row(ids[0]) is not None  # built in memory
        ledger.save_stale_index()
        assert any("not saved" in w and "no space" in w for w in ledger.warnings)
        assert not ledger.store.index_current
    assert (db.read_bytes(), journal.read_bytes()) == before


def test_a_row_that_fell_behind_its_events_is_repaired_when_the_case_is_read(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, backup=False) as ledger:  # an event written without its row
        store = ledger.store
        row = store.row(ids[1])
        event = {
            "id": 2,
            "kind": "note",
            "date": "2026-11-20",
            "text": "orphan",
            "recorded_at": "x",
        }
        chain.link(ids[1], [event], row["head"])
        with store.transaction():
            from tinydb.table import Document

            store._db.table("case:" + ids[1]).insert(Document(event, doc_id=2))
    with Ledger.open(db, backup=False) as ledger:
        assert ledger.store.row(ids[1])["last"] == 1  # behind
        assert [e.id for e in ledger.case(ids[1]).timeline()] == [1, 2]  # read: repaired
        assert ledger.store.row(ids[1])["last"] == 2
    with Ledger.open(db, readonly=True) as ledger:
        assert ledger.store.row(ids[1])["last"] == 2  # and saved
        assert ledger.row(ids[1]).last_event_id == 2


def test_verify_streams_the_index_rows_as_the_store_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify reads the index section line by line (read whole, it was held twice at once:
    31 MiB more at 50,000 cases in the app's background check), with the same rows as
    `section_bodies`, the journal's on top, and still finds a row that does not match."""
    from casetui.store.snapshot import SnapshotFile
    from casetui.store.verify import _index_bodies

    path = tmp_path / "ledger.json"
    with Ledger.open(path, backup=False) as ledger:
        first = ledger.open_case(opened(), new_customer=customer())
        ledger.open_case(opened(invoice="F-2026-002"), new_customer=customer("Other"))
        ledger.store.compact()
    with Ledger.open(path, backup=False) as ledger:
        ledger.append(first.id, Note(date=DAY, text="a row in the journal"))
        ledger.open_case(opened(invoice="F-2026-003"), new_customer=customer("Third"))
        with ledger.store._storage.frozen() as view:
            assert isinstance(view.base, SnapshotFile)
            streamed = _index_bodies(view)
            assert streamed == view.section_bodies("index")
            assert len(streamed) == 3
        whole = SnapshotFile.section_bodies

        def not_for_the_index(self: SnapshotFile, section_name: str) -> dict[str, bytes]:
            assert section_name != "index", "the index section was read whole"
            return whole(self, section_name)

        monkeypatch.setattr(SnapshotFile, "section_bodies", not_for_the_index)
        assert ledger.verify().ok
        raw = path.read_bytes()
        row = raw.index(b'"index:' + first.id.encode())
        days = raw.index(b'"2026-', row)  # a date in the row, the checksum left as it was
        path.write_bytes(raw[:days] + b'"2025-' + raw[days + 6 :])
    with Ledger.open(path, readonly=True) as ledger:
        report = ledger.verify()
        assert not report.ok
        assert any("index section fails its checksum" in str(p) for p in report.problems)


@pytest.mark.parametrize("without", ["mapping", "thread"])
def test_the_agenda_reads_the_same_without_a_mapping_or_a_thread(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, without: str
) -> None:
    """The index section is mapped from the file and checked on a second thread while its
    lines are read; where either is not to be had, it is read and checked as before, with
    the same agenda, and damage is refused either way."""
    from casetui.store import snapshot

    sealed = tmp_path / "sealed" / "ledger.json"
    sealed.parent.mkdir()
    for name in ("ledger.json", "ledger.json.journal"):
        (sealed.parent / name).write_bytes((demo.parent / name).read_bytes())
    with Ledger.open(sealed, backup=False) as ledger:
        ledger.store.compact()  # every row in the snapshot's index section
        expected = [(i.case.id, i.score, i.action) for i in ledger.agenda_rows(TODAY)]
    assert expected
    if without == "mapping":

        def no_map(*args: object) -> object:
            raise OSError("this file system cannot map files")

        monkeypatch.setattr(snapshot, "_map", no_map)
    else:

        def no_thread(*args: object) -> object:
            raise RuntimeError("can't start new thread")

        monkeypatch.setattr(snapshot, "start_new_thread", no_thread)
    with Ledger.open(sealed, readonly=True) as ledger:
        assert [(i.case.id, i.score, i.action) for i in ledger.agenda_rows(TODAY)] == expected
    db = tmp_path / "ledger.json"
    data = sealed.read_bytes()
    at = data.index(b'"outstanding":', data.index(b'\n"index:'))
    db.write_bytes(data[:at] + b'"outstanding":9' + data[at + len(b'"outstanding":') + 1 :])
    journal = Path(f"{sealed}.journal")
    Path(f"{db}.journal").write_bytes(journal.read_bytes())
    with (
        Ledger.open(db, readonly=True) as ledger,
        pytest.raises(CorruptLedger, match="index section fails its checksum"),
    ):
        ledger.agenda_rows(TODAY)


def test_lines_that_lost_their_end_are_damage_not_a_crash() -> None:
    from casetui.store.snapshot import _bodies_upto

    line = b'"index:C-1":{"1":{"activity":"2026-11-01","agenda":["2026-11-02","x"]'
    with pytest.raises(ValueError, match="without its end"):
        _bodies_upto(line, Upto(caseindex.AGENDA_DAY, b"2026-11-23"))
    assert _bodies_upto(line + b"}},\n", Upto(caseindex.AGENDA_DAY, b"2026-11-01")) == {}


def _rows_from_bytes_and_folds(demo: Path) -> list[tuple[str, bytes, CaseState]]:
    """Each case's id, its index row's bytes as the snapshot holds them, and its fold."""
    with Ledger.open(demo, readonly=True) as ledger:
        sources = ledger.store.row_sources()
        states = {state.id: state for state in ledger.cases()}
    assert all(isinstance(body, bytes) for body in sources.values())
    return [(case_id, body, states[case_id]) for case_id, body in sources.items()]  # type: ignore[misc]


def test_a_list_of_every_row_parses_only_the_closed_ones(demo: Path) -> None:
    """What a list and its filter ask of a row (`filters.Facts`: identity, stage, money,
    due day, closed, disputed, promise, whether it needs action; the search's last event
    id) is read from an open row's bytes, as its fold says it: the list of 50,000 cases in
    the app then parses only the closed rows whole."""
    from casetui.filters import Facts

    pairs = _rows_from_bytes_and_folds(demo)
    assert any(state.closed is not None for _, _, state in pairs)
    assert any(state.dispute is not None for _, _, state in pairs)
    for case_id, body, state in pairs:
        row = CaseRow(case_id, body)
        facts, folded = Facts(row, "name", TODAY), Facts(state, "name", TODAY)
        for name in Facts.__slots__:
            if name not in ("state", "_text"):
                assert getattr(facts, name) == getattr(folded, name), (case_id, name)
        assert row.last_event_id == state.last_event_id
        assert (row._body is body) == (state.closed is None), case_id


def test_what_list_asks_of_an_open_row_leaves_it_unparsed(demo: Path) -> None:
    """`list`, `list --json` and `agenda` ask each row whether it is closed, its limitation
    warning (the words of its next action), what is owed and its balance: an open row
    answers from its `agenda` list and bytes, as its fold does, and is not parsed whole
    (45,000 rows at 50k cases)."""
    from casetui.cli.views import _owed_grouped, balance_grouped, summary_json

    pairs = _rows_from_bytes_and_folds(demo)
    assert any(state.limitation_alert is not None for _, _, state in pairs)
    assert any(state.last_contact is not None for _, _, state in pairs)
    for case_id, body, state in pairs:
        row = CaseRow(case_id, body)
        assert row.closed == state.closed, case_id
        assert row.limitation_alert == state.limitation_alert, case_id
        assert _owed_grouped(row) == _owed_grouped(state), case_id
        assert balance_grouped(row) == balance_grouped(state), case_id
        assert row.last_contact == state.last_contact, case_id
        assert summary_json(row, "n", TODAY) == summary_json(state, "n", TODAY), case_id
        assert (row._body is body) == (state.closed is None), case_id


def test_an_invoice_and_the_next_case_number_are_found_without_reading_every_row(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add` at 50,000 cases: the invoice-number check looks at the customer's rows alone
    (found by their bytes, journal included) and the next case number at the rows' names,
    with the answers the index of every row gives; past a few asks the index is built."""
    db = tmp_path / "ledger.json"
    for name in ("ledger.json", "ledger.json.journal"):
        (tmp_path / name).write_bytes((demo.parent / name).read_bytes())
    with Ledger.open(db, backup=False) as ledger:  # one case only the journal holds
        first = ledger.rows()[0]
        added = ledger.open_case(opened(invoice="J-1", customer_id=first.customer_id), year=2026)
    with Ledger.open(db, readonly=True) as ledger:
        index = ledger._invoice_index()
        expected_number = ledger.next_case_id(2026)
    asked = [(customer_id, invoice.upper()) for customer_id, invoice in sorted(index)[:7]]
    asked.append((first.customer_id, "NO-SUCH-INVOICE"))
    with Ledger.open(db, readonly=True) as ledger:
        real_index = Ledger._invoice_index

        def no_index(self: Ledger) -> object:
            raise AssertionError("every row's invoice was indexed")

        monkeypatch.setattr(Ledger, "_invoice_index", no_index)
        assert ledger.next_case_id(2026) == expected_number
        assert ledger._rows is None  # no row was read for it
        for customer_id, invoice in asked[:7]:
            found = ledger.find_invoice(customer_id, invoice)
            expected = index.get((customer_id, invoice.casefold()))
            assert (found.id if found else None) == expected, (customer_id, invoice)
        assert ledger.find_invoice(first.customer_id, "j-1").id == added.id  # the 8th ask
        with pytest.raises(AssertionError, match="indexed"):
            ledger.find_invoice(*asked[-1])  # the ninth: the index
        monkeypatch.setattr(Ledger, "_invoice_index", real_index)
        assert ledger.find_invoice(*asked[-1]) is None


def test_an_open_overpaid_row_owes_nothing_in_lists(tmp_path: Path) -> None:
    """An overpaid case kept open has a next action (refund or close) and a balance below
    zero: what is owed is 0.00, in `list`, `list --json` and its row, as its fold says."""
    from casetui.cli.views import _owed_grouped, balance_grouped, summary_json
    from casetui.model import Payment

    db = tmp_path / "ledger.json"
    with Ledger.open(db, backup=False) as ledger:
        case = ledger.open_case(opened(invoice="O-1"), new_customer=customer(), year=2026)
        ledger.append(case.id, Payment(date=TODAY, amount=eur("1300.00")))  # 50.00 too much
        ledger.store.compact()  # the row in the snapshot: read from its bytes
    with Ledger.open(db, readonly=True) as ledger:
        (body,) = ledger.store.row_sources().values()  # (before the case reads its row)
        state = ledger.case(case.id)
    assert isinstance(body, bytes) and state.outstanding_minor < 0 and state.closed is None
    row = CaseRow(case.id, body)
    assert row.agenda is not None  # a next action: the shortcut from its list is taken
    assert _owed_grouped(row) == _owed_grouped(state) == "0.00"
    assert balance_grouped(row) == balance_grouped(state) == "-50.00"
    assert summary_json(row, "n", TODAY) == summary_json(state, "n", TODAY)
    assert summary_json(row, "n", TODAY)["outstanding"] == "0.00"


def test_a_table_pads_each_column_to_its_widest_cell() -> None:
    from casetui.cli.views import table

    text = table([["C-1", "é😀", "1,234.56"], ["C-10", "", "5.00"]], ["ID", "NAME", "OWES"], {2})
    assert text.split("\n") == [
        "ID    NAME      OWES",
        "C-1   é😀    1,234.56",
        "C-10            5.00",
    ]
    assert table([], ["ID", "NAME"]) == "ID  NAME"


def test_an_interrupt_while_the_checksum_runs_is_an_interrupt(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the index section's checksum is still being taken on its thread: the
    interrupt reaches the command (exit 130), not an error about the mapping still in use;
    and a closed snapshot is never mapped as anonymous zeros."""
    import threading

    from casetui.store import snapshot

    sealed = tmp_path / "ledger.json"
    for name in ("ledger.json", "ledger.json.journal"):
        (tmp_path / name).write_bytes((demo.parent / name).read_bytes())
    with Ledger.open(sealed, backup=False) as ledger:
        ledger.store.compact()
    release = threading.Event()
    real = snapshot._in_background

    def slow(data: memoryview) -> int:
        release.wait(5)
        return snapshot.crc(data)

    def interrupted(work: object, data: memoryview) -> object:
        real(slow, data)  # still holds its view of the mapping

        def result() -> int:
            raise KeyboardInterrupt

        return result

    monkeypatch.setattr(snapshot, "_in_background", interrupted)
    try:
        with Ledger.open(sealed, readonly=True) as ledger, pytest.raises(KeyboardInterrupt):
            ledger.agenda_rows(TODAY)
    finally:
        release.set()
    with pytest.raises(OSError):
        snapshot._map(-1, 0, 10)


def test_an_app_session_saves_the_rows_it_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app opens the ledger for writing and reads the rows: when the saved ones were
    built by another ladder (profile.toml edited by hand), it builds them in memory, and
    saves them when it ends, even if nothing was written, so that `list` and `agenda`
    after it read them instead of building them again (some 8 s each at 50,000 cases)."""
    from casetui.profile import DEMO_PROFILE, save_profile
    from casetui.tui import app as app_module

    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    db = tmp_path / "ledger.json"
    make_ledger(db)  # the default ladder
    save_profile(DEMO_PROFILE)  # another one
    policy = DEMO_PROFILE.ladder_policy()

    def session(self: app_module.CaseApp) -> None:
        self._ledger = self._open_ledger()[0]
        assert self._ledger.agenda_rows(DAY) is not None  # the rows, built in memory
        assert not self._ledger.store.index_current

    monkeypatch.setattr(app_module.CaseApp, "run", session)
    assert app_module.run(db, DAY) == 0
    with Ledger.open(db, readonly=True, policy=policy) as reader:
        assert reader.store.index_current and reader.store._memory_rows is None
