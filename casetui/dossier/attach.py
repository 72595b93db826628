"""Attaching documents to a case: the invoice, the accepted terms, a proof of posting, a
debtor's letter.

Each file is read once, checked (a regular file, not empty, not above the profile's size
limit), kept in `evidence/<sha256>.<ext>` beside the ledger (0600, never overwritten: a
file already there under that name must be the same bytes, or nothing is attached), and
recorded as an `attached` event naming it, its kind, size, media type and checksum. All the
files of one command are one action (one undo). The same content attached twice to a case
is said and not recorded again; undoing an attachment leaves its kept file in place (other
cases or letters may name it) and lets it be attached again.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from casetui.describe import file_size
from casetui.dossier.names import display_name, extension
from casetui.errors import InputError, OperationalError
from casetui.model import Attached, AttachmentKind
from casetui.store.durable import FILE_MODE, TEMP_MARK, describe_os_error, fsync_dir, write_all
from casetui.store.owned import evidence_dir

if TYPE_CHECKING:
    from casetui.ledger import Ledger
    from casetui.timeline import CaseState

MB = 1_000_000
DEFAULT_LIMIT = 25 * MB

# Only the types Python knows itself: the same file gets the same type on every machine.
_TYPES = mimetypes.MimeTypes(filenames=())
# When the name says nothing: the first bytes of common documents.
_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"<?xml", "application/xml"),
)
OCTET_STREAM = "application/octet-stream"


@dataclass(frozen=True)
class Incoming:
    """A file read for attaching: its name to show, its bytes and what they are."""

    source: Path
    name: str
    data: bytes
    sha256: str
    media_type: str

    @property
    def stored(self) -> str:
        """The kept copy's name in `evidence/`."""
        return f"{self.sha256}.{extension(self.name)}"


@dataclass(frozen=True)
class Attaching:
    """What `attach_files` did: the events it recorded, and the files it did not record
    again (their name and the event that already holds them)."""

    state: CaseState
    attached: tuple[Attached, ...]
    duplicates: tuple[tuple[str, int], ...]


def media_type(name: str, data: bytes) -> str:
    """The file's media type: by its extension, else by its first bytes."""
    guessed, _ = _TYPES.guess_type(name, strict=False)
    if guessed:
        return guessed
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), OCTET_STREAM)


def check_attachable(path: Path, limit: int = DEFAULT_LIMIT) -> int:
    """The size of the file at `path`, or `InputError` saying in one line why it cannot be
    attached (missing, a folder, a device, empty, above `limit` bytes)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"{path}: cannot read it: {reason}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path} is a folder; attach the files in it")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path} is not a regular file (a device, a pipe or a socket)")
    if info.st_size > limit:
        raise InputError(_too_large(path, info.st_size, limit))
    if info.st_size == 0:
        raise InputError(f"{path} is empty; nothing to attach")
    return info.st_size


def read_attachment(path: Path, limit: int = DEFAULT_LIMIT) -> Incoming:
    """Read `path` for attaching, or say in one line why it cannot be (`InputError`)."""
    check_attachable(path, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # the file may grow between stat and read
    except OSError as error:
        raise InputError(describe_os_error(error, f"reading {path}")) from None
    if len(data) > limit:
        raise InputError(_too_large(path, len(data), limit))
    if not data:
        raise InputError(f"{path} is empty; nothing to attach")
    shown = display_name(str(path))
    return Incoming(path, shown, data, hashlib.sha256(data).hexdigest(), media_type(shown, data))


def _too_large(path: Path, size: int, limit: int) -> str:
    shown, most = file_size(size), file_size(limit)
    if shown == most:  # 25.0 MB is more than 25.0 MB: say the bytes
        shown, most = f"{size:,} bytes", f"{limit:,} bytes"
    return (
        f"{path} is {shown}, more than the {most} a file attached may be "
        "([evidence] attach_limit_mb in the profile)"
    )


def keep_file(folder: Path, name: str, data: bytes, sha256: str) -> Path:
    """Keep `data` as `folder/name`, readable by the user only, never replacing a file:
    an intact copy already there is used, anything else under that name is refused
    (`OperationalError`: it changed since it was kept, which `verify` reports)."""
    path = folder / name
    try:
        if os.path.lexists(path):
            if _intact(path, sha256):
                return path
            raise OperationalError(
                f"evidence/{name} is there but does not match its checksum (it changed since "
                "it was kept); nothing was attached: see `casetui verify`"
            )
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = folder / f".{name}{TEMP_MARK}{os.getpid()}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            try:
                write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(temp, path)  # fails if the name was taken meanwhile: no overwrite
            except FileExistsError:
                if not _intact(path, sha256):
                    raise
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
        fsync_dir(folder)
    except OperationalError:
        raise
    except OSError as error:
        raise OperationalError(describe_os_error(error, f"keeping a copy in {folder}")) from None
    return path


def _intact(path: Path, sha256: str) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def live_attachments(state: CaseState) -> list[Attached]:
    """The case's attachments that were not undone, in the order they were attached."""
    return [
        event
        for event in state.timeline()
        if isinstance(event, Attached) and event.id not in state.voided_ids
    ]


def attach_files(
    ledger: Ledger,
    case_id: str,
    paths: Sequence[Path],
    *,
    category: AttachmentKind = AttachmentKind.OTHER,
    note: str = "",
    today: date,
    limit: int = DEFAULT_LIMIT,
) -> Attaching:
    """Attach `paths` to the case: every file is read and checked before anything is kept
    or recorded, so one bad file attaches none."""
    state = ledger.case(case_id)
    incoming = [read_attachment(path, limit) for path in paths]
    return record_attachments(ledger, state.id, incoming, category=category, note=note, today=today)


def record_attachments(
    ledger: Ledger,
    case_id: str,
    incoming: Iterable[Incoming],
    *,
    category: AttachmentKind,
    note: str,
    today: date,
) -> Attaching:
    """Keep files already read and record them (the app reads them in a worker first)."""
    state = ledger.case(case_id)
    held = {event.sha256: event.id for event in live_attachments(state)}
    fresh: list[Incoming] = []
    duplicates: list[tuple[str, int]] = []
    for file in incoming:
        if file.sha256 in held:
            duplicates.append((file.name, held[file.sha256]))
        elif any(file.sha256 == other.sha256 for other in fresh):
            duplicates.append((file.name, 0))  # named twice in one go
        else:
            fresh.append(file)
    if not fresh:
        return Attaching(state, (), tuple(duplicates))
    folder = evidence_dir(ledger.path)
    for file in fresh:
        keep_file(folder, file.stored, file.data, file.sha256)
    events = [
        Attached(
            date=today,
            name=file.name,
            category=category,
            size=len(file.data),
            media_type=file.media_type,
            sha256=file.sha256,
            stored=file.stored,
            note=note.strip(),
        )
        for file in fresh
    ]
    last_before = max(raw["id"] for raw in state.raw_events)
    state = ledger.append(state.id, *events)
    recorded = tuple(
        event
        for event in state.timeline()
        if isinstance(event, Attached) and event.id > last_before
    )
    return Attaching(state, recorded, tuple(duplicates))
