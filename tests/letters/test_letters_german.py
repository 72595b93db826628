"""German letters (issue 18, item 5): the new-case form offered `de`, the CLI refused it and
the letter came out in Dutch. Belgium's third official language now has every letter kind
(the matrix renders each in German with the same checks), and the app and the CLI accept
exactly the same languages: one list in the core."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.letters import prepare_letter
from casetui.letters.i18n import LANGUAGES, format_date, format_money
from casetui.model import LETTER_LANGUAGES
from casetui.profile import LANGUAGES as PROFILE_LANGUAGES
from casetui.tui.forms.customer import language_rule
from casetui.tui.screens.letter.wording import LANGUAGES as LETTER_SCREEN_LANGUAGES
from tests.support import TODAY


def test_one_list_everywhere() -> None:
    assert "de" in LETTER_LANGUAGES
    assert LANGUAGES == PROFILE_LANGUAGES == LETTER_LANGUAGES
    assert [code for code, _ in LETTER_SCREEN_LANGUAGES] == list(LETTER_LANGUAGES)
    assert language_rule("de") is None and language_rule("DE") is None
    assert language_rule("es") == "letters exist in en, nl, fr, de, not 'es'"  # as the CLI


def test_the_cli_takes_german_and_refuses_what_the_form_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    add = ["--db", str(tmp_path / "l.json"), "--today", "2026-11-23", "add", "--customer"]
    rest = ["--invoice", "1", "--amount", "10", "--issued", "2026-10-01", "--due", "2026-10-31"]
    assert main([*add, "Autohaus Eupen AG", *rest, "--country", "BE", "--lang", "de"]) == 0
    assert main([*add, "Casa Lopez", *rest, "--lang", "es"]) == 2
    assert "--lang: letters exist in en, nl, fr, de, not 'es'" in capsys.readouterr().err


def test_a_german_formal_notice_uses_the_belgian_legal_words(world, profile) -> None:
    case_id = world.cases[("BE", "business")]["a"]
    draft = prepare_letter(
        world.ledger, case_id, "formal-notice", profile=profile, sent_on=TODAY, lang="de"
    )
    assert draft.language == "de"
    assert draft.subject.startswith("Inverzugsetzung: Rechnung ")
    text = draft.text
    assert "Hiermit setzen wir Sie in Verzug" in text
    assert "Gesetz vom 2. August 2002 zur Bekämpfung des Zahlungsverzugs im Handelsverkehr" in text
    assert format_money(Decimal("1210"), "EUR", "de") == "1.210,00 €"
    assert "1.210,00 €" in text
    assert format_date(TODAY, "de") == "23. November 2026"
