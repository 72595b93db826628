"""A case's bundle: what it holds, its manifest, safe names, the same bytes every time, and
the command line (`export --format zip`, `verify --bundle`)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.dossier.attach import attach_files, keep_file
from casetui.dossier.bundle import MANIFEST, case_bundle, letter_copy
from casetui.dossier.heads import chain_head
from casetui.dossier.reading import verify_bundle
from casetui.ledger import Ledger
from casetui.model import Channel, LetterKind, LetterSent, Payment, Voided
from casetui.profile import Profile
from casetui.store.owned import evidence_dir
from tests.support import OPEN, TODAY, eur, opened

PROFILE = Profile(name="Studio Noord BV", country="BE", address="Veldstraat 1\n9000 Gent")
LETTER_TEXT = (
    "Studio Noord BV\n\nBrasserie De Klok BV\n\n# Reminder\n\nPlease pay **1,250.00 EUR**."
)


def kept(db: Path, data: bytes, extension: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    keep_file(evidence_dir(db), f"{digest}.{extension}", data, digest)
    return f"{digest}.{extension}"


def eml_with_pdf(pdf: bytes) -> bytes:
    message = EmailMessage()
    message["Subject"] = "Reminder"
    message["From"], message["To"] = "me@example.be", "them@example.be"
    message.set_content("See the letter attached.")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename="reminder.pdf")
    return bytes(message)


SENT_EML = eml_with_pdf(b"%PDF-1.7 the e-mailed letter")  # once: its MIME boundary is random


@pytest.fixture
def dossier(db: Path, tmp_path: Path) -> Path:
    """The open case with an imported invoice, a bank payment, three letters (text only,
    registered with its PDF, e-mailed with its .eml), two attachments and an undone one."""
    with Ledger.open(db, today=TODAY) as ledger:
        source = "import:" + kept(db, b"<Invoice>F-9</Invoice>", "xml").split(".")[0]
        draft = opened(invoice="F-9", customer_id=ledger.case(OPEN).customer_id)
        ledger.open_case(dataclasses.replace(draft, source=source), year=2026)  # C-2026-0004
        statement = kept(db, b"<Document>camt</Document>", "xml")
        registered_pdf = b"%PDF-1.7 registered letter as posted"
        ledger.append(
            OPEN,
            LetterSent(date=TODAY, letter_kind=LetterKind.REMINDER, channel=Channel.POST,
                       text=LETTER_TEXT, language="en"),
        )  # fmt: skip
        ledger.append(
            OPEN,
            LetterSent(date=TODAY, letter_kind=LetterKind.FORMAL_NOTICE,
                       channel=Channel.REGISTERED, text=LETTER_TEXT,
                       evidence=kept(db, registered_pdf, "pdf")),
        )  # fmt: skip
        ledger.append(
            OPEN,
            LetterSent(date=TODAY, letter_kind=LetterKind.SECOND_REMINDER, channel=Channel.EMAIL,
                       text=LETTER_TEXT, recipient="them@example.be",
                       evidence=kept(db, SENT_EML, "eml")),
        )  # fmt: skip
        ledger.append(
            OPEN,
            Payment(date=TODAY, amount=eur("100"), method="bank", evidence=statement.split(".")[0]),
        )
        files = tmp_path / "files"
        files.mkdir()
        (files / "Invoice.PDF").write_bytes(b"%PDF invoice")
        (files / "invoice.pdf").write_bytes(b"%PDF another invoice, same name but case")
        (files / "undone.txt").write_bytes(b"attached by mistake")
        attach_files(ledger, OPEN, [files / "Invoice.PDF", files / "invoice.pdf"], today=TODAY)
        mistake = attach_files(ledger, OPEN, [files / "undone.txt"], today=TODAY).attached[0]
        ledger.append(OPEN, Voided(date=TODAY, voids=(mistake.id,)))
    return db


def bundle_of(db: Path, *case_ids: str):  # type: ignore[no-untyped-def]
    with Ledger.open(db, readonly=True) as ledger:
        return case_bundle(ledger, list(case_ids) or [OPEN], profile=PROFILE, today=TODAY)


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_the_bundle_holds_the_history_letters_attachments_and_evidence(dossier: Path) -> None:
    data = bundle_of(dossier).to_zip()
    files = entries(data)
    statement = hashlib.sha256(b"<Document>camt</Document>").hexdigest()
    assert sorted(files) == sorted(
        [
            MANIFEST,
            f"{OPEN}/history.md",
            f"{OPEN}/history.html",
            f"{OPEN}/letters/2-reminder-2026-11-23.pdf",
            f"{OPEN}/letters/3-formal-notice-2026-11-23.pdf",
            f"{OPEN}/letters/4-second-reminder-2026-11-23.pdf",
            f"{OPEN}/attachments/6-Invoice.PDF",
            f"{OPEN}/attachments/7-invoice.pdf",
            f"evidence/{statement}.xml",
            f"evidence/{_digest(b'%PDF-1.7 registered letter as posted')}.pdf",
            f"evidence/{_digest(SENT_EML)}.eml",
        ]
    )
    # A registered letter: its own PDF; an e-mail: the PDF it carried; else its text set.
    assert files[f"{OPEN}/letters/3-formal-notice-2026-11-23.pdf"] == (
        b"%PDF-1.7 registered letter as posted"
    )
    assert (
        files[f"{OPEN}/letters/4-second-reminder-2026-11-23.pdf"] == b"%PDF-1.7 the e-mailed letter"
    )
    assert files[f"{OPEN}/letters/2-reminder-2026-11-23.pdf"].startswith(b"%PDF-")
    assert files[f"{OPEN}/attachments/6-Invoice.PDF"] == b"%PDF invoice"
    history = files[f"{OPEN}/history.md"].decode()
    assert "## Attachments" in history and "Invoice.PDF" in history
    assert "undone.txt" not in files and not any("undone" in name for name in files)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_manifest_names_every_file_with_its_checksum(dossier: Path) -> None:
    files = entries(bundle_of(dossier).to_zip())
    manifest = json.loads(files.pop(MANIFEST))
    assert manifest["format"] == "casetui-bundle" and manifest["version"] == 1
    assert manifest["exported"] == "2026-11-23"
    assert manifest["creditor"] == {
        "name": "Studio Noord BV", "address": ["Veldstraat 1", "9000 Gent"], "country": "BE",
    }  # fmt: skip
    with Ledger.open(dossier, readonly=True) as ledger:  # the hash of its last event
        head = ledger.row(OPEN).head
    assert len(head) == 64
    assert manifest["cases"] == [
        {"id": OPEN, "invoice": "F-1", "customer": "Brasserie De Klok BV", "events": 9,
         "chain_head": head},
    ]  # fmt: skip
    listed = {item["path"]: item for item in manifest["files"]}
    assert set(listed) == set(files)
    for path, data in files.items():
        assert listed[path]["sha256"] == hashlib.sha256(data).hexdigest()
        assert listed[path]["size"] == len(data)
    attachment = listed[f"{OPEN}/attachments/6-Invoice.PDF"]
    assert (attachment["role"], attachment["name"], attachment["event"]) == (
        "attachment",
        "Invoice.PDF",
        6,
    )
    assert manifest["missing"] == []


def test_the_same_ledger_gives_the_same_bytes(dossier: Path) -> None:
    first, second = bundle_of(dossier).to_zip(), bundle_of(dossier).to_zip()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {stat.S_IMODE(info.external_attr >> 16) for info in infos} == {0o600}
    # PDFs are compressed already: stored as they are; the text files are deflated.
    methods = {info.filename.rsplit(".", 1)[-1]: info.compress_type for info in infos}
    assert methods["pdf"] == zipfile.ZIP_STORED and methods["md"] == zipfile.ZIP_DEFLATED


def test_a_missing_or_changed_kept_file_is_left_out_and_named(dossier: Path) -> None:
    with Ledger.open(dossier, readonly=True) as ledger:
        state = ledger.case(OPEN)
    attached = [e for e in state.timeline() if e.kind == "attached"]
    (evidence_dir(dossier) / attached[0].stored).write_bytes(b"changed")
    (evidence_dir(dossier) / attached[1].stored).unlink()
    bundle = bundle_of(dossier)
    assert [(m.event_id, m.what) for m in bundle.missing] == [
        (6, "the attached file 'Invoice.PDF' (evidence/" + attached[0].stored + ") has changed"),
        (7, "the attached file 'invoice.pdf' (evidence/" + attached[1].stored + ") is missing"),
    ]
    manifest = json.loads(entries(bundle.to_zip())[MANIFEST])
    assert [item["event"] for item in manifest["missing"]] == [6, 7]
    assert not any("attachments/" in item["path"] for item in manifest["files"])


def test_chain_heads_come_from_the_ledger_when_it_keeps_them() -> None:
    class Row:
        head = "ab" * 32

    class ChainedLedger:
        def row(self, case_id: str) -> Row:
            return Row()

    assert chain_head(ChainedLedger(), OPEN) == "ab" * 32
    assert chain_head(object(), OPEN) is None


def test_a_letter_without_a_kept_copy_is_set_from_its_text(tmp_path: Path) -> None:
    letter = LetterSent(date=TODAY, letter_kind=LetterKind.REMINDER, channel=Channel.POST,
                        text=LETTER_TEXT)  # fmt: skip
    first = letter_copy(tmp_path, letter)
    assert (
        first is not None and first.startswith(b"%PDF-") and first == letter_copy(tmp_path, letter)
    )
    logged = LetterSent(date=TODAY, letter_kind=LetterKind.REMINDER, channel=Channel.POST)
    assert letter_copy(tmp_path, logged) is None


# --------------------------------------------------------------------------- the command line


def run(db: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", TODAY.isoformat(), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def creditor(tmp_path: Path) -> Iterator[None]:
    """The business profile the commands read (the `db` fixture's config folder)."""
    from casetui.cli.common import business_profile

    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "profile.toml").write_text('[business]\nname = "Studio Noord BV"\n')
    business_profile.cache_clear()
    yield
    business_profile.cache_clear()


