"""A case's dossier as one zip a lawyer, an agency or a bailiff can file and check.

    manifest.json                         what is inside, with checksums (see `manifest`)
    C-2026-0001/history.md, history.html  the history, as `casetui export` writes it
    C-2026-0001/letters/7-reminder-2026-10-02.pdf
    C-2026-0001/attachments/9-invoice_F-1.pdf
    evidence/<sha256>.<ext>               imported invoices, bank statements, e-mails as sent

A letter's PDF is its own copy when one was kept (a registered letter's PDF, the PDF inside
the e-mail as sent), else its frozen text set as pages (`casetui.letters.pdf.text_pdf`).
Undone letters and attachments are left out (the history still lists them, struck through).
A kept file that is missing, or no longer matches its checksum, is left out and named in the
manifest's `missing`, so the receiver knows it was not forgotten.

The zip is reproducible: entries sorted, one fixed timestamp, fixed permissions (0600:
personal data), the same compression; the same ledger on the same day gives the same bytes.
Entry names are made safe (`casetui.dossier.names`): no `..`, nothing absolute, no two that
differ only in letter case.
"""

from __future__ import annotations

import dataclasses
import email.parser
import email.policy
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from casetui.dossier.heads import chain_head
from casetui.dossier.names import EntryNames
from casetui.errors import InputError
from casetui.export import history_html, history_markdown
from casetui.model import Attached, LetterSent, Opened, Payment
from casetui.store.owned import evidence_dir

if TYPE_CHECKING:
    from casetui.ledger import Ledger
    from casetui.profile import Profile
    from casetui.timeline import CaseState

FORMAT = "casetui-bundle"
VERSION = 1
MANIFEST = "manifest.json"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no clock in the bytes
ENTRY_MODE = 0o100600  # a regular file, readable by its owner only
# Stored as they are: deflating them again gains nothing and costs a second per 20 MB.
_ALREADY_COMPRESSED = frozenset((
    ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".zip", ".gz", ".bz2", ".xz",
    ".7z", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".mp3", ".mp4", ".m4a",
))  # fmt: skip
_KEPT = re.compile(r"([0-9a-f]{64})\.[A-Za-z0-9]{1,8}")
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class BundleFile:
    path: str  # inside the zip
    data: bytes
    role: str  # history | letter | attachment | evidence
    case_id: str = ""
    event_id: int = 0
    name: str = ""  # an attachment's name as attached

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Missing:
    """A file the bundle should hold and does not, and why."""

    case_id: str
    event_id: int
    what: str


