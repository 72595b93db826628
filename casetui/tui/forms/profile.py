"""The business profile: who signs the letters and how to pay them (`casetui setup` in the app).

Every field is checked as it is typed by the core's `validate_profile` (on a profile holding
just that value, plus the country for the Belgian enterprise number); the whole profile is
checked again on save. The form returns a tidied `Profile` (`normalised`: IBAN grouped, BIC in
capitals...); `edit_profile` opens it on the saved profile and writes what it returns with
`save_profile` (atomic, mode 0600) in a thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar, cast

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from casetui.errors import CasetuiError
from casetui.identifiers import format_iban
from casetui.model import LETTER_LANGUAGES
from casetui.profile import (
    Profile,
    load_profile,
    normalised,
    parse_lead_days,
    profile_path,
    save_profile,
    validate_profile,
)
from casetui.tui.forms.base import FormScreen
from casetui.tui.forms.choices import CheckField, ChoiceField
from casetui.tui.forms.fields import Field, FieldNote, TextAreaField, TextField

COUNTRIES = [("BE", "Belgium"), ("NL", "Netherlands"), ("GB", "United Kingdom")]
_LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "fr": "French", "de": "German"}
LANGUAGES = [("", "by country")] + [(code, _LANGUAGE_NAMES[code]) for code in LETTER_LANGUAGES]
WINDOWS = [("", "by country"), ("left", "left"), ("right", "right")]
DAY_COUNTS = [("actual/365", "actual/365"), ("actual/actual", "actual/actual")]
LIMITATION_LAWS = [
    ("", "by country"),
    ("be", "Belgium"),
    ("nl", "Netherlands"),
    ("ew", "England & Wales"),
    ("scot", "Scotland"),
]
SECURITIES = [("starttls", "STARTTLS"), ("ssl", "SSL/TLS"), ("none", "none")]
# field, label, hint ([mail], text)
_MAIL_TEXT = (
    ("smtp_host", "SMTP server", "e.g. smtp.example.com; empty: letters are not e-mailed"),
    ("smtp_user", "SMTP user", "your login; the password is asked once, kept in the keyring"),
    ("smtp_from", "Send from", "the sender address; empty: the e-mail above"),
    ("smtp_bcc", "Copy to", "a copy of every letter e-mailed, for your records"),
)
# field, label, hint ([mail], whole numbers)
_MAIL_NUMBERS = (
    ("smtp_port", "SMTP port", "0: the usual one (587 STARTTLS, 465 SSL/TLS, 25 none)"),
    ("smtp_timeout", "Timeout", "seconds to wait for the server"),
)

# field, label, hint (text fields of [business])
_BUSINESS_TEXT = (
    ("name", "Name", ""),
    ("vat", "VAT/ent. no", "BE: enterprise number (BE 0123.456.749); NL, GB: VAT number"),
    ("company_no", "Company no", "KvK (NL) or Companies House (GB), if not the VAT number"),
    ("iban", "IBAN", ""),
    ("bic", "BIC", ""),
    ("email", "E-mail", "for questions about an invoice"),
    ("phone", "Phone", ""),
    ("city", "Place", "on the date line: Gent, 23 november 2026"),
    ("signatory", "Signatory", "who signs the letters"),
)
# field, label, hint ([deadlines], whole days)
_DAYS = (
    ("first_reminder_after_days", "Remind after", "days after the due date before a proposes one"),
    ("reminder_days", "Reminder", "days a reminder gives to pay"),
    ("second_reminder_days", "2nd reminder", "days a second reminder gives"),
    ("formal_notice_business_days", "Notice", "business days a formal notice gives a business"),
    ("consumer_days", "Consumers", "days later letters give a consumer (statutory: the law's)"),
    ("settlement_days", "Settlement", "days to the single payment of a settlement"),
    ("instalment_grace_days", "Grace", "days after an instalment's due date before it is missed"),
    ("instalment_reminder_days", "Instalment", "days a reminder of a missed instalment gives"),
)
# field, label, hint ([terms], numbers; empty means none)
_NUMBERS = (
    ("contract_rate", "Agreed rate", "% a year, agreed in your terms (regime contract)"),
    ("fee_fixed", "Fixed fee", "an agreed fixed collection fee (regime contract)"),
    ("fee_percent", "Fee %", "or an agreed percentage fee (contract; BE consumer clause)"),
    ("fee_minimum", "Fee minimum", "the percentage fee's minimum: 10 % with at least 75"),
    ("fee_maximum", "Fee maximum", "the percentage fee's maximum"),
    ("consumer_lump_sum", "BE lump sum", "BE consumers: the agreed lump sum (else the maximum)"),
)


def _problems(**values: Any) -> list[str]:
    """What `validate_profile` says about these values alone."""
    return validate_profile(Profile(**values))


def _decimal(text: str) -> Decimal:
    """A number as the profile file takes it: `8.5`, `8,5`, `8.5%`."""
    try:
        number = Decimal(text.strip().removesuffix("%").strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError("a number, e.g. 8.5") from None
    if not number.is_finite() or number < 0:
        raise ValueError("zero or more")
    return number


class ProfileForm(FormScreen[Profile | None]):
    """Edit the business profile; dismisses with the tidied profile, or None."""

    FORM_TITLE = "Business profile"
    BINDINGS: ClassVar[list[BindingType]] = [
        # A dialog hides the app's keys: f1 brings this form's help.
        Binding("f1", "app.toggle_help", "Help", id="profile.help", show=False),
    ]

    HELP = """
