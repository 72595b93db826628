"""SHA-256 without importing OpenSSL, for commands that hash a few events.

`hashlib` loads OpenSSL's libcrypto (about 3 ms and 11 million instructions at start, a
tenth of what a write costs beyond `--help`) to hash the one or two events a write links.
CPython's own implementation (`_sha256` in 3.11, `_sha2` from 3.12) needs no library;
it is slower per byte, which only matters to a command that hashes the whole ledger:
`verify` calls `prefer_bulk()` first. Both give the same digest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:  # CPython 3.12 and later
    from _sha2 import sha256 as _builtin_sha256  # type: ignore[import-not-found]
except ImportError:
    try:  # CPython 3.11
        from _sha256 import sha256 as _builtin_sha256  # type: ignore[import-not-found,no-redef]
    except ImportError:  # another Python: hashlib is all there is
        from hashlib import sha256 as _builtin_sha256  # type: ignore[assignment]

_sha256: Callable[[bytes], Any] = _builtin_sha256


def sha256_hex(data: bytes) -> str:
    return _sha256(data).hexdigest()


def prefer_bulk() -> None:
    """Hash with OpenSSL from now on: worth its import for thousands of hashes."""
    global _sha256
    from hashlib import sha256

    _sha256 = sha256
