"""Every kind renders in every language for BE, NL and UK debtors of both kinds, for one case
and for all open cases of the customer, with no missing field and no blocking finding."""

from __future__ import annotations

import pytest
from letters_helpers import DEBTORS

from casetui.letters import FindingSeverity, prepare_letter, render_draft
from casetui.model import LETTER_LANGUAGES, LetterKind
from tests.support import TODAY

KINDS = [kind.value for kind in LetterKind]
LANGS = list(LETTER_LANGUAGES)  # the one list: German included (issue 18, item 5)
DEBTOR_KEYS = list(DEBTORS)


def _cases(world, key, kind, multi):  # type: ignore[no-untyped-def]
    cases = world.cases[key]
    if kind == "settlement":
        return [cases["settled"]]
    if kind == "instalment-reminder":
        return [cases["plan"]]
    return [cases["a"], cases["b"]] if multi else [cases["a"]]


CASES = [
    pytest.param(key, kind, lang, multi, id=f"{'-'.join(key)}-{kind}-{lang}-{mode}")
    for key in DEBTOR_KEYS
    for kind in KINDS
    for lang in LANGS
    for multi, mode in ((False, "one-case"), (True, "all-cases"))
    # a settlement confirms one case, an instalment reminder is about one case's plan
    if not (multi and kind in ("settlement", "instalment-reminder"))
]


@pytest.mark.parametrize(("key", "kind", "lang", "multi"), CASES)
def test_every_kind_renders_in_every_language(shared_world, profile, key, kind, lang, multi):
    draft = prepare_letter(
        shared_world.ledger,
        _cases(shared_world, key, kind, multi),
        kind,
        profile=profile,
        sent_on=TODAY,
        lang=lang,
    )
    blocks = [f.message for f in draft.findings if f.severity is FindingSeverity.BLOCK]
    assert blocks == []
    text = draft.text
    assert "[missing" not in text
    assert draft.subject and draft.subject in text.replace("\\", "")
    assert draft.language == lang
    for invoice in (row for row in _invoice_numbers(shared_world, draft.case_ids)):
        assert invoice in text
    if multi or lang != DEBTORS[key].language:
        return  # parsing Markdown is the slow part: formats are checked once per debtor and kind
    html = render_draft(draft, "html")
    assert "<script" not in html and "[missing" not in html
    plain = render_draft(draft, "txt")
    assert "**" not in plain and "\\" not in plain


def _invoice_numbers(world, case_ids):  # type: ignore[no-untyped-def]
    return [world.ledger.case(case_id).invoice for case_id in case_ids]
