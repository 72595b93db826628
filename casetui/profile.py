"""The user's business profile: who sends the letters, how to pay them, and their terms.

A small TOML file, `profile.toml` in the config folder (`casetui.paths.config_dir()`), filled in
by `casetui setup` (or the app's edit form):

    [business]      name, address (lines), country, vat, company_no, iban, bic, email, phone,
                    city (for the date line), signatory
    [letters]       language, window ("left" / "right" / "" = by country)
    [deadlines]     days each letter gives, and when the first reminder is proposed
    [terms]         agreed rate and fees, day count, Belgian consumer damages clause, WIK VAT
    [limitation]    the law of your contracts, and the lead times of limitation warnings
    [mail]          the SMTP server letters are e-mailed through (never its password)
    [evidence]      the largest file `casetui attach` keeps (MB)

Everything has a default; a missing file is an empty profile (letters then say what is
missing). Unknown keys are refused with their name, so a typo never silently drops a setting.
The ladder policy and the claim terms the rest of casetui uses are derived here.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from casetui.errors import InputError
from casetui.identifiers import (
    format_be_enterprise,
    format_iban,
    iban_problem,
    is_valid_be_enterprise,
    is_valid_bic,
)
from casetui.ladder import LadderPolicy
from casetui.model import (
    LETTER_LANGUAGES,
    LIMITATION_LAWS,
    Stage,
    country_of_law,
    law_of_country,
)
from casetui.paths import config_dir
from casetui.patterns import lazy_pattern
from casetui.values import frozen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from casetui.claims import ClaimTerms

PROFILE_FILE = "profile.toml"
COUNTRIES = ("BE", "NL", "GB")
DEFAULT_LEAD_DAYS = (180, 90, 30)
LANGUAGES = LETTER_LANGUAGES
ATTACH_LIMIT_MAX_MB = 1000  # a file is read whole into memory to be hashed and kept
DAY_COUNTS = ("actual/365", "actual/actual")
_DEFAULT_LANGUAGE = {"BE": "nl", "NL": "nl", "GB": "en"}


@frozen
class Profile:
    """The creditor. Empty strings mean "not filled in"."""

    # [business]
    name: str = ""
    address: str = ""  # street lines and postcode + town, one per line (no country line)
    country: str = ""  # BE, NL or GB: the creditor's country (calendar, references)
    vat: str = ""  # enterprise number (BE) or VAT number
    company_no: str = ""  # KvK number (NL) or Companies House number (GB), if not `vat`
    iban: str = ""
    bic: str = ""
    email: str = ""
    phone: str = ""
    city: str = ""  # place on the date line: "Gent, 23 november 2026"
    signatory: str = ""
    # [letters]
    language: str = ""  # default letter language when the customer has none
    window: str = ""  # window envelope side: "left", "right", "" = by country
    # [deadlines]
    first_reminder_after_days: int = 3  # days after the due date before `a` proposes one
    reminder_days: int = 14  # calendar days, moved to the next working day
    second_reminder_days: int = 8
    formal_notice_business_days: int = 5  # business customers
    consumer_days: int = 14  # later letters to consumers (statutory letters use the law's)
    settlement_days: int = 14  # default date of a single settlement payment
    # A payment plan's instalment not paid this many days after its due date is missed: the
    # case comes back on Today the day after; a reminder of it gives this many days.
    instalment_grace_days: int = 3
    instalment_reminder_days: int = 7
    # [terms]
    contract_rate: Decimal | None = None  # agreed annual rate, percent (regime "contract")
    fee_fixed: Decimal | None = None  # agreed fixed fee (regime "contract")
    fee_percent: Decimal | None = None  # agreed percentage fee (regime "contract")
    fee_minimum: Decimal | None = None  # "10 % with a minimum of EUR 75": bounds fee_percent
    fee_maximum: Decimal | None = None
    day_count: str = "actual/365"
    consumer_damages_clause: bool = False  # BE: accepted terms have a reciprocal clause
    consumer_lump_sum: Decimal | None = None  # BE: the agreed lump sum (else the maximum)
    # BE consumers: interest from the end of the 14-day wait ("wait-end") or, once it has run,
    # from the day after the due date ("due"); see casetui.law.options (issue 18, item 11).
    consumer_interest_from: str = "wait-end"
    wik_vat: bool = False  # NL: creditor cannot deduct VAT and declares so
    # [limitation]
    # The law of your contracts ("" = your country's; GB is England and Wales, so a Scottish
    # business sets "scot"): Rome I art. 4 gives it to a business customer's contract.
    limitation_law: str = ""
    # Days before a claim's limitation date on which it comes on Today (LIMITATION.md §0.5:
    # 180 / 90 / 30; in England, Wales and Scotland a court claim takes time: act at 90).
    limitation_lead_days: tuple[int, ...] = DEFAULT_LEAD_DAYS
    # [mail] (the password is never here: `casetui.mail.secret`)
    smtp_host: str = ""
    smtp_port: int = 0  # 0: the usual port of the security (587 starttls, 465 ssl, 25 none)
    smtp_security: str = "starttls"
    smtp_user: str = ""
    smtp_from: str = ""  # the sender address; empty: the business e-mail
    smtp_bcc: str = ""  # a copy of every letter e-mailed, for your own records
    smtp_timeout: int = 30  # seconds before a server that does not answer is given up
    # [evidence]
    attach_limit_mb: int = 25  # the largest file attached to a case, in MB (1,000,000 bytes)

    @property
    def letter_language(self) -> str:
        return self.language or _DEFAULT_LANGUAGE.get(self.country, "en")

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.address.splitlines() if line.strip())

    @property
    def window_side(self) -> str:
        """Belgian and French window envelopes have the window on the right."""
        return self.window or ("right" if self.country == "BE" else "left")

    def ladder_policy(self) -> LadderPolicy:
        waits = MappingProxyType(
            {
                Stage.REMINDER: self.reminder_days,
                Stage.SECOND_REMINDER: self.second_reminder_days,
                Stage.FORMAL_NOTICE: self.formal_notice_business_days + 2,
            }
        )
        from casetui.limitation import load_settings

        return LadderPolicy(
            first_reminder_after_days=self.first_reminder_after_days,
            wait_days=waits,
            instalment_grace_days=self.instalment_grace_days,
            country=self.country,
            limitation_lead_days=self.limitation_lead_days,
            creditor_law=self.creditor_law,
            limitation_settings=load_settings(),
        )

    @property
    def creditor_law(self) -> str:
        """The law of your own contracts for limitation: set, else your country's."""
        return self.limitation_law or law_of_country(self.country)

    @property
    def creditor_country(self) -> str:
        """The country of the law of your own contracts: the one your terms choose, else yours."""
        return country_of_law(self.limitation_law) or self.country

    def claim_terms(self) -> ClaimTerms:
        # Imported here: commands that never compute a claim need not load the law tables.
        from casetui.claims import ClaimTerms
        from casetui.law.options import ClaimOptions

        return ClaimTerms(
            contract_rate=self.contract_rate,
            day_count=self.day_count,
            creditor_country=self.creditor_country,
            options=ClaimOptions(
                terms_clause=self.consumer_damages_clause,
                agreed_lump_sum=self.consumer_lump_sum,
                be_b2c_interest_from=self.consumer_interest_from,
                fee_fixed=self.fee_fixed,
                fee_percent=self.fee_percent,
                fee_minimum=self.fee_minimum,
                fee_maximum=self.fee_maximum,
                wik_vat=self.wik_vat,
            ),
        )


