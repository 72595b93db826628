"""The next letter for several chosen cases (`casetui.mail.batch`): each case's letter ready
or blocked and why, a customer's cases sharing one, posted letters written as PDF and
recorded in one commit as one batch (one undo takes them back)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

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
    letters = batch_letters(ledger, DEMO_PROFILE, chosen, TODAY, can_email=True)
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
    letters = batch_letters(ledger, DEMO_PROFILE, [MEUSE[0], REGISTERED], TODAY, can_email=False)
    assert [(letter.ready, letter.blocked) for letter in letters] == [
        (False, NO_SERVER),
        (True, ""),
    ]


def test_a_letter_the_check_blocks_is_blocked_with_its_findings(ledger: Ledger) -> None:
    profile = dataclasses.replace(DEMO_PROFILE, iban="")
    [letter] = batch_letters(ledger, profile, [REGISTERED], TODAY, can_email=True)
    assert not letter.ready and "no IBAN" in letter.blocked


def test_posted_letters_are_written_then_recorded_as_one_batch(
    ledger: Ledger, tmp_path: Path
) -> None:
    letters = batch_letters(ledger, DEMO_PROFILE, [REGISTERED, DISPUTED], TODAY, can_email=True)
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
    letters = batch_letters(ledger, DEMO_PROFILE, [REGISTERED], TODAY, can_email=True)
    blocker = tmp_path / "letters"
    blocker.write_text("a file where the folder should be")
    _, [outcome] = write_batch(ledger, letters, folder=blocker, window="left", now=NOW)
    assert outcome.status is Status.FAILED and outcome.message.startswith("not written")
    assert live_letters(ledger, REGISTERED) == []


def test_e_mail_letters_without_a_server_fail_and_record_nothing(
    ledger: Ledger, tmp_path: Path
) -> None:
    letters = batch_letters(ledger, DEMO_PROFILE, [MEUSE[0]], TODAY, can_email=True)
    _, [outcome] = write_batch(ledger, letters, folder=tmp_path, window="left", now=NOW)
    assert outcome.status is Status.FAILED
    assert live_letters(ledger, MEUSE[0]) == []
