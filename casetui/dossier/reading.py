"""Checking a bundle someone gives you: is every file the one the manifest names, and is
nothing missing or added? And before any of that: is the zip safe to read at all?

A zip from outside is hostile until read safely. Refused with a clear message
(`BundleRefused`, exit 2), before any content is trusted:
- not a zip, encrypted entries, more than `Limits.entries` entries;
- names that could escape a folder when extracted (absolute, a drive letter, `..`,
  backslashes, control characters), symbolic links and other special files;
- the same name twice, or two names that differ only in letter case;
- a zip bomb: an entry or the whole larger than the limits once uncompressed, an entry
  compressing more than `Limits.ratio` times, entries overlapping in the file (one block
  of data read as many entries), and a declared size that the data exceeds (read with a
  counter, never trusted);
- a manifest that is missing, too large, not JSON, or not a casetui bundle's.

Nothing is ever extracted to disk: entries are hashed as they stream.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from casetui.dossier.bundle import FORMAT, MANIFEST, VERSION
from casetui.errors import InputError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DRIVE = re.compile(r"^[A-Za-z]:")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 16


class BundleRefused(InputError):
    """The file is not a bundle that can be read safely (exit code 2)."""


@dataclass(frozen=True)
class Limits:
    entries: int = 10_000
    entry_size: int = 1_000_000_000  # the largest attachment a profile may allow
    total_size: int = 4_000_000_000
    ratio: int = 200  # uncompressed / compressed, for entries above `ratio_from` bytes
    ratio_from: int = 1_000_000
    manifest_size: int = 16_000_000


@dataclass
class BundleCheck:
    """What checking a bundle found: `problems` are mismatches with the manifest."""

    manifest: dict[str, Any]
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(path: Path, limits: Limits = Limits()) -> BundleCheck:
    """Check the bundle at `path` against its manifest; `BundleRefused` when it cannot
    be read safely."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below, after the zip)
    except OSError as error:
        raise BundleRefused(f"{path}: cannot read it: {error.strerror or error}") from None
    with handle:
        return verify_stream(handle, str(path), limits)


def verify_stream(handle: IO[bytes], where: str, limits: Limits = Limits()) -> BundleCheck:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise BundleRefused(f"{where}: not a readable zip file ({error})") from None
    with archive:
        entries = safe_entries(archive, where, limits)
        if MANIFEST not in entries:
            raise BundleRefused(f"{where}: no {MANIFEST}: not a casetui bundle")
        digests = {
            name: _digest(archive, info, where, limits) for name, info in sorted(entries.items())
        }
    manifest_raw = digests.pop(MANIFEST)[2]
    manifest = parse_manifest(manifest_raw, where)
    return compare(manifest, {name: (sha, size) for name, (sha, size, _) in digests.items()})


def safe_entries(
    archive: zipfile.ZipFile, where: str, limits: Limits
) -> dict[str, zipfile.ZipInfo]:
    """The archive's file entries by name, or `BundleRefused` naming the first hostile one."""
    infos = archive.infolist()
    if len(infos) > limits.entries:
        raise BundleRefused(f"{where}: {len(infos):,} entries, more than {limits.entries:,}")
    entries: dict[str, zipfile.ZipInfo] = {}
    folded: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.orig_filename
        problem = name_problem(name)
        if problem:
            raise BundleRefused(f"{where}: entry {name!r}: {problem}")
        if info.flag_bits & 0x1:
            raise BundleRefused(f"{where}: entry {name!r} is encrypted")
        kind = _unix_type(info)
        if kind == stat.S_IFLNK:
            raise BundleRefused(f"{where}: entry {name!r} is a symbolic link")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise BundleRefused(f"{where}: entry {name!r} is a special file")
        if name in entries or name.rstrip("/") in entries:
            raise BundleRefused(f"{where}: the name {name!r} is there twice")
        if name.casefold() in folded:
            raise BundleRefused(
                f"{where}: {name!r} and {folded[name.casefold()]!r} differ only in letter case"
            )
        folded[name.casefold()] = name
        if info.is_dir():
            continue
        if info.file_size > limits.entry_size:
            raise BundleRefused(
                f"{where}: entry {name!r} is {info.file_size:,} bytes uncompressed, more than "
                f"{limits.entry_size:,} (a zip bomb?)"
            )
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > limits.ratio_from and ratio > limits.ratio:
            raise BundleRefused(
                f"{where}: entry {name!r} compresses {ratio:,} times, more than "
                f"{limits.ratio} (a zip bomb?)"
            )
        total += info.file_size
        if total > limits.total_size:
            raise BundleRefused(
                f"{where}: more than {limits.total_size:,} bytes uncompressed (a zip bomb?)"
            )
        entries[name] = info
    _refuse_overlaps(infos, where)
    return entries