# --------------------------------------------------------------------------- layout

_SECTIONS: dict[str, tuple[str, ...]] = {
    "business": (
        "name", "address", "country", "vat", "company_no", "iban", "bic", "email", "phone",
        "city", "signatory",
    ),
    "letters": ("language", "window"),
    "deadlines": (
        "first_reminder_after_days", "reminder_days", "second_reminder_days",
        "formal_notice_business_days", "consumer_days", "settlement_days",
        "instalment_grace_days", "instalment_reminder_days",
    ),
    "terms": (
        "contract_rate", "fee_fixed", "fee_percent", "fee_minimum", "fee_maximum", "day_count",
        "consumer_damages_clause", "consumer_lump_sum", "consumer_interest_from", "wik_vat",
    ),
    "limitation": ("limitation_law", "limitation_lead_days"),
    "mail": (
        "smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_from", "smtp_bcc",
        "smtp_timeout",
    ),
    "evidence": ("attach_limit_mb",),
}  # fmt: skip
SECURITIES = ("starttls", "ssl", "none")
_FIELDS = {field.name: field for field in dataclasses.fields(Profile)}
_DECIMALS = {
    "contract_rate", "fee_fixed", "fee_percent", "fee_minimum", "fee_maximum", "consumer_lump_sum"
}  # fmt: skip
_BOOLS = {"consumer_damages_clause", "wik_vat"}
_INTS = {*_SECTIONS["deadlines"], "smtp_port", "smtp_timeout", "attach_limit_mb"}
_DAY_LISTS = {"limitation_lead_days"}
_DAY_LIMITS = {"first_reminder_after_days": (0, 365), "instalment_grace_days": (0, 60)}