@dataclass(frozen=True)
class Bundle:
    files: tuple[BundleFile, ...]
    manifest: dict[str, Any]
    missing: tuple[Missing, ...]

    def to_zip(self) -> bytes:
        return zip_bytes(
            {MANIFEST: manifest_bytes(self.manifest)} | {f.path: f.data for f in self.files}
        )


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A reproducible zip of `entries` (name -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            stored = PurePosixPath(name).suffix.lower() in _ALREADY_COMPRESSED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix: the mode below is read
            info.external_attr = ENTRY_MODE << 16
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


# --------------------------------------------------------------------------- building


def case_bundle(
    ledger: Ledger, case_ids: Sequence[str], *, profile: Profile, today: date
) -> Bundle:
    """The bundle of the cases `case_ids` (one case, or all of a debtor's)."""
    states = [ledger.case(case_id) for case_id in case_ids]
    if not states:
        raise InputError("nothing to export: no cases")
    builder = _Builder(ledger, profile, today)
    for state in states:
        builder.add_case(state)
    ordered = tuple(builder.files[path] for path in sorted(builder.files))
    manifest = build_manifest(ledger, states, ordered, builder.missing, profile, today)
    return Bundle(ordered, manifest, tuple(builder.missing))


class _Builder:
    """Gathers a bundle's files, case by case, under names that never collide."""

    def __init__(self, ledger: Ledger, profile: Profile, today: date) -> None:
        self.ledger, self.profile, self.today = ledger, profile, today
        self.folder = evidence_dir(ledger.path)
        self.names = EntryNames([MANIFEST])
        self.files: dict[str, BundleFile] = {}
        self.missing: list[Missing] = []
        # A letter covering several cases is on each with the same text, evidence and date
        # (only its id and `covers` differ): set once per bundle.
        self._letters: dict[LetterSent, bytes | None] = {}

    def add(self, file: BundleFile) -> None:
        self.files[file.path] = file

    def add_case(self, state: CaseState) -> None:
        case_folder = self.names.claim("", state.id)
        self._add_history(state, case_folder)
        for event in state.timeline():
            if event.id in state.voided_ids:
                continue
            if isinstance(event, LetterSent):
                self._add_letter(state, event, case_folder)
            elif isinstance(event, Attached):
                self._add_attachment(state, event, case_folder)
        for event_id, reference in _evidence_references(state):
            self._add_evidence(state, event_id, reference)

    def _add_history(self, state: CaseState, case_folder: str) -> None:
        customer = self.ledger.customer(state.customer_id)
        options = {
            "creditor": self.profile.name,
            "terms": self.profile.claim_terms(),
            "policy": self.ledger.policy,
        }
        markdown = history_markdown(state, customer, self.today, **options)
        html = history_html(state, customer, self.today, **options)
        self.add(BundleFile(f"{case_folder}/history.md", markdown.encode(), "history", state.id))
        self.add(BundleFile(f"{case_folder}/history.html", html.encode(), "history", state.id))

    def _add_letter(self, state: CaseState, event: LetterSent, case_folder: str) -> None:
        same = dataclasses.replace(event, id=0, recorded_at="", covers=(), part_of=0)
        if same not in self._letters:
            self._letters[same] = letter_copy(self.folder, same)
        copy = self._letters[same]
        if copy is None:
            return  # logged without its text: nothing to show
        name = f"{event.id}-{event.letter_kind.value}-{event.date}.pdf"
        path = self.names.claim(f"{case_folder}/letters", name)
        self.add(BundleFile(path, copy, "letter", state.id, event.id))

    def _add_attachment(self, state: CaseState, event: Attached, case_folder: str) -> None:
        data = _attachment(self.folder, event)
        if isinstance(data, str):
            self.missing.append(Missing(state.id, event.id, data))
            return
        path = self.names.claim(f"{case_folder}/attachments", f"{event.id}-{event.name}")
        self.add(BundleFile(path, data, "attachment", state.id, event.id, event.name))

    def _add_evidence(self, state: CaseState, event_id: int, reference: str) -> None:
        """A kept file an event names, once per bundle (a statement pays several cases)."""
        found = _kept(self.folder, reference)
        if isinstance(found, str):
            self.missing.append(Missing(state.id, event_id, found))
            return
        path = f"evidence/{found.name}"
        if path not in self.files:
            data = found.read_bytes()
            self.add(BundleFile(path, data, "evidence", state.id, event_id, found.name))


def _attachment(folder: Path, event: Attached) -> bytes | str:
    """The attached file's bytes, or why they cannot be given."""
    path = folder / event.stored
    if not _KEPT.fullmatch(event.stored) or path.is_symlink() or not path.is_file():
        return f"the attached file {event.name!r} (evidence/{event.stored}) is missing"
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != event.sha256:
        return f"the attached file {event.name!r} (evidence/{event.stored}) has changed"
    return data


def _evidence_references(state: CaseState) -> Iterable[tuple[int, str]]:
    """(event id, reference) of every kept file a live event names: the imported file a
    case was opened from, a bank statement, an e-mail or PDF as sent."""
    for event in state.timeline():
        if event.id in state.voided_ids:
            continue
        if isinstance(event, Opened) and event.source.startswith("import:"):
            yield event.id, event.source.removeprefix("import:")
        elif isinstance(event, (Payment, LetterSent)) and event.evidence:
            yield event.id, event.evidence.removeprefix("evidence/")


def _kept(folder: Path, reference: str) -> Path | str:
    """The evidence file a reference names (`<sha256>.<ext>`, or a bare SHA-256), checked
    against its checksum; or why it cannot be given."""
    if _KEPT.fullmatch(reference):
        candidates = [folder / reference]
    elif _DIGEST.fullmatch(reference):
        candidates = sorted(folder.glob(f"{reference}.*")) if folder.is_dir() else []
    else:
        return f"names no kept file ({reference!r})"
    for path in candidates:
        match = _KEPT.fullmatch(path.name)
        if match and path.is_file() and not path.is_symlink():
            if hashlib.sha256(path.read_bytes()).hexdigest() != match[1]:
                return f"evidence/{path.name} has changed (it no longer matches its checksum)"
            return path
    return f"the kept file evidence/{reference} is missing"


def letter_copy(folder: Path, letter: LetterSent) -> bytes | None:
    """The letter as sent, as a PDF: its kept PDF (a registered letter), the PDF inside its
    kept e-mail, else its frozen text set as pages; None when no text was kept."""
    if _KEPT.fullmatch(letter.evidence):
        path = folder / letter.evidence
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == letter.evidence.split(".")[0]:
                if letter.evidence.endswith(".pdf"):
                    return data
                if letter.evidence.endswith(".eml"):
                    attached = _pdf_in_message(data)
                    if attached is not None:
                        return attached
    if not letter.text:
        return None
    from casetui.letters.i18n import KIND_NAMES, LANGUAGES, format_date
    from casetui.letters.pdf import text_pdf  # fpdf2 and the fonts: only when needed

    lang = letter.language if letter.language in LANGUAGES else "en"
    kind = KIND_NAMES[lang][letter.letter_kind.value]
    title = f"{kind[:1].upper()}{kind[1:]}, {format_date(letter.date, lang)}"
    return text_pdf(letter.text, title=title, lang=lang, day=letter.date)


def _pdf_in_message(data: bytes) -> bytes | None:
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(data)
    for part in message.walk():
        if part.get_content_type() == "application/pdf":
            content = part.get_content()
            if isinstance(content, bytes):
                return content
    return None


# --------------------------------------------------------------------------- manifest


def build_manifest(
    ledger: Ledger,
    states: Sequence[CaseState],
    files: Sequence[BundleFile],
    missing: Sequence[Missing],
    profile: Profile,
    today: date,
) -> dict[str, Any]:
    """What the receiver checks: every file with its SHA-256 and size, who the creditor
    is, each case's chain head (`heads.chain_head`), and what is missing."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": today.isoformat(),
        "creditor": {
            key: value
            for key, value in (
                ("name", profile.name),
                ("address", list(profile.address_lines)),
                ("country", profile.country),
                ("vat", profile.vat),
                ("company_no", profile.company_no),
                ("email", profile.email),
                ("phone", profile.phone),
            )
            if value
        },
        "cases": [
            {
                "id": state.id,
                "invoice": state.invoice,
                "customer": ledger.customer(state.customer_id).name,
                "events": len(state.raw_events),
                "chain_head": chain_head(ledger, state.id),
            }
            for state in states
        ],
        "files": [
            {
                "path": file.path,
                "sha256": file.sha256,
                "size": len(file.data),
                "role": file.role,
                **({"case": file.case_id} if file.case_id else {}),
                **({"event": file.event_id} if file.event_id else {}),
                **({"name": file.name} if file.role == "attachment" else {}),
            }
            for file in files
        ],
        "missing": [
            {"case": item.case_id, "event": item.event_id, "what": item.what} for item in missing
        ],
    }