## Business profile

Who sends the letters and how the customer pays: name, address, IBAN, enterprise or VAT
number. Letters that lack one of these are not produced; the preview says what is missing.

Each value is checked as you type (IBAN and Belgian enterprise number check digits, BIC,
e-mail). Empty is fine here: a letter that needs the value says so.

**Limitation**: the law of your contracts (by country: yours; a Scottish business picks
Scotland, as GB means England and Wales) and how many days before a claim's limitation
date it comes on Today (e.g. `180, 90, 30`).

**Evidence**: the largest file attached to a case (a contract, a delivery note), in MB.

**Mail**: the SMTP server that e-mails letters (ctrl+s in the letter preview, "Send the day's
e-mails" on Today). The password is never saved here: it is asked for once and kept in the
system keyring (or set `CASETUI_SMTP_PASSWORD`). `casetui mail test` checks the settings.

**tab** moves on, **ctrl+s** saves (to `profile.toml` in the config folder, readable by you
only), **escape** closes without saving. `casetui setup` edits the same file.
"""

    def __init__(
        self, profile: Profile, *, path: Path | None = None, focus: str | None = None
    ) -> None:
        super().__init__()
        self.profile = profile
        self.path = path
        self.first = focus  # the field to start in (what a blocked letter lacks)

    def header(self) -> Content:
        where = f" in {_tilde(self.path)}" if self.path is not None else ""
        return Content(f"Used on every letter. Saved{where}.")

    def compose_fields(self) -> ComposeResult:
        p = self.profile
        yield Static(Content("Business"), classes="form--section")
        name, vat_etc = _BUSINESS_TEXT[0], _BUSINESS_TEXT[1:]
        yield self._text(*name, max_length=120)
        yield TextAreaField(
            "Address",
            value=p.address,
            hint="a line each: street and number, postcode and town",
            id="address",
        )
        yield ChoiceField(
            "Country",
            COUNTRIES,
            value=p.country or None,
            required=False,
            hint="yours: its holidays and law",
            id="country",
        )
        for field, label, hint in vat_etc:
            yield self._text(field, label, hint)
        yield Static(Content("Letters"), classes="form--section")
        yield ChoiceField(
            "Language",
            LANGUAGES,
            value=p.language,
            columns=5,
            hint="when the customer has none (by country: BE, NL Dutch; GB English)",
            id="language",
        )
        yield ChoiceField(
            "Window",
            WINDOWS,
            value=p.window,
            hint="the address window of your envelopes (by country: BE right, else left)",
            id="window",
        )
        yield Static(Content("Deadlines (days)"), classes="form--section")
        for field, label, hint in _DAYS:
            yield TextField(
                label,
                value=str(getattr(p, field)),
                required=True,
                rule=self._days_rule(field),
                hint=hint,
                max_length=3,
                id=field,
            )
        yield Static(Content("Terms"), classes="form--section")
        for field, label, hint in _NUMBERS:
            value = getattr(p, field)
            yield TextField(
                label,
                value="" if value is None else f"{value:f}",
                rule=_number_rule,
                hint=hint + "; empty: none",
                max_length=12,
                id=field,
            )
        yield ChoiceField(
            "Day count", DAY_COUNTS, value=p.day_count, hint="for interest", id="day_count"
        )
        yield CheckField(
            "BE clause",
            "our terms hold a reciprocal damages clause (BE consumers)",
            value=p.consumer_damages_clause,
            id="consumer_damages_clause",
        )
        yield CheckField(
            "NL WIK VAT",
            "we cannot deduct VAT: add it to the WIK costs (NL)",
            value=p.wik_vat,
            id="wik_vat",
        )
        yield Static(Content("Limitation"), classes="form--section")
        yield ChoiceField(
            "Your law",
            LIMITATION_LAWS,
            value=p.limitation_law,
            hint="of your contracts with businesses (Rome I art. 4)",
            id="limitation_law",
        )
        yield TextField(
            "Warn",
            value=", ".join(str(days) for days in p.limitation_lead_days),
            required=True,
            rule=_lead_days_rule,
            hint="days before a limitation date a case comes on Today",
            max_length=24,
            id="limitation_lead_days",
        )
        yield Static(Content("Evidence"), classes="form--section")
        yield TextField(
            "Attach max",
            value=str(p.attach_limit_mb),
            required=True,
            rule=self._whole_rule("attach_limit_mb"),
            hint="MB: the largest file attached to a case (f on the case)",
            max_length=4,
            id="attach_limit_mb",
        )
        yield Static(Content("Mail"), classes="form--section")
        for field, label, hint in _MAIL_TEXT:
            yield self._text(field, label, hint)
        yield ChoiceField(
            "Security",
            SECURITIES,
            value=p.smtp_security,
            columns=3,
            hint="most servers: STARTTLS (587) or SSL/TLS (465); none: only a server on this "
            "machine",
            id="smtp_security",
        )
        for field, label, hint in _MAIL_NUMBERS:
            yield TextField(
                label,
                value=str(getattr(p, field)),
                required=True,
                rule=self._whole_rule(field),
                hint=hint,
                max_length=5,
                id=field,
            )

    def _text(self, field: str, label: str, hint: str, *, max_length: int = 0) -> TextField:
        describe: Callable[[str], FieldNote] | None = None
        if field == "iban":
            describe = _iban_preview
        return TextField(
            label,
            value=getattr(self.profile, field),
            rule=self._value_rule(field),
            describe=describe,
            hint=hint,
            max_length=max_length,
            id=field,
        )

    def on_mount(self) -> None:
        if self.first:
            fields = self.query(f"#{self.first}")
            if fields:
                self.call_after_refresh(fields.first(Field).focus_control)

    # ------------------------------------------------------------------ checks as you type

    def _value_rule(self, field: str) -> Callable[[str], str | None]:
        def rule(text: str) -> str | None:
            values: dict[str, Any] = {field: text}
            if field == "vat":  # a Belgian number has check digits; others are free text
                values["country"] = self._country()
            problems = _problems(**values)
            return problems[0] if problems else None

        return rule

    def _days_rule(self, field: str) -> Callable[[str], str | None]:
        def rule(text: str) -> str | None:
            if not text.isdigit():
                return "a whole number of days"
            problems = _problems(**{field: int(text)})
            return problems[0] if problems else None

        return rule

    def _whole_rule(self, field: str) -> Callable[[str], str | None]:
        def rule(text: str) -> str | None:
            if not text.isdigit():
                return "a whole number"
            problems = _problems(**{field: int(text)})
            return problems[0] if problems else None

        return rule

    def _country(self) -> str:
        fields = self.query("#country")
        if not fields:
            return self.profile.country
        value = fields.first(ChoiceField).value
        return value or ""

    @on(Field.Changed, "#country")
    def _country_changed(self) -> None:
        vat = self.query_one("#vat", TextField)
        vat.revalidate()

    # ------------------------------------------------------------------ the value

    def build(self) -> Profile | None:
        values: dict[str, Any] = {}
        for field, _, _ in _BUSINESS_TEXT:
            values[field] = self.query_one(f"#{field}", TextField).value
        values["address"] = self.query_one("#address", TextAreaField).value
        for field, _, _ in _MAIL_TEXT:
            values[field] = self.query_one(f"#{field}", TextField).value
        for field in (*(field for field, _, _ in _MAIL_NUMBERS), "attach_limit_mb"):
            values[field] = int(self.query_one(f"#{field}", TextField).value)
        choices = ("country", "language", "window", "day_count", "limitation_law", "smtp_security")
        for field in choices:
            values[field] = self.query_one(f"#{field}", ChoiceField).value or ""
        for field, _, _ in _DAYS:
            values[field] = int(self.query_one(f"#{field}", TextField).value)
        for field, _, _ in _NUMBERS:
            text = self.query_one(f"#{field}", TextField).value
            values[field] = _decimal(text) if text else None
        for field in ("consumer_damages_clause", "wik_vat"):
            values[field] = self.query_one(f"#{field}", CheckField).value
        lead = self.query_one("#limitation_lead_days", TextField).value
        values["limitation_lead_days"] = parse_lead_days(lead)
        profile = normalised(dataclasses.replace(self.profile, **values))
        problems = validate_profile(profile)
        if problems:
            # A rule across fields (a fixed and a percentage fee): point at the second one.
            field = "fee_percent" if "not both" in problems[0] or "fee" in problems[0] else "name"
            self.refuse(self.query_one(f"#{field}", Field), problems[0])
            return None
        return profile


def _lead_days_rule(text: str) -> str | None:
    try:
        parse_lead_days(text)
    except CasetuiError as error:
        return str(error).removeprefix("lead days: ")
    return None


def _number_rule(text: str) -> str | None:
    try:
        _decimal(text)
    except ValueError as error:
        return str(error)
    return None


def _iban_preview(text: str) -> FieldNote:
    formatted = format_iban(text)
    return f"→ {formatted}" if formatted != text else None


def _tilde(path: Path) -> str:
    home = Path.home()
    try:
        return f"~/{path.relative_to(home)}"
    except ValueError:
        return str(path)


def current_profile(app: App[Any]) -> Profile:
    """The business profile in use: the file's when there is one (it may have been edited
    since the app started, by hand or with `casetui setup`), else the app's. The app takes
    it over, so its claims and exports follow. Raises `InputError` for a broken file."""
    path = profile_path()
    if not path.exists():
        return cast(Profile, getattr(app, "profile", None) or Profile())
    profile = load_profile(path)
    if hasattr(app, "profile"):
        app.profile = profile  # type: ignore[attr-defined]
    return profile


def profile_or_say(app: App[Any]) -> Profile | None:
    """`current_profile`, or None after saying why the profile file cannot be used."""
    try:
        return current_profile(app)
    except CasetuiError as error:
        app.notify(str(error), title="Business profile", severity="error", markup=False)
        return None


def edit_profile(
    app: App[Any], then: Callable[[Profile], None] | None = None, *, focus: str | None = None
) -> None:
    """Open the profile form on the profile in use; save what it returns (the app uses it at
    once), then `then(profile)`.

    A profile file that cannot be read is not opened (saving would replace what is in it).
    """
    path = profile_path()
    try:
        current = current_profile(app)
    except CasetuiError as error:
        app.notify(
            f"{error}. Fix the file by hand, or move it away to start again.",
            title="Business profile",
            severity="error",
            markup=False,
            timeout=10,
        )
        return

    def save(profile: Profile | None) -> None:
        if profile is None:
            return

        def write() -> None:
            try:
                ready = getattr(app, "ready", False)
                ledgers = [app.ledger.path] if ready else []  # type: ignore[attr-defined]
                saved = save_profile(profile, path, ledgers=ledgers)  # never over the ledger
                if (
                    getattr(app, "ready", False)
                    and profile.ladder_policy() != current.ladder_policy()
                ):
                    # The open cases were folded with the old waits: fold them again.
                    app.ledger.set_policy(profile.ladder_policy())  # type: ignore[attr-defined]
            except (CasetuiError, OSError) as error:
                app.call_from_thread(
                    app.notify,
                    f"The business profile was not saved: {error}",
                    title="Business profile",
                    severity="error",
                    markup=False,
                )
                return
            app.call_from_thread(done, saved)

        def done(saved: Path) -> None:
            message = f"Business profile saved to {_tilde(saved)}."
            if profile.ladder_policy() != current.ladder_policy():
                message += " Next actions follow the new waits and limitation settings."
                if hasattr(app, "revision"):
                    app.revision += 1  # the lists refresh when they show again
            if hasattr(app, "profile"):
                app.profile = profile
            app.notify(message, title="Business profile", markup=False)
            if then is not None:
                then(profile)

        app.run_worker(write, thread=True, group="profile", exit_on_error=False)

    app.push_screen(ProfileForm(current, path=path, focus=focus), save)
