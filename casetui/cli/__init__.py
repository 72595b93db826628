"""The `casetui` command line: global options, subcommands, exit codes.

Each command group lives in its own module with a `register(subparsers)` function that adds
its parsers and sets `handler=` to a function `(args) -> int`. Errors are raised as
`InputError` (exit 2) or `OperationalError` (exit 1) and printed here as one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from casetui.dates import parse_iso
from casetui.errors import CasetuiError, InputError

COMMAND_MODULES: tuple[str, ...] = ("calc", "setup", "letters")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so errors share one format and exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{self.prog}: {message}")


def _today(text: str) -> date:
    return parse_iso(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casetui", description="Chase unpaid invoices from the terminal.")
    parser.add_argument(
        "--db", metavar="PATH", help="ledger file (default: $CASETUI_DB or the user data folder)"
    )
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", type=_today, help="pretend today is this date"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    from importlib import import_module

    for name in COMMAND_MODULES:
        import_module(f"casetui.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.today is None:
            args.today = date.today()
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return 0
        return int(handler(args) or 0)
    except CasetuiError as error:
        print(f"casetui: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
