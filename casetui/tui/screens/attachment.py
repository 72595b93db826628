"""One attached file: what it is, its checksum and where it is kept, and `o` to open it
with the system's viewer (`CaseApp.open_file`). The kept file is checked against its
checksum before it is opened: a changed file is not shown as the evidence it was."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from casetui.describe import file_size, words
from casetui.dossier.checks import attachment_problems
from casetui.errors import CasetuiError
from casetui.markdown import escape_markdown, markdown_parser
from casetui.model import Attached, Customer
from casetui.timeline import CaseState
from casetui.tui.screens.views import _BACK, _View
from casetui.tui.widgets.chrome import TitleBar
from casetui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from casetui.tui.app import CaseApp


def attachment_markdown(state: CaseState, customer: Customer, event: Attached, folder: Path) -> str:
    """The attachment's details as Markdown (user text escaped)."""
    size = file_size(event.size)
    if event.size >= 1000:
        size += f" ({event.size:,} bytes)"
    lines = [
        f"# {escape_markdown(event.name)}",
        "",
        f"Attached to case {state.id} ({escape_markdown(customer.name)}, invoice "
        f"{escape_markdown(state.invoice)}) on {event.date.isoformat()}, entry #{event.id}.",
        "",
        f"- **Kind:** {words(event.category.value)}",
        f"- **Size:** {size}",
        f"- **Type:** {escape_markdown(event.media_type)}",
        f"- **SHA-256:** `{event.sha256}`",
        f"- **Kept as:** {escape_markdown(str(folder / event.stored), joiner=' ')}",
    ]
    if event.note:
        lines.append(f"- **Note:** {escape_markdown(event.note, joiner=' / ')}")
    if event.id in state.voided_ids:
        lines += ["", "**This attachment was undone.** The kept file stays beside the ledger."]
    lines += ["", "**o** opens it with your system's viewer."]
    return "\n".join(lines) + "\n"


class AttachmentScreen(_View):
    """An attachment's details; `o` opens the file."""

    HELP = (
        "## Attachment\n\nThe file attached to the case: what it is, its SHA-256 checksum "
        "and where the copy is kept. **o** opens it with your system's viewer (after "
        "checking it is still the file attached); **escape** goes back to the case."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *_BACK,
        Binding("o", "open", "Open", id="attachment.open", tooltip="With the system's viewer"),
    ]

    def __init__(self, state: CaseState, customer: Customer, event: Attached, folder: Path):
        super().__init__()
        self.state, self.customer, self.event, self.folder = state, customer, event, folder

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Case {self.state.id} · attachment #{self.event.id}", "")
        with VerticalScroll():
            yield Markdown(
                attachment_markdown(self.state, self.customer, self.event, self.folder),
                parser_factory=markdown_parser,
            )
        yield KeyBar()

    def action_open(self) -> None:
        self._open()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open(self) -> None:
        """Check the kept file (hashing a large one takes a moment), then hand it over."""
        app = cast("CaseApp", self.app)
        event = self.event
        problems = list(
            attachment_problems(
                self.folder.parent,
                [(self.state.id, event.id, {"kind": event.kind, **_fields(event)})],
            )
        )
        if problems:
            app.call_from_thread(
                app.notify, f"Not opened: {problems[0].what}", severity="error", markup=False
            )
            return
        try:
            app.open_file(self.folder / event.stored)
        except CasetuiError as error:
            app.call_from_thread(app.notify, f"Not opened: {error}", severity="error", markup=False)
            return
        app.call_from_thread(app.notify, f"Opened {event.name}", title="Attachment", markup=False)


def _fields(event: Attached) -> dict[str, object]:
    return {"name": event.name, "stored": event.stored, "sha256": event.sha256}
