"""The SMTP password: from `CASETUI_SMTP_PASSWORD`, else the system keyring. Never a file.

The password is never written to profile.toml, the ledger, an export, a log or a message:
- `CASETUI_SMTP_PASSWORD` wins when set (scripts, a password manager's `op run`, CI);
- else the system keyring (the `keyring` library: Secret Service on Linux, Keychain on
  macOS, Credential Locker on Windows), where `casetui mail login` or the app stored it,
  under the service "casetui-smtp" and the account `user@host`.
Where no keyring is available the error says to use the environment variable.
"""

from __future__ import annotations

import os
from types import ModuleType

from casetui.errors import OperationalError
from casetui.mail.settings import SmtpSettings

PASSWORD_ENV = "CASETUI_SMTP_PASSWORD"
SERVICE = "casetui-smtp"


class NoKeyring(OperationalError):
    """There is no system keyring to keep the password in."""


def account(settings: SmtpSettings) -> str:
    return f"{settings.user}@{settings.host}"


def _keyring() -> ModuleType:
    """The keyring library, imported only when a password is needed."""
    try:
        import keyring
    except ImportError:  # pragma: no cover - a dependency, but a broken install says so
        raise NoKeyring(f"no keyring library; set {PASSWORD_ENV} instead") from None
    return keyring


def _unavailable(error: Exception) -> NoKeyring:
    kind = type(error).__name__
    return NoKeyring(
        f"no system keyring is available here ({kind}); set {PASSWORD_ENV} in the "
        "environment instead"
    )


def keyring_available() -> bool:
    """Is there a system keyring to keep the password in? (Without one, the keyring library
    stands in a backend that fails, or one that forgets.)"""
    try:
        from keyring.backends import fail, null

        backend = _keyring().get_keyring()
    except Exception:  # a broken install or backend is no keyring either
        return False
    return not isinstance(backend, fail.Keyring | null.Keyring)


def find_password(settings: SmtpSettings) -> tuple[str | None, str]:
    """(password, where it came from: "environment" or "keyring"), or (None, why not)."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env, "environment"
    if not settings.user:
        return None, "no SMTP user"
    try:
        stored = _keyring().get_password(SERVICE, account(settings))
    except NoKeyring as error:
        return None, str(error)
    except Exception as error:  # keyring backends raise their own errors (D-Bus, locked)
        return None, str(_unavailable(error))
    if stored:
        return stored, "keyring"
    return None, f"no password stored for {account(settings)}"


def save_password(settings: SmtpSettings, password: str) -> None:
    """Keep the password in the system keyring; `NoKeyring` where there is none."""
    try:
        _keyring().set_password(SERVICE, account(settings), password)
    except NoKeyring:
        raise
    except Exception as error:
        raise _unavailable(error) from None


def forget_password(settings: SmtpSettings) -> bool:
    """Remove the stored password; False when there was none."""
    try:
        keyring = _keyring()
        if keyring.get_password(SERVICE, account(settings)) is None:
            return False
        keyring.delete_password(SERVICE, account(settings))
    except NoKeyring:
        raise
    except Exception as error:
        raise _unavailable(error) from None
    return True
