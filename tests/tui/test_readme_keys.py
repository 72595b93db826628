"""The README's key table is the app's bindings, not a hand-kept list (STYLE.md)."""

from __future__ import annotations

from pathlib import Path

from casetui.tui.keymap import key_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_key_table_is_generated_from_the_bindings() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- keys:start -->\n") + len("<!-- keys:start -->\n")
    end = text.index("<!-- keys:end -->")
    assert text[start:end].strip() == key_table(), (
        "README.md's key table is out of date: paste the output of "
        "`uv run python -m casetui.tui.keymap --markdown` between the keys markers"
    )


def test_the_table_names_every_key_of_the_design() -> None:
    ids = key_table()
    for binding_id in (
        "app.today", "app.cases", "app.help", "app.palette", "table.open", "list.filter",
        "list.quit", "list.new", "case.advance", "case.letter", "case.call", "case.note",
        "case.payment", "case.promise", "case.dispute", "case.snooze", "case.export",
        "case.close", "case.undo", "case.next", "case.previous", "case.edit",
    ):  # fmt: skip
        assert f"`{binding_id}`" in ids
