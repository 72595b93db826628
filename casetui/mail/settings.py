"""The SMTP settings, as the business profile holds them ([mail] in profile.toml).

    casetui setup --smtp-host smtp.example.com --smtp-user me@example.com \\
        [--smtp-port 587] [--smtp-security starttls|ssl|none] [--smtp-from ADDRESS] \\
        [--smtp-bcc ADDRESS] [--smtp-timeout 30]

The password is not a setting: see `casetui.mail.secret`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from casetui.errors import InputError
from casetui.mail.addresses import check_address, display_name, split_addresses
from casetui.profile import Profile

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # starttls, ssl or none
    user: str
    sender: str  # the From address (and the envelope sender)
    sender_name: str  # the business name shown in From
    reply_to: str  # the business e-mail when it is not the sender address, else ""
    bcc: tuple[str, ...]
    timeout: float

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def local(self) -> bool:
        """A server on this machine (where a plain connection never leaves the machine)."""
        if self.host.lower() == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host.strip("[]")).is_loopback
        except ValueError:
            return False


def configured(profile: Profile) -> bool:
    """Is there an SMTP server in the profile at all?"""
    return bool(profile.smtp_host.strip())


def smtp_settings(profile: Profile, *, server: bool = True) -> SmtpSettings:
    """The settings to send with; `InputError` naming what is missing or wrong. Without
    `server` (an outbox of files) only the sender is needed."""
    if server and not profile.smtp_host.strip():
        raise InputError(
            "no SMTP server in the business profile: casetui setup --smtp-host HOST "
            "--smtp-user USER (or the Mail fields of the profile form, B in the app)"
        )
    sender_text = profile.smtp_from or profile.email
    if not sender_text.strip():
        raise InputError(
            "no sender address: set the business e-mail or --smtp-from in casetui setup"
        )
    sender = check_address(sender_text, "sender address")
    reply_to = ""
    if profile.email.strip() and profile.smtp_from.strip():
        business = check_address(profile.email, "business e-mail")
        reply_to = business if business != sender else ""
    security = profile.smtp_security or "starttls"
    return SmtpSettings(
        host=profile.smtp_host.strip(),
        port=profile.smtp_port or DEFAULT_PORTS.get(security, 587),
        security=security,
        user=profile.smtp_user.strip(),
        sender=sender,
        sender_name=display_name(profile.name, "business name"),
        reply_to=reply_to,
        bcc=split_addresses(profile.smtp_bcc, "bcc address") if profile.smtp_bcc.strip() else (),
        timeout=float(profile.smtp_timeout or 30),
    )
