"""What the CLI commands share: finding and opening the ledger, parsing values, printing."""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casetui import rules
from casetui.dates import parse_user_date
from casetui.errors import InputError, OperationalError
from casetui.money import parse_amount
from casetui.paths import default_ledger_path
from casetui.patterns import lazy_pattern
from casetui.profile import Profile, load_profile, profile_path
from casetui.userfiles import make_private_folders, write_user_file

if TYPE_CHECKING:
    from casetui.ledger import Ledger


def ledger_path(args: argparse.Namespace) -> Path:
    """`--db`, else `$CASETUI_DB`, else the platform's user data folder; never a folder
    (every command, also those that read the file without opening the ledger: `verify`,
    `reseal`, `backups`, `restore`)."""
    if args.db is None:
        try:
            path = default_ledger_path()
        except RuntimeError as error:  # CASETUI_DB=~nobody/ledger.json
            raise InputError(f"$CASETUI_DB: {error}") from None
    elif not args.db.strip():
        # `--db "$UNSET"` must not quietly fall back to the real ledger.
        raise InputError("--db: the path is empty")
    else:
        path = user_path(args.db, "--db")
    if is_folder(path, "--db"):
        raise InputError(
            f"{path} is a folder; --db wants the ledger file, e.g. {path / 'ledger.json'}"
        )
    return path


def user_path(text: str, what: str) -> Path:
    """A path typed by the user, `~` expanded."""
    if "\x00" in text:
        raise InputError(f"{what}: a path cannot contain a NUL character ({text!r})")
    try:
        return Path(text).expanduser()
    except RuntimeError as error:  # ~nobody/...: no such user
        raise InputError(f"{what}: {error} ({text!r})") from None


def is_folder(path: Path, what: str) -> bool:
    """`path.is_dir()`, where a path the system cannot take at all (a NUL byte, a name
    longer than the file system allows) is bad input rather than a traceback."""
    try:
        return path.is_dir()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"{what}: cannot use {str(path)!r}: {reason}") from None


def ledger_exists(path: Path) -> bool:
    """A ledger is there once it has a snapshot or, after a crash before the first
    compaction, only a journal."""
    from casetui.store.durable import journal_path

    return path.exists() or journal_path(path).exists()


@contextlib.contextmanager
def open_ledger(
    args: argparse.Namespace, *, write: bool, create: bool = False, profile: Profile | None = None
) -> Iterator[Ledger]:
    """The ledger for one command: locked and backed up when the command writes, read-only
    (no lock, nothing created) when it only reads.

    Only commands that start a ledger (`add`, `import`, `demo`) may `create` one: any other
    command on a missing ledger would fail anyway, and must not leave a folder and a lock
    file behind when it does. The ladder's waiting times come from the business profile
    (`profile`: another one, the demo's for the demo ledger it writes).
    """
    # Imported here, not with this module: the app (no command) reaches `ledger_path` and
    # draws its first frame before the ledger, the fold and the store are imported.
    from casetui.ledger import Ledger

    path = ledger_path(args)
    if write and not create and not ledger_exists(path) and not _has_backups(path):
        raise InputError(
            f"no ledger at {path}; `casetui add` or `casetui import` starts one, "
            "`casetui demo` writes a demo"
        )
    try:
        if write:
            make_private_folders(path.parent)  # the user's data folder: 0700, whatever the umask
        ledger = Ledger.open(
            path,
            readonly=not write,
            purpose=f"`{args.command}`",
            policy=(profile or business_profile()).ladder_policy(),
            today=args.today,
        )
    except OSError as error:
        # The store turns write errors into OperationalError; opening can still meet a
        # folder it may not write to (lock file, backups) or a path through a file.
        raise OperationalError(_os_problem(error, path, write)) from None
    try:
        yield ledger
    finally:
        ledger.close()
        # Housekeeping after the writes were saved (a backup, folding the journal): a
        # failure there is a warning, never "nothing was saved".
        for warning in ledger.warnings:
            print(f"casetui: warning: {warning}", file=sys.stderr)


def _has_backups(path: Path) -> bool:
    """A ledger that is gone but has backups: the store says how to restore it."""
    from casetui.store.backups import backup_dir

    folder = backup_dir(path)
    return folder.is_dir() and any(folder.glob(f"{path.stem}-*"))


def business_profile() -> Profile:
    """The user's business profile (an empty one if they have none), read once per run:
    again only if the file is another one or changed (tests run many commands in one
    process, each with its own config folder; `setup` rewrites it)."""
    path = profile_path()
    try:
        stat = path.stat()
        version: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None
    return _profile_at(path, version)


@functools.lru_cache(maxsize=4)
def _profile_at(path: Path, version: tuple[int, int] | None) -> Profile:
    return load_profile(path)


# Forget what was read (tests that write a profile in the same second and size).
business_profile.cache_clear = _profile_at.cache_clear  # type: ignore[attr-defined]


