"""Every public sample statement in tests/fixtures/bank parses: entries, amounts,
references, payers, returns and balances, format by format."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest

from casetui.bank.read import detect_format, parse_statement_bytes
from casetui.importers.errors import FileRefused
from tests.bank.bank_helpers import FIXTURES, fixture


def read(name: str, **options):
    path = fixture(name)
    return parse_statement_bytes(path.read_bytes(), source=name, **options)


# Files whose balances add up, and those that do not (anonymised or synthetic samples).
RECONCILE = {
    "oca-test-camt053-txdtls.xml": "camt",
    "viafintech-valid_example.xml": "camt",
    "php-coda-parser-sample1.cod": "coda",
    "php-coda-parser-sample10.cod": "coda",
    "pycoda-Coda_foreign_account.txt": "coda",
    "pycoda-Coda_v2_3_globalisation.txt": "coda",
    "mt940-betterplace-sepa_mt9401.sta": "mt940",
    "mt940-mBank-mt940.sta": "mt940",
    "oca-test-ing.940": "mt940",
}
DO_NOT_RECONCILE = {
    "oca-test-camt053.xml": "camt",
    "genkgo-camt053.v8.xml": "camt",
    "viafintech-valid_example_v8.xml": "camt",
    "oca-Ontvangen_CODA.2012-01-11-18.59.15.txt": "coda",
    "php-coda-parser-sample5.cod": "coda",
    "mt940-betterplace-sepa_snippet.sta": "mt940",
    "mt940-jejik-abnamro.sta": "mt940",
    "mt940-jejik-knab.sta": "mt940",
}


def test_every_fixture_is_listed_here():
    names = {path.name for path in FIXTURES.glob("*/*")}
    assert names == set(RECONCILE) | set(DO_NOT_RECONCILE)


def test_fixtures_are_byte_for_byte_copies():
    """The git blob ids in the fixtures README (the source repositories' own ids)."""
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for path in FIXTURES.glob("*/*"):
        blob = subprocess.run(
            ["git", "hash-object", str(path)], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert f"`{path.name}`" in readme
        assert f"`{blob[:12]}`" in readme, path.name


@pytest.mark.parametrize(("name", "kind"), sorted(RECONCILE.items()))
def test_reconciling_files_read_with_their_format(name, kind):
    parsed = read(name)
    assert parsed.format == kind == detect_format(fixture(name).read_bytes())
    assert parsed.entries
    for statement in parsed.statements:
        assert statement.opening.amount + statement.movement == statement.closing.amount


@pytest.mark.parametrize(("name", "kind"), sorted(DO_NOT_RECONCILE.items()))
def test_files_whose_balances_do_not_add_up_are_refused_unless_told(name, kind):
    with pytest.raises(FileRefused, match="balances do not add up: statement"):
        read(name)
    parsed = read(name, ignore_balances=True)
    assert parsed.format == kind
    assert any(w.startswith("balances ignored") for w in parsed.warnings)


# --------------------------------------------------------------------------- camt


def test_camt_v02_reversal_with_return_reason_and_batch():
    parsed = read("oca-test-camt053.xml", ignore_balances=True)
    statement = parsed.statements[0]
    assert statement.account == "NL77ABNA0574908765"
    assert statement.period == (date(2014, 1, 5), date(2014, 1, 5))
    amounts = [e.amount for e in parsed.entries]
    assert amounts == [
        Decimal("-754.25"),
        Decimal("-564.05"),
        Decimal("-100.00"),
        Decimal("1405.31"),
    ]
    returned = parsed.entries[1:3]
    assert all(e.is_return and e.return_reason == "AC06" for e in returned)
    credit = parsed.entries[3]
    assert (credit.payer, credit.iban) == ("3rd party Media", "NL69ABNA0522123643")
    assert not credit.is_return and credit.reference == ""


def test_camt_v04_batch_splits_into_its_payers():
    parsed = read("oca-test-camt053-txdtls.xml")
    first, second = parsed.entries
    assert (first.amount, second.amount) == (Decimal("2187.00"), Decimal("1296.00"))
    assert first.iban == "CH2222000000123456789" and second.iban == "CH3333000000123456789"
    assert first.reference == "302388292000011111111111111"  # a Swiss ISR reference
    assert parsed.statements[0].movement == Decimal("3483.00")


def test_camt_v08_rf_reference_invoice_text_and_one_decimal():
    parsed = read("viafintech-valid_example_v8.xml", ignore_balances=True)
    invoice, rf, debit = parsed.entries
    assert invoice.amount == Decimal("474.4") and invoice.payer == "Jon Doe"
    assert "INVOICE R77561" in invoice.text
    assert rf.reference == "RF38000000000000000000552" and rf.payer == "Finanz AG"
    assert debit.amount == Decimal("-20.97") and debit.currency == "EUR"


def test_camt_v08_belgian_reference_of_16_digits_and_datetime_booking():
    parsed = read("genkgo-camt053.v8.xml", ignore_balances=True)
    (only,) = parsed.entries
    assert only.reference == "4654654654654654" and only.amount == Decimal("8.85")
    assert only.booked_on == date(2014, 12, 31)  # from 2014-12-31T13:15:00+01:00
    with pytest.raises(FileRefused, match="closing balance is in SEK"):
        read("genkgo-camt053.v8.xml")


def test_camt_german_sample_bban_and_return_text():
    parsed = read("viafintech-valid_example.xml")
    credit = next(e for e in parsed.entries if e.amount > 0)
    assert credit.iban == "740618130100033626" and credit.text == "R CKBUCHUNG"
    assert parsed.statements[0].opening.amount == Decimal("33.06")  # a PRCD balance


# --------------------------------------------------------------------------- CODA


def test_coda_structured_communication_and_counterparty():
    parsed = read("oca-Ontvangen_CODA.2012-01-11-18.59.15.txt", ignore_balances=True)
    credit = next(e for e in parsed.entries if e.amount == Decimal("3044.45"))
    assert credit.reference == "240283842818"
    assert (credit.payer, credit.iban) == ("PARTNER 2", "BE61310126985517")
    # Globalised loan repayments count once each, not once per detail.
    assert [e.amount for e in parsed.entries].count(Decimal("-479.04")) == 2
    assert any("new balance names account" in w for w in parsed.warnings)


def test_coda_direct_debit_collection_splits_into_its_debtors():
    parsed = read("php-coda-parser-sample10.cod")
    assert [e.amount for e in parsed.entries] == [Decimal("250.00"), Decimal("750.00")]
    assert [e.end_to_end for e in parsed.entries] == ["243690000141", "243690000142"]
    # SEPA direct-debit data (structured type 127) is not text to search for references.
    assert all("243690000141" not in e.text for e in parsed.entries)


def test_coda_ogms_with_bad_check_digits_are_read_as_given():
    parsed = read("php-coda-parser-sample1.cod")
    assert [e.reference for e in parsed.entries] == [
        "000003505158",
        "000003515846",
        "000003154982",
        "000002133131",
    ]
    assert parsed.statements[0].account == "138536152215"


def test_coda_foreign_account_with_crlf_and_free_message():
    data = fixture("pycoda-Coda_foreign_account.txt").read_bytes()
    assert b"\r\n" in data
    parsed = read("pycoda-Coda_foreign_account.txt")
    assert parsed.statements[0].account == "FR1234567890240924002304825"
    assert [e.amount for e in parsed.entries] == [Decimal("-37.00"), Decimal("-7.40")]


def test_coda_globalisation_with_informative_detail():
    parsed = read("pycoda-Coda_v2_3_globalisation.txt")
    assert parsed.statements[0].opening.amount == Decimal("-455.17")
    assert [e.amount for e in parsed.entries] == [
        Decimal("113135.00"),
        Decimal("113135.00"),
        Decimal("50000.00"),
        Decimal("-544.30"),
    ]


def test_coda_free_text_ogm_is_kept_as_text():
    parsed = read("php-coda-parser-sample5.cod", ignore_balances=True)
    assert "112/4554/46812" in parsed.entries[0].text
    assert parsed.entries[1].reference == "112455446812"


# --------------------------------------------------------------------------- MT940


def test_mt940_ing_in_a_swift_envelope_cut_mid_token():
    parsed = read("oca-test-ing.940")
    statement = parsed.statements[0]
    assert statement.account == "NL77INGB0574908765"
    assert len(parsed.entries) == 8
    returns = [e for e in parsed.entries if e.is_return]
    assert [(e.amount, e.return_reason) for e in returns] == [
        (Decimal("1.57"), "MS03"),
        (Decimal("-12.75"), "MS03"),
    ]
    structured = [e.reference for e in parsed.entries if e.reference]
    assert structured == ["9001123412341234", "1070123412341234"]
    first = parsed.entries[0]
    assert (first.payer, first.iban) == ("ING BANK NV INZAKE WEB", "NL32INGB0000012345")
    # The statement-level /SUM/ is not part of the last transaction.
    assert "/SUM/" not in parsed.entries[-1].text


def test_mt940_german_returns_and_two_accounts():
    parsed = read("mt940-betterplace-sepa_snippet.sta", ignore_balances=True)
    assert len(parsed.statements) == 2 and len(parsed.entries) == 11
    returns = [e for e in parsed.entries if e.is_return]
    assert len(returns) == 4
    assert {e.return_reason for e in returns} == {"914", "901"}
    first = parsed.entries[0]
    assert first.iban == "DE14508800500194785000" and first.payer == "KARL KAUFMANN"


def test_mt940_reversal_of_credit_is_negative():
    parsed = read("mt940-betterplace-sepa_mt9401.sta")
    assert len(parsed.statements) == 26 and len(parsed.entries) == 97
    assert sum(1 for e in parsed.entries if e.amount > 0) == 41


def test_mt940_knab_invoice_numbers_and_counterparty():
    parsed = read("mt940-jejik-knab.sta", ignore_balances=True)
    debit = parsed.entries[1]
    assert debit.text == "FACTUUR 201403110, 201403113"
    assert (debit.payer, debit.iban) == ("PICQER", "NL65INGB0123456789")
    assert parsed.entries[0].amount == Decimal("500")


def test_mt940_mbank_with_soh_and_etx_bytes():
    data = fixture("mt940-mBank-mt940.sta").read_bytes()
    assert data.startswith(b"\x01") and data.rstrip().endswith(b"\x03")
    parsed = read("mt940-mBank-mt940.sta")
    assert parsed.statements[0].currency == "PLN"
    assert [e.amount for e in parsed.entries] == [Decimal("0.01")] * 3


def test_mt940_abnamro_legacy_header_and_intermediate_balances():
    parsed = read("mt940-jejik-abnamro.sta", ignore_balances=True)
    assert len(parsed.statements) == 2 and len(parsed.entries) == 10
    assert all(e.amount < 0 for e in parsed.entries)
    assert parsed.statements[1].opening.amount == Decimal("2876.84")  # :60M:
