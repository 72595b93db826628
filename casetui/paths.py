"""Where casetui keeps its files: the ledger, the user's config, and the bundled data."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

APP_NAME = "casetui"
LEDGER_ENV = "CASETUI_DB"
CONFIG_ENV = "CASETUI_CONFIG_DIR"


def default_ledger_path() -> Path:
    """`CASETUI_DB` if set, else `ledger.json` in the platform's user data folder."""
    override = os.environ.get(LEDGER_ENV)
    if override:
        return Path(override).expanduser()
    return _user_data_dir() / "ledger.json"


# A demo ledger keeps its own config folder (its fictional business profile) beside it, so
# that nothing of the demo reaches the user's own config folder.
DEMO_CONFIG = "demo-config"
# In a demo's config folder: the backup holding the user's own ledger that `demo --force`
# replaced (restoring that backup removes the demo's config folder).
USER_LEDGER_BACKUP = "replaced-ledger-backup"


def demo_ledger_path() -> Path:
    """Where `casetui demo` writes without `--db`: a folder of its own, never the user's
    ledger."""
    return _user_data_dir() / "demo" / "ledger.json"


def ledger_config_dir(ledger: Path) -> Path | None:
    """The config folder a demo ledger carries beside it, if `ledger` has one."""
    folder = ledger.parent / DEMO_CONFIG
    return folder if folder.is_dir() else None


def config_dir() -> Path:
    """The user's config folder (business profile, templates, extra rate rows).

    `CASETUI_CONFIG_DIR` overrides it, which tests and the demo use to stay out of the
    real folder.
    """
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return _xdg_dir("XDG_CONFIG_HOME", ".config") or _platformdirs().user_config_path(APP_NAME)


def _user_data_dir() -> Path:
    return _xdg_dir("XDG_DATA_HOME", ".local/share") or _platformdirs().user_data_path(APP_NAME)


def _xdg_dir(variable: str, default: str) -> Path | None:
    """On Linux, the XDG base directory as `platformdirs` gives it (the variable when set to
    an absolute path, else its default under home), without importing `platformdirs`: that
    costs every command about 20 million instructions. None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get(variable, "").strip()
    if os.path.isabs(base):
        return Path(base) / APP_NAME
    try:
        return Path.home() / default / APP_NAME
    except RuntimeError:  # no home directory to be found: the library's answer, whatever it is
        return None


def _platformdirs() -> ModuleType:
    import platformdirs  # macOS and Windows: their conventions are the library's

    return platformdirs


# While a demo ledger's own config folder stands in for the user's (its fictional business
# profile), the user's own folder is kept here: what belongs to the person, not to the
# business (keys.toml), is still read from it.
USER_CONFIG_ENV = "CASETUI_USER_CONFIG_DIR"


def user_config_dir() -> Path:
    """The person's own config folder (keys.toml), even on a demo ledger, whose config
    folder holds only the demo business's profile."""
    own = os.environ.get(USER_CONFIG_ENV)
    return Path(own).expanduser() if own else config_dir()


@cache  # asked for every claim's rates (11,000 letters due at 50,000 cases): resolved once
def data_dir() -> Path:
    """The bundled data files (rate tables, holidays, templates).

    In a source checkout they live in the top-level `data/`; an installed wheel carries
    them as `casetui/_data`.
    """
    package = Path(__file__).resolve().parent
    installed = package / "_data"
    if installed.is_dir():
        return installed
    return package.parent / "data"
