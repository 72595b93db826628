"""Entry points: a path or bytes in, a `FileParse` out.

The size cap is applied before anything is parsed (and, for paths, before the file is
read past the cap), the format is sniffed from the content, and the file's SHA-256 is
computed once for every record it yields.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from casetui.checks import check_currency
from casetui.errors import InputError, OperationalError
from casetui.importers.columns import check_mapping
from casetui.importers.csvfile import CsvOptions, parse_csv
from casetui.importers.detect import detect_format
from casetui.importers.errors import FileRefused
from casetui.importers.records import FileParse, RefusedFile
from casetui.importers.ubl import parse_ubl

DEFAULT_MAX_BYTES = 20_000_000
# The longest default payment term: ten years after the issue date is still a date a ledger
# takes (`rules.LAST_DAY`); 3,000,000 days was an OverflowError traceback.
MAX_TERMS_DAYS = 3650
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


def delimiter_char(value: str | None) -> str | None:
    """The `--delimiter` value as one character (`tab`, `semicolon`... by name)."""
    if value is None or value == "":
        return None
    named = _DELIMITER_NAMES.get(value.lower(), value)
    if len(named) != 1 or named in '"\r\n' or named.isalnum():
        raise InputError(f"not a usable delimiter: {value!r} (use , ; tab or |)")
    return named


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB import limit; "
        "raise the limit if you trust it"
    )


def parse_bytes(
    data: bytes,
    *,
    source: str = "<bytes>",
    format: str | None = None,  # named like the --format option
    mapping: Mapping[str, str] | None = None,
    default_currency: str = "EUR",
    default_terms_days: int = 30,
    dayfirst: bool = True,
    delimiter: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FileParse:
    """Parse one file's content. Raises `FileRefused` (an `InputError`) for a file that
    cannot be read at all; row problems are returned in `FileParse.errors`."""
    if len(data) > max_bytes:
        raise FileRefused(source, _too_big(len(data), max_bytes))
    check_terms_days(default_terms_days)
    currency = check_currency(default_currency)
    kind = detect_format(data, source, format)
    sha256 = hashlib.sha256(data).hexdigest()
    if kind == "ubl":
        return parse_ubl(
            data,
            source=source,
            sha256=sha256,
            default_terms_days=default_terms_days,
            dayfirst=dayfirst,
        )
    options = CsvOptions(
        mapping=dict(mapping or {}),
        default_currency=currency,
        default_terms_days=default_terms_days,
        dayfirst=dayfirst,
        delimiter=delimiter_char(delimiter),
    )
    return parse_csv(data, source=source, sha256=sha256, options=options)


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing it by size before reading more than `max_bytes + 1`."""
    source = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(f"{source}: is a folder, not a file")
        if size > max_bytes:
            raise FileRefused(source, _too_big(size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # pipes and devices report no size
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    except OSError as error:
        raise OperationalError(f"{source}: cannot read the file ({error.strerror})") from None
    if len(data) > max_bytes:
        raise FileRefused(source, _too_big(len(data), max_bytes))
    return data


def parse_file(
    path: Path,
    *,
    format: str | None = None,  # named like the --format option
    mapping: Mapping[str, str] | None = None,
    default_currency: str = "EUR",
    default_terms_days: int = 30,
    dayfirst: bool = True,
    delimiter: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FileParse:
    """Parse an invoice file (UBL XML or CSV, recognised by content)."""
    path = Path(path)
    return parse_bytes(
        read_capped(path, max_bytes),
        source=str(path),
        format=format,
        mapping=mapping,
        default_currency=default_currency,
        default_terms_days=default_terms_days,
        dayfirst=dayfirst,
        delimiter=delimiter,
        max_bytes=max_bytes,
    )


@dataclass(frozen=True, slots=True)
class LoadedFiles:
    """Several files read and parsed, in the order given: each a `FileParse` or, when it
    could not be read at all, a `RefusedFile`. `contents` keeps each parsed file's bytes
    (by SHA-256) so that an import can store them as evidence without reading them again."""

    items: tuple[FileParse | RefusedFile, ...]
    contents: Mapping[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def parses(self) -> tuple[FileParse, ...]:
        return tuple(item for item in self.items if isinstance(item, FileParse))

    @property
    def refused(self) -> tuple[RefusedFile, ...]:
        return tuple(item for item in self.items if isinstance(item, RefusedFile))


def parse_files(
    paths: Iterable[Path],
    *,
    format: str | None = None,  # named like the --format option
    mapping: Mapping[str, str] | None = None,
    default_currency: str = "EUR",
    default_terms_days: int = 30,
    dayfirst: bool = True,
    delimiter: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LoadedFiles:
    """Read and parse every file before anything is imported.

    Options that are wrong for every file (an unknown `--map` field, a bad delimiter or
    currency) raise `InputError` before any file is read. A file that cannot be read or is
    refused (hostile, unknown format, missing) becomes a `RefusedFile` and the others are
    still parsed; only an operational failure (an I/O error) stops the whole batch.
    """
    check_mapping(mapping or {})
    delimiter_char(delimiter)
    check_currency(default_currency)
    check_terms_days(default_terms_days)
    items: list[FileParse | RefusedFile] = []
    contents: dict[str, bytes] = {}
    for path in paths:
        source = str(path)
        try:
            data = read_capped(Path(path), max_bytes)
            parsed = parse_bytes(
                data,
                source=source,
                format=format,
                mapping=mapping,
                default_currency=default_currency,
                default_terms_days=default_terms_days,
                dayfirst=dayfirst,
                delimiter=delimiter,
                max_bytes=max_bytes,
            )
        except FileRefused as error:
            items.append(RefusedFile(error.source, error.reason))
            continue
        except InputError as error:
            reason = str(error).removeprefix(f"{source}: ")
            items.append(RefusedFile(source, reason))
            continue
        items.append(parsed)
        contents[parsed.sha256] = data
    return LoadedFiles(tuple(items), contents)


def check_terms_days(days: int) -> int:
    """The default payment term (days after the issue date) for invoices that give none,
    or `InputError`: the command line and the app's import screen take the same."""
    if not 0 <= days <= MAX_TERMS_DAYS:
        raise InputError(f"the default term must be 0 to {MAX_TERMS_DAYS:,} days, not {days:,}")
    return days
