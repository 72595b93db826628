"""The `casetui` command line: global options, subcommands, exit codes.

Commands are listed in `casetui.cli.registry`; only the parser of the command being run is
built (its module imported), the others appear in `--help` from the registry's table. Each
command's parser sets `handler=` to a function `(args) -> int`. Errors are raised as
`InputError` (exit 2) or `OperationalError` (exit 1) and printed here as one line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TextIO

from casetui.cli.ending import anything_left, forget_left
from casetui.cli.registry import COMMANDS, positional_words
from casetui.controls import show_controls
from casetui.dates import FIRST_DAY, LAST_DAY, parse_iso
from casetui.errors import CasetuiError, InputError
from casetui.paths import CONFIG_ENV, USER_CONFIG_ENV, ledger_config_dir, user_config_dir


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so errors share one format and exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # main() prints "casetui: "; name the subcommand only ("add: ...").
        command = self.prog.removeprefix("casetui").strip()
        raise InputError(f"{command}: {message}" if command else message)


def _today(text: str) -> date:
    try:
        day = parse_iso(text)
    except InputError as error:
        raise argparse.ArgumentTypeError(f"--today wants YYYY-MM-DD: {error}") from None
    # The dates a ledger holds: far beyond them, date arithmetic overflows.
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"--today {day} is out of range ({FIRST_DAY.year} to {LAST_DAY.year})"
        )
    return day


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for `argv`: every command is listed, only the one `argv` runs is built."""
    parser = _Parser(
        prog="casetui",
        description="Chase unpaid invoices from the terminal. Without a command, opens the "
        "app on today's agenda.",
        allow_abbrev=False,  # `--tod X` must not hide which word is the command
    )
    _add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    words = positional_words(argv)
    wanted = words[0] if words else None
    # A known command gets its own parser only: building the other forty (argparse looks up
    # a translation for every word it prints) costs more than most commands' work. `--help`
    # and a mistyped command list them all.
    known = [command for command in COMMANDS if command.name == wanted]
    for command in known or COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help)
        if command.name == wanted:
            command.configure_parser(sub, words[1:])
            # `casetui show 26 --db x.json` as well as `casetui --db x.json show 26`: people
            # add the option where they think of it. Given twice, the later one wins.
            _add_global_options(sub, default=argparse.SUPPRESS)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, default: Any = None) -> None:
    """--db, --today and --demo: before the command, and (SUPPRESS: only when given) after."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="ledger file (default: $CASETUI_DB or the user data folder)",
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=_today,
        default=default,
        help="pretend today is this date",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=False if default is None else default,
        help="work on a throwaway demo ledger (your own ledger is not touched)",
    )


@contextlib.contextmanager
def _throwaway_demo(args: argparse.Namespace) -> Iterator[None]:
    """A demo ledger and its business profile in a temp folder, removed afterwards."""
    from casetui.cli.demo import DEMO_CASES, DEMO_SEED, write_demo_config
    from casetui.demo import write_demo
    from casetui.ledger import Ledger
    from casetui.profile import DEMO_PROFILE

    if args.db:
        raise InputError("--demo works on a throwaway ledger; leave out --db")
    import tempfile  # only --demo: it loads hashlib and OpenSSL (through `random`)

    with tempfile.TemporaryDirectory(prefix="casetui-demo-") as folder:
        path = Path(folder) / "ledger.json"
        write_demo_config(path)
        # Folded with the demo's profile, which the run uses: the rows are current.
        policy = DEMO_PROFILE.ladder_policy()
        with Ledger.open(path, backup=False, today=args.today, policy=policy) as ledger:
            write_demo(ledger, DEMO_CASES, DEMO_SEED, args.today)
        args.db = str(path)
        with _config_of_the_ledger(args):
            yield


@contextlib.contextmanager
def _config_of_the_ledger(args: argparse.Namespace) -> Iterator[None]:
    """A demo ledger's own config folder (`casetui.paths.ledger_config_dir`) for the run:
    the demo's profile is used on the demo ledger, and nothing reaches the user's."""
    from casetui.cli.common import business_profile, ledger_path

    try:
        config = ledger_config_dir(ledger_path(args))
    except InputError:
        config = None  # the command reports a bad --db itself
    if config is None:
        yield
        return
    saved = {name: os.environ.get(name) for name in (CONFIG_ENV, USER_CONFIG_ENV)}
    os.environ[USER_CONFIG_ENV] = str(user_config_dir())  # keys.toml stays the user's
    os.environ[CONFIG_ENV] = str(config)
    business_profile.cache_clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        business_profile.cache_clear()


def _open_app(args: argparse.Namespace) -> int:
    """No command: the app on today's agenda; the agenda as text when not on a terminal."""
    from casetui.cli.common import ledger_path

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from casetui.cli.cases import run_agenda

        args.json = False
        args.command = "agenda"
        return run_agenda(args)
    path = ledger_path(args)  # never a folder
    from casetui.tui.app import run  # Textual is imported only here

    return run(path, args.today)


