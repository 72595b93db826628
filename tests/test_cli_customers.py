"""`casetui customer list|show|edit|undo` and the debtor options of `add`, in process."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from casetui.cli import main
from casetui.ledger import Ledger
from casetui.model import Call, CallOutcome, Payment, letter_languages_text
from casetui.money import Money
from tests.support import OPEN, TODAY, customer, eur, opened

from .test_cli import assert_one_line_error, assert_unchanged, files_of

DATES = ["--issued", "2026-10-01", "--due", "2026-10-31"]


def cli(db: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", TODAY.isoformat(), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def ok(db: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = cli(db, capsys, *argv)
    assert code == 0, err
    return out


def fails(db: Path, capsys: pytest.CaptureFixture[str], *argv: str, code: int = 2) -> str:
    """A command that must fail with `code`, one line on stderr, the ledger untouched."""
    before = files_of(db.parent)
    got, _, err = cli(db, capsys, *argv)
    assert got == code, err
    assert_unchanged(before, files_of(db.parent))
    return assert_one_line_error(err)


@pytest.fixture
def two_brasseries(db: Path) -> Path:
    """The `db` ledger (Brasserie De Klok BV: an open, a closed and a disputed case) and a
    second brasserie with a GBP case, a call on the first case and a part payment."""
    with Ledger.open(db) as ledger:
        ledger.open_case(
            replace(opened(invoice="A-9"), amount=Money(Decimal("80.00"), "GBP")),
            new_customer=customer("Brasserie Het Anker", "GB"),
            year=2026,
        )
        ledger.append(OPEN, Call(date=TODAY, outcome=CallOutcome.NO_ANSWER))
        ledger.append(OPEN, Payment(date=TODAY, amount=eur("250.00")))
    return db


def test_add_gives_a_new_customer_an_address_a_vat_number_and_a_contact(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = ok(
        db, capsys, "add", "--customer", "Boulangerie Dupont", "--invoice", "B-1",
        "--amount", "120", *DATES, "--country", "fr", "--vat", "FR 40 303 265 045",
        "--address", "12 rue de la Paix", "--address", " 75002  Paris ",
        "--contact", "Mme  Dupont", "--email", "compta@dupont.fr", "--phone", "+33 1 23 45 67 89",
        "--lang", "FR",
    ).strip()  # fmt: skip
    shown = json.loads(ok(db, capsys, "customer", "show", "dupont", "--json"))
    assert shown["cases"][0]["id"] == case
    assert {key: shown[key] for key in ("country", "vat", "address", "contact", "language")} == {
        "country": "FR",
        "vat": "FR40303265045",
        "address": "12 rue de la Paix\n75002 Paris",
        "contact": "Mme Dupont",
        "language": "fr",
    }
    assert (shown["email"], shown["phone"]) == ("compta@dupont.fr", "+33 1 23 45 67 89")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--vat", "DE123"], "--vat: 'DE123' is not a valid VAT number of Germany"),
        (["--vat", "FR12345678901"], "is not a valid VAT number of France"),
        (["--country", "NL", "--vat", "NL000099998B56"], "not a valid VAT number of Netherlands"),
        (["--vat", "123456789"], "start a VAT number with its country code"),
        (["--currency", "XYZ"], "--currency: 'XYZ' is not an ISO 4217 currency code"),
        (["--email", "notanemail"], "--email: 'notanemail' is not an e-mail address"),
        (["--phone", "abc"], "--phone: 'abc' is not a phone number"),
        (["--country", "XX"], "--country: use a two-letter country code"),
        (["--lang", "es"], "--lang: letters exist in en, nl, fr, de, not 'es'"),
    ],
)
def test_add_refuses_a_wrong_detail_with_the_reason(
    db: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    argv = ["add", "--customer", "New", "--invoice", "N-1", "--amount", "10", *DATES, *options]
    assert message in fails(db, capsys, *argv)


def test_add_to_an_existing_customer_leaves_its_details_and_says_how_to_change_them(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(
        db, capsys, "add", "--customer", "brasserie de klok bv", "--invoice", "F-9",
        "--amount", "10", *DATES, "--email", "new@klok.be",
    )  # fmt: skip
    assert code == 0
    assert "customer edit" in err
    assert json.loads(ok(db, capsys, "customer", "show", "klok", "--json"))["email"] == ""


def test_list_gives_what_each_owes_per_currency_open_cases_and_last_contact(
    two_brasseries: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = json.loads(ok(two_brasseries, capsys, "customer", "list", "--json"))
    keys = ("name", "owed", "open_cases", "cases", "last_contact")
    assert [tuple(row[key] for key in keys) for row in rows] == [
        ("Brasserie De Klok BV", {"EUR": "2250.00"}, 2, 3, TODAY.isoformat()),
        ("Brasserie Het Anker", {"GBP": "80.00"}, 1, 1, None),
    ]  # fmt: skip
    text = ok(two_brasseries, capsys, "customer", "list")
    assert text.splitlines()[0].split() == ["ID", "NAME", "OPEN", "OWES", "LAST", "CONTACT"]
    assert "2,250.00 EUR" in text and "80.00 GBP" in text


def test_list_reads_the_index_rows_and_folds_no_case(
    two_brasseries: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`customer list` sums each customer's cases from their index rows, the last contact
    included (a row keeps its day), in one pass over the rows: at 50,000 cases it folded
    every case, one customer at a time, and took minutes. The same list as before."""
    expected = json.loads(ok(two_brasseries, capsys, "customer", "list", "--json"))

    def no_fold(self: Ledger, case_id: str) -> None:
        raise AssertionError(f"{case_id} was folded")

    monkeypatch.setattr(Ledger, "case", no_fold)
    assert json.loads(ok(two_brasseries, capsys, "customer", "list", "--json")) == expected


