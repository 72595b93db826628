"""Reading a bundle from outside: a hostile zip is refused before anything in it is
trusted, and a good one is checked file by file against its manifest. Every hostile zip is
built here, byte for byte, by the test that refuses it."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
from pathlib import Path

import pytest

from casetui.dossier.bundle import FORMAT, MANIFEST, zip_bytes
from casetui.dossier.reading import BundleRefused, Limits, name_problem, verify_bundle


def manifest_for(files: dict[str, bytes], **extra: object) -> bytes:
    listed = [
        {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for path, data in sorted(files.items())
    ]
    return json.dumps({"format": FORMAT, "version": 1, "files": listed, **extra}).encode()


def good_bundle(files: dict[str, bytes]) -> bytes:
    return zip_bytes({MANIFEST: manifest_for(files), **files})


def save(tmp_path: Path, data: bytes, name: str = "bundle.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def raw_zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return buffer.getvalue()


FILES = {"C-1/history.md": b"# Case C-1\n", "C-1/attachments/2-invoice.pdf": b"%PDF invoice"}


def test_a_good_bundle_matches(tmp_path: Path) -> None:
    check = verify_bundle(save(tmp_path, good_bundle(FILES)))
    assert check.ok and check.checked == 2 and check.problems == []


def test_changed_missing_and_added_files_are_named(tmp_path: Path) -> None:
    listed = manifest_for({**FILES, "C-1/letters/3-reminder.pdf": b"%PDF letter"})
    changed = {**FILES, "C-1/history.md": b"# Case C-1, rewritten\n", "notes.txt": b"added"}
    check = verify_bundle(save(tmp_path, zip_bytes({MANIFEST: listed, **changed})))
    assert not check.ok and check.checked == 2
    assert check.problems == [
        "C-1/history.md: does not match its checksum in the manifest (changed)",
        "C-1/letters/3-reminder.pdf: listed in the manifest, missing from the bundle",
        "notes.txt: in the bundle but not in the manifest (added)",
    ]


HOSTILE_NAMES = [
    ("../outside.txt", "climbs out of the folder"),
    ("C-1/../../outside.txt", "climbs out of the folder"),
    ("/etc/cron.d/evil", "an absolute path"),
    ("C:/Windows/evil.dll", "an absolute path"),
    ("..\\..\\evil.bat", "a backslash"),
    ("C-1//history.md", "an empty or `.` part"),
    ("C-1/./history.md", "an empty or `.` part"),
    ("bell\x07.txt", "control characters"),
]


@pytest.mark.parametrize(("name", "reason"), HOSTILE_NAMES)
def test_names_that_leave_the_folder_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    assert reason in name_problem(name)
    data = raw_zip([(MANIFEST, manifest_for({})), (name, b"payload")])
    with pytest.raises(BundleRefused, match="entry .*" + reason.split("`")[0].strip("( ")):
        verify_bundle(save(tmp_path, data))


def test_symbolic_links_and_special_files_are_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("C-1/passwd")
    link.create_system = 3
    link.external_attr = (0o120777) << 16  # a symlink whose target is the data below
    data = raw_zip([(MANIFEST, manifest_for({})), (link, b"/etc/passwd")])
    with pytest.raises(BundleRefused, match="'C-1/passwd' is a symbolic link"):
        verify_bundle(save(tmp_path, data))
    device = zipfile.ZipInfo("C-1/disk")
    device.create_system = 3
    device.external_attr = (0o060600) << 16  # a block device
    data = raw_zip([(MANIFEST, manifest_for({})), (device, b"")])
    with pytest.raises(BundleRefused, match="is a special file"):
        verify_bundle(save(tmp_path, data, "device.zip"))


def test_duplicate_names_and_names_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        twice = raw_zip([(MANIFEST, manifest_for({})), ("a.txt", b"one"), ("a.txt", b"two")])
    with pytest.raises(BundleRefused, match=r"the name 'a.txt' is there twice"):
        verify_bundle(save(tmp_path, twice))
    cased = raw_zip([(MANIFEST, manifest_for({})), ("Invoice.pdf", b"1"), ("invoice.PDF", b"2")])
    with pytest.raises(BundleRefused, match="differ only in letter case"):
        verify_bundle(save(tmp_path, cased, "cased.zip"))


def test_a_zip_bomb_is_refused_by_its_ratio_and_its_sizes(tmp_path: Path) -> None:
    zeros = b"\0" * 20_000_000  # 20 MB of zeros compress to ~20 KB: a ratio near 1,000
    bomb = raw_zip([(MANIFEST, manifest_for({"zeros.bin": zeros})), ("zeros.bin", zeros)])
    assert len(bomb) < 100_000
    with pytest.raises(BundleRefused, match=r"'zeros.bin' compresses .* times, more than 200"):
        verify_bundle(save(tmp_path, bomb))
    small = Limits(entry_size=1_000, total_size=1_500, ratio=10**9)
    with pytest.raises(BundleRefused, match="'big' is 2,000 bytes uncompressed, more than 1,000"):
        verify_bundle(save(tmp_path, good_bundle({"big": b"x" * 2000}), "big.zip"), small)
    many = {f"f{n}": b"x" * 600 for n in range(3)}
    with pytest.raises(BundleRefused, match="more than 1,500 bytes uncompressed"):
        verify_bundle(save(tmp_path, good_bundle(many), "many.zip"), small)


def test_a_size_the_data_exceeds_is_refused(tmp_path: Path) -> None:
    """The central directory says 10 bytes; the data inflates to 5,000: never trusted."""
    data = bytearray(raw_zip([(MANIFEST, manifest_for({})), ("liar.txt", b"y" * 5000)]))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local, central
        start = data.find(signature, data.find(b"liar.txt") - 60)
        while start != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 8] == b"liar.txt":
                struct.pack_into("<I", data, start + offset, 10)
                break
            start = data.find(signature, start + 4)
    with pytest.raises(BundleRefused, match=r"liar.txt. (holds more than it declares|is damaged)"):
        verify_bundle(save(tmp_path, bytes(data)))


def test_overlapping_entries_are_refused(tmp_path: Path) -> None:
    """Two central-directory records pointing at the same data (the overlapping bomb)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_for({}))
        archive.writestr("one.txt", b"z" * 4000)
        first = archive.getinfo("one.txt")
        twin = zipfile.ZipInfo("two.txt")
        twin.header_offset, twin.compress_size, twin.file_size = (
            first.header_offset, first.compress_size, first.file_size,
        )  # fmt: skip
        twin.CRC, twin.compress_type = first.CRC, first.compress_type
        archive.filelist.append(twin)
        archive.NameToInfo["two.txt"] = twin
    with pytest.raises(BundleRefused, match="overlap"):
        verify_bundle(save(tmp_path, buffer.getvalue()))


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    files = {f"f{n}.txt": b"" for n in range(12)}
    with pytest.raises(BundleRefused, match="13 entries, more than 10"):
        verify_bundle(save(tmp_path, good_bundle(files)), Limits(entries=10))