def _os_problem(error: OSError, path: Path, write: bool) -> str:
    what = error.strerror or str(error)
    where = f" ({error.filename})" if error.filename and str(error.filename) != str(path) else ""
    mode = "writing" if write else "reading"
    return f"cannot open {path} for {mode}: {what}{where}; nothing was changed"


# What argparse takes for a value rather than an option: negative numbers, and (ours)
# negative day, week and month offsets, so that `--date -2d` works like `--date=-2d`.
_NEGATIVE_VALUE = lazy_pattern(r"^-\d+$|^-\d*\.\d+$|^-\s*\d{1,4}\s*[dwm]$")


def accept_negative_offsets(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Let `parser` read `-2d` as a date value. Python 3.11's argparse takes anything that
    starts with `-` and is not a plain number for an option (3.13 no longer does); its
    number pattern is a private attribute, hence this one documented place."""
    parser._negative_number_matcher = _NEGATIVE_VALUE  # type: ignore[attr-defined]
    return parser


def day(text: str, args: argparse.Namespace, what: str = "date") -> date:
    """A date from the command line, relative to `--today`; the message names the option."""
    try:
        value = parse_user_date(text, args.today)
    except (InputError, OverflowError) as error:
        reason = error if isinstance(error, InputError) else f"{text!r} is out of range"
        raise InputError(f"{what}: {reason}") from None
    return rules.check_in_range(value, what)


def amount(text: str, currency: str, what: str = "amount") -> Decimal:
    """`parse_amount` (which refuses more than `casetui.money.MAX_AMOUNT`), the message
    naming the option."""
    try:
        return parse_amount(text, currency)
    except InputError as error:
        raise InputError(f"{what}: {error}") from None


def not_in_future(value: date, args: argparse.Namespace, what: str) -> date:
    return rules.check_not_in_future(value, args.today, what)


def print_json(data: Any) -> None:
    """JSON for scripts: indented by two, text as is (UTF-8), decimals as strings. orjson
    writes what `json.dump(indent=2, ensure_ascii=False)` would, ten times faster
    (tests/test_cli.py compares the two). A long list is dumped a slice at a time
    (`agenda --json` at 50k cases: 23,000 items, 19 MB): the same text, in buffers of
    about 800 kB rather than one that grows, by copies, to all of it. All of it is made
    before any is written, so a value that cannot be written leaves no half a list."""
    import orjson

    if isinstance(data, list) and len(data) > _JSON_SLICE:
        print_json_items(data)
        return
    # (the newline by orjson: adding it after would copy the text)
    options = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    write_out([orjson.dumps(data, option=options, default=_json_default)])


def print_json_items(items: Iterable[Any]) -> None:
    """`print_json` of a list, whose items may be made as they are dumped (a generator):
    a slice of them is made, dumped and let go before the next is made, so a slice is
    dumped while its dicts are still in the processor's cache, and the memory of one
    slice serves the next (`agenda --json` at 50k cases: 20 MiB and 15 ms less than
    making all 23,000 first). Everything is dumped before anything is written."""
    pieces = list(json_list_inside(items))
    write_out([b"[\n", *pieces, b"\n]\n"] if pieces else [b"[]\n"])


_JSON_SLICE = 1000  # items of a long list written at a time (about 800 kB of the agenda)


def json_list_inside(items: Iterable[Any]) -> Iterator[bytes | memoryview]:
    """What `print_json` writes inside the brackets of a list (`[\n`, `\n]`; nothing for
    no items), made a slice at a time: each slice dumped as a list, its own brackets cut
    off (what is inside is indented as it is in the whole list), the slices joined by
    `,\n`. (The slice is let go before the next is taken.)"""
    import orjson

    rest = iter(items)
    first = True
    while True:
        text = orjson.dumps(
            list(islice(rest, _JSON_SLICE)), option=orjson.OPT_INDENT_2, default=_json_default
        )
        if text == b"[]":
            return
        if not first:
            yield b",\n"
        first = False
        yield memoryview(text)[2:-2]


def write_out(pieces: Iterable[bytes | memoryview]) -> None:
    """Write to stdout as bytes (UTF-8), and flush."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write("".join(bytes(piece).decode("utf-8") for piece in pieces))
        return
    stream.flush()
    for piece in pieces:
        buffer.write(piece)
    buffer.flush()


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_output(
    target: Path, content: str | bytes, *, ledgers: list[Path], what: str = "-o"
) -> tuple[Path, str]:
    """`write_user_file` for a command's `-o`: the path written, and words to add to the
    message when a file was there already (`-o` replaces a file, as a shell's `>` does;
    through a link it writes where the link points, never into the ledger's own files)."""
    try:
        existed = target.expanduser().resolve().is_file()
    except (OSError, RuntimeError):
        existed = False
    written = write_user_file(target, content, ledgers=ledgers, what=what)
    return written, " (it replaced the file that was there)" if existed else ""
