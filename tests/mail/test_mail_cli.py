"""The command line: setup --smtp-*, mail test, letter --format pdf, advance --send and
--outbox, send --due, against a local SMTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mail_helpers import BE_BUSINESS, HOST, MemoryKeyring, silent_server, smtp_server

from casetui.cli import main
from casetui.ledger import Ledger
from casetui.model import LetterSent
from casetui.profile import DEMO_PROFILE, load_profile, save_profile
from tests.support import TODAY_ISO


def run(ledger_file: Path, *argv: str) -> int:
    return main(["--db", str(ledger_file), "--today", TODAY_ISO, *argv])


def use_server(port: int, *extra: str) -> None:
    save_profile(DEMO_PROFILE)
    assert main(["setup", "--smtp-host", HOST, "--smtp-port", str(port),
                 "--smtp-security", "none", *extra]) == 0  # fmt: skip


def sent_letters(ledger_file: Path, case_id: str = BE_BUSINESS) -> list[LetterSent]:
    with Ledger.open(ledger_file, readonly=True) as ledger:
        return [e for e in ledger.case(case_id).timeline() if isinstance(e, LetterSent)]


def test_setup_keeps_the_smtp_settings_but_never_a_password(
    ledger_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(DEMO_PROFILE)
    code = main(["setup", "--smtp-host", "smtp.example.com", "--smtp-user", "me",
                 "--smtp-bcc", "copies@studionoord.example"])  # fmt: skip
    assert code == 0
    profile = load_profile()
    assert (profile.smtp_host, profile.smtp_user, profile.smtp_security) == (
        "smtp.example.com", "me", "starttls",
    )  # fmt: skip
    assert main(["setup", "--smtp-from", "not an address"]) == 2
    assert "SMTP from" in capsys.readouterr().err
    assert main(["setup", "--smtp-security", "tls"]) == 2


def test_mail_test_says_what_the_server_answered(
    ledger_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server() as server:
        use_server(server.port)
        capsys.readouterr()
        assert run(ledger_file, "mail", "test") == 0
    out = capsys.readouterr().out
    assert f"connected to {HOST}:{server.port}: 220" in out
    assert "works: letters will go from facturen@studionoord.example" in out


def test_mail_test_without_a_password_and_with_a_hung_server(
    ledger_file: Path, capsys: pytest.CaptureFixture[str], vault: MemoryKeyring
) -> None:
    with silent_server() as port:
        use_server(port, "--smtp-user", "me", "--smtp-timeout", "1")
        capsys.readouterr()
        assert run(ledger_file, "mail", "test") == 2
        assert "no SMTP password for me" in capsys.readouterr().err
        vault.set_password("casetui-smtp", f"me@{HOST}", "pw")
        assert run(ledger_file, "mail", "test") == 1
        assert "did not answer within 1 s" in capsys.readouterr().err


def test_letter_as_pdf_and_the_ledger_is_never_overwritten(
    ledger_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(DEMO_PROFILE)
    target = tmp_path / "reminder.pdf"
    assert run(ledger_file, "letter", BE_BUSINESS, "--format", "pdf", "-o", str(target)) == 0
    assert target.read_bytes().startswith(b"%PDF-")
    before = ledger_file.read_bytes()
    for protected in (ledger_file, ledger_file.parent / "ledger.json.journal"):
        code = run(ledger_file, "letter", BE_BUSINESS, "--format", "pdf", "-o", str(protected))
        assert code == 2
        assert "belongs to the ledger" in capsys.readouterr().err
    assert ledger_file.read_bytes() == before


def test_advance_send_records_only_what_the_server_accepted(
    ledger_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server(refuse={"accounts@bouwbedrijfmeuse.example.be"}) as refusing:
        use_server(refusing.port)
        code = run(ledger_file, "advance", BE_BUSINESS, "--send", "--yes")
    assert code == 1
    assert "refused every recipient" in capsys.readouterr().err
    assert sent_letters(ledger_file) == []
    with smtp_server() as server:
        use_server(server.port)
        code = run(ledger_file, "advance", BE_BUSINESS, "--channel", "email", "--send", "--yes")
    assert code == 0
    out = capsys.readouterr().out
    assert "Sent to accounts@bouwbedrijfmeuse.example.be, Message-ID <" in out
    [letter] = sent_letters(ledger_file)
    assert letter.recipient == "accounts@bouwbedrijfmeuse.example.be"
    assert (ledger_file.parent / "evidence" / letter.evidence).is_file()
    assert len(server.messages) == 1


def test_advance_outbox_writes_an_eml_and_records_nothing(
    ledger_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(DEMO_PROFILE)  # no SMTP server needed for an outbox
    outbox = tmp_path / "outbox"
    assert run(ledger_file, "advance", BE_BUSINESS, "--outbox", str(outbox)) == 0
    [written] = list(outbox.iterdir())
    assert written.name == f"{BE_BUSINESS}-reminder-2026-11-23.eml"
    assert b"Subject: Betalingsherinnering" in written.read_bytes()
    assert written.stat().st_mode & 0o777 == 0o600
    assert sent_letters(ledger_file) == []
    assert run(ledger_file, "advance", BE_BUSINESS, "--outbox", str(outbox),
               "--channel", "post") == 2  # fmt: skip


def test_a_registered_letter_keeps_its_pdf_as_evidence(ledger_file: Path) -> None:
    save_profile(DEMO_PROFILE)
    code = run(ledger_file, "advance", BE_BUSINESS, "--kind", "formal-notice", "--channel",
               "registered", "--tracking", "RR123456789BE", "--yes")  # fmt: skip
    assert code == 0
    [letter] = sent_letters(ledger_file)
    kept = ledger_file.parent / "evidence" / letter.evidence
    assert letter.evidence.endswith(".pdf") and kept.read_bytes().startswith(b"%PDF-")


def test_send_due_lists_asks_sends_and_reports_each_case(
    ledger_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server(refuse={"accounts@bouwbedrijfmeuse.example.be"}) as server:
        use_server(server.port)
        capsys.readouterr()
        assert run(ledger_file, "send", "--due", "--dry-run") == 0
        listing = capsys.readouterr().out
        assert server.messages == []
        code = run(ledger_file, "send", "--due", "--yes", "--json")
    results = json.loads(capsys.readouterr().out)["results"]
    assert code == 1  # one failed: the others still went
    by_status: dict[str, list[dict[str, object]]] = {}
    for result in results:
        by_status.setdefault(str(result["status"]), []).append(result)
    assert [r["cases"] for r in by_status["failed"]] == [[BE_BUSINESS, "C-2026-0010"]] or any(
        BE_BUSINESS in r["cases"] for r in by_status["failed"]
    )
    skipped = {case for r in by_status["skipped"] for case in r["cases"]}  # type: ignore[union-attr]
    assert "C-2026-0005" in skipped  # a formal notice: registered post
    assert "skip  C-2026-0005  formal notice" in listing
    assert len(server.messages) == len(by_status["sent"])
    for result in by_status["sent"]:
        for case_id in result["cases"]:  # type: ignore[union-attr]
            assert sent_letters(ledger_file, str(case_id))[-1].message_id
    assert sent_letters(ledger_file) == []  # the refused customer: nothing recorded
    again = run(ledger_file, "send", "--due", "--yes", "--json")
    assert again == 1  # only the refused one is due again
    assert [r["status"] for r in json.loads(capsys.readouterr().out)["results"]].count("sent") == 0


def test_a_dry_run_lists_the_letters_before_any_server_is_set_up(
    ledger_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(DEMO_PROFILE)  # no SMTP server yet
    assert run(ledger_file, "send", "--due", "--dry-run") == 0
    listing = capsys.readouterr().out
    assert "letters due today can go by e-mail" in listing
    assert f"send  {BE_BUSINESS}" in listing
    assert run(ledger_file, "send", "--due", "--yes") == 2  # sending does need one
    assert "no SMTP server" in capsys.readouterr().err


def test_send_due_needs_due_and_a_yes_off_a_terminal(
    ledger_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(DEMO_PROFILE)
    assert run(ledger_file, "send") == 2
    assert "send needs --due" in capsys.readouterr().err
    with smtp_server() as server:
        use_server(server.port)
        assert run(ledger_file, "send", "--due") == 2
        assert "add --yes" in capsys.readouterr().err
        assert server.messages == []


def _plan_behind(ledger_file: Path) -> str:
    """A case on a payment plan whose first instalment was missed by 2026-12-15."""
    assert run(ledger_file, "add", "--customer", "Plan Test BV", "--email",
               "pay@plantest.example", "--invoice", "PT-1", "--amount", "900",
               "--issued", "2026-09-01", "--due", "2026-10-01", "--country", "BE",
               "--kind", "business") == 0  # fmt: skip
    assert run(ledger_file, "log", "PT-1", "settle", "--terms", "3 instalments",
               "--instalment", "2026-12-01=300", "--instalment", "2027-01-01=300",
               "--instalment", "2027-02-01=300") == 0  # fmt: skip
    with Ledger.open(ledger_file, readonly=True) as ledger:
        return ledger.case("PT-1").id


def test_a_missed_instalment_is_one_of_the_days_letters(
    ledger_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(DEMO_PROFILE)
    case_id = _plan_behind(ledger_file)
    capsys.readouterr()
    later = ["--db", str(ledger_file), "--today", "2026-12-15"]
    assert main([*later, "send", "--due", "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True and report["results"] == []
    [letter] = [item for item in report["letters"] if case_id in item["cases"]]
    assert letter == {"cases": [case_id], "customer": "Plan Test BV",
                      "kind": "instalment-reminder", "send": True, "skip": ""}  # fmt: skip
    assert main([*later, "send", "--due", "--dry-run"]) == 0
    assert f"send  {case_id}  instalment reminder to Plan Test BV" in capsys.readouterr().out


def test_every_letter_command_takes_the_same_kinds(
    ledger_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(DEMO_PROFILE)
    _plan_behind(ledger_file)
    later = ["--db", str(ledger_file), "--today", "2026-12-15"]
    capsys.readouterr()
    assert main([*later, "letter", "PT-1", "instalment-reminder"]) == 0
    assert "PT-1" in capsys.readouterr().out
    assert main([*later, "advance", "PT-1", "--kind", "instalment-reminder", "--yes"]) == 0
    with Ledger.open(ledger_file, readonly=True) as ledger:
        [sent] = [e for e in ledger.case("PT-1").timeline() if isinstance(e, LetterSent)]
    assert sent.letter_kind.value == "instalment-reminder"
    # a case with no plan: refused in one line, exit 2
    capsys.readouterr()
    assert main([*later, "letter", BE_BUSINESS, "instalment-reminder"]) == 2
    err = capsys.readouterr().err
    assert "has no payment plan running" in err and len(err.strip().splitlines()) == 1


def test_send_due_json_has_one_shape(ledger_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with smtp_server() as server:
        use_server(server.port)
        capsys.readouterr()
        assert run(ledger_file, "send", "--due", "--dry-run", "--json") == 0
        planned = json.loads(capsys.readouterr().out)
        run(ledger_file, "send", "--due", "--yes", "--json")
        done = json.loads(capsys.readouterr().out)
    assert set(planned) == set(done) == {"dry_run", "letters", "results"}
    assert (planned["dry_run"], done["dry_run"]) == (True, False)
    assert done["letters"] == planned["letters"]
    assert len(done["results"]) == len(done["letters"]) and planned["results"] == []