def test_what_is_not_a_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BundleRefused, match="not a readable zip file"):
        verify_bundle(save(tmp_path, b"PK\x03\x04 not really a zip"))
    with pytest.raises(BundleRefused, match=r"no manifest.json"):
        verify_bundle(save(tmp_path, zip_bytes({"a.txt": b"a"}), "plain.zip"))
    for manifest, message in (
        (b"{not json", "not valid JSON"),
        (b'{"format": "other"}', "not a casetui bundle's"),
        (json.dumps({"format": FORMAT, "version": 99, "files": []}).encode(), "version 99"),
        (
            json.dumps({"format": FORMAT, "version": 1, "files": [{"path": 1}]}).encode(),
            "without path",
        ),
    ):  # fmt: skip
        with pytest.raises(BundleRefused, match=message):
            verify_bundle(save(tmp_path, zip_bytes({MANIFEST: manifest}), "m.zip"))
    encrypted = bytearray(good_bundle({"a.txt": b"a"}))
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = encrypted.find(signature)
        while start != -1:
            encrypted[start + flags_at] |= 0x1
            start = encrypted.find(signature, start + 4)
    with pytest.raises(BundleRefused, match="is encrypted"):
        verify_bundle(save(tmp_path, bytes(encrypted), "locked.zip"))


def test_nothing_is_extracted(tmp_path: Path) -> None:
    data = raw_zip([(MANIFEST, manifest_for({})), ("../escaped.txt", b"x")])
    with pytest.raises(BundleRefused):
        verify_bundle(save(tmp_path / "", data))
    assert sorted(p.name for p in tmp_path.parent.iterdir() if p.name == "escaped.txt") == []
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.zip"]