def test_export_a_bundle_and_verify_it(
    dossier: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], creditor: None
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    code, _, err = run(dossier, capsys, "export", OPEN, "--format", "zip", "-o", str(target))
    assert code == 0, err
    bundle = target / f"case-{OPEN}.zip"
    assert err.startswith(f"Exported {OPEN} to {bundle}")
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
    again = tmp_path / "again.zip"
    assert run(dossier, capsys, "export", OPEN, "--format", "zip", "-o", str(again))[0] == 0
    assert again.read_bytes() == bundle.read_bytes()

    code, out, err = run(dossier, capsys, "verify", "--bundle", str(bundle))
    assert (code, err) == (0, "")
    assert out == (
        f"Verified {bundle}: 10 files match the manifest (cases {OPEN}, made by Studio Noord BV).\n"
    )
    code, out, _ = run(dossier, capsys, "verify", "--bundle", str(bundle), "--json")
    result = json.loads(out)
    assert (code, result["ok"], result["checked"], result["problems"]) == (0, True, 10, [])

    # Not a zip at all: refused, also as JSON.
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    code, out, err = run(dossier, capsys, "verify", "--bundle", str(junk), "--json")
    assert code == 2 and err == ""
    assert json.loads(out) == {
        "ok": False, "refused": f"{junk}: not a readable zip file (File is not a zip file)",
        "problems": [],
    }  # fmt: skip

    # Change one file inside, keep the manifest: exit 1 naming it.
    files = entries(bundle.read_bytes())
    files[f"{OPEN}/history.md"] += b"\nAnd one more line."
    files["extra.txt"] = b"slipped in"
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    code, out, err = run(dossier, capsys, "verify", "--bundle", str(tampered))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{OPEN}/history.md: does not match its checksum in the manifest (changed)",
        "extra.txt: in the bundle but not in the manifest (added)",
        f"casetui: 2 problems: {tampered} is not the bundle its manifest describes",
    ]


