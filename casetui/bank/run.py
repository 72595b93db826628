"""A statement run: read every file first, then match and record them one by one.

Every file is read (and its balances checked) before the ledger is touched; a file that is
refused never causes a write. The files that read are then matched against one index, in
the order given, so that a second, overlapping statement finds the first one's entries
already recorded. Each file is recorded in its own commit: all of it or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from casetui.bank.index import CaseIndex, build_index
from casetui.bank.matching import EntryMatch, match_file
from casetui.bank.read import check_options, parse_statement_file
from casetui.bank.record import evidence_name, record_matches
from casetui.bank.records import StatementFile
from casetui.errors import InputError
from casetui.importers.errors import FileRefused
from casetui.importers.load import DEFAULT_MAX_BYTES
from casetui.ledger import Ledger

FileStatus = Literal["recorded", "unchanged", "planned", "refused", "failed"]


@dataclass(frozen=True, slots=True)
class LoadedStatement:
    """A file read: its statements and bytes, or why it was refused."""

    source: str
    parsed: StatementFile | None = None
    data: bytes = field(default=b"", repr=False)
    refused: str | None = None


@dataclass(frozen=True, slots=True)
class FileResult:
    source: str
    status: FileStatus
    parsed: StatementFile | None = None
    matches: tuple[EntryMatch, ...] = ()
    recorded: frozenset[str] = frozenset()  # keys of the entries written by this run
    planned: frozenset[str] = frozenset()  # a dry run: keys of the entries it would write
    message: str | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class ReadOptions:
    format: str | None = None
    ignore_balances: bool = False
    mapping: Mapping[str, str] = field(default_factory=dict)
    currency: str = "EUR"
    dayfirst: bool = True
    delimiter: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def load_statements(paths: Iterable[Path], options: ReadOptions) -> list[LoadedStatement]:
    """Read every file; a file that cannot be read becomes a refusal with its reason.
    Options wrong for every file raise `InputError` before any file is read."""
    check_options(options.mapping, options.format)
    loaded = []
    for path in paths:
        source = str(path)
        try:
            parsed, data = parse_statement_file(
                Path(path),
                max_bytes=options.max_bytes,
                format=options.format,
                ignore_balances=options.ignore_balances,
                mapping=options.mapping,
                currency=options.currency,
                dayfirst=options.dayfirst,
                delimiter=options.delimiter,
            )
        except FileRefused as error:
            loaded.append(LoadedStatement(source, refused=error.reason))
            continue
        except InputError as error:
            loaded.append(LoadedStatement(source, refused=str(error).removeprefix(f"{source}: ")))
            continue
        loaded.append(LoadedStatement(source, parsed, data))
    return loaded


def process(
    ledger: Ledger | None,
    loaded: Iterable[LoadedStatement],
    *,
    country: str,
    accept_probable: bool = False,
    dry_run: bool = False,
    index: CaseIndex | None = None,
) -> list[FileResult]:
    """Match every file that read and, unless `dry_run`, record each in its own commit."""
    results: list[FileResult] = []
    if ledger is not None and index is None:
        index = build_index(ledger, country)
    for item in loaded:
        if item.parsed is None:
            results.append(FileResult(item.source, "refused", message=item.refused))
            continue
        assert ledger is not None and index is not None
        matches = match_file(index, item.parsed, accept_probable=accept_probable)
        to_record = [
            m for m in matches if m.match == "exact" or (m.match == "probable" and accept_probable)
        ]
        if dry_run or not to_record:
            status: FileStatus = "planned" if dry_run and to_record else "unchanged"
            planned = frozenset(m.key for m in to_record) if dry_run else frozenset()
            results.append(
                FileResult(item.source, status, item.parsed, tuple(matches), planned=planned)
            )
            continue
        parsed = item.parsed
        try:
            written = record_matches(
                ledger, to_record, data=item.data, sha256=parsed.sha256, format=parsed.format
            )
        except InputError as error:
            message = f"the ledger refused it ({error}); nothing of this file was recorded"
            results.append(
                FileResult(item.source, "failed", parsed, tuple(matches), message=message)
            )
            index = build_index(ledger, country)  # forget what was booked for this file
            continue
        results.append(
            FileResult(
                item.source,
                "recorded",
                parsed,
                tuple(matches),
                recorded=frozenset(m.key for m in written),
                evidence=f"evidence/{evidence_name(parsed.sha256, parsed.format)}",
            )
        )
    return results