def profile_path(folder: Path | None = None) -> Path:
    return (folder if folder is not None else config_dir()) / PROFILE_FILE


def load_profile(path: Path | None = None) -> Profile:
    """The profile in `path` (default: the config folder's); an empty one if there is none."""
    path = path or profile_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Profile()
    except OSError as error:
        raise InputError(f"cannot read the business profile {path}: {error.strerror}") from None
    from casetui.tomlfiles import TomlError, parse_toml

    try:
        data = parse_toml(raw, path)
    except TomlError as error:
        raise InputError(f"the business profile {path} is not valid TOML: {error}") from None
    return profile_from_dict(data, origin=str(path))


def profile_from_dict(data: dict[str, Any], origin: str = "profile") -> Profile:
    values: dict[str, Any] = {}
    for section, table in data.items():
        known = _SECTIONS.get(section)
        if known is None or not isinstance(table, dict):
            raise InputError(
                f"unknown section [{section}] in {origin} (valid: {', '.join(_SECTIONS)})"
            )
        for key, value in table.items():
            if key not in known:
                raise InputError(
                    f"unknown setting {key!r} in [{section}] of {origin} "
                    f"(valid: {', '.join(known)})"
                )
            values[key] = _coerce(key, value, origin)
    profile = Profile(**values)
    problems = validate_profile(profile, identifiers=False)
    if problems:
        raise InputError(f"{origin}: {problems[0]}")
    return profile


def _iban_words(problem: str) -> str:
    """schwifty's reason, said as the form has always said it."""
    if "checksum" in problem:
        return "its check digits do not match"
    return problem


def _coerce(key: str, value: Any, origin: str) -> Any:
    where = f"{key} in {origin}"
    if key in _DECIMALS:
        if value in ("", None):
            return None
        try:
            number = Decimal(str(value).strip().removesuffix("%").replace(",", "."))
        except InvalidOperation:
            raise InputError(f"{where}: not a number: {value!r}") from None
        if not number.is_finite() or number < 0:
            raise InputError(f"{where}: must be zero or more, got {value!r}")
        return number
    if key in _BOOLS:
        if not isinstance(value, bool):
            raise InputError(f"{where}: write true or false, got {value!r}")
        return value
    if key in _INTS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{where}: a whole number, got {value!r}")
        return value
    if key in _DAY_LISTS:
        if not isinstance(value, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in value
        ):
            raise InputError(f"{where}: a list of whole numbers of days, e.g. [180, 90, 30]")
        return tuple(value)
    if not isinstance(value, str):
        raise InputError(f"{where}: text expected, got {value!r}")
    return value


# --------------------------------------------------------------------------- checks

