"""Sending through a real SMTP server on 127.0.0.1 (aiosmtpd in the test process): what it
received, and every way sending can fail without recording anything false."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import ssl
from datetime import UTC, datetime

import pypdf
import pytest
import zxingcpp
from mail_helpers import (
    BE_BUSINESS,
    client_context,
    settings,
    silent_server,
    smtp_server,
    stalling_server,
)

from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.letters import prepare_letter
from casetui.letters.payqr import epc_payload
from casetui.mail.sending import compose, send_letter
from casetui.mail.server import ConnectError, LoginRefused, MailServer, SendError
from casetui.model import LetterSent
from casetui.profile import Profile
from casetui.store.owned import evidence_dir
from tests.support import TODAY

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
CUSTOMER = "accounts@bouwbedrijfmeuse.example.be"


def letters(ledger: Ledger, case_id: str = BE_BUSINESS) -> list[LetterSent]:
    return [e for e in ledger.case(case_id).timeline() if isinstance(e, LetterSent)]


def reminder(ledger: Ledger, profile: Profile):
    return prepare_letter(
        ledger, BE_BUSINESS, "reminder", profile=profile, sent_on=TODAY, channel="email"
    )


def test_a_sent_letter_arrives_whole_and_is_recorded_with_its_proof(
    ledger: Ledger, profile: Profile
) -> None:
    draft = reminder(ledger, profile)
    with smtp_server() as server:
        config = settings(server.port, bcc=("copies@studionoord.example",))
        outgoing = compose(draft, config, window="right", now=NOW)
        with MailServer(config) as mail:
            sent = send_letter(ledger, draft, outgoing, mail)
    [received] = server.messages
    assert received.sender == "facturen@studionoord.example"
    assert received.recipients == [CUSTOMER, "copies@studionoord.example"]
    message = received.message
    assert message["From"] == "Studio Noord BV <facturen@studionoord.example>"
    assert message["To"] == f"Bouwbedrijf Meuse BV <{CUSTOMER}>"
    assert message["Subject"] == "Betalingsherinnering: factuur F2026-49365"
    assert message["Bcc"] is None  # the copy is in the envelope only
    assert message["Content-Language"] == "nl"
    assert message["Message-ID"].strip() == outgoing.message_id
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and "€ 99,43" in plain.get_content()
    assert html is not None and "<strong>€ 99,43</strong>" in html.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "reminder-F2026-49365-2026-11-23.pdf"
    pdf = attachment.get_content()
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Betalingsherinnering: factuur F2026-49365" in text
    import pypdfium2

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [epc_payload(draft.header.payment)]

    [letter] = letters(ledger)
    assert letter.recipient == CUSTOMER
    assert letter.message_id == outgoing.message_id
    assert letter.channel.value == "email"
    kept = evidence_dir(ledger.path) / letter.evidence
    assert kept.read_bytes() == received.data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    assert letter.evidence == hashlib.sha256(kept.read_bytes()).hexdigest() + ".eml"
    assert sent.states[0].stage.value == "reminder"


def test_header_injection_in_a_name_or_an_address_is_refused(
    ledger: Ledger, profile: Profile
) -> None:
    state = ledger.case(BE_BUSINESS)
    customer = ledger.customer(state.customer_id)
    for changes in (
        {"name": "Meuse BV\r\nBcc: everyone@example.com"},
        {"email": "accounts@meuse.example\nBcc: everyone@example.com"},
    ):
        ledger.update_customer(dataclasses.replace(customer, **changes))
        draft = reminder(ledger, profile)
        with pytest.raises(InputError, match="line break or control character"):
            compose(draft, settings(25), window="right", now=NOW)
    assert letters(ledger) == []


@pytest.mark.parametrize(
    "email", ["", "not-an-address", "two@@example.com", "name@localhost", "a b@example.com"]
)
def test_a_missing_or_invalid_address_blocks(ledger: Ledger, profile: Profile, email: str) -> None:
    state = ledger.case(BE_BUSINESS)
    customer = ledger.customer(state.customer_id)
    ledger.update_customer(dataclasses.replace(customer, email=email))
    draft = reminder(ledger, profile)
    with pytest.raises(InputError, match="cannot be e-mailed"):
        compose(draft, settings(25), window="right", now=NOW)


def test_a_letter_over_the_servers_size_limit_is_not_sent(ledger: Ledger, profile: Profile) -> None:
    draft = reminder(ledger, profile)
    with smtp_server(size_limit=20_000) as server:
        config = settings(server.port)
        outgoing = compose(draft, config, window="right", now=NOW)
        assert outgoing.size > 20_000
        with (
            MailServer(config) as mail,
            pytest.raises(SendError, match=r"more than the 20 KB 127\.0\.0\.1 accepts"),
        ):
            send_letter(ledger, draft, outgoing, mail)
    assert server.messages == [] and letters(ledger) == []


def test_a_server_that_hangs_times_out(ledger: Ledger, profile: Profile) -> None:
    draft = reminder(ledger, profile)
    with silent_server() as port:
        config = settings(port, timeout=0.5)
        outgoing = compose(draft, config, window="right", now=NOW)
        with (
            MailServer(config) as mail,
            pytest.raises(ConnectError, match=r"did not answer within 0\.5 s"),
        ):
            send_letter(ledger, draft, outgoing, mail)
    assert letters(ledger) == []


def test_a_timeout_names_the_step_it_happened_in() -> None:
    """Connected, greeted, then silent: the message says which step waited, not
    "connecting"."""
    with (
        silent_server() as port,
        MailServer(settings(port, timeout=0.5)) as mail,
        pytest.raises(ConnectError) as hung,
    ):
        mail.connect()
    assert str(hung.value) == (
        f"127.0.0.1:{port} did not answer within 0.5 s while waiting for its greeting "
        "(the connection was made)"
    )
    with stalling_server("AUTH") as port:
        config = settings(port, timeout=0.5, user="me")
        with MailServer(config, "pw") as mail, pytest.raises(ConnectError) as stalled:
            mail.connect()
    assert str(stalled.value) == (
        f"127.0.0.1:{port} did not answer within 0.5 s while logging in as me"
    )


def test_a_timeout_after_the_login_is_one_while_sending(ledger: Ledger, profile: Profile) -> None:
    draft = reminder(ledger, profile)
    with stalling_server("MAIL") as port:
        config = settings(port, timeout=0.5, user="me")
        outgoing = compose(draft, config, window="right", now=NOW)
        with MailServer(config, "pw") as mail, pytest.raises(SendError) as stalled:
            send_letter(ledger, draft, outgoing, mail)
    assert "did not answer within 0.5 s while sending" in str(stalled.value)
    assert "connecting" not in str(stalled.value)
    assert letters(ledger) == []


def test_tls_to_a_plain_port_says_what_it_likely_means() -> None:
    with smtp_server() as server:  # plain SMTP
        config = settings(server.port, security="ssl")
        with MailServer(config) as mail, pytest.raises(ConnectError) as failed:
            mail.connect()
    message = str(failed.value)
    assert "WRONG_VERSION_NUMBER" in message
    assert message.endswith(
        f"port {server.port} probably speaks plain SMTP, not TLS from the first byte: use "
        "--smtp-security starttls with port 587 (or ssl with port 465)"
    )


def test_the_customer_refused_but_the_copy_accepted_records_nothing(
    ledger: Ledger, profile: Profile
) -> None:
    draft = reminder(ledger, profile)
    with smtp_server(refuse={CUSTOMER}) as server:
        config = settings(server.port, bcc=("copies@studionoord.example",))
        outgoing = compose(draft, config, window="right", now=NOW)
        with (
            MailServer(config) as mail,
            pytest.raises(SendError, match=r"refused the customer's address .*No such user"),
        ):
            send_letter(ledger, draft, outgoing, mail)
    assert [m.recipients for m in server.messages] == [["copies@studionoord.example"]]
    assert letters(ledger) == []


def test_the_copy_refused_the_customer_accepted_records_the_customer(
    ledger: Ledger, profile: Profile
) -> None:
    draft = reminder(ledger, profile)
    with smtp_server(refuse={"copies@studionoord.example"}) as server:
        config = settings(server.port, bcc=("copies@studionoord.example",))
        outgoing = compose(draft, config, window="right", now=NOW)
        with MailServer(config) as mail:
            sent = send_letter(ledger, draft, outgoing, mail)
    assert sent.refused == (("copies@studionoord.example", "550 5.1.1 No such user here"),)
    assert [letter.recipient for letter in letters(ledger)] == [CUSTOMER]


def test_a_refused_message_records_nothing(ledger: Ledger, profile: Profile) -> None:
    draft = reminder(ledger, profile)
    with smtp_server(reject_data="554 5.7.1 Looks like spam") as server:
        config = settings(server.port)
        outgoing = compose(draft, config, window="right", now=NOW)
        with MailServer(config) as mail, pytest.raises(SendError, match=r"554 5\.7\.1 Looks like"):
            send_letter(ledger, draft, outgoing, mail)
    assert letters(ledger) == []


def test_starttls_with_a_login_and_a_verified_certificate(ledger: Ledger, profile: Profile) -> None:
    draft = reminder(ledger, profile)
    with smtp_server(tls="starttls", users={"me": "s3cret"}) as server:
        config = settings(server.port, security="starttls", user="me", host="localhost")
        outgoing = compose(draft, config, window="right", now=NOW)
        with MailServer(config, "s3cret", context=client_context()) as mail:
            send_letter(ledger, draft, outgoing, mail)
            transcript = "\n".join(mail.transcript)
    assert "TLS TLSv1" in transcript and "logged in as me: 235" in transcript
    assert len(server.messages) == 1 and len(letters(ledger)) == 1
    assert "s3cret" not in transcript and "s3cret" not in repr(mail)


def test_implicit_tls(ledger: Ledger, profile: Profile) -> None:
    draft = reminder(ledger, profile)
    with smtp_server(tls="ssl") as server:
        config = settings(server.port, security="ssl", host="localhost")
        outgoing = compose(draft, config, window="right", now=NOW)
        with MailServer(config, context=client_context()) as mail:
            send_letter(ledger, draft, outgoing, mail)
    assert len(server.messages) == 1


def test_an_untrusted_certificate_is_refused(ledger: Ledger, profile: Profile) -> None:
    draft = reminder(ledger, profile)
    with smtp_server(tls="starttls") as server:
        config = settings(server.port, security="starttls", host="localhost")
        outgoing = compose(draft, config, window="right", now=NOW)
        with (
            MailServer(config, context=ssl.create_default_context()) as mail,
            pytest.raises(ConnectError, match="certificate of localhost could not be verified"),
        ):
            send_letter(ledger, draft, outgoing, mail)
    assert server.messages == [] and letters(ledger) == []


def test_a_wrong_password_says_what_the_server_said(ledger: Ledger, profile: Profile) -> None:
    draft = reminder(ledger, profile)
    with smtp_server(tls="starttls", users={"me": "right"}) as server:
        config = settings(server.port, security="starttls", user="me", host="localhost")
        outgoing = compose(draft, config, window="right", now=NOW)
        with (
            MailServer(config, "wrong", context=client_context()) as mail,
            pytest.raises(LoginRefused, match="refused the login of me: 535") as caught,
        ):
            send_letter(ledger, draft, outgoing, mail)
    assert "wrong" not in str(caught.value)
    assert letters(ledger) == []


def test_no_plain_text_login_to_another_machine() -> None:
    config = settings(25, host="smtp.example.com", user="me")
    with pytest.raises(ConnectError, match="unencrypted"):
        MailServer(config, "secret").connect()


def test_a_case_changed_since_preparing_is_not_sent(ledger: Ledger, profile: Profile) -> None:
    from casetui.model import Note

    draft = reminder(ledger, profile)
    ledger.append(BE_BUSINESS, Note(date=TODAY, text="called, no answer"))
    with smtp_server() as server:
        config = settings(server.port)
        outgoing = compose(draft, config, window="right", now=NOW)
        with MailServer(config) as mail, pytest.raises(InputError, match="changed since"):
            send_letter(ledger, draft, outgoing, mail)
    assert server.messages == []
