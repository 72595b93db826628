"""`casetui calc`: interest and costs on one amount, without a ledger.

    casetui calc --regime nl-b2b --principal 5000 --due 2024-02-29 --until 2024-09-30
    casetui calc --regime contract --rate 8 --fee-percent 10 --principal 1200 --due 2025-01-31
    casetui calc --regime nl-b2c --principal 800 --due 2024-02-01 --letter 2024-03-05=post

Plain output is the worksheet of `casetui.law.worksheet`; `--json` prints `Claim.to_json()`.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal, InvalidOperation

from casetui.checks import check_currency
from casetui.dates import parse_user_date
from casetui.errors import InputError
from casetui.money import parse_amount


def configure(parser: argparse.ArgumentParser) -> None:
    from casetui.law.engines import DAY_COUNTS
    from casetui.law.regimes import REGIMES

    regimes = ", ".join(REGIMES)
    parser.description = (
        "Compute what a debtor owes on a date: interest per period, compensation "
        "and total, with the legal basis. Needs no ledger."
    )
    parser.epilog = (
        f"Regimes: {regimes}. Dates: YYYY-MM-DD, today, +3d, ... "
        "Not legal advice - check your contract and terms."
    )
    parser.add_argument("--regime", required=True, metavar="R", help=f"one of: {regimes}")
    parser.add_argument("--principal", required=True, metavar="AMOUNT", help="VAT included")
    parser.add_argument(
        "--due",
        required=True,
        metavar="DATE",
        help="the due date itself (the last day to pay); interest runs from the next day",
    )
    parser.add_argument("--until", metavar="DATE", help="compute to this day (default: today)")
    parser.add_argument(
        "--currency", metavar="C", help="ISO code (default: the regime's, EUR or GBP)"
    )
    parser.add_argument("--rate", metavar="PCT", help="agreed annual rate in percent")
    parser.add_argument(
        "--day-count", default="actual/365", choices=DAY_COUNTS, help="default actual/365"
    )
    parser.add_argument(
        "--payment",
        action="append",
        default=[],
        metavar="DATE=AMOUNT",
        help="a part payment (repeatable)",
    )
    parser.add_argument(
        "--credit", action="append", default=[], metavar="DATE=AMOUNT", help="a credit note"
    )
    parser.add_argument(
        "--letter",
        action="append",
        default=[],
        metavar="DATE=CHANNEL",
        help="the statutory letter (BE first reminder, NL 14-day letter); channel email, post "
        "or registered",
    )
    parser.add_argument(
        "--terms-clause",
        action="store_true",
        help="be-b2c: the accepted terms contain a damages clause",
    )
    parser.add_argument("--lump-sum", metavar="AMOUNT", help="be-b2c: the agreed lump sum")
    parser.add_argument(
        "--interest-from",
        choices=("wait-end", "due"),
        default="wait-end",
        help="be-b2c: interest from the end of the 14-day wait (default) or, once the wait "
        "has run, from the day after the due date",
    )
    parser.add_argument("--fee", metavar="AMOUNT", help="contract: agreed fixed fee")
    parser.add_argument(
        "--fee-percent",
        metavar="PCT",
        help="contract: agreed percentage fee; be-b2c: a percentage damages clause",
    )
    parser.add_argument("--fee-min", metavar="AMOUNT", help="the percentage fee's minimum")
    parser.add_argument("--fee-max", metavar="AMOUNT", help="the percentage fee's maximum")
    parser.add_argument(
        "--single-rate", action="store_true", help="eu-b2b: one rate from the start"
    )
    parser.add_argument("--no-compound", action="store_true", help="NL: no yearly capitalisation")
    parser.add_argument(
        "--wik-vat", action="store_true", help="NL: add VAT to WIK (creditor cannot deduct it)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a worksheet")
    parser.set_defaults(handler=run_calc)


def parse_percent(text: str, what: str = "rate") -> Decimal:
    """`8`, `8.5`, `8,5` or `8.5%` -> Decimal('8.5')."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(f"not a percentage for {what}: {text!r} (write e.g. 8.5)") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise InputError(f"{what} must be between 0 and 100 percent, got {text!r}")
    return value


def _dated(text: str, option: str, today: date) -> tuple[date, str]:
    day, sep, rest = text.partition("=")
    if not sep or not rest.strip():
        raise InputError(f"{option} wants DATE=VALUE, got {text!r}")
    return parse_user_date(day, today), rest.strip()


# Regimes whose costs come from the creditor's terms: `contract` (any agreed fee) and
# `be-b2c` (an agreed damages clause, within art. XIX.4). The others charge their statutory
# compensation (EUR 40, WIK, the UK fixed sum), which an agreed fee does not replace here.
_TERMS_COMPENSATION = ("contract-fee", "be-lump-sum")


def _check_fee_options(args: argparse.Namespace, compensation: str) -> None:
    given = [
        option
        for option, value in (
            ("--fee", args.fee),
            ("--fee-percent", args.fee_percent),
            ("--fee-min", args.fee_min),
            ("--fee-max", args.fee_max),
        )
        if value
    ]
    if not given:
        return
    if compensation not in _TERMS_COMPENSATION:
        raise InputError(
            f"{given[0]} is for agreed costs under --regime contract (or a be-b2c damages "
            f"clause); {args.regime} charges its statutory compensation"
        )
    if compensation == "be-lump-sum" and args.fee:
        raise InputError("be-b2c: give the agreed lump sum as --lump-sum, not --fee")


def run_calc(args: argparse.Namespace) -> int:
    from casetui.law import ClaimOptions, LetterRecord, Movement, compute_claim, get_regime
    from casetui.law.worksheet import render_worksheet

    today: date = args.today
    spec = get_regime(args.regime)
    currency = check_currency(args.currency) if args.currency else spec.currency
    principal = parse_amount(args.principal, currency)
    due = parse_user_date(args.due, today)
    until = parse_user_date(args.until, today) if args.until else today
    if until < due:
        raise InputError(f"--until {until.isoformat()} is before --due {due.isoformat()}")

    movements = []
    for kind, values in (("payment", args.payment), ("credit", args.credit)):
        for text in values:
            day, amount = _dated(text, f"--{kind}", today)
            movements.append(Movement(day, parse_amount(amount, currency), kind))
    letters = []
    for text in args.letter:
        day, channel = _dated(text, "--letter", today)
        letters.append(LetterRecord(day, channel.lower(), "statutory-letter", statutory=True))

    _check_fee_options(args, spec.compensation)
    options = ClaimOptions(
        single_rate=args.single_rate,
        compound=False if args.no_compound else None,
        wik_vat=args.wik_vat,
        terms_clause=args.terms_clause or args.lump_sum is not None or bool(args.fee_percent),
        agreed_lump_sum=parse_amount(args.lump_sum, "EUR") if args.lump_sum else None,
        fee_fixed=parse_amount(args.fee, currency) if args.fee else None,
        fee_percent=parse_percent(args.fee_percent, "--fee-percent") if args.fee_percent else None,
        be_b2c_interest_from=args.interest_from,
        fee_minimum=parse_amount(args.fee_min, currency) if args.fee_min else None,
        fee_maximum=parse_amount(args.fee_max, currency) if args.fee_max else None,
    )
    claim = compute_claim(
        regime=spec.code,
        currency=currency,
        principal=principal,
        due=due,
        until=until,
        movements=movements,
        letters=letters,
        day_count=args.day_count,
        rate=parse_percent(args.rate, "--rate") if args.rate else None,
        options=options,
    )
    if args.json:
        print(json.dumps(claim.to_json(), indent=2))
    else:
        print(render_worksheet(claim))
    return 0