def name_problem(name: str) -> str:
    """Why an entry name is not safe to extract, or ""."""
    if not name or name in ("/", "."):
        return "an empty name"
    if _CONTROL.search(name):
        return "control characters in its name"
    if "\\" in name:
        return "a backslash in its name (a folder separator on Windows)"
    if name.startswith("/") or _DRIVE.match(name):
        return "an absolute path"
    parts = name.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        return "a path that climbs out of the folder (`..`)"
    if any(part in ("", ".") for part in parts):
        return "an empty or `.` part in its path"
    return ""


def _unix_type(info: zipfile.ZipInfo) -> int:
    if info.create_system != 3:  # only Unix zips carry a file type
        return 0
    return stat.S_IFMT(info.external_attr >> 16)


def _refuse_overlaps(infos: list[zipfile.ZipInfo], where: str) -> None:
    """Entries whose data overlap: one compressed block read as many files (a bomb)."""
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for first, second in itertools.pairwise(ordered):
        if first.header_offset + first.compress_size > second.header_offset:
            raise BundleRefused(
                f"{where}: entries {first.orig_filename!r} and {second.orig_filename!r} "
                "overlap (a zip bomb?)"
            )


def _digest(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, limits: Limits
) -> tuple[str, int, bytes]:
    """SHA-256 and size of an entry as it streams (and the manifest's bytes), counting
    what comes out rather than trusting the declared size."""
    digest = hashlib.sha256()
    size = 0
    kept = bytearray()
    cap = min(info.file_size, limits.entry_size)
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    raise BundleRefused(
                        f"{where}: entry {info.orig_filename!r} holds more than it declares "
                        "(a zip bomb?)"
                    )
                digest.update(chunk)
                if info.filename == MANIFEST:
                    if size > limits.manifest_size:
                        raise BundleRefused(f"{where}: {MANIFEST} is too large")
                    kept += chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise BundleRefused(f"{where}: entry {info.orig_filename!r} is damaged ({error})") from None
    return digest.hexdigest(), size, bytes(kept)


def parse_manifest(raw: bytes, where: str) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise BundleRefused(f"{where}: {MANIFEST} is not valid JSON ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleRefused(f"{where}: {MANIFEST} is not a casetui bundle's")
    version = manifest.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BundleRefused(
            f"{where}: bundle version {version!r}; this casetui reads up to {VERSION}"
        )
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BundleRefused(f"{where}: {MANIFEST} has no list of files")
    seen: set[str] = set()
    for item in files:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("sha256"), str)
            and _DIGEST.fullmatch(item["sha256"])
            and isinstance(item.get("size"), int)
        ):
            raise BundleRefused(f"{where}: {MANIFEST} lists a file without path, sha256, size")
        if item["path"] in seen:
            raise BundleRefused(f"{where}: {MANIFEST} lists {item['path']!r} twice")
        seen.add(item["path"])
    return manifest


def compare(manifest: dict[str, Any], present: dict[str, tuple[str, int]]) -> BundleCheck:
    """Each file the manifest lists against what the bundle holds, and nothing more."""
    check = BundleCheck(manifest)
    listed = {item["path"]: item for item in manifest["files"]}
    for path, item in sorted(listed.items()):
        found = present.get(path)
        if found is None:
            check.problems.append(f"{path}: listed in the manifest, missing from the bundle")
            continue
        check.checked += 1
        sha, size = found
        if sha != item["sha256"] or size != item["size"]:
            check.problems.append(f"{path}: does not match its checksum in the manifest (changed)")
    for path in sorted(present.keys() - listed.keys()):
        check.problems.append(f"{path}: in the bundle but not in the manifest (added)")
    return check
