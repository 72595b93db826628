"""The points of limitation law the research could not verify, as settings a user can change.

LIMITATION.md marks them NOT VERIFIED (or L); the defaults are the conservative reading.
They are the `Settings` defaults below; `data/limitation/settings.toml` states each of them
with its reason and source (a test holds the two together), and a user's
`<config dir>/limitation.toml` with the same sections and keys overrides them one by one.
Unknown sections or keys are refused by name, so a typo never silently keeps a default.
Without a user's file, nothing is parsed: every command that folds a case needs these.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path
from typing import Any

from casetui.errors import InputError
from casetui.paths import config_dir, data_dir
from casetui.values import frozen

SETTINGS_FILE = "limitation.toml"


@frozen
class Settings:
    # BE: whether a period ending on a weekend or holiday runs to the next working day (the
    # Judicial Code's roll-over is for procedural acts; Book 1 of the new Civil Code unread).
    be_weekend_rollover: bool = False
    # BE: art. 2272's 1-year presumption for every business selling goods to a consumer
    # (who is a "koopman" since the 2018 reform, and whether invoiced claims are covered).
    be_presumptive_goods: bool = True
    # BE: show the Law of 1 May 1913 art. 5 date (1 year from the end of the year of sale).
    be_law_1913: bool = True
    # BE: a 2244 §2 notice sent fewer days than this before the period ends is not counted
    # (one source says "at the latest one month before"); 0 counts it up to the last day.
    be_lawyer_notice_min_days: int = 30
    # NL: "opeisbaar" read as the day after the due date (one day later than the default).
    nl_start_day_after_due: bool = False
    # NL: whether a bare part payment acknowledges the whole debt.
    nl_part_payment_acknowledges: bool = False
    # Scotland: the appropriate date, "due" (default) or "delivery" when a credit period
    # does not postpone enforceability (Johnson & Smart v Sinclair, outcome not read).
    scot_start: str = "due"
    # A consumer case without a claim kind is taken as goods: the shorter period (NL 7:28,
    # BE 2272) when a contract mixes goods and work or nobody said.
    consumer_claim_kind: str = "goods"


_SECTIONS = {
    "be": ("weekend_rollover", "presumptive_goods", "law_1913", "lawyer_notice_min_days"),
    "nl": ("start_day_after_due", "part_payment_acknowledges"),
    "scot": ("start",),
    "cases": ("consumer_claim_kind",),
}
_CHOICES = {"scot_start": ("due", "delivery"), "consumer_claim_kind": ("goods", "services")}
_FIELDS = {field.name: field for field in dataclasses.fields(Settings)}


def _field_name(section: str, key: str) -> str:
    return key if section == "cases" else f"{section}_{key}"


def settings_from_dict(data: dict[str, Any], origin: str, base: Settings) -> Settings:
    """`base` with the values of `data` (a parsed TOML file) put over it."""
    values: dict[str, Any] = {}
    for section, table in data.items():
        keys = _SECTIONS.get(section)
        if keys is None or not isinstance(table, dict):
            raise InputError(
                f"unknown section [{section}] in {origin} (valid: {', '.join(_SECTIONS)})"
            )
        for key, value in table.items():
            if key not in keys:
                raise InputError(
                    f"unknown setting {key!r} in [{section}] of {origin} (valid: {', '.join(keys)})"
                )
            name = _field_name(section, key)
            values[name] = _checked(name, value, f"{section}.{key} in {origin}")
    return dataclasses.replace(base, **values)


def _checked(name: str, value: Any, where: str) -> Any:
    default = _FIELDS[name].default
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise InputError(f"{where}: write true or false, got {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
            raise InputError(f"{where}: a whole number of days from 0 to 365, got {value!r}")
        return value
    choices = _CHOICES[name]
    if value not in choices:
        raise InputError(f"{where}: one of {', '.join(choices)}, got {value!r}")
    return value


def _read(path: Path, base: Settings) -> Settings:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return base
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    from casetui.tomlfiles import TomlError, parse_toml

    try:
        data = parse_toml(raw, path)
    except TomlError as error:
        raise InputError(f"{path} is not valid TOML: {error}") from None
    return settings_from_dict(data, str(path), base)


@lru_cache(maxsize=8)
def _load(user: Path) -> Settings:
    return _read(user, Settings())


def load_settings(folder: Path | None = None) -> Settings:
    """The defaults with the user's file (in `folder`, default the config folder) over
    them. Read once per process and folder."""
    return _load((folder if folder is not None else config_dir()) / SETTINGS_FILE)


def bundled_settings_file() -> Path:
    """The bundled file that states every default, with its reason: a user copies from it."""
    return data_dir() / "limitation" / "settings.toml"
