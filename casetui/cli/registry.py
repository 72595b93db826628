"""Every command of the `casetui` command line, in one table.

A command is a name, one line of help for `casetui --help`, and where its parser is
configured: `"module:function"` under `casetui.cli`, a function that takes the command's
(empty) `argparse` parser, adds its arguments and sets `handler=`. Only the command being
run is configured, so its module (and whatever it imports: the ledger, the law tables,
the importers) is loaded only when it is needed; `casetui --help` imports none of them.

A new command joins with one line here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module

from casetui.values import frozen


@frozen
class Command:
    name: str
    help: str
    configure: str  # "module:function" in casetui.cli
    # The function also takes the command line's words after the command, to build only
    # the part of its parser they name (`log`: one of its seventeen kinds of entry).
    reads_words: bool = False

    def configure_parser(self, parser: argparse.ArgumentParser, words: Sequence[str] = ()) -> None:
        module, function = self.configure.split(":")
        configure: Callable[..., None] = getattr(import_module(f"casetui.cli.{module}"), function)
        if self.reads_words:
            configure(parser, words)
        else:
            configure(parser)


COMMANDS: tuple[Command, ...] = (
    Command("add", "add a case for an unpaid invoice", "cases:configure_add"),
    Command("list", "list cases (open ones by default)", "cases:configure_list"),
    Command("show", "one case: amounts, claim, timeline", "show:configure"),
    Command("agenda", "what needs action today, most urgent first", "cases:configure_agenda"),
    Command("edit", "correct a case's invoice data or set its regime", "cases:configure_edit"),
    Command("undo", "cancel the last action on a case", "cases:configure_undo"),
    Command("redo", "cancel the last undo on a case", "cases:configure_redo"),
    Command("export", "a case history as Markdown or HTML", "cases:configure_export"),
    Command(
        "log",
        "record a call, note, payment, promise, letter... on a case",
        "log:configure",
        reads_words=True,
    ),
    Command(
        "customer",
        "debtors: list, show (all their cases), edit their details, undo",
        "customers:configure",
    ),
    Command("demo", "write a fictional demo ledger", "demo:configure"),
    Command("calc", "compute late-payment interest and costs for one amount", "calc:configure"),
    Command(
        "limitation",
        "the last day to act before a claim may be time-barred",
        "limitation:configure",
    ),
    Command("import", "import invoices from UBL (Peppol) or CSV files", "imports:configure"),
    Command(
        "bank",
        "record payments from bank statements (camt.053/054, CODA, MT940, CSV)",
        "bank:configure",
    ),
    Command(
        "setup",
        "fill in your business profile (name, address, IBAN, ...) for letters",
        "setup:configure",
    ),
    Command("letter", "preview a letter for a case (writes nothing)", "letters:configure_letter"),
    Command(
        "advance",
        "send the next stage's letter: record it, move the stage, set the deadline",
        "letters:configure_advance",
    ),
    Command(
        "mail",
        "the SMTP server letters are e-mailed through: login, logout, test",
        "mail:configure_mail",
    ),
    Command(
        "send",
        "e-mail the letters due today (--due): list, ask once, send, report",
        "mail:configure_send",
    ),
    Command("report", "reports: aging, collected, ladder, activity", "reports:configure"),
    Command("backups", "list the ledger's backups, newest first", "backups:configure_backups"),
    Command("restore", "put a backup back in place of the ledger", "backups:configure_restore"),
    Command(
        "attach",
        "attach files (invoice, terms, proof of posting...) to a case",
        "attach:configure_attach",
    ),
    Command(
        "verify",
        "check that the ledger (checksums, hash chains, index, evidence) or a bundle (--bundle) "
        "is what was written",
        "integrity:configure_verify",
    ),
    Command(
        "reseal",
        "accept changes made to the ledger file on purpose, after showing them",
        "integrity:configure_reseal",
    ),
)

# Global options that take a value: what follows them is not the command.
_VALUED_OPTIONS = ("--db", "--today")


def command_named(name: str) -> Command | None:
    return next((command for command in COMMANDS if command.name == name), None)


def positional_words(argv: Iterable[str]) -> list[str]:
    """The words of `argv` that are neither options nor a global option's value, up to a
    help option (`casetui --help log`: the help of casetui, listing every command)."""
    words: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            words.extend(tokens)
            break
        if token in ("-h", "--help"):
            break
        if token in _VALUED_OPTIONS:
            next(tokens, None)
        elif not token.startswith("-"):
            words.append(token)
    return words
