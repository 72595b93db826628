"""The app beside other writers: scripts and the command line write while it is open, the
app shows their changes (it watches the journal), and every acknowledged write is kept.
And a case whose history does not match what was written shows it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

from casetui.ledger import Ledger
from casetui.model import Note
from casetui.store import CaseDamaged, ledger_store
from casetui.store.durable import journal_path
from casetui.tui import app as app_module
from casetui.tui.app import CaseApp, make_app
from casetui.tui.screens.case import CaseScreen
from casetui.tui.screens.cases import CasesScreen
from casetui.tui.screens.today import TodayScreen
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import record_notifications

from .helpers import Published, settle, table_ids, text_of, toasts


async def casetui(ledger: Ledger, *argv: str, **env: str) -> tuple[int, str]:
    """Run the command line beside the app without blocking its event loop."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "casetui", "--db", str(ledger.path), "--today", TODAY.isoformat(),
        *argv,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **env},
    )  # fmt: skip
    _, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, err.decode()


async def caught_up(pilot: Pilot[object], ledger: Ledger) -> None:
    """Until the app has folded in everything others wrote: each time the journal moved,
    the app's own "others wrote" signal, then its writer thread idle."""
    app = pilot.app
    assert isinstance(app, CaseApp)
    await settle(pilot)
    while ledger.changed_on_disk():
        await Published(app, app.others_wrote_signal).wait()
        await settle(pilot)


def _notes(ledger: Ledger, case_id: str) -> list[str]:
    return [e.text for e in ledger.case(case_id).timeline() if isinstance(e, Note)]


async def test_the_app_shows_what_another_casetui_wrote(ledger: Ledger, tmp_path: Path) -> None:
    app = record_notifications(make_app(ledger, TODAY, export_dir=tmp_path))
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        case_id = table_ids(app)[0]
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        shown = Published(
            app, app.others_wrote_signal, lambda changed: changed is None or case_id in changed
        )
        code, err = await casetui(ledger, "log", case_id, "note", "typed in a terminal beside it")
        assert code == 0, err
        await shown.wait()
        assert screen.state is not None
        texts = [getattr(event, "text", "") for event in screen.state.timeline()]
        assert texts[-1] == "typed in a terminal beside it"  # shown without a key pressed
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        # And it writes on top of it: the other process's event came first.
        await pilot.press("enter", "n")
        await pilot.press(*"and one from the app")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _notes(ledger, case_id)[-2:] == [
            "typed in a terminal beside it",
            "and one from the app",
        ]


async def test_thirty_command_line_writers_and_the_app_lose_nothing(
    ledger: Ledger, tmp_path: Path
) -> None:
    app = record_notifications(make_app(ledger, TODAY, export_dir=tmp_path))
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        assert isinstance(app.screen, CasesScreen)
        ids = table_ids(app)[:6]
        writers = [
            asyncio.ensure_future(
                casetui(ledger, "log", ids[n % len(ids)], "note", f"script {n}",
                        CASETUI_LOCK_WAIT="60")
            )
            for n in range(30)
        ]  # fmt: skip
        for number in range(3):  # the app writes meanwhile, through its own screens
            await pilot.press("enter", "n")
            await pilot.press(*f"app {number}")
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("escape")
        results = await asyncio.gather(*writers)
        assert [code for code, _ in results] == [0] * 30, [err for _, err in results if err]
        await caught_up(pilot, ledger)  # the app shows all of it
        written = [text for case_id in ids for text in _notes(ledger, case_id)]
        assert sorted(t for t in written if t.startswith("script")) == sorted(
            f"script {n}" for n in range(30)
        )
        assert sum(t.startswith("app ") for t in written) == 3
    with Ledger.open(ledger.path, readonly=True) as again:  # what is on disk, read afresh
        everything = [text for case_id in ids for text in _notes(again, case_id)]
        assert len([t for t in everything if t.startswith(("script", "app "))]) == 33


async def test_a_big_journal_is_folded_in_while_the_app_is_idle(
    ledger: Ledger, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(ledger_store, "COMPACT_AT_BYTES", 1)
    monkeypatch.setattr(app_module, "IDLE_BEFORE_COMPACTION", 0.2)
    app = record_notifications(make_app(ledger, TODAY, export_dir=tmp_path))
    snapshot_before = ledger.path.stat().st_ino
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "n")
        await pilot.press(*"a note")
        compacted = Published(app, app.compacted_signal)
        await pilot.press("ctrl+s")
        assert await compacted.wait() is True
        await settle(pilot)
        assert ledger.path.stat().st_ino != snapshot_before  # a new snapshot, renamed in
        header_only = journal_path(ledger.path).read_bytes().count(b"\n") == 1
        assert header_only  # folded in, without quitting
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        await pilot.press("n")
        await pilot.press(*"and another")
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Ledger.open(ledger.path, readonly=True) as again:
        assert _notes(again, screen.case_id)[-2:] == ["a note", "and another"]


async def test_a_case_whose_history_was_changed_shows_it_and_takes_no_changes(
    demo_file: Path, tmp_path: Path, monkeypatch
) -> None:
    import shutil

    db = tmp_path / "ledger.json"
    for source in demo_file.parent.iterdir():
        if source.is_file() and not source.name.endswith(".lock"):
            shutil.copy(source, tmp_path / source.name)
    with Ledger.open(db, backup=False) as ledger:
        ledger.store.compact()
        case_id = next(r.id for r in ledger.rows() if r.last_event_id > 1 and not r.is_closed)
        invoice = ledger.row(case_id).invoice
    data = db.read_bytes()
    at = data.index(b'"invoice":"' + invoice.encode(), data.index(f'"case:{case_id}"'.encode()))
    at += len(b'"invoice":"')
    db.write_bytes(data[:at] + b"X" + data[at + 1 :])  # one letter of the invoice number
    monkeypatch.setattr(app_module, "VERIFY_AFTER_SECONDS", 0.1)
    app = CaseApp(
        TODAY,
        open_ledger=lambda: app_module.open_for_app(db),
        export_dir=tmp_path,
        verify_in_background=True,
    )
    record_notifications(app)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        checked = Published(app, app.integrity_signal)
        report = await checked.wait()
        await settle(pilot)
        assert report is app.integrity and not report.ok
        assert any(case_id in message for message in toasts(app))
        app.open_case(case_id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        said = text_of(app, "#integrity")
        assert "Tamper check failed: event #1 was changed after it was written" in said
        assert "takes no changes" in said
        for verb in ("note", "payment", "undo", "edit"):  # dimmed: no form, nothing queued
            assert screen.check_action(verb, ()) is None
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert screen.check_action("export", ()) is True  # reading it is still fine
        # And the ledger itself refuses a write to it, whoever asks.
        with pytest.raises(CaseDamaged):
            app.ledger.append(case_id, Note(date=TODAY, text="a note"))
    app.ledger.close()
    await asyncio.sleep(0)
