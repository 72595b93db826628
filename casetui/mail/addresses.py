"""E-mail addresses and display names that are safe to put in a message header.

A name or an address typed by a user or read from an imported invoice is hostile until
checked: a CR or LF in it would start a new header line (`Bcc: everyone@...`), so any control
character is refused, never silently dropped. Addresses are checked for the usual shape
(`local@domain.tld`, dot-atom local part, a domain with a dot); an international domain is
written in its ASCII (IDNA) form, as SMTP servers expect. A customer may have more than one
address, separated by commas or semicolons.
"""

from __future__ import annotations

import re

from casetui.errors import InputError

_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _domain(text: str) -> str | None:
    try:
        ascii_domain = text.encode("idna").decode("ascii") if not text.isascii() else text
    except UnicodeError:
        return None
    labels = ascii_domain.rstrip(".").split(".")
    if len(labels) < 2 or len(ascii_domain) > 253:
        return None
    if not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if labels[-1].isdigit():
        return None
    return ".".join(labels).lower()


def check_address(text: str, what: str = "e-mail address") -> str:
    """`text` as one valid address (domain in lower-case ASCII), or `InputError` saying why."""
    if has_control(text):
        raise InputError(f"{what} {text!r} contains a line break or control character")
    address = text.strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or len(local) > 64 or not _LOCAL.fullmatch(local):
        raise InputError(f"{what} {address!r} is not an e-mail address (name@example.com)")
    ascii_domain = _domain(domain)
    if ascii_domain is None:
        raise InputError(f"{what} {address!r} has no valid domain (name@example.com)")
    return f"{local}@{ascii_domain}"


def split_addresses(text: str, what: str = "e-mail address") -> tuple[str, ...]:
    """One or more addresses separated by commas or semicolons, each checked."""
    if has_control(text):
        raise InputError(f"{what} {text!r} contains a line break or control character")
    parts = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
    if not parts:
        raise InputError(f"no {what}")
    return tuple(dict.fromkeys(check_address(part, what) for part in parts))


def address_problem(text: str) -> str | None:
    """Why `text` is not a usable list of addresses, or None."""
    try:
        split_addresses(text)
    except InputError as error:
        return str(error)
    return None


def display_name(text: str, what: str = "name") -> str:
    """A name for a From or To header: control characters refused, spaces collapsed."""
    if has_control(text):
        raise InputError(f"the {what} {text!r} contains a line break or control character")
    return " ".join(text.split())
