"""User key remaps: `keys.toml` in the config folder (`CASETUI_CONFIG_DIR` overrides it).

Each line maps a binding id to the key(s) that should run it instead of the default:

    # ~/.config/casetui/keys.toml
    "case.call" = "C"            # log a call with shift+c
    "case.payment" = "p,$"       # two keys for one action
    "table.down" = "ctrl+n"

`python -m casetui.tui.keymap` lists the ids (also `known_binding_ids()`); key names
are Textual's (`ctrl+x`, `f5`, `question_mark`, a single character). A missing file is
fine; a broken one is reported when the app starts and the defaults are kept.

`python -m casetui.tui.keymap --markdown` prints the README's key table, made from the
bindings themselves (a test keeps the README in step with it).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.binding import Binding


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


_FORM_NAMES = {
    "Confirm": "yes/no question",
    "CopyFormat": "save a copy",
    "LetterChooser": "letter chooser",
    "LetterEditor": "letter editor",
}


def _owners() -> list[tuple[str, type]]:
    """Where keys live, with the name people know the place by, in reading order. A key
    is listed once, under the first place that has it (shared ones under their base)."""
    from casetui.tui import forms
    from casetui.tui.app import CaseApp
    from casetui.tui.forms.base import FormScreen
    from casetui.tui.screens.bank import BankScreen, EntryTable
    from casetui.tui.screens.bank_cases import CasesForEntry, ProposalTable
    from casetui.tui.screens.batch_letters import BatchLettersScreen
    from casetui.tui.screens.case import CaseScreen
    from casetui.tui.screens.cases import CasesScreen
    from casetui.tui.screens.debtor import DebtorScreen
    from casetui.tui.screens.importer import ImportScreen
    from casetui.tui.screens.letter import LetterScreen
    from casetui.tui.screens.lists import ListScreen
    from casetui.tui.screens.mailing import PasswordPrompt
    from casetui.tui.screens.reports import ReportsScreen
    from casetui.tui.screens.send_due import SendDueScreen
    from casetui.tui.screens.today import TodayScreen
    from casetui.tui.screens.views import EventScreen, WorksheetScreen
    from casetui.tui.widgets.case_table import CaseTable
    from casetui.tui.widgets.timeline import TimelineTable

    places: list[tuple[str, type]] = [
        ("everywhere", CaseApp),
        ("Today, All cases", CaseTable),
        ("Today, All cases", ListScreen),
        ("Today", TodayScreen),
        ("All cases", CasesScreen),
        ("Reports", ReportsScreen),
        ("case", CaseScreen),
        ("debtor", DebtorScreen),
        ("case timeline", TimelineTable),
        ("entry, worksheet", EventScreen),
        ("entry, worksheet", WorksheetScreen),
        ("letter preview", LetterScreen),
        ("send the day's e-mails", SendDueScreen),
        ("letters for marked cases", BatchLettersScreen),
        ("SMTP password", PasswordPrompt),
        ("import", ImportScreen),
        ("bank", EntryTable),
        ("bank", BankScreen),
        ("cases for a bank entry", ProposalTable),
        ("cases for a bank entry", CasesForEntry),
        ("every form", FormScreen),
    ]
    for name in forms.__all__:
        form = getattr(forms, name)
        if isinstance(form, type):
            label = _FORM_NAMES.get(name) or f"{name.removesuffix('Form').lower()} form"
            places.append((label, form))
    return places


def _bindings(owner: type) -> list[Binding]:
    """The bindings with an id that `owner` declares or inherits, base classes first."""
    found: list[Binding] = []
    for cls in reversed(owner.__mro__):
        found.extend(b for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding) and b.id)
    return found


def known_binding_ids() -> dict[str, str]:
    """Every remappable binding id of the app, with its description."""
    ids: dict[str, str] = {}
    for _, owner in _owners():
        for binding in _bindings(owner):
            ids.setdefault(binding.id, binding.description)  # type: ignore[arg-type]
    return ids


def key_table() -> str:
    """The Markdown key table of the README: place, keys, what they do, binding id."""
    from textual.keys import format_key

    rows = ["| where | key | what it does | id |", "|---|---|---|---|"]
    seen: set[str] = set()
    for place, owner in _owners():
        for binding in _bindings(owner):
            binding_id = binding.id
            if binding_id is None or binding_id in seen:
                continue
            seen.add(binding_id)
            keys = " ".join(f"`{format_key(key.strip())}`" for key in binding.key.split(","))
            what = binding.description or binding.tooltip
            rows.append(f"| {place} | {keys} | {what} | `{binding_id}` |")
    return "\n".join(rows)


if __name__ == "__main__":  # `python -m casetui.tui.keymap`: the ids to use in keys.toml
    import sys

    if sys.argv[1:] == ["--markdown"]:
        print(key_table())
    else:
        for binding_id, description in sorted(known_binding_ids().items()):
            print(f"{binding_id:<20} {description}")
