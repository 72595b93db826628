"""SHA-256 without OpenSSL gives what hashlib gives, and `prefer_bulk` switches to it."""

from __future__ import annotations

import hashlib

import pytest

from casetui import digest


@pytest.mark.parametrize("data", [b"", b"casetui case C-2026-0001", bytes(range(256)) * 41])
def test_the_builtin_digest_is_hashlibs(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest, "_sha256", digest._builtin_sha256)
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    digest.prefer_bulk()
    assert digest._sha256 is hashlib.sha256
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()
