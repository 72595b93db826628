"""The user's SMTP server: connect, secure, log in, send, and say what the server answered.

- `ssl` connects with TLS from the first byte (port 465); `starttls` upgrades a plain
  connection (port 587) and refuses a server that does not offer it; `none` sends in the
  clear and is refused with a login to anything but this machine (the password would
  travel readable).
- TLS certificates are verified against the system's trusted authorities and the host
  name (`ssl.create_default_context()`); a certificate that does not verify stops the
  connection, it is never accepted anyway.
- Every wait on the server is bounded by the profile's timeout (30 s by default).
- A message larger than the server's announced SIZE is not sent.
- A server that takes some recipients and refuses others: `Delivery` says which; the caller
  decides what that means (the customer refused: nothing is recorded).

Errors are `SendError` (exit code 1), one line saying what the server said; the password is
never part of a message, a log or a repr.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from types import TracebackType

from casetui.errors import OperationalError
from casetui.mail.message import Outgoing
from casetui.mail.settings import SmtpSettings


class SendError(OperationalError):
    """The message was not sent (or not to the customer). Nothing was recorded."""


class ConnectError(SendError):
    """The server could not be reached, secured or logged in to: nothing can be sent."""


class LoginRefused(ConnectError):
    """The server refused the user name and password."""


@dataclass(frozen=True)
class Delivery:
    """What the server accepted: the recipients it took, and those it refused and why."""

    accepted: tuple[str, ...]
    refused: tuple[tuple[str, str], ...] = ()


def _printable(text: str) -> str:
    """Server text for a terminal: control characters shown as `?`, spaces collapsed."""
    cleaned = "".join(char if char.isprintable() else "?" for char in text)
    return " ".join(cleaned.split())


def said(code: int | None, message: bytes | str | None) -> str:
    """`550 5.1.1 No such user`: a server reply in one line."""
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    text = _printable(message or "")
    return f"{code} {text}".strip() if code else text


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


# What OpenSSL says when the other side does not speak TLS at all (a plain SMTP port).
_NOT_TLS = frozenset(
    {"WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "HTTP_REQUEST", "RECORD_LAYER_FAILURE"}
)


def _not_tls_hint(security: str, port: int) -> str:
    """What a TLS failure before any certificate usually means, and what to try."""
    if security == "ssl":
        return (
            f"port {port} probably speaks plain SMTP, not TLS from the first byte: use "
            "--smtp-security starttls with port 587 (or ssl with port 465)"
        )
    return (
        "the server's answer was not TLS: the security setting may be wrong for this port; "
        "try --smtp-security starttls with port 587, or ssl with port 465"
    )


@dataclass
class MailServer:
    """One connection to the SMTP server, opened on first use; a context manager.

    `transcript` keeps what the server said while connecting (for `casetui mail test`).
    """

    settings: SmtpSettings
    password: str | None = field(default=None, repr=False)
    context: ssl.SSLContext | None = field(default=None, repr=False)
    transcript: list[str] = field(default_factory=list)
    _smtp: smtplib.SMTP | None = field(default=None, repr=False)
    # What connect() was doing when it failed, in words for the message ("logging in as me").
    _step: str = field(default="connecting", repr=False)

    def __enter__(self) -> MailServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ connecting

    def _tls(self) -> ssl.SSLContext:
        return self.context or ssl.create_default_context()

    def connect(self) -> None:
        """Connect, secure and log in, or raise `SendError` saying what went wrong."""
        if self._smtp is not None:
            return
        s = self.settings
        if s.user and s.security == "none" and not s.local:
            raise ConnectError(
                f"SMTP security is none: logging in to {s.host} would send your password "
                "unencrypted; use starttls or ssl"
            )
        try:
            self._smtp = self._open()
        except SendError as error:
            self.close()
            raise ConnectError(str(error)) from None
        except smtplib.SMTPAuthenticationError as error:
            self.close()
            raise LoginRefused(self.explain(error, "logging in")) from None
        except Exception as error:
            self.close()
            raise ConnectError(self.explain(error, self._step)) from None

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        smtp: smtplib.SMTP
        if s.security == "ssl":
            smtp = smtplib.SMTP_SSL(timeout=s.timeout, context=self._tls())
        else:
            smtp = smtplib.SMTP(timeout=s.timeout)
        # The name TLS checks the certificate against (SNI): smtplib takes it from the host
        # given to its constructor, which would also connect before we can read the banner.
        smtp._host = s.host  # type: ignore[attr-defined]
        self._smtp = smtp  # closed by connect() if anything below fails
        self._step = "connecting" if s.security != "ssl" else "connecting with TLS"
        open_socket = smtp._get_socket  # type: ignore[attr-defined]

        def opened(*args: object) -> socket.socket:
            # smtplib connects and reads the greeting in one call: mark the moment between.
            sock = open_socket(*args)
            self._step = "waiting for its greeting (the connection was made)"
            return sock

        smtp._get_socket = opened  # type: ignore[attr-defined]
        code, banner = smtp.connect(s.host, s.port)
        self.transcript.append(f"connected to {s.where}: {said(code, banner)}")
        if s.security == "ssl":
            self.transcript.append(self._tls_line(smtp))
        self._step = "greeting it (EHLO)"
        code, reply = smtp.ehlo()
        if s.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise SendError(
                    f"{s.where} does not offer STARTTLS: use --smtp-security ssl (port 465), "
                    "or none for a server on this machine"
                )
            self._step = "starting TLS (STARTTLS)"
            smtp.starttls(context=self._tls())
            self.transcript.append(self._tls_line(smtp))
            self._step = "greeting it over TLS (EHLO)"
            code, reply = smtp.ehlo()
        self.transcript.append(f"EHLO: {said(code, reply.splitlines()[0] if reply else b'')}")
        limit = self.size_limit(smtp)
        features = [
            f"size limit {size_text(limit)}" if limit else "no size limit announced",
            f"login methods {_printable(smtp.esmtp_features.get('auth', '')) or 'none'}",
        ]
        self.transcript.append("offers: " + ", ".join(features))
        if s.user:
            if self.password is None:
                raise SendError(
                    f"no password for {s.user} at {s.host}: casetui mail login, or set "
                    "CASETUI_SMTP_PASSWORD"
                )
            self._step = f"logging in as {s.user}"
            code, reply = smtp.login(s.user, self.password)
            self.transcript.append(f"logged in as {s.user}: {said(code, reply)}")
        return smtp

    def _tls_line(self, smtp: smtplib.SMTP) -> str:
        sock = smtp.sock
        version = sock.version() if isinstance(sock, ssl.SSLSocket) else "?"
        return f"TLS {version}: the certificate of {self.settings.host} is valid"

    @staticmethod
    def size_limit(smtp: smtplib.SMTP) -> int:
        try:
            return int(smtp.esmtp_features.get("size", "0").split()[0] or 0)
        except (ValueError, IndexError):
            return 0

    def explain(self, error: BaseException, doing: str) -> str:
        """One line for the user: what failed while `doing`, in the server's words."""
        s = self.settings
        if isinstance(error, ssl.SSLCertVerificationError):
            reason = _printable(error.verify_message or str(error))
            return f"the certificate of {s.host} could not be verified ({reason}); nothing was sent"
        if isinstance(error, ssl.SSLError):
            reason = _printable(error.reason or str(error))
            text = f"TLS with {s.where} failed while {doing}: {reason}"
            if error.reason in _NOT_TLS:
                text += f"; {_not_tls_hint(s.security, s.port)}"
            return text
        if isinstance(error, smtplib.SMTPAuthenticationError):
            return (
                f"{s.host} refused the login of {s.user}: {said(error.smtp_code, error.smtp_error)}"
            )
        if isinstance(error, smtplib.SMTPNotSupportedError):
            return f"{s.host} does not support logging in here: {_printable(str(error))}"
        if isinstance(error, smtplib.SMTPServerDisconnected) and "timed out" in str(error):
            return f"{s.where} did not answer within {s.timeout:g} s while {doing}"
        if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionResetError):
            return f"{s.where} closed the connection while {doing}"
        if isinstance(error, TimeoutError | socket.timeout):
            return f"{s.where} did not answer within {s.timeout:g} s while {doing}"
        if isinstance(error, socket.gaierror):
            return f"cannot find the SMTP server {s.host}: {_printable(str(error.strerror))}"
        if isinstance(error, ConnectionRefusedError):
            return f"cannot connect to {s.where}: the connection was refused"
        if isinstance(error, smtplib.SMTPResponseException):
            return f"{s.where} answered {said(error.smtp_code, error.smtp_error)} while {doing}"
        if isinstance(error, OSError):
            return f"cannot reach {s.where}: {_printable(error.strerror or str(error))}"
        return f"{doing} failed: {_printable(str(error))}"

    # ------------------------------------------------------------------ sending

    def send(self, outgoing: Outgoing) -> Delivery:
        """Send one message. Raises `SendError` when no recipient at all took it."""
        self.connect()
        smtp = self._smtp
        assert smtp is not None
        limit = self.size_limit(smtp)
        if limit and outgoing.size > limit:
            raise SendError(
                f"the message is {size_text(outgoing.size)}, more than the "
                f"{size_text(limit)} {self.settings.host} accepts; nothing was sent"
            )
        try:
            refused = smtp.sendmail(outgoing.sender, list(outgoing.recipients), outgoing.data)
        except smtplib.SMTPRecipientsRefused as error:
            reasons = "; ".join(
                f"{address}: {said(code, reply)}"
                for address, (code, reply) in error.recipients.items()
            )
            raise SendError(
                f"the server refused every recipient ({reasons}); nothing was recorded"
            ) from None
        except smtplib.SMTPSenderRefused as error:
            raise SendError(
                f"the server refused the sender {outgoing.sender}: "
                f"{said(error.smtp_code, error.smtp_error)}"
            ) from None
        except smtplib.SMTPDataError as error:
            raise SendError(
                f"the server refused the message: {said(error.smtp_code, error.smtp_error)}"
            ) from None
        except Exception as error:
            self.close()  # the connection is in an unknown state: a fresh one next time
            raise SendError(self.explain(error, "sending") + "; nothing was recorded") from None
        return Delivery(
            accepted=tuple(a for a in outgoing.recipients if a not in refused),
            refused=tuple((a, said(code, reply)) for a, (code, reply) in refused.items()),
        )

    @property
    def connected(self) -> bool:
        return self._smtp is not None

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except Exception:
            smtp.close()
