"""Attach a file to a case: its path (completed as you type, → takes the completion), what
it is, and a note. The form only checks the file; the case screen keeps and records it (in
the writer thread: a file may be large)."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.suggester import Suggester

from casetui.describe import file_size
from casetui.dossier.attach import check_attachable
from casetui.errors import InputError
from casetui.model import AttachmentKind, Customer
from casetui.timeline import CaseState
from casetui.tui.forms.base import FormScreen
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.fields import FieldNote, TextField

_MOST_LISTED = 2_000  # entries looked at in one folder while completing


@dataclass(frozen=True)
class AttachRequest:
    """What the form asks for: the file, what it is, a note."""

    path: Path
    category: AttachmentKind
    note: str


def path_completion(text: str) -> str | None:
    """`text` completed to the first name in its folder that starts with what was typed
    (hidden files only when a dot was typed), with `/` after a folder; None when nothing
    fits."""
    if not text or "\x00" in text:
        return None
    folder_text, _, prefix = text.rpartition("/")
    folder = (
        Path(os.path.expanduser(folder_text + "/"))
        if folder_text or text.startswith("/")
        else Path(".")
    )
    try:
        with os.scandir(folder) as entries:
            names = []
            for number, entry in enumerate(entries):
                if number >= _MOST_LISTED:
                    break
                if entry.name.startswith(prefix) and (
                    prefix.startswith(".") or not entry.name.startswith(".")
                ):
                    names.append((entry.name, entry.is_dir()))
    except (OSError, ValueError):
        return None
    names = [item for item in names if item[0] != prefix or item[1]]
    if not names:
        return None
    name, is_folder = min(names)
    return f"{text}{name[len(prefix) :]}{'/' if is_folder else ''}"


class PathSuggester(Suggester):
    """Completes file paths from the file system (off the event loop)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(path_completion, value)


class AttachForm(FormScreen["AttachRequest | None"]):
    """Pick a file to attach to the case."""

    FORM_TITLE = "Attach a file"
    AUTO_FOCUS = "#path Input"
    HELP: ClassVar[str] = """
## Attach a file

Type the file's path: the rest of a name is proposed as you type, **→** (right arrow)
takes it, `~` is your home folder. Then what it is to the case, and a note if you like.
**ctrl+s** attaches it, **escape** drops it.

The file is kept beside the ledger under its checksum (never overwritten) and listed on
the timeline; **enter** on it shows its details and opens it. Exports and bundles carry it.
"""

    def __init__(self, case: CaseState, customer: Customer, limit: int) -> None:
        super().__init__()
        self.case = case
        self.customer = customer
        self.limit = limit

    def header(self) -> Content:
        return Content.from_markup(
            "[b]$case_id[/b]  ·  [b]$name[/b]  ·  invoice $invoice",
            case_id=self.case.id,
            name=self.customer.name,
            invoice=self.case.invoice,
        )

    def compose_fields(self) -> ComposeResult:
        yield TextField(
            "File",
            required=True,
            rule=self._file_problem,
            describe=self._describe_file,
            placeholder="~/Documents/invoice.pdf",
            suggester=PathSuggester(),
            hint=f"→ takes the completion; at most {file_size(self.limit)}",
            id="path",
        )
        yield ChoiceField(
            "Kind",
            [(kind, kind.value.replace("-", " ")) for kind in AttachmentKind],
            value=AttachmentKind.OTHER,
            columns=3,
            id="kind",
        )
        yield TextField("Note", placeholder="optional: what it shows", id="note")

    def _path(self, text: str) -> Path:
        return Path(os.path.expanduser(text.strip()))

    def _file_problem(self, text: str) -> str | None:
        try:
            check_attachable(self._path(text), self.limit)
        except InputError as error:
            return str(error)
        return None

    def _describe_file(self, text: str) -> FieldNote:
        try:
            size = check_attachable(self._path(text), self.limit)
        except InputError:
            return None
        return file_size(size)

    def build(self) -> AttachRequest | None:
        path = self._path(self.query_one("#path", TextField).value)
        kind = self.query_one("#kind", ChoiceField).value or AttachmentKind.OTHER
        note = self.query_one("#note", TextField).value
        return AttachRequest(path, kind, note)
