"""Templates run in a sandbox; unknown fields and syntax errors name the field, file and line;
the user's files override the bundled ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetui.errors import InputError
from casetui.letters import prepare_letter
from casetui.letters.templates import (
    _environment,
    bundled_templates_dir,
    find_template,
    tidy,
    upper_first,
)
from tests.support import TODAY

KEY = ("BE", "business")


def override(config_dir: Path, name: str, text: str) -> Path:
    path = config_dir / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def prepare(world, profile, kind="reminder", lang="en"):  # type: ignore[no-untyped-def]
    return prepare_letter(
        world.ledger, world.cases[KEY]["a"], kind, profile=profile, sent_on=TODAY, lang=lang
    )


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ debtor.__class__.__init__.__globals__ }}",
        "{{ lipsum.__globals__['os'].system('touch /tmp/casetui-pwned') }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_a_template_cannot_execute_code(world, profile, config_dir, attack) -> None:
    path = override(config_dir, "reminder/en.md", f"Hello\n\n{attack}\n")
    with pytest.raises(InputError) as raised:
        prepare(world, profile)
    assert str(path) in str(raised.value)
    assert not Path("/tmp/casetui-pwned").exists()


def test_an_unknown_field_names_the_field_and_the_template(world, profile, config_dir) -> None:
    path = override(config_dir, "reminder/en.md", "Dear {{ debtor.nmae }},\n")
    with pytest.raises(InputError) as raised:
        prepare(world, profile)
    message = str(raised.value)
    assert "debtor.nmae" in message and str(path) in message and "line 1" in message


def test_an_unknown_top_level_field_is_named(world, profile, config_dir) -> None:
    path = override(config_dir, "reminder/en.md", "one\n\n{{ invoice_total }}\n")
    with pytest.raises(InputError) as raised:
        prepare(world, profile)
    assert "invoice_total" in str(raised.value) and f"{path} line 3" in str(raised.value)


def test_an_unknown_field_in_a_partial_names_the_partial(world, profile, config_dir) -> None:
    partial = override(config_dir, "_partials/signature.en.md", "{{ creditor.fax }}\n")
    with pytest.raises(InputError) as raised:
        prepare(world, profile)
    assert "creditor.fax" in str(raised.value) and str(partial) in str(raised.value)


def test_a_syntax_error_names_the_file_and_line(world, profile, config_dir) -> None:
    path = override(config_dir, "reminder/en.md", "ok\n{% if %}\n")
    with pytest.raises(InputError) as raised:
        prepare(world, profile)
    assert str(path) in str(raised.value) and "line 2" in str(raised.value)


def test_a_missing_include_is_reported(world, profile, config_dir) -> None:
    override(config_dir, "reminder/en.md", '{% include "_partials/nothing.md" %}\n')
    with pytest.raises(InputError, match=r"nothing\.md"):
        prepare(world, profile)


def test_user_templates_override_the_bundled_ones(world, profile, config_dir) -> None:
    override(
        config_dir,
        "reminder/en.md",
        '{% set subject = "Just a nudge" %}**{{ subject }}**\n\n'
        "Hi {{ debtor.name }}, please pay {{ payment.amount }} by {{ letter.deadline }} "
        "to {{ payment.iban }} with {{ payment.reference }} for {{ invoices[0].number }}.\n",
    )
    draft = prepare(world, profile)
    assert draft.subject == "Just a nudge"
    assert "Hi Atelier Lumière SRL" in draft.body
    assert draft.template.startswith(str(config_dir))
    assert not draft.blocked
    # Other languages still come from the bundled files.
    assert prepare(world, profile, lang="nl").template.startswith(str(bundled_templates_dir()))


def test_a_statutory_variant_wins_over_a_plain_override(config_dir) -> None:
    override(config_dir, "reminder/nl.md", "plain\n")
    name, path = find_template("reminder", ("be-b2c",), "nl")
    assert name == "reminder/be-b2c.nl.md" and path.parent.parent == bundled_templates_dir()
    mine = override(config_dir, "reminder/be-b2c.nl.md", "mine\n")
    assert find_template("reminder", ("be-b2c",), "nl")[1] == mine


def test_every_bundled_template_exists_for_every_language() -> None:
    for kind in ("reminder", "second-reminder", "formal-notice", "settlement", "handover"):
        for lang in ("en", "nl", "fr"):
            assert (bundled_templates_dir() / kind / f"{lang}.md").is_file()
    for variant in ("reminder/be-b2c", "reminder/nl-b2c", "formal-notice/uk-individual"):
        for lang in ("en", "nl", "fr"):
            assert (bundled_templates_dir() / f"{variant}.{lang}.md").is_file()


def test_a_name_ending_in_a_full_stop_does_not_end_the_sentence_twice() -> None:
    assert tidy("in te vorderen bij Het Anker V.O.F..\n") == "in te vorderen bij Het Anker V.O.F.\n"
    assert tidy("Garage Dupont S.A.. Merci.\n") == "Garage Dupont S.A. Merci.\n"
    # Ellipses, dotted signature lines and amounts stay as written.
    kept = "Wait... then. Nom : ..........  Date : .....  1.234,56 EUR.\n"
    assert tidy(kept) == kept


def test_capitalize_keeps_abbreviations_as_written() -> None:
    assert upper_first("nederlands recht (art. 6:119a BW)") == "Nederlands recht (art. 6:119a BW)"
    assert upper_first("") == ""
    environment = _environment(())
    assert (
        environment.from_string("{{ 'loi (art. 6 BW)'|capitalize }}").render() == "Loi (art. 6 BW)"
    )
