"""The letter's text in the user's own editor (`$EDITOR`), while the app steps aside."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported


@dataclass(frozen=True)
class Editor:
    argv: tuple[str, ...]
    note: str  # what to tell the user about the choice ("" when $EDITOR was used)


def find_editor(environ: dict[str, str] | None = None) -> Editor | None:
    """`$EDITOR` (then `$VISUAL`), else nano or vi if installed; None if there is none."""
    env = os.environ if environ is None else environ
    for name in ("EDITOR", "VISUAL"):
        value = env.get(name, "").strip()
        if value:
            try:
                argv = tuple(shlex.split(value))
            except ValueError:
                argv = (value,)
            if argv:
                return Editor(argv, "" if name == "EDITOR" else f"using $VISUAL ({value})")
    for fallback in ("nano", "vi"):
        found = shutil.which(fallback)
        if found:
            return Editor((found,), f"$EDITOR is not set: using {fallback}")
    return None


def edit_externally(app: App[Any], body: str, name: str) -> str | None:
    """The text after the user's editor ran on it (in a private temporary file, the app
    suspended); None, after saying why, when there is no editor or it failed."""
    editor = find_editor()
    if editor is None:
        app.notify(
            "No editor found: set $EDITOR (e.g. export EDITOR=nano), or press f2 to edit here.",
            title="Editor",
            severity="warning",
            markup=False,
        )
        return None
    with tempfile.TemporaryDirectory(prefix="casetui-letter-") as folder:
        path = Path(folder) / name
        path.write_text(body, encoding="utf-8")
        path.chmod(0o600)
        try:
            with app.suspend():
                run = subprocess.run([*editor.argv, str(path)], check=False)
        except SuspendNotSupported:
            app.notify(
                "This terminal cannot hand over to an editor; press f2 to edit here.",
                severity="warning",
                markup=False,
            )
            return None
        except OSError as error:
            app.notify(
                f"Could not start {editor.argv[0]}: {error.strerror or error}",
                title="Editor",
                severity="error",
                markup=False,
            )
            return None
        if editor.note:  # said after the editor: before it, the editor would cover it
            app.notify(editor.note, title="Editor", markup=False)
        if run.returncode != 0:
            app.notify(
                f"The editor stopped with code {run.returncode}: the text is unchanged.",
                title="Editor",
                severity="warning",
                markup=False,
            )
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            app.notify(f"Could not read the edited text: {error}", markup=False)
            return None