def test_show_gives_details_every_case_totals_and_the_last_calls(
    two_brasseries: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ok(two_brasseries, capsys, "customer", "show", "KLOK")
    assert text.startswith("CUS-0001  Brasserie De Klok BV (business, BE)")
    assert "Owes      2,250.00 EUR on 2 open cases (3 in all); last contact 2026-11-23" in text
    for case in ("C-2026-0001", "C-2026-0002", "C-2026-0003"):
        assert case in text
    assert "1,000.00  EUR  open" in text  # 1,250.00 less the 250.00 paid
    assert "2026-11-23  C-2026-0001  outbound call, no answer" in text
    data = json.loads(ok(two_brasseries, capsys, "customer", "show", "CUS-0001", "--json"))
    assert [case["closed"] for case in data["cases"]] == [None, "paid", None]
    assert data["cases"][0]["outstanding"] == "1000.00"
    assert data["contacts"][0]["case"] == OPEN


def test_a_part_of_a_name_that_fits_several_lists_them_and_exits_2(
    two_brasseries: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["show", "brasserie"], ["edit", "brasserie", "--phone", "+32 9 000 00 00"]):
        message = fails(two_brasseries, capsys, "customer", *argv)
        assert "'brasserie' matches 2 customers" in message
        assert "CUS-0001 Brasserie De Klok BV; CUS-0002 Brasserie Het Anker" in message
    nobody = fails(two_brasseries, capsys, "customer", "show", "bakery")
    assert "no customer matches 'bakery'" in nobody


def test_edit_is_recorded_and_undo_takes_it_back(
    two_brasseries: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = two_brasseries
    said = ok(
        db, capsys, "customer", "edit", "klok", "--address", "Markt 2", "--address", "9000 Gent",
        "--email", "boek@klok.be", "--vat", "0123.456.749", "--note", "moved in November",
    )  # fmt: skip
    assert said.startswith("CUS-0001: changed email (empty) → 'boek@klok.be', address")
    assert said.rstrip().endswith("; moved in November")
    data = json.loads(ok(db, capsys, "customer", "show", "klok", "--json"))
    assert (data["address"], data["email"], data["vat"]) == (
        "Markt 2\n9000 Gent", "boek@klok.be", "BE0123456749",
    )  # fmt: skip
    [change] = data["history"]
    assert change["changes"]["email"] == ["", "boek@klok.be"]
    assert (change["date"], change["note"]) == (TODAY.isoformat(), "moved in November")

    # A second edit, then undo twice: each takes back the last change not yet undone.
    ok(db, capsys, "customer", "edit", "CUS-0001", "--name", "De Klok BV", "--kind", "consumer")
    assert "undid change #2" in ok(db, capsys, "customer", "undo", "de klok")
    assert "undid change #1" in ok(db, capsys, "customer", "undo", "klok")
    data = json.loads(ok(db, capsys, "customer", "show", "klok", "--json"))
    assert (data["name"], data["kind"], data["address"], data["email"], data["vat"]) == (
        "Brasserie De Klok BV", "business", "", "", "",
    )  # fmt: skip
    assert [c.get("voids", 0) for c in data["history"]] == [0, 0, 2, 1]
    assert "no change of Brasserie De Klok BV (CUS-0001) to undo" in fails(
        db, capsys, "customer", "undo", "klok"
    )
    # The history survives reopening the ledger.
    with Ledger.open(db) as ledger:
        assert len(ledger.customer_history("CUS-0001")) == 4


def test_edit_refuses_wrong_values_and_an_empty_edit(
    two_brasseries: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = two_brasseries
    assert "--vat: 'DE123' is not a valid VAT number of Germany" in fails(
        db, capsys, "customer", "edit", "klok", "--vat", "DE123"
    )
    # Without a country prefix, the customer's country (BE) decides.
    assert "is not a valid VAT number of Belgium" in fails(
        db, capsys, "customer", "edit", "klok", "--vat", "0123.456.789"
    )
    assert "nothing to change" in fails(db, capsys, "customer", "edit", "klok")
    assert "a customer needs a name" in fails(db, capsys, "customer", "edit", "klok", "--name", " ")
    assert "already" in fails(
        db, capsys, "customer", "edit", "klok", "--name", "brasserie het anker"
    )
    assert "nothing changed" in ok(db, capsys, "customer", "edit", "klok", "--country", "be")


@pytest.mark.parametrize("command", [["add"], ["customer", "edit"], ["letter"], ["setup"]])
def test_every_lang_help_names_every_letter_language(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The help of `--lang` is derived from the one list (German was accepted but unnamed)."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert letter_languages_text() == "en, nl, fr or de"
    assert letter_languages_text() in out
