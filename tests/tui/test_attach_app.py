"""Attaching from the case screen (f: a path with completion, a kind, a note) and opening
an attachment (enter shows it, o hands it to the viewer: a fake one here, never a real
program)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from casetui.dossier.attach import attach_files, live_attachments
from casetui.dossier.reading import verify_bundle
from casetui.ledger import Ledger
from casetui.model import AttachmentKind
from casetui.store.owned import evidence_dir
from casetui.tui.app import CaseApp
from casetui.tui.forms.attach import AttachForm, path_completion
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.screens.attachment import AttachmentScreen
from casetui.tui.screens.case import CaseScreen
from casetui.tui.widgets.timeline import TimelineTable
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import settle, toasts
from tests.tui.test_case_keys import first_open_case, open_case


def test_path_completion(tmp_path: Path) -> None:
    (tmp_path / "invoices").mkdir()
    (tmp_path / "invoice-F1.pdf").write_bytes(b"x")
    (tmp_path / ".hidden").write_bytes(b"x")
    base = f"{tmp_path}/"
    assert path_completion(base + "invoice-") == base + "invoice-F1.pdf"
    assert path_completion(base + "invoices") == base + "invoices/"  # a folder gets its /
    assert path_completion(base + "invoi") == base + "invoice-F1.pdf"  # first by name
    assert path_completion(base + "invoice-F1.pdf") is None  # nothing left to add
    assert path_completion(base + "x") is None
    assert path_completion(base + ".h") == base + ".hidden"
    assert path_completion(base + "nowhere/x") is None
    assert path_completion("") is None


async def test_attach_with_the_form_then_open_it(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "[b]terms[red] 2026.pdf").write_bytes(b"%PDF the terms")
    opened: list[Path] = []
    app.open_file = opened.append
    case_id = first_open_case(ledger)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_case(pilot, case_id)
        await pilot.press("f")
        assert isinstance(app.screen, AttachForm)
        await pilot.press("ctrl+s")  # no file yet: refused, the form stays
        assert isinstance(app.screen, AttachForm)
        path_input = app.screen.query_one("#path Input", Input)
        path_input.value = f"{files}/[b]te"
        await pilot.pause()
        await pilot.press("end", "right")  # takes the proposed completion
        await pilot.pause()
        assert path_input.value == f"{files}/[b]terms[red] 2026.pdf"
        app.screen.query_one("#kind", ChoiceField).select(AttachmentKind.TERMS)
        app.screen.query_one("#note Input", Input).value = "signed by the debtor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen

        (attached,) = live_attachments(ledger.case(case_id))
        assert (attached.name, attached.category, attached.note) == (
            "[b]terms[red] 2026.pdf", AttachmentKind.TERMS, "signed by the debtor",
        )  # fmt: skip
        assert f"{case_id}: attached [b]terms[red] 2026.pdf (terms)" in toasts(app)
        timeline = screen.query_one(TimelineTable)
        assert str(attached.id) in [str(key.value) for key in timeline.rows]

        # enter on the row: its details; o: the viewer gets the kept file.
        timeline.move_cursor(row=timeline.get_row_index(str(attached.id)))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AttachmentScreen)
        await pilot.press("o")
        await settle(pilot)
        assert opened == [evidence_dir(ledger.path) / attached.stored]
        assert "Opened [b]terms[red] 2026.pdf" in toasts(app)

        # Changed on disk since: not opened as if it were the evidence.
        (evidence_dir(ledger.path) / attached.stored).write_bytes(b"%PDF edited")
        await pilot.press("o")
        await settle(pilot)
        assert len(opened) == 1
        assert any("Not opened:" in toast and "does not match" in toast for toast in toasts(app))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        # The same file again: said, not recorded twice.
        (files / "copy.pdf").write_bytes(b"%PDF the terms")
        await pilot.press("f")
        app.screen.query_one("#path Input", Input).value = str(files / "copy.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(live_attachments(ledger.case(case_id))) == 1
        assert any("already attached" in toast for toast in toasts(app))


async def test_the_form_says_what_is_wrong_with_the_file(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    app.profile = type(app.profile)(attach_limit_mb=1)
    (tmp_path / "big.pdf").write_bytes(b"x" * 1_000_001)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        screen = await open_case(pilot, first_open_case(ledger))
        await pilot.press("f")
        form = app.screen
        field_input = form.query_one("#path Input", Input)
        for text, message in (
            (str(tmp_path / "missing.pdf"), "no such file"),
            (str(tmp_path), "is a folder"),
            (str(tmp_path / "big.pdf"), "more than the 1,000,000 bytes"),
        ):
            field_input.value = text
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form
            status = str(form.query_one("#form-status").render())
            assert message in status, (text, status)
        await pilot.press("escape")  # a path was typed: asked first (issue 18, item 17)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and isinstance(screen, CaseScreen)
    assert not evidence_dir(ledger.path).exists() or not any(
        p.suffix == ".pdf" for p in evidence_dir(ledger.path).iterdir()
    )


async def test_capital_x_saves_the_cases_bundle(
    app: CaseApp, ledger: Ledger, tmp_path: Path
) -> None:
    case_id = next(s.id for s in ledger.cases() if s.letters and s.closed is None)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF scan")
    attach_files(ledger, case_id, [tmp_path / "scan.pdf"], today=TODAY)
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await open_case(pilot, case_id)
        await pilot.press("X")
        await settle(pilot)
    target = tmp_path / "exports" / f"case-{case_id}.zip"
    check = verify_bundle(target)
    assert check.ok
    paths = [item["path"] for item in check.manifest["files"]]
    assert f"{case_id}/history.md" in paths
    assert any(path.startswith(f"{case_id}/attachments/") for path in paths)
    assert f"Bundle of {case_id} saved to {target}" in toasts(app)
