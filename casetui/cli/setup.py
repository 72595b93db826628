"""`casetui setup`: the business profile that signs and pays the letters.

    casetui setup                        # asks for each value, current values as defaults
    casetui setup --name "Studio Noord BV" --address "Kerkstraat 1" --address "9000 Gent" \\
        --country BE --vat "BE 0767.123.411" --iban "BE68 5390 0754 7034" --lang nl
    casetui setup --show

Values are checked (IBAN and Belgian enterprise number check digits, country, language)
before anything is written; the file is `profile.toml` in the config folder, mode 0600.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import TYPE_CHECKING

from casetui.errors import InputError
from casetui.model import letter_languages_text

if TYPE_CHECKING:
    from casetui.profile import Profile

# (option, field, prompt)
_FIELDS = (
    ("name", "name", "Business name"),
    ("address", "address", "Address (lines separated by ' / ')"),
    ("city", "city", "Place for the date line"),
    ("country", "country", "Country (BE, NL or GB)"),
    ("vat", "vat", "Enterprise or VAT number"),
    ("company_no", "company_no", "KvK or company number (if not the same)"),
    ("iban", "iban", "IBAN"),
    ("bic", "bic", "BIC"),
    ("email", "email", "E-mail"),
    ("phone", "phone", "Phone"),
    ("signatory", "signatory", "Signatory"),
    ("lang", "language", f"Default letter language ({letter_languages_text()})"),
    (
        "limitation_law",
        "limitation_law",
        "Law of your contracts for limitation (be, nl, ew, scot; empty: your country's)",
    ),
)
# Asked for only with `--smtp`: most people set up letters before e-mail.
_MAIL_FIELDS = (
    ("smtp_host", "smtp_host", "SMTP server (e.g. smtp.example.com)"),
    ("smtp_port", "smtp_port", "SMTP port (0: the usual one)"),
    ("smtp_security", "smtp_security", "SMTP security (starttls, ssl or none)"),
    ("smtp_user", "smtp_user", "SMTP user name"),
    ("smtp_from", "smtp_from", "Sender address (empty: the business e-mail)"),
    ("smtp_bcc", "smtp_bcc", "Send a copy of every letter to (empty: none)"),
    ("smtp_timeout", "smtp_timeout", "Seconds to wait for the server"),
)
_NUMBERS = {"smtp_port", "smtp_timeout"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Fill in the business profile used on letters. Without options it asks "
        "for each value in turn; with options it sets just those (for scripts)."
    )
    parser.add_argument("--name", metavar="TEXT")
    parser.add_argument(
        "--address", metavar="LINE", action="append", help="one address line (repeat for more)"
    )
    parser.add_argument("--vat", metavar="NUMBER", help="enterprise number (BE) or VAT number")
    parser.add_argument("--company-no", metavar="NUMBER", help="KvK (NL) or company number (GB)")
    parser.add_argument("--iban", metavar="IBAN")
    parser.add_argument("--bic", metavar="BIC")
    parser.add_argument("--email", metavar="ADDRESS")
    parser.add_argument("--phone", metavar="NUMBER")
    parser.add_argument("--city", metavar="PLACE", help="place on the date line")
    parser.add_argument("--signatory", metavar="NAME")
    parser.add_argument("--country", metavar="CC", help="BE, NL or GB")
    parser.add_argument(
        "--lang", metavar="LL", help=f"default letter language: {letter_languages_text()}"
    )
    parser.add_argument(
        "--limitation-law",
        metavar="LAW",
        help="the law of your contracts for limitation: be, nl, ew or scot (default: your "
        "country's; GB is England and Wales, so a Scottish business sets scot)",
    )
    parser.add_argument(
        "--limitation-lead-days",
        metavar="DAYS",
        help="days before a limitation date a case comes on Today (default 180,90,30)",
    )
    parser.add_argument(
        "--attach-limit-mb",
        metavar="MB",
        type=_number,
        help="the largest file attached to a case (casetui attach), in MB (default 25)",
    )
    mail = parser.add_argument_group("e-mail (the password: casetui mail login)")
    mail.add_argument("--smtp-host", metavar="HOST", help="your SMTP server")
    mail.add_argument("--smtp-port", metavar="PORT", type=_number, help="default: by security")
    mail.add_argument(
        "--smtp-security", choices=("starttls", "ssl", "none"), help="default: starttls"
    )
    mail.add_argument("--smtp-user", metavar="USER", help="the login name on the server")
    mail.add_argument("--smtp-from", metavar="ADDRESS", help="sender (default: --email)")
    mail.add_argument("--smtp-bcc", metavar="ADDRESS", help="a copy of every letter e-mailed")
    mail.add_argument("--smtp-timeout", metavar="SECONDS", type=_number, help="default: 30")
    mail.add_argument(
        "--smtp", action="store_true", help="with no other option: ask for the e-mail settings"
    )
    parser.add_argument("--show", action="store_true", help="print the profile and its path")
    parser.set_defaults(handler=run_setup)


def _number(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"a whole number, not {text!r}")
    return int(text)


def run_setup(args: argparse.Namespace) -> int:
    from casetui.cli.common import ledger_path
    from casetui.profile import (
        dumps_profile,
        load_profile,
        normalised,
        parse_lead_days,
        profile_path,
        save_profile,
        validate_profile,
    )

    path = profile_path()
    current = load_profile(path)
    if args.show:
        print(f"# {path}{'' if path.exists() else ' (not written yet)'}")
        print(dumps_profile(current), end="")
        return 0
    given = {
        field: getattr(args, option)
        for option, field, _ in (*_FIELDS, *_MAIL_FIELDS)
        if getattr(args, option) is not None
    }
    if args.limitation_lead_days is not None:
        given["limitation_lead_days"] = parse_lead_days(args.limitation_lead_days)
    if args.attach_limit_mb is not None:  # an option only: few change it, none need be asked
        given["attach_limit_mb"] = args.attach_limit_mb
    if given:
        if "address" in given:
            given["address"] = "\n".join(given["address"])
        profile = normalised(dataclasses.replace(current, **given))
    elif sys.stdin.isatty():
        profile = _ask(current, _MAIL_FIELDS if args.smtp else _FIELDS)
    else:
        raise InputError(
            "give the values as options (e.g. casetui setup --name ... --iban ...) or run "
            "casetui setup in a terminal"
        )
    problems = validate_profile(profile)
    if problems:
        raise InputError(problems[0])
    save_profile(profile, path, ledgers=[ledger_path(args)])
    print(f"Business profile saved to {path}")
    return 0


def _ask(current: Profile, fields: tuple[tuple[str, str, str], ...] = _FIELDS) -> Profile:
    """Ask for each value in turn: Enter keeps it, '-' clears it, a bad value asks again."""
    from casetui.profile import normalised, validate_profile

    print("Business profile for letters. Enter keeps the value in brackets, '-' clears it.")
    profile = current
    for _, field, prompt in fields:
        value = getattr(profile, field)
        if field in _NUMBERS:
            value = str(value)
        shown = " / ".join(value.splitlines()) if field == "address" else value
        while True:
            try:
                answer = input(f"{prompt} [{shown}]: ").strip()
            except EOFError:
                raise InputError("setup cancelled: no answer") from None
            if not answer:
                break
            new: object = "" if answer == "-" else answer
            if field in _NUMBERS:
                if not answer.isdigit():
                    print("  a whole number")
                    continue
                new = int(answer)
            if field == "address":
                new = "\n".join(part.strip() for part in str(new).split(" / "))
            candidate = normalised(dataclasses.replace(profile, **{field: new}))
            problems = validate_profile(candidate)
            if problems:
                print(f"  {problems[0]}")
                continue
            profile = candidate
            break
    return profile
