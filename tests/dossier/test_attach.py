"""Attaching files to a case: kept by checksum (0600, never overwritten), one event each,
limits, duplicates, odd names, and the command line."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.describe import describe, file_size
from casetui.dossier.attach import (
    attach_files,
    check_attachable,
    keep_file,
    live_attachments,
    media_type,
    read_attachment,
)
from casetui.dossier.names import EntryNames, display_name, entry_part, extension
from casetui.errors import InputError, OperationalError
from casetui.export import history_html, history_markdown
from casetui.ledger import Ledger
from casetui.model import AttachmentKind, Voided
from casetui.store.owned import evidence_dir
from tests.support import CLOSED, OPEN, TODAY


def write(folder: Path, name: str | bytes, data: bytes) -> Path:
    path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
    with open(path, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(path))


def test_a_file_is_kept_by_its_checksum_and_recorded_once(db: Path, tmp_path: Path) -> None:
    invoice = write(tmp_path, "Invoice F-1.pdf", b"%PDF-1.7 the invoice")
    terms = write(tmp_path, "terms.txt", b"payment within 30 days")
    with Ledger.open(db, today=TODAY) as ledger:
        done = attach_files(
            ledger, OPEN, [invoice, terms], category=AttachmentKind.INVOICE, note="as sent",
            today=TODAY,
        )  # fmt: skip
        assert [event.name for event in done.attached] == ["Invoice F-1.pdf", "terms.txt"]
        first = done.attached[0]
        digest = hashlib.sha256(b"%PDF-1.7 the invoice").hexdigest()
        assert (first.sha256, first.size, first.media_type) == (digest, 20, "application/pdf")
        assert first.stored == f"{digest}.pdf" and first.category is AttachmentKind.INVOICE
        assert done.attached[1].media_type == "text/plain" and first.note == "as sent"
        kept = evidence_dir(db) / first.stored
        assert kept.read_bytes() == b"%PDF-1.7 the invoice"
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        # One action: one undo cancels both.
        assert done.attached[1].part_of == first.id
        _, state = ledger.undo(OPEN, TODAY)
        assert live_attachments(state) == []
    assert kept.exists()  # undo keeps the file: evidence is never deleted


def test_the_same_file_twice_is_said_and_not_recorded_again(db: Path, tmp_path: Path) -> None:
    original = write(tmp_path, "a.pdf", b"%PDF same bytes")
    copy = write(tmp_path, "renamed copy.pdf", b"%PDF same bytes")
    with Ledger.open(db, today=TODAY) as ledger:
        first = attach_files(ledger, OPEN, [original], today=TODAY).attached[0]
        again = attach_files(ledger, OPEN, [copy, original], today=TODAY)
        assert again.attached == ()
        assert again.duplicates == (("renamed copy.pdf", first.id), ("a.pdf", first.id))
        assert len(live_attachments(ledger.case(OPEN))) == 1
        # Named twice in one go: kept once.
        other = write(tmp_path, "b.txt", b"other")
        both = attach_files(ledger, OPEN, [other, other], today=TODAY)
        assert len(both.attached) == 1 and both.duplicates == (("b.txt", 0),)
        # Another case may hold the same file; after an undo it may be attached again.
        assert len(attach_files(ledger, "C-2026-0003", [original], today=TODAY).attached) == 1
        ledger.append(OPEN, Voided(date=TODAY, voids=(first.id,)))
        assert len(attach_files(ledger, OPEN, [original], today=TODAY).attached) == 1


def test_limits_and_what_is_not_a_file(db: Path, tmp_path: Path) -> None:
    big = write(tmp_path, "scan.pdf", b"x" * 1001)
    with pytest.raises(
        InputError, match=r"scan.pdf is 1,001 bytes, more than the 1,000 bytes .*attach_limit_mb"
    ):
        read_attachment(big, limit=1000)
    assert read_attachment(big, limit=1001).data == b"x" * 1001
    with pytest.raises(InputError, match="is empty"):
        check_attachable(write(tmp_path, "empty.pdf", b""))
    with pytest.raises(InputError, match="no such file"):
        check_attachable(tmp_path / "missing.pdf")
    with pytest.raises(InputError, match="is a folder"):
        check_attachable(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        check_attachable(fifo)  # never opened: reading a pipe would hang
    # One bad file attaches none.
    good = write(tmp_path, "good.pdf", b"%PDF good")
    with Ledger.open(db, today=TODAY) as ledger, pytest.raises(InputError):
        attach_files(ledger, OPEN, [good, tmp_path / "missing.pdf"], today=TODAY)
    with Ledger.open(db, readonly=True) as ledger:
        assert live_attachments(ledger.case(OPEN)) == []
    assert not evidence_dir(db).exists()


def test_a_kept_file_is_never_overwritten(tmp_path: Path) -> None:
    data = b"the original"
    digest = hashlib.sha256(data).hexdigest()
    folder = tmp_path / "evidence"
    path = keep_file(folder, f"{digest}.txt", data, digest)
    assert keep_file(folder, f"{digest}.txt", data, digest) == path  # intact: reused
    path.write_bytes(b"tampered")
    with pytest.raises(OperationalError, match="does not match its checksum"):
        keep_file(folder, f"{digest}.txt", data, digest)
    assert path.read_bytes() == b"tampered"  # the changed file stays as proof
    assert [p.name for p in folder.iterdir()] == [f"{digest}.txt"]  # no temp left behind


def test_odd_names_are_shown_safely_and_kept_under_a_safe_name(db: Path, tmp_path: Path) -> None:
    names = {
        b"bell\x07and\nnewline.pdf": "bell\ufffdand\ufffdnewline.pdf",
        b"latin1 caf\xe9.txt": "latin1 caf\ufffd.txt",  # not UTF-8
        b"\xe8\xab\x8b\xe6\xb1\x82\xe6\x9b\xb8.pdf": "請求書.pdf",
        b"[red]x[@] <script>.html": "[red]x[@] <script>.html",
        b"a" * 250 + b".pdf": "a" * 195 + "….pdf",
    }
    paths = [write(tmp_path, raw, raw) for raw in names]
    with Ledger.open(db, today=TODAY) as ledger:
        done = attach_files(ledger, OPEN, paths, today=TODAY)
    assert [event.name for event in done.attached] == list(names.values())
    assert all(len(event.name) <= 200 for event in done.attached)
    assert [event.stored.split(".")[1] for event in done.attached] == [
        "pdf", "txt", "pdf", "html", "pdf",
    ]  # fmt: skip
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("C:\\Users\\me\\x.pdf") == "x.pdf"
    assert extension("archive.tar.gz") == "gz" and extension("no extension") == "bin"
    assert extension("evil.p/df") == "bin" and extension("x.thisistoolong") == "bin"


def test_entry_names_are_safe_and_never_differ_only_in_case() -> None:
    for hostile in ("../../etc/passwd", "/abs", "..\\..\\win", "a/../b", ".", "", "\x00x"):
        part = entry_part(hostile)
        assert part and "/" not in part and "\\" not in part and not part.startswith(".")
        assert part.isascii() and part.isprintable()
    assert entry_part("..") == "file" and entry_part(".hidden") == "hidden"
    assert entry_part("Café crème.pdf") == "Cafe creme.pdf"
    assert entry_part("請求書.pdf") == "_.pdf"
    assert entry_part("C:\\x\\y.pdf") == "C_x_y.pdf"
    assert len(entry_part("b" * 300 + ".pdf")) == 100
    names = EntryNames()
    assert names.claim("C-1/attachments", "Invoice.PDF") == "C-1/attachments/Invoice.PDF"
    assert names.claim("C-1/attachments", "invoice.pdf") == "C-1/attachments/invoice-2.pdf"
    assert names.claim("C-1/attachments", "INVOICE.pdf") == "C-1/attachments/INVOICE-3.pdf"


def test_media_types_by_name_then_by_content() -> None:
    assert media_type("x.pdf", b"") == "application/pdf"
    assert media_type("scan", b"%PDF-1.4") == "application/pdf"
    assert media_type("photo", b"\x89PNG\r\n\x1a\nrest") == "image/png"
    assert media_type("mail.eml", b"From: x") == "message/rfc822"
    assert media_type("blob", b"\x00\x01") == "application/octet-stream"


def test_the_describer_and_the_exports_list_attachments(db: Path, tmp_path: Path) -> None:
    hostile = write(tmp_path, "| **x** <script>.pdf", b"%PDF hostile")
    with Ledger.open(db, today=TODAY) as ledger:
        done = attach_files(
            ledger, OPEN, [hostile], category=AttachmentKind.PROOF_OF_POSTING,
            note="line one\nline two [/]", today=TODAY,
        )  # fmt: skip
        event = done.attached[0]
        state = done.state
        customer = ledger.customer(state.customer_id)
        markdown = history_markdown(state, customer, TODAY)
        page = history_html(state, customer, TODAY)
    words = describe(event, "EUR")
    assert words.headline == "attached | **x** <script>.pdf (proof of posting)"
    assert words.details == (
        "| **x** <script>.pdf (proof of posting); 12 bytes, application/pdf; "
        "line one / line two [/]"
    )
    section = markdown.split("## Attachments", 1)[1]
    row = next(line for line in section.splitlines() if line.startswith(f"| {event.id} |"))
    assert row.count(" | ") == 7  # the name's | and ** are escaped: the row keeps its cells
    assert f"`{event.sha256}`" in row and "proof of posting" in row
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert event.sha256 in page


def test_file_sizes_read_as_people_read_them() -> None:
    assert [file_size(n) for n in (0, 1, 999, 1000, 48_200, 25_000_000, 3 * 10**9)] == [
        "0 bytes", "1 byte", "999 bytes", "1.0 KB", "48.2 KB", "25.0 MB", "3.0 GB",
    ]  # fmt: skip


def test_a_closed_case_takes_attachments(db: Path, tmp_path: Path) -> None:
    with Ledger.open(db, today=TODAY) as ledger:
        done = attach_files(ledger, CLOSED, [write(tmp_path, "r.pdf", b"%PDF r")], today=TODAY)
    assert len(done.attached) == 1


# --------------------------------------------------------------------------- the command


def run(db: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", TODAY.isoformat(), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_attach_on_the_command_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    invoice = write(tmp_path, "F-1.pdf", b"%PDF the invoice")
    code, out, err = run(db, capsys, "attach", OPEN, str(invoice), "--kind", "invoice")
    assert code == 0, err
    assert out.startswith(f"{OPEN}: attached F-1.pdf as #2 (invoice, 16 bytes, application/pdf")
    code, out, _ = run(db, capsys, "attach", OPEN, str(invoice), "--json")
    assert code == 0
    assert json.loads(out) == {
        "case": OPEN,
        "attached": [],
        "duplicates": [{"name": "F-1.pdf", "event": 2}],
    }
    code, out, _ = run(db, capsys, "show", OPEN)
    assert "Attachment" in out and "F-1.pdf (invoice); 16 bytes, application/pdf" in out


@pytest.mark.parametrize(
    ("argv", "message", "code"),
    [
        (["attach", OPEN, "missing.pdf"], "missing.pdf: no such file", 2),
        (["attach", OPEN, "big.pdf"], "more than the 10 bytes", 2),
        (["attach", OPEN], "required: FILE", 2),
        (["attach", OPEN, "big.pdf", "--kind", "contract"], "invalid choice: 'contract'", 2),
        (["attach", "C-2099-0001", "big.pdf"], "no case 'C-2099-0001'", 2),
    ],
)
def test_attach_refuses_with_one_line(
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
    code: int,
) -> None:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "profile.toml").write_text("[evidence]\nattach_limit_mb = 1\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.pdf").write_bytes(b"x" * 1_000_001)
    from casetui.cli.common import business_profile

    business_profile.cache_clear()
    try:
        if "more than" in message:
            message = "is 1,000,001 bytes, more than the 1,000,000 bytes"
        got, out, err = run(db, capsys, *argv)
    finally:
        business_profile.cache_clear()
    assert got == code and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_the_profile_limits_the_size(tmp_path: Path) -> None:
    from casetui.profile import profile_from_dict

    assert profile_from_dict({}).attach_limit_mb == 25
    assert profile_from_dict({"evidence": {"attach_limit_mb": 100}}).attach_limit_mb == 100
    with pytest.raises(InputError, match="attach limit must be between 1 and 1000 MB"):
        profile_from_dict({"evidence": {"attach_limit_mb": 0}})
    with pytest.raises(InputError, match="a whole number"):
        profile_from_dict({"evidence": {"attach_limit_mb": "25MB"}})
