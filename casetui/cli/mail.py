"""`casetui mail login|logout|test` and `casetui send --due`: letters by e-mail.

    casetui mail login              # asks for the SMTP password, checks it, keeps it in the keyring
    casetui mail test               # connects, secures, logs in; prints what the server said
    casetui send --due --dry-run    # the letters due today that may go by e-mail
    casetui send --due --yes        # send them all (one question without --yes)
    casetui send --due --outbox ~/outbox   # .eml files to review; nothing recorded

The server is the one in the business profile (`casetui setup --smtp-host ...`); the password
comes from `CASETUI_SMTP_PASSWORD` or the system keyring, never from a file.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from casetui.cli.common import open_ledger, print_json, user_path
from casetui.controls import show_controls
from casetui.errors import InputError

if TYPE_CHECKING:
    from casetui.mail.due import DueLetter, Outcome
    from casetui.mail.server import MailServer
    from casetui.mail.settings import SmtpSettings


def configure_mail(mail: argparse.ArgumentParser) -> None:
    mail.description = (
        "Set up sending letters by e-mail. The server is in the business profile "
        "(casetui setup --smtp-host ...); the password is kept in the system keyring or "
        "read from CASETUI_SMTP_PASSWORD, never written to a file."
    )
    actions = mail.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    login = actions.add_parser(
        "login", help="ask for the SMTP password, check it, keep it in the system keyring"
    )
    login.add_argument(
        "--no-check", action="store_true", help="store it without logging in to the server"
    )
    login.set_defaults(handler=run_login)
    logout = actions.add_parser("logout", help="remove the SMTP password from the keyring")
    logout.set_defaults(handler=run_logout)
    test = actions.add_parser(
        "test", help="connect, secure and log in to the server; say what it answered"
    )
    test.set_defaults(handler=run_test)


def configure_send(send: argparse.ArgumentParser) -> None:
    send.description = (
        "Every open case whose next step today is a letter that may go by "
        "e-mail (never a registered one, never a blocked one): list them, ask once, send "
        "each, and report sent / failed / skipped per case. Each sent letter is recorded "
        "once the server accepted it."
    )
    send.add_argument("--due", action="store_true", help="the letters due today (required)")
    send.add_argument("--dry-run", action="store_true", help="list them; send nothing")
    send.add_argument("--yes", action="store_true", help="send without asking")
    send.add_argument("--json", action="store_true", help="the results as JSON on stdout")
    send.add_argument(
        "--outbox", metavar="DIR", help="write .eml files to DIR instead; record nothing"
    )
    send.set_defaults(handler=run_send)


# --------------------------------------------------------------------------- shared


def mail_time(today: date) -> datetime:
    """The e-mail's Date: now, or now's time on `--today` when the day is pretended."""
    now = datetime.now(UTC)
    if today == now.date():
        return now
    return datetime.combine(today, now.time(), UTC)


def settings_for(*, server: bool = True) -> SmtpSettings:
    from casetui.mail.settings import smtp_settings
    from casetui.profile import load_profile

    return smtp_settings(load_profile(), server=server)


def open_server(settings: SmtpSettings) -> MailServer:
    """A (not yet connected) server with the password from the environment or keyring."""
    from casetui.mail.secret import find_password
    from casetui.mail.server import MailServer

    password = None
    if settings.user:
        password, why = find_password(settings)
        if password is None:
            raise InputError(
                f"no SMTP password for {settings.user} at {settings.host} ({why}): "
                "casetui mail login, or set CASETUI_SMTP_PASSWORD"
            )
    return MailServer(settings, password)


# --------------------------------------------------------------------------- mail


def run_login(args: argparse.Namespace) -> int:
    from casetui.mail.secret import account, save_password
    from casetui.mail.server import MailServer

    settings = settings_for()
    if not settings.user:
        raise InputError("no SMTP user in the business profile: casetui setup --smtp-user USER")
    if not sys.stdin.isatty():
        raise InputError("casetui mail login asks for the password: run it in a terminal")
    try:
        password = getpass.getpass(f"SMTP password for {account(settings)}: ")
    except EOFError:
        raise InputError("no password given") from None
    if not password:
        raise InputError("no password given; nothing was stored")
    if not args.no_check:
        with MailServer(settings, password) as server:
            server.connect()
            print(server.transcript[-1])
    save_password(settings, password)
    print(f"Password for {account(settings)} kept in the system keyring.")
    return 0


def run_logout(args: argparse.Namespace) -> int:
    from casetui.mail.secret import account, forget_password

    settings = settings_for()
    if forget_password(settings):
        print(f"Password for {account(settings)} removed from the system keyring.")
    else:
        print(f"No password was stored for {account(settings)}.")
    return 0


def run_test(args: argparse.Namespace) -> int:
    settings = settings_for()
    with open_server(settings) as server:
        try:
            server.connect()
        finally:
            for line in server.transcript:
                print(line)
    print(f"{settings.where} works: letters will go from {settings.sender}.")
    return 0


# --------------------------------------------------------------------------- send --due


def _letter_line(letter: DueLetter) -> str:
    what = letter.kind.value.replace("-", " ")
    cases = ", ".join(letter.case_ids)
    name = letter.customer.name
    if letter.sendable:
        return f"  send  {cases}  {what} to {name}"
    return f"  skip  {cases}  {what} to {name}: {letter.skip}"


def run_send(args: argparse.Namespace) -> int:
    from casetui.mail.due import Status, due_letters, send_due

    if not args.due:
        raise InputError("send needs --due: the letters due today (casetui send --due)")
    outbox = outbox_path(args.outbox) if args.outbox else None
    from casetui.profile import load_profile

    profile = load_profile()
    # A dry run lists what is due: it needs no server (nor sender) yet.
    settings = None if args.dry_run else settings_for(server=outbox is None)
    with open_ledger(args, write=outbox is None and not args.dry_run) as ledger:
        letters = due_letters(ledger, profile, args.today)
        sendable = [letter for letter in letters if letter.sendable]
        if not args.json:
            print(f"{len(sendable)} of {len(letters)} letters due today can go by e-mail:")
            for letter in letters:
                print(_letter_line(letter))
        if args.dry_run or not sendable:
            if args.json:
                print_json(_send_json(letters, [], dry_run=args.dry_run))
            elif not sendable:
                print("Nothing to send.")
            return 0
        assert settings is not None
        how = f"to {outbox}" if outbox else f"through {settings.where}"
        if not args.yes:
            if args.json or not sys.stdin.isatty():
                raise InputError("add --yes to send without a question")
            verb = "Write" if outbox else "Send"
            answer = _ask(f"{verb} {len(sendable)} letters {how}? [y/N] ")
            if answer not in ("y", "yes"):
                print("Nothing sent.", file=sys.stderr)
                return 1
        server = None if outbox else open_server(settings)
        progress = _Progress(len(letters), quiet=args.json)
        try:
            outcomes = send_due(
                ledger,
                letters,
                settings,
                window=profile.window_side,
                now=mail_time(args.today),
                server=server,
                outbox=outbox,
                progress=progress,
            )
        finally:
            if server is not None:
                server.close()
    counts = {status: sum(1 for o in outcomes if o.status is status) for status in Status}
    if args.json:
        print_json(_send_json(letters, outcomes, dry_run=False))
    else:
        print(
            ", ".join(f"{counts[status]} {status.value}" for status in Status if counts[status])
            + (" (nothing recorded)" if outbox else "")
        )
    return 1 if counts[Status.FAILED] else 0


def _send_json(
    letters: list[DueLetter], outcomes: list[Outcome], *, dry_run: bool
) -> dict[str, object]:
    """One shape for a dry run and a real one: `letters` is always what was due (to send or
    skipped, and why), `results` what happened to each (empty when nothing was tried)."""
    return {
        "dry_run": dry_run,
        "letters": [_due_json(letter) for letter in letters],
        "results": [outcome.to_json() for outcome in outcomes],
    }


def _due_json(letter: DueLetter) -> dict[str, object]:
    return {
        "cases": list(letter.case_ids),
        "customer": letter.customer.name,
        "kind": letter.kind.value,
        "send": letter.sendable,
        "skip": letter.skip,
    }


class _Progress:
    """A progress bar on a terminal, one line per letter otherwise (stderr)."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total = total
        self.quiet = quiet
        self.bar = sys.stderr.isatty()

    def __call__(self, done: int, outcome: Outcome) -> None:
        if self.quiet:
            return
        cases = ", ".join(outcome.letter.case_ids)
        line = f"{outcome.status.value:<7} {cases}: {outcome.message}"
        if self.bar:
            width = 24
            filled = width * done // max(1, self.total)
            bar = "#" * filled + "." * (width - filled)
            # The bar's own carriage return and line erase go to the terminal as they are;
            # the line (names, the server's words) with its control characters made visible.
            terminal = getattr(sys.stderr, "unfiltered", sys.stderr)
            terminal.write(f"\r\x1b[2K{show_controls(line)}\n[{bar}] {done}/{self.total}")
            if done == self.total:
                terminal.write("\n")
            terminal.flush()
        else:
            print(line, file=sys.stderr)


def _ask(question: str) -> str:
    try:  # input() writes its prompt past the CLI's filtered stdout: filter it here
        return input(show_controls(question)).strip().lower()
    except EOFError:
        print(file=sys.stderr)
        return ""


def outbox_path(text: str) -> Path:
    path = user_path(text, "--outbox")
    if path.exists() and not path.is_dir():
        raise InputError(f"--outbox: {path} is a file; give a folder")
    return path
