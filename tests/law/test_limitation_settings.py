"""The unverified points of limitation law are settings: the bundled file documents the
defaults, a user's file overrides them key by key, and a typo is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetui.errors import InputError
from casetui.limitation import Settings, load_settings
from casetui.limitation.settings import settings_from_dict
from casetui.paths import data_dir


def test_the_bundled_file_states_every_default() -> None:
    """The defaults are `Settings()` (nothing is parsed without a user's file); the bundled
    file that documents them must say the same, every one of them."""
    import tomllib

    from casetui.limitation.settings import _SECTIONS, bundled_settings_file

    bundled = bundled_settings_file()
    assert bundled.parent.parent == data_dir()
    data = tomllib.loads(bundled.read_text(encoding="utf-8"))
    assert {section: tuple(table) for section, table in data.items()} == _SECTIONS
    assert settings_from_dict(data, str(bundled), Settings(be_law_1913=False)) == Settings()
    assert load_settings(Path("/nonexistent")) == Settings()


def test_a_user_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "limitation.toml").write_text("[be]\nlawyer_notice_min_days = 0\n")
    settings = load_settings(tmp_path)
    assert settings.be_lawyer_notice_min_days == 0
    assert settings.be_presumptive_goods is True  # the rest keeps the bundled value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fr": {}}, "unknown section [fr]"),
        ({"be": {"rollover": True}}, "unknown setting 'rollover' in [be]"),
        ({"be": {"weekend_rollover": "yes"}}, "write true or false"),
        ({"be": {"lawyer_notice_min_days": 400}}, "from 0 to 365"),
        ({"scot": {"start": "invoice"}}, "one of due, delivery"),
        ({"cases": {"consumer_claim_kind": "periodic"}}, "one of goods, services"),
    ],
)
def test_wrong_settings_are_refused_by_name(data: dict, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        settings_from_dict(data, "limitation.toml", Settings())


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "limitation.toml").write_text("[be\n")
    with pytest.raises(InputError, match="is not valid TOML"):
        load_settings(tmp_path)
