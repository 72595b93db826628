"""The next letter for several chosen cases (`casetui.mail.batch`): each case's letter ready
or blocked and why, a customer's cases sharing one, posted letters written as PDF and
recorded in one commit as one batch (one undo takes them back)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casetui.ledger import Ledger
from casetui.mail.batch import HANDOVER, NO_SERVER, batch_letters, write_batch
from casetui.mail.due import Status
from casetui.model import Channel, LetterKind, LetterSent
from casetui.profile import DEMO_PROFILE
from tests.support import TODAY

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
# At the demo's TODAY (see tests/tui/test_batch_letters.py): two second reminders of one
# Belgian business, a formal notice by registered post, a hand-over, a disputed case, one not due.
MEUSE = ("C-2026-0010", "C-2026-0024")
REGISTERED, HANDED, DISPUTED, NOT_DUE = "C-2026-0005", "C-2026-0006", "C-2026-0011", "C-2026-0001"


def live_letters(ledger: Ledger, case_id: str) -> list[LetterSent]:
    state = ledger.case(case_id)
    return [
        e
        for e in state.timeline()
        if isinstance(e, LetterSent) and e.date == TODAY and e.id not in state.voided_ids
    ]


def test_each_case_gets_its_next_letter_or_the_reason_it_gets_none(ledger: Ledger) -> None:
    chosen = [REGISTERED, MEUSE[1], HANDED, DISPUTED, MEUSE[0], NOT_DUE]
    letters = batch_letters(ledger, DEMO_PROFILE, chosen, TODAY)
    by_case = {letter.case_ids: letter for letter in letters}
    # A customer's cases due for the same letter share one, in the order first chosen.
    assert [letter.case_ids[0] for letter in letters][:2] == [REGISTERED, MEUSE[0]]
    meuse = by_case[MEUSE]
    assert meuse.ready and meuse.kind is LetterKind.SECOND_REMINDER and meuse.emailed
    notice = by_case[(REGISTERED,)]
    assert notice.ready and notice.draft is not None
    assert notice.draft.channel is Channel.REGISTERED and notice.draft.language == "en"
    assert by_case[(HANDED,)].blocked == HANDOVER
    assert "disputed" in by_case[(DISPUTED,)].blocked and by_case[(DISPUTED,)].kind is None
    assert "not overdue until" in by_case[(NOT_DUE,)].blocked


def test_without_a_server_e_mail_letters_are_blocked_posted_ones_not(ledger: Ledger) -> None:
    letters = batch_letters(
        ledger, DEMO_PROFILE, [MEUSE[0], REGISTERED], TODAY, email_blocked=NO_SERVER
    )
    assert [(letter.ready, letter.blocked) for letter in letters] == [
        (False, NO_SERVER),
        (True, ""),
    ]


def test_a_letter_the_check_blocks_is_blocked_with_its_findings(ledger: Ledger) -> None:
    profile = dataclasses.replace(DEMO_PROFILE, iban="")
    [letter] = batch_letters(ledger, profile, [REGISTERED], TODAY)
    assert not letter.ready and "no IBAN" in letter.blocked


def test_posted_letters_are_written_then_recorded_as_one_batch(
    ledger: Ledger, tmp_path: Path
) -> None:
    letters = batch_letters(ledger, DEMO_PROFILE, [REGISTERED, DISPUTED], TODAY)
    folder = tmp_path / "letters"
    batch, outcomes = write_batch(ledger, letters, folder=folder, window="left", now=NOW)
    assert [(o.letter.case_ids, o.status) for o in outcomes] == [
        ((REGISTERED,), Status.WRITTEN),
        ((DISPUTED,), Status.SKIPPED),
    ]
    written = folder / f"letter-{REGISTERED}-formal-notice-{TODAY}.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    [letter] = live_letters(ledger, REGISTERED)
    assert letter.batch == batch and letter.evidence.endswith(".pdf")
    assert ledger.batch_cases(batch) == [REGISTERED]
    ledger.undo_batch(batch, TODAY)
    assert live_letters(ledger, REGISTERED) == []


def test_a_letter_whose_file_cannot_be_written_is_not_recorded(
    ledger: Ledger, tmp_path: Path
) -> None:
    letters = batch_letters(ledger, DEMO_PROFILE, [REGISTERED], TODAY)
    blocker = tmp_path / "letters"
    blocker.write_text("a file where the folder should be")
    _, [outcome] = write_batch(ledger, letters, folder=blocker, window="left", now=NOW)
    assert outcome.status is Status.FAILED and outcome.message.startswith("not written")
    assert live_letters(ledger, REGISTERED) == []


def test_e_mail_letters_without_a_server_fail_and_record_nothing(
    ledger: Ledger, tmp_path: Path
) -> None:
    letters = batch_letters(ledger, DEMO_PROFILE, [MEUSE[0]], TODAY)
    _, [outcome] = write_batch(ledger, letters, folder=tmp_path, window="left", now=NOW)
    assert outcome.status is Status.FAILED
    assert live_letters(ledger, MEUSE[0]) == []


# --------------------------------------------------------------------------- the CLI


def advance(ledger_file: Path, *argv: str) -> int:
    from casetui.cli import main

    return main(["--db", str(ledger_file), "--today", str(TODAY), "advance", *argv])


def test_cli_advance_several_cases_dry_run_then_as_one_action(
    ledger_file: Path, tmp_path: Path, capsys
) -> None:
    from mail_helpers import HOST, smtp_server

    from casetui.cli import main
    from casetui.profile import save_profile

    emailed = "C-2026-0040"
    chosen = [emailed, REGISTERED, DISPUTED]
    save_profile(DEMO_PROFILE)
    assert advance(ledger_file, *chosen, "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "1 of 3 letters ready:"
    assert "reminder · email · nl  blocked: e-mail letters go with --send" in out[1]
    assert out[2].endswith("formal notice · registered · en  ready")
    assert "no letter  blocked: C-2026-0011 is disputed" in out[3]
    print_dir = tmp_path / "print"
    with smtp_server() as server:
        assert main(["setup", "--smtp-host", HOST, "--smtp-port", str(server.port),
                     "--smtp-security", "none"]) == 0  # fmt: skip
        capsys.readouterr()
        assert advance(ledger_file, *chosen, "--send", "--yes") == 2  # the PDFs need a folder
        assert "give --pdf-dir" in capsys.readouterr().err
        code = advance(ledger_file, *chosen, "--send", "--yes", "--pdf-dir", str(print_dir))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.splitlines()[-1] == "1 sent, 1 written, 1 skipped"
    assert len(server.messages) == 1
    assert (print_dir / f"letter-{REGISTERED}-formal-notice-{TODAY}.pdf").is_file()
    with Ledger.open(ledger_file, readonly=True) as ledger:
        [mail] = live_letters(ledger, emailed)
        [posted] = live_letters(ledger, REGISTERED)
        assert mail.batch and mail.batch == posted.batch and mail.message_id
        assert ledger.batch_cases(mail.batch) == sorted([emailed, REGISTERED])
        assert live_letters(ledger, DISPUTED) == []


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--kind", "reminder"], "--kind shapes one letter"),
        (["--channel", "post"], "--channel shapes one letter"),
        (["--outbox", "x"], "--outbox shapes one letter"),
    ],
)
def test_cli_advance_several_refuses_what_shapes_one_letter(
    ledger_file: Path, capsys, extra: list[str], said: str
) -> None:
    assert advance(ledger_file, REGISTERED, DISPUTED, *extra) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1


def test_cli_advance_several_asks_or_wants_yes(ledger_file: Path, tmp_path: Path, capsys) -> None:
    from casetui.profile import save_profile

    save_profile(DEMO_PROFILE)
    assert advance(ledger_file, REGISTERED, DISPUTED, "--pdf-dir", str(tmp_path)) == 2
    assert "add --yes" in capsys.readouterr().err  # not a terminal: no question, no write
    with Ledger.open(ledger_file, readonly=True) as ledger:
        assert live_letters(ledger, REGISTERED) == []


def test_cli_advance_one_case_dry_run_shows_it_and_records_nothing(
    ledger_file: Path, capsys
) -> None:
    from casetui.profile import save_profile

    save_profile(DEMO_PROFILE)
    assert advance(ledger_file, REGISTERED, "--dry-run") == 0
    captured = capsys.readouterr()
    assert "Letter before claim" in captured.out
    assert "Dry run: nothing sent, nothing recorded." in captured.err
    with Ledger.open(ledger_file, readonly=True) as ledger:
        assert live_letters(ledger, REGISTERED) == []


def test_a_posted_letter_under_dutch_law_says_to_record_its_receipt(
    ledger: Ledger, tmp_path: Path
) -> None:
    dutch = "C-2026-0027"  # a Dutch business, due its first reminder
    customer = ledger.customer(ledger.case(dutch).customer_id)
    ledger.update_customer(dataclasses.replace(customer, email=""))  # so: by post
    letters = batch_letters(ledger, DEMO_PROFILE, [dutch], TODAY)
    assert letters[0].draft is not None and letters[0].draft.channel is Channel.POST
    _, [outcome] = write_batch(ledger, letters, folder=tmp_path, window="left", now=NOW)
    assert outcome.status is Status.WRITTEN
    assert outcome.message.endswith(
        "record the day it reached the debtor (Dutch law, art. 3:317 BW)"
    )
