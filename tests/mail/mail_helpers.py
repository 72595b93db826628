"""A real SMTP server on 127.0.0.1 in the test process (aiosmtpd), and what it received; a
keyring that lives in the test; the demo case the mail tests send letters for.

    with smtp_server(tls="starttls", users={"me": "secret"}) as server:
        ... send to server.port ...
    server.messages  # each: envelope sender, recipients, the bytes received

Never the network: the server binds to the loopback address only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import ssl
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from keyring.backend import KeyringBackend

from casetui.mail.settings import SmtpSettings

CERTS = Path(__file__).parent / "certs"
HOST = "127.0.0.1"
BE_BUSINESS = "C-2026-0040"  # Bouwbedrijf Meuse BV: a reminder is due, e-mail on file


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in the test (the real one is never touched)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@dataclasses.dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


class Handler:
    def __init__(self, refuse: set[str], reject_data: str) -> None:
        self.messages: list[Received] = []
        self.refuse = refuse
        self.reject_data = reject_data

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reject_data:
            return self.reject_data
        self.messages.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 2.0.0 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERTS / "cert.pem", CERTS / "key.pem")
    return context


def client_context() -> ssl.SSLContext:
    """A client context that trusts the test certificate (and verifies it)."""
    return ssl.create_default_context(cafile=str(CERTS / "cert.pem"))


@dataclasses.dataclass
class Server:
    port: int
    handler: Handler

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages


@contextlib.contextmanager
def smtp_server(
    *,
    tls: str = "none",
    users: dict[str, str] | None = None,
    refuse: set[str] | None = None,
    size_limit: int = 0,
    reject_data: str = "",
) -> Iterator[Server]:
    handler = Handler(refuse or set(), reject_data)
    port = free_port()
    kwargs: dict[str, object] = {}
    if users is not None:

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and users.get(auth_data.login.decode()) == auth_data.password.decode()
            )
            return AuthResult(success=ok, handled=False)

        kwargs["authenticator"] = authenticate
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = tls != "none"
    if tls == "starttls":
        kwargs["tls_context"] = server_context()
        kwargs["require_starttls"] = True
    if size_limit:
        kwargs["data_size_limit"] = size_limit
    controller_kwargs: dict[str, object] = {}
    if tls == "ssl":
        controller_kwargs["ssl_context"] = server_context()
    controller = Controller(
        handler,
        hostname=HOST,
        port=port,
        server_hostname="localhost",
        **controller_kwargs,
        **kwargs,
    )
    if tls == "ssl":
        # The controller's start-up probe would connect in the clear: probe with TLS.
        def trigger() -> None:
            with (
                socket.create_connection((HOST, port), 1.0) as raw,
                client_context().wrap_socket(raw, server_hostname="localhost") as secure,
            ):
                secure.recv(1024)

        controller._trigger_server = trigger  # type: ignore[method-assign]
    controller.start()
    try:
        yield Server(port, handler)
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A server that accepts the connection and never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        listener.close()


@contextlib.contextmanager
def stalling_server(stall_on: str) -> Iterator[int]:
    """A plain SMTP server that greets, answers EHLO (offering AUTH PLAIN) and accepts any
    login, but falls silent at the first command starting with `stall_on` ("AUTH", "MAIL")."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen(5)
    listener.settimeout(5)
    port = listener.getsockname()[1]
    stop = threading.Event()
    open_connections: list[socket.socket] = []

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        open_connections.append(connection)
        reader = connection.makefile("rb")
        connection.sendall(b"220 stalling.example ESMTP\r\n")
        for line in reader:
            command = line.decode("ascii", "replace").strip().upper()
            if stop.is_set() or command.startswith(stall_on):
                stop.wait()  # say nothing more: the client must time out
                return
            if command.startswith(("EHLO", "HELO")):
                connection.sendall(b"250-stalling.example\r\n250 AUTH PLAIN LOGIN\r\n")
            elif command.startswith("AUTH"):
                connection.sendall(b"235 2.7.0 Authentication successful\r\n")
            elif command.startswith("QUIT"):
                connection.sendall(b"221 bye\r\n")
                return
            else:
                connection.sendall(b"250 OK\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        for connection in open_connections:
            connection.close()
        listener.close()
        thread.join(timeout=2)


def settings(port: int, **changes: object) -> SmtpSettings:
    base = SmtpSettings(
        host=HOST,
        port=port,
        security="none",
        user="",
        sender="facturen@studionoord.example",
        sender_name="Studio Noord BV",
        reply_to="",
        bcc=(),
        timeout=5.0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]