def test_a_debtors_bundle_holds_all_their_cases(
    dossier: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "debtor.zip"
    code, _, err = run(
        dossier, capsys, "export", "--customer", "klok", "--format", "zip",
        "-o", str(target),
    )  # fmt: skip
    assert code == 0, err
    manifest = json.loads(entries(target.read_bytes())[MANIFEST])
    assert sorted(case["id"] for case in manifest["cases"]) == [
        "C-2026-0001", "C-2026-0002", "C-2026-0003", "C-2026-0004",
    ]  # fmt: skip
    imported = _digest(b"<Invoice>F-9</Invoice>")
    assert {"path": f"evidence/{imported}.xml", "case": "C-2026-0004", "event": 1}.items() <= next(
        item for item in manifest["files"] if item["path"].endswith(f"{imported}.xml")
    ).items()
    assert verify_bundle(target).ok


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", OPEN, "--format", "zip"], "a zip is written to a file: add -o FILE"),
        (["export", "--format", "zip", "-o", "x.zip"], "name a CASE or --customer"),
        (["export", OPEN, "--customer", "K-1", "--format", "zip", "-o", "x.zip"], "not both"),
        (
            ["export", "--customer", "Nobody", "--format", "zip", "-o", "x.zip"],
            "no customer matches 'Nobody'",
        ),
        (["export", "--customer", "Nobody", "-o", "x.zip"], "add --format zip"),
        (["export"], "export: name a CASE"),
        (["verify", "C-2026-0001", "--bundle", "x.zip"], "a CASE or --bundle FILE, not both"),
        (["verify", "--bundle", "nothing.zip"], "cannot read it"),
    ],
)
def test_wrong_bundle_commands_say_so_in_one_line(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    code, out, err = run(db, capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.zip").exists()


def test_the_customer_is_found_as_everywhere_else(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one resolver (`customer show` too): an id, or a unique part of the name, any case;
    a part shared by two names lists them and exits 2."""
    code, _, err = run(
        db, capsys, "add", "--customer", "Brasserie Het Anker", "--invoice", "A-1",
        "--amount", "10", "--issued", "2026-01-01", "--due", "2026-02-01",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(db, capsys, "export", "--customer", "KLOK", "--format", "zip",
                       "-o", str(tmp_path / "a.zip"))  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "a.zip").exists()
    code, out, err = run(db, capsys, "export", "--customer", "brasserie", "--format", "zip",
                         "-o", str(tmp_path / "b.zip"))  # fmt: skip
    assert code == 2 and out == ""
    assert "'brasserie' matches 2 customers" in err and "Het Anker" in err and "Klok" in err
    assert not (tmp_path / "b.zip").exists()


def test_a_bundle_is_never_written_over_the_ledger(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = db.read_bytes()
    code, _, err = run(db, capsys, "export", OPEN, "--format", "zip", "-o", str(db))
    assert code == 2 and "belongs to the ledger" in err
    assert db.read_bytes() == before
