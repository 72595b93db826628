"""The business profile: load, save, validate, defaults, and what it derives."""

from __future__ import annotations

import dataclasses
import stat
from decimal import Decimal

import pytest

from casetui.errors import InputError
from casetui.identifiers import is_valid_be_enterprise
from casetui.model import Stage
from casetui.profile import (
    DEMO_PROFILE,
    Profile,
    load_profile,
    normalised,
    profile_path,
    save_profile,
    validate_profile,
    write_demo_profile,
)


def test_no_file_is_an_empty_profile(config_dir) -> None:
    profile = load_profile()
    assert profile == Profile()
    assert profile.reminder_days == 14 and profile.second_reminder_days == 8
    assert profile.formal_notice_business_days == 5


def test_save_and_load_round_trip_with_mode_0600(config_dir) -> None:
    profile = dataclasses.replace(
        DEMO_PROFILE,
        name='Quote " and back\\slash',
        address="Line 1\nLine 2",
        contract_rate=Decimal("8.5"),
        consumer_damages_clause=True,
    )
    path = save_profile(profile)
    assert path == profile_path(config_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_profile() == profile


def test_the_demo_profile_is_valid_and_never_replaces_a_real_one(tmp_path) -> None:
    assert validate_profile(DEMO_PROFILE) == []
    assert is_valid_be_enterprise(DEMO_PROFILE.vat)
    path = write_demo_profile(tmp_path)
    assert load_profile(path) == DEMO_PROFILE
    mine = dataclasses.replace(DEMO_PROFILE, name="My own business")
    save_profile(mine, path)
    write_demo_profile(tmp_path)
    assert load_profile(path).name == "My own business"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"iban": "BE68 5390 0754 7035"}, "IBAN"),
        ({"country": "FR"}, "country"),
        ({"language": "es"}, "language"),
        ({"vat": "BE 0767.123.412"}, "enterprise number"),
        ({"bic": "NOT A BIC"}, "BIC"),
        ({"email": "nobody"}, "e-mail"),
        ({"reminder_days": 0}, "reminder days"),
        ({"fee_fixed": Decimal(10), "fee_percent": Decimal(5)}, "not both"),
    ],
)
def test_validation_names_the_problem(change, message) -> None:
    problems = validate_profile(dataclasses.replace(DEMO_PROFILE, **change))
    assert problems and message in problems[0]
    with pytest.raises(InputError, match=message):
        save_profile(dataclasses.replace(DEMO_PROFILE, **change))


def test_a_typo_in_the_file_is_named(config_dir) -> None:
    profile_path(config_dir).write_text('[business]\niabn = "BE68"\n', encoding="utf-8")
    with pytest.raises(InputError, match="iabn"):
        load_profile()
    profile_path(config_dir).write_text("[business\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_profile()
    profile_path(config_dir).write_text("[deadlines]\nreminder_days = 'x'\n", encoding="utf-8")
    with pytest.raises(InputError, match="reminder_days"):
        load_profile()


def test_normalised_tidies_what_was_typed() -> None:
    tidy = normalised(
        Profile(country="uk", iban="be68539007547034", bic="gkcc bebb", language="NL ")
    )
    assert (tidy.country, tidy.iban, tidy.bic, tidy.language) == (
        "GB",
        "BE68 5390 0754 7034",
        "GKCCBEBB",
        "nl",
    )
    assert normalised(Profile(country="BE", vat="0767123411")).vat == "BE 0767.123.411"


def test_ladder_policy_and_claim_terms_come_from_the_profile() -> None:
    profile = dataclasses.replace(
        DEMO_PROFILE,
        reminder_days=10,
        first_reminder_after_days=1,
        consumer_damages_clause=True,
        consumer_lump_sum=Decimal("25"),
    )
    policy = profile.ladder_policy()
    assert policy.first_reminder_after_days == 1
    assert policy.wait_after(Stage.REMINDER) == 10
    terms = profile.claim_terms()
    assert terms.options is not None and terms.options.terms_clause
    assert terms.options.agreed_lump_sum == Decimal("25")
    assert DEMO_PROFILE.window_side == "right"
    assert dataclasses.replace(DEMO_PROFILE, country="NL").window_side == "left"
