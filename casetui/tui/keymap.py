"""User key remaps: `keys.toml` in the config folder (`CASETUI_CONFIG_DIR` overrides it).

Each line maps a binding id to the key(s) that should run it instead of the default:

    # ~/.config/casetui/keys.toml
    "case.call" = "C"            # log a call with shift+c
    "case.payment" = "p,$"       # two keys for one action
    "table.down" = "ctrl+n"

`python -m casetui.tui.keymap` lists the ids (also `known_binding_ids()`); key names
are Textual's (`ctrl+x`, `f5`, `question_mark`, a single character). A missing file is
fine; a broken one is reported when the app starts and the defaults are kept.
"""

from __future__ import annotations

import tomllib
from pathlib import Path


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The keymap in `path` and a list of problems (empty when all is well)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return {}, [f"cannot read {path}: {error.strerror or error}"]
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{path} is not valid TOML ({error}); using the default keys"]
    known = known_binding_ids()
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in _flatten(data):
        if binding_id not in known:
            problems.append(f"{path.name}: no key with the id {binding_id!r}")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f'{path.name}: {binding_id} wants a key as text, e.g. "C"')
        else:
            keymap[binding_id] = ",".join(part.strip() for part in keys.split(","))
    return keymap, problems


def _flatten(data: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """Accept both `"case.call" = "C"` and a `[case]` table with `call = "C"`."""
    items: list[tuple[str, object]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{name}."))
        else:
            items.append((name, value))
    return items


def known_binding_ids() -> dict[str, str]:
    """Every remappable binding id of the app, with its description."""
    from casetui.tui import forms
    from casetui.tui.app import CaseApp
    from casetui.tui.screens.case import CaseScreen
    from casetui.tui.screens.cases import CasesScreen
    from casetui.tui.screens.letter import LetterKindPicker, LetterScreen
    from casetui.tui.screens.today import TodayScreen
    from casetui.tui.screens.views import EventScreen, WorksheetScreen
    from casetui.tui.widgets.case_table import CaseTable
    from casetui.tui.widgets.timeline import TimelineTable

    owners: list[type] = [CaseApp, TodayScreen, CasesScreen, CaseScreen, EventScreen]
    owners += [WorksheetScreen, CaseTable, TimelineTable, LetterScreen, LetterKindPicker]
    owners += [form for name in forms.__all__ if isinstance(form := getattr(forms, name), type)]
    ids: dict[str, str] = {}
    for owner in owners:
        for cls in owner.__mro__:
            for binding in cls.__dict__.get("BINDINGS", ()):
                binding_id = getattr(binding, "id", None)
                if binding_id:
                    ids.setdefault(binding_id, binding.description)
    return ids


if __name__ == "__main__":  # `python -m casetui.tui.keymap`: the ids to use in keys.toml
    for binding_id, description in sorted(known_binding_ids().items()):
        print(f"{binding_id:<20} {description}")