_BIC = lazy_pattern(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")
_EMAIL = lazy_pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalise_country(text: str) -> str:
    code = text.strip().upper()
    return "GB" if code == "UK" else code


def _not_utf8(text: str) -> bool:
    """An argument typed in another encoding arrives as lone surrogates: not text to save."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def validate_profile(profile: Profile, *, identifiers: bool = True) -> list[str]:
    """What is wrong with the values that are filled in (empty values are not wrong here;
    whether a letter can do without them is the letter check's business).

    `identifiers=False` leaves out the IBAN, BIC and enterprise number checks, whose
    libraries take a fifth of a second to load: reading the profile (every command does)
    skips them; saving it (`setup`, the app's form) and every letter's check do them."""
    problems: list[str] = []
    for field in dataclasses.fields(profile):
        value = getattr(profile, field.name)
        if isinstance(value, str) and not value.isascii() and _not_utf8(value):
            words = field.name.replace("_", " ")
            problems.append(
                f"{words}: {value!r} is not valid text (it holds bytes that are not UTF-8)"
            )
    if profile.country and profile.country not in COUNTRIES:
        problems.append(f"country {profile.country!r}: use one of {', '.join(COUNTRIES)}")
    if profile.language and profile.language not in LANGUAGES:
        problems.append(f"language {profile.language!r}: use one of {', '.join(LANGUAGES)}")
    if identifiers and profile.iban and (problem := iban_problem(profile.iban)):
        problems.append(f"IBAN {profile.iban!r} is not valid ({_iban_words(problem)})")
    if profile.bic and not _BIC.fullmatch(profile.bic.replace(" ", "").upper()):
        problems.append(f"BIC {profile.bic!r} is not valid (8 or 11 letters and digits)")
    elif identifiers and profile.bic and not is_valid_bic(profile.bic):
        problems.append(f"BIC {profile.bic!r} is not valid (no such country code)")
    if profile.email and not _EMAIL.fullmatch(profile.email):
        problems.append(f"e-mail address {profile.email!r} is not valid")
    belgian = profile.country == "BE" and profile.vat
    if identifiers and belgian and not is_valid_be_enterprise(profile.vat):
        problems.append(
            f"enterprise number {profile.vat!r} is not a valid Belgian number "
            "(10 digits, e.g. BE 0123.456.749)"
        )
    if profile.window not in ("", "left", "right"):
        problems.append(f"window {profile.window!r}: use left or right")
    if profile.day_count not in DAY_COUNTS:
        problems.append(f"day count {profile.day_count!r}: use {' or '.join(DAY_COUNTS)}")
    for key in _SECTIONS["deadlines"]:
        low, high = _DAY_LIMITS.get(key, (1, 120))
        value = getattr(profile, key)
        if not low <= value <= high:
            problems.append(
                f"{key.replace('_', ' ')} must be between {low} and {high}, got {value}"
            )
    if profile.limitation_law and profile.limitation_law not in LIMITATION_LAWS:
        problems.append(
            f"limitation law {profile.limitation_law!r}: use one of {', '.join(LIMITATION_LAWS)}"
        )
    problems += lead_days_problems(profile.limitation_lead_days)
    if not 1 <= profile.attach_limit_mb <= ATTACH_LIMIT_MAX_MB:
        problems.append(
            f"attach limit must be between 1 and {ATTACH_LIMIT_MAX_MB} MB, "
            f"got {profile.attach_limit_mb}"
        )
    if profile.fee_fixed is not None and profile.fee_percent is not None:
        problems.append("give a fixed fee or a percentage fee, not both")
    if profile.consumer_interest_from not in ("wait-end", "due"):
        problems.append(
            f"consumer interest from {profile.consumer_interest_from!r}: use wait-end or due"
        )
    bounds = (profile.fee_minimum, profile.fee_maximum)
    if any(bound is not None for bound in bounds) and profile.fee_percent is None:
        problems.append("fee minimum and maximum bound fee_percent: set the percentage too")
    if None not in bounds and bounds[0] > bounds[1]:  # type: ignore[operator]
        problems.append(f"fee minimum {bounds[0]} is above the fee maximum {bounds[1]}")
    for line in (profile.name, profile.city, profile.signatory, *profile.address_lines):
        if len(line) > 120:
            problems.append(f"{line[:20]!r}... is longer than 120 characters")
    problems += mail_problems(profile)
    return problems


def mail_problems(profile: Profile) -> list[str]:
    """What is wrong with the SMTP settings that are filled in."""
    from casetui.mail.addresses import address_problem, has_control

    problems = []
    host = profile.smtp_host
    if host and (has_control(host) or not re.fullmatch(r"[A-Za-z0-9.:\[\]-]+", host)):
        problems.append(f"SMTP host {host!r}: a host name such as smtp.example.com")
    if not 0 <= profile.smtp_port <= 65535:
        problems.append(
            f"SMTP port must be between 1 and 65535 (0: the usual one), got {profile.smtp_port}"
        )
    if profile.smtp_security not in SECURITIES:
        problems.append(f"SMTP security {profile.smtp_security!r}: use {', '.join(SECURITIES)}")
    if has_control(profile.smtp_user):
        problems.append("the SMTP user contains a line break or control character")
    for label, value in (("SMTP from", profile.smtp_from), ("SMTP bcc", profile.smtp_bcc)):
        problem = address_problem(value) if value else None
        if problem:
            problems.append(f"{label}: {problem}")
    if any(mark in profile.smtp_from for mark in ",;"):
        problems.append("SMTP from: one sender address only")
    if not 1 <= profile.smtp_timeout <= 600:
        problems.append(
            f"SMTP timeout must be between 1 and 600 seconds, got {profile.smtp_timeout}"
        )
    return problems


def lead_days_problems(days: tuple[int, ...]) -> list[str]:
    """What is wrong with limitation lead times: 1 to 5 of them, each 1 to 1,000 days."""
    if not 1 <= len(days) <= 5:
        return ["limitation lead days: give one to five numbers of days, e.g. 180, 90, 30"]
    wrong = [day for day in days if not 1 <= day <= 1000]
    if wrong:
        return [f"limitation lead days must be between 1 and 1000, got {wrong[0]}"]
    return []


def parse_lead_days(text: str) -> tuple[int, ...]:
    """`180, 90, 30` (commas or spaces) -> (180, 90, 30), largest first."""
    parts = text.replace(",", " ").split()
    try:
        days = tuple(sorted({int(part) for part in parts}, reverse=True))
    except ValueError:
        raise InputError(
            f"lead days: whole numbers of days, e.g. 180, 90, 30, not {text!r}"
        ) from None
    problems = lead_days_problems(days)
    if problems:
        raise InputError(problems[0])
    return days


def normalised(profile: Profile) -> Profile:
    """Tidy what was typed: country upper case, IBAN grouped, BIC upper case, BE number."""
    country = normalise_country(profile.country)
    return dataclasses.replace(
        profile,
        name=profile.name.strip(),
        address="\n".join(profile.address_lines),
        country=country,
        language=profile.language.strip().lower(),
        iban=format_iban(profile.iban) if profile.iban.strip() else "",
        bic=profile.bic.replace(" ", "").upper(),
        vat=(
            format_be_enterprise(profile.vat)
            if country == "BE" and profile.vat.strip()
            else profile.vat.strip()
        ),
        email=profile.email.strip(),
        phone=profile.phone.strip(),
        city=profile.city.strip(),
        signatory=profile.signatory.strip(),
        company_no=profile.company_no.strip(),
        limitation_law=profile.limitation_law.strip().lower(),
        smtp_host=profile.smtp_host.strip(),
        smtp_security=profile.smtp_security.strip().lower() or "starttls",
        smtp_user=profile.smtp_user.strip(),
        smtp_from=profile.smtp_from.strip(),
        smtp_bcc=profile.smtp_bcc.strip(),
    )


# --------------------------------------------------------------------------- writing


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append('\\"')
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _toml_string(f"{value:f}")
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return _toml_string(str(value))


def dumps_profile(profile: Profile) -> str:
    lines = ["# casetui business profile: `casetui setup` edits it; hand edits are fine too."]
    for section, keys in _SECTIONS.items():
        lines += ["", f"[{section}]"]
        for key in keys:
            value = getattr(profile, key)
            if value is None:
                continue
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def save_profile(
    profile: Profile, path: Path | None = None, *, ledgers: Iterable[Path] = ()
) -> Path:
    """Validate and write the profile atomically, readable by the user only (mode 0600),
    never over a file of `ledgers` (a profile path linked onto one)."""
    problems = validate_profile(profile)
    if problems:
        raise InputError(problems[0])
    from casetui.userfiles import write_user_file

    target = path or profile_path()
    return write_user_file(target, dumps_profile(profile), ledgers=ledgers, make_folders=True)


# --------------------------------------------------------------------------- demo

DEMO_PROFILE = Profile(
    name="Studio Noord BV",
    address="Sint-Pietersnieuwstraat 41\n9000 Gent",
    country="BE",
    vat="BE 0767.123.411",
    iban="BE68 5390 0754 7034",
    bic="GKCCBEBB",
    email="facturen@studionoord.example",
    phone="+32 9 123 45 67",
    city="Gent",
    signatory="Lies Vermeersch",
    language="nl",
)


def write_demo_profile(folder: Path, *, overwrite: bool = False) -> Path:
    """Write the fictional demo business profile into `folder` (a config folder).

    An existing profile is kept unless `overwrite`: the demo must never replace a real one.
    """
    path = profile_path(folder)
    if path.exists() and not overwrite:
        return path
    return save_profile(DEMO_PROFILE, path)
