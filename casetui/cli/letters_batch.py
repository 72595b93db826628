"""`casetui advance CASE CASE...`: the next letter for several cases, as one action.

    casetui advance C-2026-0040 C-2026-0005 C-2026-0011 --dry-run   # what each would get
    casetui advance C-2026-0040 C-2026-0005 --pdf-dir ~/print --send --yes

Each case gets the letter the ladder proposes next, on its usual channel and in the
customer's language, as `a` on marked cases in the app does (`casetui.mail.batch`); a
customer's cases due for the same letter share one. Blocked letters are listed with the
reason and left alone. The ready ones, after one question (or `--yes`): posted letters
(post, registered) written as PDF files into `--pdf-dir` and recorded together; e-mail
letters sent through the SMTP server with `--send` (without it they are listed as blocked,
saying so). Exit 0 when every ready letter went, 1 when one failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from casetui.cli.common import open_ledger, user_path
from casetui.errors import InputError

if TYPE_CHECKING:
    from casetui.mail.batch import BatchLetter

NO_SEND = "e-mail letters go with --send (through your SMTP server)"

# Options that shape one letter; with several cases each gets the ladder's next letter.
_ONE_LETTER_OPTIONS = (
    ("kind", "--kind"),
    ("tracking", "--tracking"),
    ("received", "--received"),
    ("deadline", "--deadline"),
    ("instalment", "--instalment"),
    ("to", "--to"),
    ("agent", "--agent"),
    ("all", "--all"),
    ("outbox", "--outbox"),
    ("lang", "--lang"),
    ("channel", "--channel"),
    ("date", "--date"),
)


def run_advance_several(args: argparse.Namespace) -> int:
    from casetui.cli.letters import _ask
    from casetui.cli.mail import _Progress, mail_time, open_server, settings_for
    from casetui.mail.batch import batch_letters, write_batch
    from casetui.mail.due import Status
    from casetui.profile import load_profile

    for attribute, option in _ONE_LETTER_OPTIONS:
        if getattr(args, attribute):
            raise InputError(
                f"{option} shapes one letter: with several cases each gets the next letter of "
                "its ladder, on its usual channel (advance one case to choose)"
            )
    folder = user_path(args.pdf_dir, "--pdf-dir") if args.pdf_dir else None
    if folder is not None and folder.exists() and not folder.is_dir():
        raise InputError(f"--pdf-dir: {folder} is a file; give a folder")
    profile = load_profile()
    with open_ledger(args, write=not args.dry_run) as ledger:
        case_ids = [ledger.case(text).id for text in args.case]
        letters = batch_letters(
            ledger, profile, case_ids, args.today, email_blocked="" if args.send else NO_SEND
        )
        ready = [letter for letter in letters if letter.ready]
        emailed = [letter for letter in ready if letter.emailed]
        print(f"{len(ready)} of {len(letters)} letters ready:")
        for letter in letters:
            print(_line(letter))
        if args.dry_run:
            print("Dry run: nothing written, nothing recorded.", file=sys.stderr)
            return 0
        if not ready:
            raise InputError("no letter can go: each one says why above")
        if len(emailed) < len(ready) and folder is None:
            raise InputError("posted letters are written as PDF files to print: give --pdf-dir")
        settings = settings_for() if emailed else None
        if not args.yes:
            if not sys.stdin.isatty():
                raise InputError("add --yes to write and record them without a question")
            answer = _ask(f"Write {len(ready)} letters and record them as one action? [y/N] ")
            if answer not in ("y", "yes"):
                print("Nothing written, nothing recorded.", file=sys.stderr)
                return 1
        server = open_server(settings) if settings is not None else None
        try:
            _, outcomes = write_batch(
                ledger,
                letters,
                folder=folder or Path.cwd(),  # only posted letters use it
                window=profile.window_side,
                now=mail_time(args.today),
                settings=settings,
                server=server,
                progress=_Progress(len(letters), quiet=False),
            )
        finally:
            if server is not None:
                server.close()
    counts = {status: sum(1 for o in outcomes if o.status is status) for status in Status}
    print(", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s]))
    return 1 if counts[Status.FAILED] else 0


def _line(letter: BatchLetter) -> str:
    cases = ", ".join(letter.case_ids)
    what = letter.kind.value.replace("-", " ") if letter.kind is not None else "no letter"
    if letter.draft is not None:
        what += f" · {letter.draft.channel.value} · {letter.draft.language}"
    state = "ready" if letter.ready else f"blocked: {letter.blocked}"
    return f"  {cases}  {letter.customer.name}: {what}  {state}"
