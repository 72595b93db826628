"""Payment references: a valid OGM for Belgian creditors, a valid RF reference otherwise."""

from __future__ import annotations

import dataclasses

from casetui.identifiers import is_valid_ogm, is_valid_rf
from casetui.letters import prepare_letter
from casetui.letters.references import payment_reference
from casetui.model import Amended
from tests.support import TODAY


def test_belgian_creditors_get_a_valid_ogm_from_the_invoice(world) -> None:
    state = world.ledger.case(world.cases[("BE", "business")]["a"])
    reference = payment_reference("BE", state)
    assert reference.startswith("+++") and reference.endswith("+++")
    assert is_valid_ogm(reference)
    digits = reference.strip("+").replace("/", "")
    assert int(digits[:10]) == 2026101  # the digits of invoice F2026-101
    assert payment_reference("BE", state) == reference  # stable


def test_other_creditors_get_a_valid_rf_reference(world) -> None:
    state = world.ledger.case(world.cases[("NL", "business")]["a"])
    reference = payment_reference("NL", state)
    assert reference.startswith("RF") and is_valid_rf(reference)
    assert reference.replace(" ", "").endswith("F2026301")


def test_a_valid_reference_on_the_invoice_is_reused(world) -> None:
    case_id = world.cases[("BE", "business")]["a"]
    world.ledger.append(case_id, Amended(date=TODAY, reference="+++090/9337/55493+++"))
    assert payment_reference("BE", world.ledger.case(case_id)) == "+++090/9337/55493+++"
    # An RF reference is not a Belgian structured communication: a new OGM is made.
    world.ledger.append(case_id, Amended(date=TODAY, reference="RF18539007547034"))
    state = world.ledger.case(case_id)
    assert payment_reference("NL", state) == "RF18 5390 0754 7034"
    assert is_valid_ogm(payment_reference("BE", state))


def test_invoices_without_digits_or_with_long_numbers(world) -> None:
    case_id = world.cases[("BE", "business")]["b"]
    world.ledger.append(case_id, Amended(date=TODAY, invoice="ABC"))
    state = world.ledger.case(case_id)
    assert is_valid_ogm(payment_reference("BE", state))  # from the case id
    world.ledger.append(case_id, Amended(date=TODAY, invoice="INV-2026-000000012345"))
    state = world.ledger.case(case_id)
    assert is_valid_ogm(payment_reference("BE", state))
    assert is_valid_rf(payment_reference("GB", state))


def test_the_letter_uses_the_reference(world, profile) -> None:
    key = ("NL", "business")
    belgian = prepare_letter(
        world.ledger, world.cases[key]["a"], "reminder", profile=profile, sent_on=TODAY
    )
    ogm = payment_reference("BE", world.ledger.case(world.cases[key]["a"]))
    assert ogm in belgian.body
    dutch_profile = dataclasses.replace(profile, country="NL", vat="", company_no="12345678")
    dutch = prepare_letter(
        world.ledger, world.cases[key]["a"], "reminder", profile=dutch_profile, sent_on=TODAY
    )
    assert "Betalingskenmerk" in dutch.body and "RF" in dutch.body
