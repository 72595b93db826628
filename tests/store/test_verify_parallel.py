"""`verify` in worker processes (issue 17's speed): the cases of a big ledger are checked in
parts, each in a forked worker, and the findings are those of one process checking them all,
in the same order, to the byte. Forced here on small ledgers with a threshold of one case."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from casetui.cli import integrity
from casetui.ledger import Ledger
from casetui.model import Channel, LetterKind, LetterSent, Note
from casetui.store import verify as verify_module
from casetui.store import verify_parallel
from casetui.store.ledger_store import CASE_PREFIX
from casetui.store.snapshot import SnapshotFile

from .helpers import DAY, cli, make_ledger

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="verify forks its workers on Linux only"
)


@pytest.fixture(autouse=True)
def _no_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))


def _findings(ledger: Ledger, **how: int) -> tuple[list[str], list[dict], list[str], dict]:
    report = ledger.verify(**how)
    return (
        [str(problem) for problem in report.problems],
        [problem.to_json() for problem in report.problems],
        report.notices,
        report.counts,
    )


def _damaged_ledger(db: Path) -> list[str]:
    """Twelve cases, sealed with a changed event, a removed one, a lying index row and a
    letter whose proof of sending is gone; then, only in the journal, a note on one case
    and a new case."""
    ids = make_ledger(db, cases=12)
    message = b"From: you@example.com\r\nTo: them@example.com\r\n\r\nPlease pay.\r\n"
    name = hashlib.sha256(message).hexdigest() + ".eml"
    with Ledger.open(db, backup=False) as ledger:
        for case_id in ids[:6]:
            ledger.append(case_id, Note(date=DAY, text="called"))
            ledger.append(case_id, Note(date=DAY, text="called again"))
        ledger.append(
            ids[9],
            LetterSent(
                date=DAY,
                letter_kind=LetterKind.REMINDER,
                channel=Channel.EMAIL,
                recipient="them@example.com",
                evidence=name,
            ),
        )
        storage = ledger.store._storage
        with ledger.transaction():  # what an editor could do, sealed as if it were true
            changed = dict(storage.table(CASE_PREFIX + ids[2]))
            changed["2"] = {**changed["2"], "text": "never said"}
            storage.put_table(CASE_PREFIX + ids[2], changed)
            removed = dict(storage.table(CASE_PREFIX + ids[4]))
            del removed["2"]
            storage.put_table(CASE_PREFIX + ids[4], removed)
            row = dict(ledger.store.row(ids[7]))
            row["outstanding"] += 100
            ledger.store._put_row(ids[7], row)
        ledger.store.compact()
    with Ledger.open(db, backup=False) as ledger:  # left in the journal, over the snapshot
        ledger.append(ids[11], Note(date=DAY, text="after the snapshot"))
        ids.append(ledger.open_case(_opened_for(ledger, ids[0])).id)
    return ids


def _opened_for(ledger: Ledger, case_id: str):  # type: ignore[no-untyped-def]
    from tests.support import opened

    return opened(invoice="F-99", customer_id=ledger.case(case_id).customer_id)


def test_the_parts_find_what_one_process_finds_in_the_same_order(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = _damaged_ledger(db)
    with Ledger.open(db, readonly=True) as ledger:
        single = _findings(ledger)
        for workers in (2, 3, 5):
            assert _findings(ledger, workers=workers, parallel_from=1) == single
    said = "\n".join(single[0])
    assert f"{ids[2]} event #2: was changed after it was written" in said
    assert f"{ids[4]} event #2: was removed" in said
    assert f"{ids[7]}: the index row says outstanding" in said
    assert f"{ids[9]} event #2: the letter as sent, kept as proof of sending" in said
    assert single[3]["cases"] == 13  # the case only the journal holds too
    assert len(single[0]) == 4


def test_a_snapshot_that_fails_its_seal_is_said_by_the_parts_as_by_one_process(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, cases=8)
    data = db.read_bytes()
    at = data.index(b'"invoice":"F-5"')  # `sed`: the case's opened event, not its row
    db.write_bytes(data[:at] + b'"invoice":"F-9"' + data[at + 15 :])
    with Ledger.open(db, readonly=True) as ledger:
        single = _findings(ledger)
        assert _findings(ledger, workers=2, parallel_from=1) == single
    assert "fails its checksum" in single[0][0]
    assert any(problem.startswith(f"{ids[5]} event #1:") for problem in single[0])


def test_the_command_says_the_same_bytes_in_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    _damaged_ledger(db)
    outputs = []
    for threshold, cores in ((10**9, 1), (1, 2), (1, 4)):
        monkeypatch.setattr(verify_module, "PARALLEL_FROM", threshold)
        monkeypatch.setattr(integrity, "_cores", lambda cores=cores: cores)
        outputs.append(cli(capsys, db, "verify"))
        outputs.append(cli(capsys, db, "verify", "--json"))
    assert outputs[0][0] == outputs[1][0] == 1
    assert outputs[2:4] == outputs[:2] and outputs[4:6] == outputs[:2]


def test_small_ledgers_and_one_case_stay_in_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, cases=5)

    def no_workers(*args: object) -> None:
        raise AssertionError("workers started")

    monkeypatch.setattr(verify_parallel, "check_in_parts", no_workers)
    monkeypatch.setattr(integrity, "_cores", lambda: 2)
    assert cli(capsys, db, "verify")[0] == 0  # 5 cases: under the threshold
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 1)
    assert cli(capsys, db, "verify", ids[1])[0] == 0  # one case
    with pytest.raises(AssertionError, match="workers started"):
        cli(capsys, db, "verify")


def _die(span: tuple[int, int]) -> None:
    os._exit(9)  # as the kernel's out-of-memory killer would leave it


def test_a_worker_that_dies_is_an_error_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.json"
    make_ledger(db, cases=6)
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(integrity, "_cores", lambda: 2)
    monkeypatch.setattr(verify_parallel, "_check_span", _die)
    code, out, err = cli(capsys, db, "verify")
    assert code == 1
    assert "Verified" not in out
    assert "a worker process checking the cases stopped before it finished" in err
    assert "nothing was verified" in err


def test_the_spans_cover_the_case_section_in_whole_lines(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    make_ledger(db, cases=7)
    fd = os.open(db, os.O_RDONLY)
    try:
        snapshot = SnapshotFile(db, fd, os.fstat(fd).st_size, os.fstat(fd).st_ino)
        whole = list(snapshot.lines(only="case"))
        for parts in (1, 2, 3, 7, 20):
            spans = snapshot.spans("case", parts)
            assert 1 <= len(spans) <= min(parts, 7)
            assert [line for span in spans for line in snapshot.lines_in(*span)] == whole
        assert snapshot.spans("nothing", 2) == []
    finally:
        os.close(fd)
