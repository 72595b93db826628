"""Letters: templates per kind and language, the context they print, rendering, the check.

Pure core (no UI imports). The flow, as the app and the CLI use it:

    from casetui.letters import next_letter, prepare_letter, edit_draft, record_letter
    kind = next_letter(state, customer, profile, today)
    draft = prepare_letter(ledger, state.id, kind, profile=profile, sent_on=today)
    text = render_draft(draft, "html", window=profile.window_side)
    record_letter(ledger, draft, tracking="")

Modules: `flow` (propose, prepare, record), `context` (what templates print), `templates`
(sandboxed Jinja2), `render` (md / html / txt; user text is escaped by `casetui.markdown`), `lint`
(the check), `deadlines`, `references` (OGM / RF), `history` (timeline in words), `i18n`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casetui.letters.flow import (
        LetterDraft,
        Proposal,
        edit_draft,
        next_letter,
        overdue_cases,
        prepare_letter,
        propose_letter,
        record_letter,
        render_draft,
    )
    from casetui.letters.inputs import Instalment, LetterHeader
    from casetui.letters.lint import (
        Finding,
        FindingSeverity,
        LetterFacts,
        Requirement,
        check_letter,
    )
    from casetui.letters.render import FORMATS, letter_html, letter_markdown, markdown_to_text

# Where each name lives. Imported when first asked for: `show` needs only `references`, and
# importing a submodule runs this file first (the templates pull in Jinja2: 40-130 ms).
_HOMES = {
    **dict.fromkeys(
        (
            "LetterDraft", "Proposal", "edit_draft", "next_letter", "overdue_cases",
            "prepare_letter", "propose_letter", "record_letter", "render_draft",
        ),
        "flow",
    ),
    **dict.fromkeys(
        ("Finding", "FindingSeverity", "LetterFacts", "Requirement", "check_letter"), "lint"
    ),
    **dict.fromkeys(("Instalment", "LetterHeader"), "inputs"),
    **dict.fromkeys(("FORMATS", "letter_html", "letter_markdown", "markdown_to_text"), "render"),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "Finding",
    "FindingSeverity",
    "Instalment",
    "LetterDraft",
    "LetterFacts",
    "LetterHeader",
    "Proposal",
    "Requirement",
    "check_letter",
    "edit_draft",
    "letter_html",
    "letter_markdown",
    "markdown_to_text",
    "next_letter",
    "overdue_cases",
    "prepare_letter",
    "propose_letter",
    "record_letter",
    "render_draft",
]
