"""Shared paths for the importer tests (a plain module: no conftest name to clash with)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# The Peppol examples: byte-for-byte copies of ../shared/fixtures/ubl, kept in the repository
# so that a clean clone tests on its own (attribution and checksums in their README.md).
UBL_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "ubl"
DATA = Path(__file__).resolve().parent / "data"


def ubl_bytes(name: str) -> bytes:
    return (UBL_FIXTURES / name).read_bytes()
