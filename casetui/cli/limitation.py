"""`casetui limitation`: the last day to act on a claim before it may be time-barred, without
a ledger.

    casetui limitation --law nl --claim contract --from 2021-03-15
    casetui limitation --law nl --claim contract --from 2021-03-15 --event notice=2023-06-01
    casetui limitation --law be --claim trader-goods --from 2024-03-20 --json

Plain output is `casetui.limitation.report`; `--json` prints `Limitation.to_json()`.
`--today` sets the day interest's own date and the days left are counted from.
"""

from __future__ import annotations

import argparse
import json

from casetui.errors import InputError

_EVENT_HELP = (
    "notice (a written demand, dated when it reached the debtor), lawyer-notice (BE art. 2244 "
    "§2, dated when sent), reminder (your own letter, not a notice in law), ack-signed, "
    "ack-written, ack-oral (the debtor's acknowledgment; a signed payment plan is ack-signed), "
    "part-payment, court-claim"
)


def configure(parser: argparse.ArgumentParser) -> None:
    from casetui.limitation import ClaimKind, Law

    laws = "|".join(law.value for law in Law)
    claims = "|".join(kind.value for kind in ClaimKind)
    parser.description = (
        "Estimate when a claim may become time-barred (limitation, prescription, verjaring) "
        "under Belgian, Dutch, English and Welsh or Scots law, with the chain of articles and "
        "the risks. Needs no ledger. Estimated, conservative: take advice close to the date."
    )
    parser.epilog = (
        f"Events: {_EVENT_HELP}. Dates: YYYY-MM-DD, today, -3m, ... Law: be, nl, ew (England "
        "and Wales), scot (Scotland). --from is the due date (England and Wales: the day the "
        "goods were delivered or the work completed). Not legal advice."
    )
    parser.add_argument("--law", required=True, metavar=laws, help="the law of the contract")
    parser.add_argument("--claim", required=True, metavar=claims, help="what the claim is for")
    parser.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help="the day the period runs from"
    )
    parser.add_argument(
        "--event",
        action="append",
        default=[],
        metavar="KIND=DATE",
        help="something that happened since (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=run_limitation)


def run_limitation(args: argparse.Namespace) -> int:
    from casetui.cli.common import day
    from casetui.limitation import (
        LimitationEvent,
        compute_limitation,
        load_settings,
        parse_claim,
        parse_event_kind,
        parse_law,
    )
    from casetui.limitation.report import render_limitation

    law = parse_law(args.law)
    claim = parse_claim(args.claim)
    start = day(args.start, args, "--from")
    events = []
    for text in args.event:
        kind, sep, when = text.partition("=")
        if not sep or not kind.strip() or not when.strip():
            raise InputError(f"--event wants KIND=DATE, e.g. notice=2023-06-01, not {text!r}")
        event_kind = parse_event_kind(kind)
        events.append(LimitationEvent(event_kind, day(when.strip(), args, f"--event {kind}")))
    result = compute_limitation(
        law,
        claim,
        start,
        events,
        settings=load_settings(),
        as_of=args.today,
        start_label="from",
    )
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render_limitation(result, args.today))
    return 0
