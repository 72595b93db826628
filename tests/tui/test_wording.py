"""Counts and verbs agree on screen (issue 18, item 10): "1 case needs", "6 files refused:
nothing from them", a closed case's form header says how it was closed, not "closed" twice."""

from __future__ import annotations

from datetime import date

from casetui.importers.planned import FilePlan, ImportPlan
from casetui.tui.screens.import_parts import question
from casetui.tui.text import verb


def test_verbs_agree_with_their_count() -> None:
    assert [verb(n, "needs", "need") for n in (0, 1, 2)] == ["need", "needs", "need"]


def test_refused_files_are_them_and_one_refused_file_is_it() -> None:
    def said(refused: int) -> str:
        files = tuple(FilePlan(f"f{n}.xml", refused="not UBL") for n in range(refused))
        return question(ImportPlan(today=date(2026, 12, 3), files=files)).plain

    assert "6 files refused: nothing from them is imported." in said(6)
    assert "1 file refused: nothing from it is imported." in said(1)
