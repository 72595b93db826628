"""The `casetui` command line: global options, subcommands, exit codes.

Each command group lives in its own module with a `register(subparsers)` function that adds
its parsers and sets `handler=` to a function `(args) -> int`. Errors are raised as
`InputError` (exit 2) or `OperationalError` (exit 1) and printed here as one line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from importlib import import_module
from pathlib import Path

from casetui.dates import parse_iso
from casetui.errors import CasetuiError, InputError
from casetui.paths import CONFIG_ENV

COMMAND_MODULES: tuple[str, ...] = (
    "cases",
    "log",
    "demo",
    "calc",
    "imports",
    "setup",
    "letters",
    "mail",
)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so errors share one format and exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # main() prints "casetui: "; name the subcommand only ("add: ...").
        command = self.prog.removeprefix("casetui").strip()
        raise InputError(f"{command}: {message}" if command else message)


def _today(text: str) -> date:
    try:
        return parse_iso(text)
    except InputError as error:
        raise argparse.ArgumentTypeError(f"--today wants YYYY-MM-DD: {error}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="casetui",
        description="Chase unpaid invoices from the terminal. Without a command, opens the "
        "app on today's agenda.",
    )
    parser.add_argument(
        "--db", metavar="PATH", help="ledger file (default: $CASETUI_DB or the user data folder)"
    )
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", type=_today, help="pretend today is this date"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="work on a throwaway demo ledger (your own ledger is not touched)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        import_module(f"casetui.cli.{name}").register(subparsers)
    return parser


@contextlib.contextmanager
def _throwaway_demo(args: argparse.Namespace) -> Iterator[None]:
    """A demo ledger and business profile in a temp folder, removed afterwards."""
    from casetui.cli.demo import DEMO_CASES, DEMO_SEED
    from casetui.demo import write_demo
    from casetui.ledger import Ledger
    from casetui.profile import write_demo_profile

    if args.db:
        raise InputError("--demo works on a throwaway ledger; leave out --db")
    with tempfile.TemporaryDirectory(prefix="casetui-demo-") as folder:
        path = Path(folder) / "ledger.json"
        config = Path(folder) / "config"
        config.mkdir()
        previous = os.environ.get(CONFIG_ENV)
        os.environ[CONFIG_ENV] = str(config)
        try:
            write_demo_profile(config)
            with Ledger.open(path, backup=False) as ledger:
                write_demo(ledger, DEMO_CASES, DEMO_SEED, args.today)
            args.db = str(path)
            yield
        finally:
            if previous is None:
                os.environ.pop(CONFIG_ENV, None)
            else:
                os.environ[CONFIG_ENV] = previous


def _open_app(args: argparse.Namespace) -> int:
    """No command: the app on today's agenda; the agenda as text when not on a terminal."""
    from casetui.cli.common import ledger_path

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from casetui.cli.cases import run_agenda

        args.json = False
        args.command = "agenda"
        return run_agenda(args)
    path = ledger_path(args)
    if path.is_dir():
        raise InputError(f"{path} is a folder; --db wants the ledger file")
    from casetui.tui.app import run  # Textual is imported only here

    return run(path, args.today)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.today is None:
            args.today = date.today()
        handler = getattr(args, "handler", None) or _open_app
        if args.demo:
            with _throwaway_demo(args):
                return int(handler(args) or 0)
        return int(handler(args) or 0)
    except CasetuiError as error:
        print(f"casetui: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`casetui list | head`): not an error worth a traceback.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
