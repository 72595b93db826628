"""Several writers, one at a time: the lock is held only while a write commits, a writer
folds in what others committed first, and no acknowledged write is ever lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.model import Note
from casetui.store import ledger_store
from tests.support import TODAY_ISO

from .helpers import DAY, make_ledger, notes


@pytest.fixture(autouse=True)
def _no_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))


def test_a_ledger_open_elsewhere_does_not_stop_a_write(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, purpose="app") as app, Ledger.open(db) as script:
        script.append(ids[0], Note(date=DAY, text="from the script"))
        app.append(ids[0], Note(date=DAY, text="from the app"))  # folds in the script's first
        assert [e.id for e in app.case(ids[0]).timeline()] == [1, 2, 3, 4]
    with Ledger.open(db, readonly=True) as reader:
        assert notes(reader, ids[0]) == ["first note", "from the script", "from the app"]


def test_what_a_compaction_folded_in_from_others_still_reaches_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app compacts when idle; the refresh inside that compaction takes in another
    process's writes. They must still be reported (its cached cases dropped, shown), or the
    app's next write would fold on a case as it was before them."""
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    monkeypatch.setattr(ledger_store, "COMPACT_AT_BYTES", 1)
    with Ledger.open(db, purpose="app") as app, Ledger.open(db) as script:
        app.append(ids[0], Note(date=DAY, text="from the app"))
        assert notes(app, ids[0]) == ["first note", "from the app"]  # cached now
        script.append(ids[0], Note(date=DAY, text="from the script"))
        assert app.store.compact_quietly()
        assert app.changed_on_disk()
        assert ids[0] in (app.refresh() or ())
        assert notes(app, ids[0]) == ["first note", "from the app", "from the script"]
        script.append(ids[0], Note(date=DAY, text="the script again"))
        app.store.compact()
        app.append(ids[0], Note(date=DAY, text="the app again"))  # no refresh in between
        assert notes(app, ids[0])[-2:] == ["the script again", "the app again"]
    with Ledger.open(db, readonly=True) as reader:
        assert notes(reader, ids[0]) == [
            "first note", "from the app", "from the script", "the script again", "the app again"
        ]  # fmt: skip


def test_a_reader_sees_what_others_committed_when_it_refreshes(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db)
    with Ledger.open(db, readonly=True) as reader:
        assert len(reader.rows()) == 3 and not reader.changed_on_disk()
        with Ledger.open(db) as writer:
            writer.append(ids[2], Note(date=DAY, text="news"))
        assert reader.changed_on_disk()
        assert reader.refresh() == frozenset({ids[2]})
        assert notes(reader, ids[2]) == ["news"]
        assert reader.row(ids[2]).last_event_id == 2
        assert not reader.changed_on_disk() and reader.refresh() == frozenset()


def test_thirty_concurrent_writers_keep_every_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "ledger.json"
    ids = make_ledger(db, cases=5)
    env = {**os.environ, "CASETUI_LOCK_WAIT": "30"}
    command = [sys.executable, "-m", "casetui", "--db", str(db), "--today", TODAY_ISO, "log"]
    writers = [
        subprocess.Popen(
            [*command, ids[n % len(ids)], "note", f"writer {n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(30)
    ]
    said = [(writer.wait(timeout=300), *writer.communicate()) for writer in writers]
    assert all(code == 0 for code, _, _ in said), [err for code, _, err in said if code]
    assert all("warning" not in err for _, _, err in said)
    with Ledger.open(db, readonly=True) as ledger:
        written = sorted(text for case_id in ids for text in notes(ledger, case_id))
        assert written == sorted(["first note"] + [f"writer {n}" for n in range(30)])
        for case_id in ids:
            assert ledger.case_problems(case_id) == []
            timeline = ledger.case(case_id).timeline()
            assert [e.id for e in sorted(timeline, key=lambda e: e.id)] == list(
                range(1, len(timeline) + 1)
            )
    check = subprocess.run(
        [sys.executable, "-m", "casetui", "--db", str(db), "verify"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr


def test_the_lock_names_its_user_as_getpass_would(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    from casetui.store.lock import _user_name

    monkeypatch.setenv("LOGNAME", "alice")
    assert _user_name() == "alice" == getpass.getuser()
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    assert _user_name() == getpass.getuser()
