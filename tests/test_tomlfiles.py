"""The user's TOML files are parsed once per content: the parse is kept beside the file
with the checksum of the bytes, and used only while the bytes match."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

import pytest

from casetui.tomlfiles import TomlError, parse_toml, parsed_copy_path

PROFILE = b'[business]\nname = "Studio Noord"\nvat = "NL001"\n\n[deadlines]\nreminder = 14\n'


def test_the_parse_is_kept_and_used_while_the_bytes_match(tmp_path: Path) -> None:
    source = tmp_path / "profile.toml"
    assert parse_toml(PROFILE, source) == tomllib.loads(PROFILE.decode())
    copy = parsed_copy_path(source)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    kept = json.loads(copy.read_text())
    kept["data"]["business"]["name"] = "read from the copy"
    copy.write_text(json.dumps(kept))
    assert parse_toml(PROFILE, source)["business"]["name"] == "read from the copy"
    edited = PROFILE.replace(b"Studio Noord", b"Studio Zuid")
    assert parse_toml(edited, source)["business"]["name"] == "Studio Zuid"  # new bytes: parsed
    assert json.loads(copy.read_text())["data"]["business"]["name"] == "Studio Zuid"


@pytest.mark.parametrize(
    "damage", ["", "{", '{"format": 1}', "[1, 2]", '{"format": 1, "sha256": 5}']
)
def test_a_damaged_copy_is_never_used(tmp_path: Path, damage: str) -> None:
    source = tmp_path / "profile.toml"
    parsed_copy_path(source).write_text(damage)
    assert parse_toml(PROFILE, source) == tomllib.loads(PROFILE.decode())


def test_what_json_cannot_give_back_is_parsed_every_time(tmp_path: Path) -> None:
    source = tmp_path / "profile.toml"
    for raw in (b"day = 2026-12-04\n", b"rate = inf\n", b"[a]\nwhen = 10:30:00\n"):
        assert parse_toml(raw, source) == tomllib.loads(raw.decode())
        assert not parsed_copy_path(source).exists()


def test_invalid_toml_is_refused_and_leaves_no_copy(tmp_path: Path) -> None:
    source = tmp_path / "profile.toml"
    for raw in (b"[business\n", b"name = \xff\n"):
        with pytest.raises(TomlError):
            parse_toml(raw, source)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_take_the_copy_still_reads(tmp_path: Path) -> None:
    source = tmp_path / "profile.toml"
    parsed_copy_path(source).mkdir()  # the copy cannot be written over a folder
    assert parse_toml(PROFILE, source) == tomllib.loads(PROFILE.decode())
    assert sorted(p.name for p in tmp_path.iterdir()) == [parsed_copy_path(source).name]