class _VisibleStream:
    """A text stream that shows control characters visibly (`casetui.controls`): a name
    with `ESC[2J` in it must not clear the user's terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._held_cr = False  # a CR at the end of a write: a line end if LF comes next

    def write(self, text: str) -> int:
        # CR LF is a line end (a CSV document's own), harmless on a terminal; a lone CR
        # would overwrite the line, so only that one is made visible.
        if self._held_cr:
            text = "\r" + text
            self._held_cr = False
        if text.endswith("\r"):
            text = text[:-1]
            self._held_cr = True
        lines = text.split("\r\n")
        self._stream.write("\r\n".join(show_controls(line) for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._held_cr:  # nothing followed it: it was a lone CR after all
            self._stream.write(show_controls("\r"))
            self._held_cr = False
        self._stream.flush()

    @property
    def unfiltered(self) -> TextIO:
        """The stream itself, for terminal sequences casetui sends on purpose (a progress
        bar's carriage return); text in them goes through `show_controls` first."""
        return self._stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _visible_output(*, as_typed: bool) -> Iterator[None]:
    """Text output with control characters made visible; `--json` (`as_typed`) keeps the
    text exactly as stored on stdout (JSON escapes what it must)."""
    saved = sys.stdout, sys.stderr
    if not as_typed:
        sys.stdout = _VisibleStream(sys.stdout)  # type: ignore[assignment]
    sys.stderr = _VisibleStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, _VisibleStream):
                stream.flush()  # a CR held back at the very end is written, visibly
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    forget_left()
    try:
        arguments = sys.argv[1:] if argv is None else list(argv)
        parser = build_parser(arguments)
        args = parser.parse_args(arguments)
        if args.today is None:
            args.today = date.today()
        handler = getattr(args, "handler", None) or _open_app
        # JSON keeps text as typed (it escapes control characters itself, and a stand-in
        # such as `\x9b` would not be valid JSON).
        as_typed = bool(getattr(args, "json", False)) or getattr(args, "format", None) == "json"
        with _visible_output(as_typed=as_typed):
            if args.demo:
                with _throwaway_demo(args):
                    return int(handler(args) or 0)
            with _config_of_the_ledger(args):
                return int(handler(args) or 0)
    except CasetuiError as error:
        print(f"casetui: {show_controls(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`casetui list | head`): not an error worth a traceback.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        # What the system refused outside the ledger's own checks (the output on a full
        # disk): one line, not a traceback. The ledger is never left half-written.
        _say_refused(error)
        return 1


def run() -> NoReturn:
    """The `casetui` command: `main`, then the process ends with its exit code. When the
    command left what it made for the end to free (`leave_for_exit`), the process ends at
    once, once its output is flushed, without freeing it object by object (no `atexit`
    work is pending then: the ledger is closed, no thread or child runs)."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader went away (`| head`)
    except OSError as error:
        _say_refused(error)  # the output's end could not be written (a full disk)
        os._exit(1)  # (Python would try the same write again on its way out)
    if anything_left():
        with contextlib.suppress(OSError):
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _say_refused(error: OSError) -> None:
    """`casetui: No space left on device` (and the file, when the system names one)."""
    what = error.strerror or str(error)
    if error.filename:
        what += f": {error.filename}"
    with contextlib.suppress(OSError):
        print(f"casetui: {show_controls(what)}", file=sys.stderr, flush=True)


if __name__ == "__main__":  # pragma: no cover
    run()
