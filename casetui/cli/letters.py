"""`casetui letter` previews a letter; `casetui advance` records the next stage's letter.

    casetui letter C-2026-0042                     # the next letter, Markdown on stdout
    casetui letter C-2026-0042 formal-notice --lang fr --format html -o notice.html
    casetui letter C-2026-0042 reminder --all      # one letter for all overdue cases
    casetui advance C-2026-0042 --channel registered --tracking RR123456789BE --yes
    casetui letter C-2026-0042 --format pdf -o reminder.pdf   # A4, window envelope, QR code
    casetui advance C-2026-0042 --channel email --send       # e-mailed, then recorded
    casetui advance C-2026-0042 --outbox ~/outbox            # an .eml file; nothing recorded

`letter` never writes to the ledger. A letter with a blocking finding (no IBAN, a deadline
shorter than the law allows, a missing mandatory mention) is not produced: the findings are
printed on stderr and the exit code is 2. `advance` shows the letter and its findings and asks
before recording (unless `--yes`); it refuses a blocked letter and leaves the ledger as it was.
With `--send` it e-mails the letter through the profile's SMTP server and records it only once
the server accepted it (exit 1 and nothing recorded when sending fails). A registered letter's
PDF is kept as evidence when it is recorded.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from casetui.cli.common import day, ledger_path, open_ledger, user_path, write_output
from casetui.controls import show_controls
from casetui.errors import InputError
from casetui.model import LetterKind, letter_languages_text
from casetui.userfiles import check_target

if TYPE_CHECKING:
    from casetui.ledger import Ledger
    from casetui.letters import LetterDraft
    from casetui.profile import Profile
    from casetui.timeline import CaseState

# Every kind `log CASE letter --kind` accepts: one list for the three commands.
KINDS = tuple(kind.value for kind in LetterKind)


def _common_options(parser: argparse.ArgumentParser, *, several: bool = False) -> None:
    if several:
        parser.add_argument(
            "case",
            metavar="CASE",
            nargs="+",
            help="case id (C-2026-0001) or invoice number; several: the next letter of each, "
            "recorded as one action",
        )
    else:
        parser.add_argument("case", metavar="CASE", help="case id (C-2026-0001) or invoice number")
    parser.add_argument(
        "--lang", metavar="LL", help=f"{letter_languages_text()} (default: the customer's)"
    )
    parser.add_argument("--date", metavar="DATE", help="the letter date (default: today)")
    parser.add_argument("--channel", choices=("email", "post", "registered"), help="how it is sent")
    parser.add_argument(
        "--all", action="store_true", help="cover all overdue cases of the customer"
    )
    parser.add_argument("--deadline", metavar="DATE", help="a deadline of your own choosing")
    parser.add_argument(
        "--to", choices=("agency", "bailiff", "lawyer"), help="handover: who takes the file"
    )
    parser.add_argument("--agent", metavar="NAME", default="", help="handover: their name")
    parser.add_argument(
        "--instalment",
        action="append",
        default=[],
        metavar="DATE=AMOUNT",
        help="settlement: one payment of the plan (repeatable; default: one payment)",
    )


def configure_letter(letter: argparse.ArgumentParser) -> None:
    letter.description = (
        "Render a letter for a case without recording it. Without KIND: the "
        "next letter of the ladder. Findings go to stderr; a blocked letter is not produced."
    )
    _common_options(letter)
    letter.add_argument("kind", metavar="KIND", nargs="?", choices=KINDS, help=", ".join(KINDS))
    letter.add_argument("--format", choices=("md", "html", "txt", "pdf"), default="md")
    letter.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    letter.set_defaults(handler=run_letter)


def configure_advance(advance: argparse.ArgumentParser) -> None:
    advance.description = (
        "Prepare the next letter of the ladder for a case, show it with its "
        "findings, and record it after confirmation. With several cases: each case's next "
        "letter, ready or blocked and why; the ready ones are written (posted ones as PDF "
        "into --pdf-dir, e-mail ones with --send) and recorded as one action."
    )
    _common_options(advance, several=True)
    advance.add_argument("--kind", choices=KINDS, help="another kind than the next stage's")
    advance.add_argument("--tracking", metavar="NO", default="", help="registered-mail number")
    advance.add_argument(
        "--received",
        metavar="DATE",
        help="the day it reached the debtor, if known (Dutch law: limitation runs anew from it)",
    )
    advance.add_argument("--yes", action="store_true", help="record without asking")
    advance.add_argument(
        "--dry-run", action="store_true", help="show the letter(s) and findings; record nothing"
    )
    advance.add_argument(
        "--pdf-dir",
        metavar="DIR",
        help="several cases: where the posted letters' PDF files go (to print)",
    )
    how = advance.add_mutually_exclusive_group()
    how.add_argument(
        "--send",
        action="store_true",
        help="e-mail it through your SMTP server, then record it (channel email)",
    )
    how.add_argument(
        "--outbox", metavar="DIR", help="write the e-mail as an .eml file to DIR; record nothing"
    )
    advance.set_defaults(handler=run_advance)


def _covered_by_one_letter(
    ledger: Ledger, state: CaseState, kind: str | None, profile: Profile, sent_on: date
) -> list[str]:
    """`--all`: the customer's other overdue cases whose own next letter is this one; the
    others are named on stderr and left out (`casetui.letters.together`)."""
    from casetui.letters.flow import overdue_cases, propose_letter
    from casetui.letters.together import cases_for_one_letter
    from casetui.model import LetterKind

    customer = ledger.customer(state.customer_id)
    others = [s for s in overdue_cases(ledger, state.customer_id, sent_on) if s.id != state.id]
    try:
        chosen = (
            LetterKind(kind) if kind else propose_letter(state, customer, profile, sent_on).kind
        )
    except ValueError:
        chosen = None  # an unknown kind: prepare_letter says so
    if chosen is None:
        return [s.id for s in others]
    covered, left_out = cases_for_one_letter(others, chosen, customer, profile, sent_on)
    for item in left_out:
        print(f"info: not in this letter: {item.words()}", file=sys.stderr)
    return [s.id for s in covered]


def _prepare(
    ledger: Ledger, args: argparse.Namespace, kind: str | None, profile: Profile
) -> LetterDraft:
    from casetui.letters.flow import prepare_letter
    from casetui.money import parse_amount

    sent_on: date = day(args.date, args, "--date") if args.date else args.today
    deadline = day(args.deadline, args, "--deadline") if args.deadline else None
    state = ledger.case(args.case)
    case_ids = [state.id]
    if args.all:
        case_ids += _covered_by_one_letter(ledger, state, kind, profile, sent_on)
    instalments: list[tuple[date, Decimal]] = []
    for text in args.instalment:
        when, sep, amount = text.partition("=")
        if not sep:
            raise InputError(f"--instalment wants DATE=AMOUNT, got {text!r}")
        instalments.append((day(when, args, "--instalment"), parse_amount(amount, state.currency)))
    return prepare_letter(
        ledger,
        list(dict.fromkeys(case_ids)),
        kind,
        profile=profile,
        sent_on=sent_on,
        lang=args.lang,
        channel=args.channel,
        deadline=deadline,
        instalments=instalments or None,
        handover_to=args.to,
        agent=args.agent,
    )


def _print_findings(draft: LetterDraft) -> None:
    for finding in draft.findings:
        print(f"{finding.severity.value}: {finding.message}", file=sys.stderr)


def _refuse(draft: LetterDraft, what: str) -> InputError:
    reasons = "; ".join(finding.message for finding in draft.blocks)
    return InputError(f"the {draft.kind.value.replace('-', ' ')} cannot be {what}: {reasons}")


def run_letter(args: argparse.Namespace) -> int:
    from casetui.letters.flow import render_draft
    from casetui.profile import load_profile

    target = None
    if args.output and args.output != "-":
        target = check_target(user_path(args.output, "-o"), ledgers=[ledger_path(args)], what="-o")
    elif args.format == "pdf" and sys.stdout.isatty():
        raise InputError("a PDF is not for the terminal: give -o FILE (or pipe it)")
    profile = load_profile()
    with open_ledger(args, write=False) as ledger:
        draft = _prepare(ledger, args, args.kind, profile)
    _print_findings(draft)
    if draft.blocked:
        raise _refuse(draft, "produced")
    data: str | bytes
    if args.format == "pdf":
        from casetui.letters.pdf import render_pdf

        data = render_pdf(draft, window=profile.window_side)
    else:
        data = render_draft(draft, args.format, window=profile.window_side)
    if target is not None:
        target, replaced = write_output(target, data, ledgers=[ledger_path(args)])
        print(f"Written to {target}{replaced}", file=sys.stderr)
    elif isinstance(data, bytes):  # the PDF, byte for byte (no text filter on the way)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
    return 0


def run_advance(args: argparse.Namespace) -> int:
    from casetui.letters.flow import receipt_question, record_letter
    from casetui.profile import load_profile

    if len(args.case) > 1:
        from casetui.cli.letters_batch import run_advance_several

        return run_advance_several(args)
    args.case = args.case[0]
    if args.pdf_dir:
        raise InputError("--pdf-dir is for several cases; one letter: casetui letter --format pdf")
    if args.dry_run and args.outbox:
        raise InputError("--outbox records nothing already: leave out --dry-run")
    profile = load_profile()
    if args.send or args.outbox:
        if args.channel not in (None, "email"):
            option = "--send" if args.send else "--outbox"
            raise InputError(f"{option} e-mails the letter: leave out --channel {args.channel}")
        args.channel = "email"
    if args.outbox:
        if args.received:
            raise InputError("--outbox records nothing: leave out --received")
        return _to_outbox(args, profile)
    evidence = ""
    with open_ledger(args, write=True) as ledger:
        draft = _prepare(ledger, args, args.kind, profile)
        received = day(args.received, args, "--received") if args.received else None
        if received is not None and not draft.sent_on <= received <= args.today:
            raise InputError(
                f"--received {received}: between the letter's date ({draft.sent_on}) and today"
            )
        ask_receipt = receipt_question(ledger, draft)
        if not args.yes:
            sys.stdout.write(draft.text)
            sys.stdout.write("\n")
        _print_findings(draft)
        if draft.blocked:
            raise _refuse(draft, "sent")
        if args.dry_run:
            print("Dry run: nothing sent, nothing recorded.", file=sys.stderr)
            return 0
        if args.send:
            sent = _send(args, ledger, draft, profile, received)
            if sent is None:
                return 1
            states = sent
        else:
            cases = ", ".join(draft.case_ids)
            if not args.yes:
                what = draft.kind.value.replace("-", " ")
                answer = _ask(f"Record this {what} on {cases}? [y/N] ")
                if answer not in ("y", "yes"):
                    print("Nothing recorded.", file=sys.stderr)
                    return 1
            from casetui.mail.sending import registered_proof

            proof = registered_proof(ledger, draft, window=profile.window_side)
            evidence = proof.evidence
            states = record_letter(
                ledger, draft, tracking=args.tracking, proof=proof, received=received
            )
    _recorded(draft, states)
    if evidence:
        print(f"The PDF as recorded is kept as evidence/{evidence}", file=sys.stderr)
    if draft.channel.value == "registered" and not args.tracking:
        print("note: no tracking number recorded for this registered letter", file=sys.stderr)
    if ask_receipt and received is None:
        print(
            "note: under Dutch law this letter interrupts limitation only from the day it "
            "reaches the debtor (art. 3:317 BW): record it with `casetui log CASE received "
            "--date DATE`",
            file=sys.stderr,
        )
    return 0


def _recorded(draft: LetterDraft, states: tuple[CaseState, ...]) -> None:
    deadline = draft.deadline.isoformat() if draft.deadline else "none"
    stage = states[0].stage.label.lower()
    print(
        f"Recorded {draft.kind.value.replace('-', ' ')} ({draft.channel.value}) on "
        f"{', '.join(draft.case_ids)}: stage {stage}, deadline {deadline}"
    )


def _send(
    args: argparse.Namespace,
    ledger: Ledger,
    draft: LetterDraft,
    profile: Profile,
    received: date | None,
) -> tuple[CaseState, ...] | None:
    """--send: e-mail the draft, then record it (nothing recorded if sending fails); None
    when the user said no."""
    from casetui.cli.mail import mail_time, open_server, settings_for
    from casetui.mail.sending import compose, send_letter

    settings = settings_for()
    outgoing = compose(draft, settings, window=profile.window_side, now=mail_time(args.today))
    what = draft.kind.value.replace("-", " ")
    to = ", ".join(outgoing.to)
    if not args.yes:
        answer = _ask(f"E-mail this {what} to {to} and record it? [y/N] ")
        if answer not in ("y", "yes"):
            print("Nothing sent, nothing recorded.", file=sys.stderr)
            return None
    with open_server(settings) as server:
        sent = send_letter(ledger, draft, outgoing, server, received=received)
    for address, why in sent.refused:
        print(f"warning: the server refused {address}: {why}", file=sys.stderr)
    for warning in sent.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"Sent to {sent.proof.recipient}, Message-ID {outgoing.message_id}")
    return sent.states


def _to_outbox(args: argparse.Namespace, profile: Profile) -> int:
    """--outbox: the e-mail as an .eml file, for review or a mail client; nothing recorded."""
    from casetui.cli.mail import mail_time, outbox_path, settings_for
    from casetui.mail.sending import compose, to_outbox

    folder = outbox_path(args.outbox)
    with open_ledger(args, write=False) as ledger:
        draft = _prepare(ledger, args, args.kind, profile)
    _print_findings(draft)
    if draft.blocked:
        raise _refuse(draft, "written")
    settings = settings_for(server=False)
    outgoing = compose(draft, settings, window=profile.window_side, now=mail_time(args.today))
    path = to_outbox(draft, outgoing, folder, ledger=ledger_path(args))
    print(f"Written to {path}; nothing recorded (record it once sent: casetui log "
          f"{draft.case_ids[0]} letter --kind {draft.kind.value} --channel email)")  # fmt: skip
    return 0


def _ask(question: str) -> str:
    try:  # input() writes its prompt past the CLI's filtered stdout: filter it here
        return input(show_controls(question)).strip().lower()
    except EOFError:
        print(file=sys.stderr)
        return ""
