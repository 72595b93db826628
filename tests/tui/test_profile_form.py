"""The business profile form (`B` on the lists, "Business profile…" in the palette): checked
as typed, saved as a private TOML file on ctrl+s, nothing written on escape."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.app import App

from casetui.profile import DEMO_PROFILE, Profile, load_profile, write_demo_profile
from casetui.tui.app import CaseApp
from casetui.tui.forms.fields import TextAreaField, TextField
from casetui.tui.forms.profile import ProfileForm
from tests.support import APP_SIZE
from tests.tui.flow_helpers import settle
from tests.tui.helpers import toasts


@pytest.fixture
def profile_file() -> Path:
    return Path(os.environ["CASETUI_CONFIG_DIR"]) / "profile.toml"


def message(form: ProfileForm, field: str) -> str:
    line = form.query_one(f"#{field} .field--message")
    return str(line.render()).strip()  # type: ignore[attr-defined]


async def test_fill_in_and_save_writes_a_private_file(app: CaseApp, profile_file: Path) -> None:
    assert not profile_file.exists()
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B")
        form = app.screen
        assert isinstance(form, ProfileForm)
        form.query_one("#name", TextField).text = "Atelier [/] Lumière"
        form.query_one("#address", TextAreaField).text = "Rue Haute 1\n1000 Bruxelles"
        form.query_one("#country").select("BE")  # type: ignore[attr-defined]
        form.query_one("#vat", TextField).text = "0767123411"
        form.query_one("#iban", TextField).text = "be68539007547034"
        await pilot.pause()
        assert message(form, "iban") == "→ BE68 5390 0754 7034"  # shown formatted
        form.query_one("#reminder_days", TextField).text = "10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProfileForm)
    assert stat.S_IMODE(profile_file.stat().st_mode) == 0o600
    saved = load_profile(profile_file)
    assert saved.name == "Atelier [/] Lumière" and saved.country == "BE"
    assert saved.iban == "BE68 5390 0754 7034" and saved.vat == "BE 0767.123.411"
    assert saved.address_lines == ("Rue Haute 1", "1000 Bruxelles")
    assert saved.reminder_days == 10
    assert any("Business profile saved to" in t for t in toasts(app))


async def test_an_invalid_iban_blocks_saving_with_the_reason(
    app: CaseApp, profile_file: Path
) -> None:
    write_demo_profile(profile_file.parent)
    before = profile_file.read_bytes()
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B")
        form = app.screen
        assert isinstance(form, ProfileForm)
        assert form.query_one("#iban", TextField).text == DEMO_PROFILE.iban
        form.query_one("#iban", TextField).text = "BE68 5390 0754 7035"
        await pilot.pause()
        assert "is not valid (its check digits do not match)" in message(form, "iban")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.focused is form.query_one("#iban", TextField).control
        # Two fees at once are refused on save (a rule across fields).
        form.query_one("#iban", TextField).text = DEMO_PROFILE.iban
        form.query_one("#fee_fixed", TextField).text = "40"
        form.query_one("#fee_percent", TextField).text = "10%"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        status = str(form.query_one("#form-status").render())  # type: ignore[attr-defined]
        assert "not both" in status
    assert profile_file.read_bytes() == before


async def test_a_profile_linked_onto_the_ledger_is_not_written_through(
    app: CaseApp, profile_file: Path
) -> None:
    """Regression: the profile was saved without naming the ledger to the guarded writer, so
    a profile.toml linked onto the ledger's lock file (empty: a valid, empty profile)
    replaced it: a new lock file, while other writers still held the old one."""
    lock = app.ledger.path.with_name(app.ledger.path.name + ".lock")
    lock.touch()
    profile_file.parent.mkdir(parents=True, exist_ok=True)
    profile_file.symlink_to(lock)
    inode = lock.stat().st_ino
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B")
        form = app.screen
        assert isinstance(form, ProfileForm)
        form.query_one("#name", TextField).text = "Atelier Lumière"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("belongs to the ledger" in t for t in toasts(app))
    assert lock.stat().st_ino == inode and lock.read_bytes() == b""


async def test_escape_writes_nothing(app: CaseApp, profile_file: Path) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B")
        form = app.screen
        assert isinstance(form, ProfileForm)
        form.query_one("#name", TextField).text = "Never saved"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProfileForm)
    assert not profile_file.exists()


async def test_a_broken_profile_file_is_not_opened_over(app: CaseApp, profile_file: Path) -> None:
    profile_file.parent.mkdir(parents=True, exist_ok=True)
    profile_file.write_text("[business\nname = 'x'\n")
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert not isinstance(app.screen, ProfileForm)
        assert any("not valid TOML" in t for t in toasts(app))
    assert profile_file.read_text() == "[business\nname = 'x'\n"


async def test_the_form_alone_returns_the_tidied_profile() -> None:
    results: list[Profile | None] = []
    async with App().run_test(size=(80, 24)) as pilot:
        pilot.app.push_screen(ProfileForm(Profile()), results.append)
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ProfileForm)
        form.query_one("#bic", TextField).text = "gkcc bebb"
        form.query_one("#consumer_days", TextField).text = "0"
        await pilot.pause()
        assert "between 1 and 120" in message(form, "consumer_days")
        form.query_one("#consumer_days", TextField).text = "21"
        form.query_one("#contract_rate", TextField).text = "8,5"
        await pilot.press("ctrl+s")
        await pilot.pause()
    [profile] = results
    assert profile is not None and profile.bic == "GKCCBEBB" and profile.consumer_days == 21
    assert str(profile.contract_rate) == "8.5"


async def test_the_attachment_limit_is_in_the_form_checked_and_saved(
    app: CaseApp, profile_file: Path
) -> None:
    """Issue 17's attachment size limit (`[evidence] attach_limit_mb`) had no field here."""
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B")
        form = app.screen
        assert isinstance(form, ProfileForm)
        limit = form.query_one("#attach_limit_mb", TextField)
        assert limit.value == "25"
        limit.text = "0"
        await pilot.pause()
        assert "between 1 and 1000 MB" in message(form, "attach_limit_mb")
        limit.text = "40"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProfileForm)
    assert load_profile(profile_file).attach_limit_mb == 40
