"""Reader details beyond the public samples: CSV layouts of BE/NL/UK banks, camt.054 and
versions, CODA and MT940 files that are wrong in ways a download can be wrong."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casetui.bank.read import parse_statement_bytes
from casetui.bank.references import reference_key
from casetui.importers.errors import FileRefused
from tests.bank.bank_helpers import fixture


def read(data: bytes, **options):
    return parse_statement_bytes(data, source="s", **options)


def amounts(parsed) -> list[Decimal]:
    return [entry.amount for entry in parsed.entries]


def test_csv_with_credit_and_debit_columns_uk_style():
    data = (
        b"Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,"
        b"Debit Amount,Credit Amount,Balance\n"
        b"20/11/2026,FPI,30-00-00,12345678,ACME LTD INV-2026-7,,1500.00,2000.00\n"
        b"21/11/2026,DD,30-00-00,12345678,POWER CO,45.10,,1954.90\n"
    )
    parsed = read(data)
    assert parsed.format == "csv"
    assert amounts(parsed) == [Decimal("1500.00"), Decimal("-45.10")]
    assert parsed.entries[0].text == "ACME LTD INV-2026-7"


def test_csv_ing_nl_af_bij_and_compact_dates():
    data = (
        '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Af Bij";"Bedrag (EUR)";'
        '"Mededelingen"\n'
        '"20261120";"ACME BV";"NL01";"NL91ABNA0417164300";"Bij";"1.250,00";"Factuur 7"\n'
        '"20261121";"Shop";"NL01";"NL91ABNA0417164300";"Af";"12,50";"boodschappen"\n'
    ).encode("cp1252")
    parsed = read(data)
    assert amounts(parsed) == [Decimal("1250.00"), Decimal("-12.50")]
    first = parsed.entries[0]
    assert (first.payer, first.iban, str(first.booked_on)) == (
        "ACME BV",
        "NL91ABNA0417164300",
        "2026-11-20",
    )


def test_csv_bad_cells_refuse_the_file_with_their_lines():
    data = b"Date;Amount;Name\n2026-11-20;12,50;A\n2026-13-45;1,00;B\n2026-11-22;abc;C\n"
    with pytest.raises(FileRefused) as refused:
        read(data)
    assert "line 3: not a date" in refused.value.reason
    assert "line 4: not an amount" in refused.value.reason


def test_csv_an_amount_beyond_what_casetui_takes_refuses_the_file():
    """Regression: 29 digits passed the reader and came out of the report's rounding as an
    InvalidOperation traceback."""
    data = b"Date;Amount;Name\n2026-11-20;" + b"9" * 29 + b",00;A\n"
    with pytest.raises(FileRefused) as refused:
        read(data)
    assert "line 2: '" + "9" * 29 + ",00' is more than casetui takes" in refused.value.reason


def test_csv_a_currency_that_is_not_iso_4217_refuses_the_file():
    """Regression: any three letters passed as a row's currency (`ZZZ`)."""
    data = b"Date;Amount;Currency;Name\n2026-11-20;12,50;EUR;A\n2026-11-21;1,00;ZZZ;B\n"
    with pytest.raises(FileRefused) as refused:
        read(data)
    assert "line 3: not a currency code: 'ZZZ'" in refused.value.reason


def test_a_pdf_is_refused_as_not_a_statement_with_the_bank_s_advice():
    """Regression: `casetui bank statement.pdf` said "not an e-invoice: import the UBL XML or
    a CSV export", the importer's words."""
    with pytest.raises(FileRefused) as refused:
        read(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert refused.value.reason == (
        "the file is a PDF document, not a bank statement: download it from the bank as "
        "camt.053/054 XML, CODA, MT940 or CSV"
    )


def test_csv_without_an_amount_column_says_so():
    with pytest.raises(FileRefused, match="no amount column"):
        read(b"Date;Name;Communication\n2026-11-20;A;b\n")


CAMT054 = b"""<?xml version="1.0" encoding="UTF-8"?>
<n:Document xmlns:n="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"><n:BkToCstmrDbtCdtNtfctn>
<n:GrpHdr><n:MsgId>N</n:MsgId></n:GrpHdr><n:Ntfctn><n:Id>N1</n:Id>
<n:Acct><n:Id><n:IBAN>BE68539007547034</n:IBAN></n:Id></n:Acct>
<n:Ntry><n:Amt Ccy="EUR">42.00</n:Amt><n:CdtDbtInd>CRDT</n:CdtDbtInd><n:Sts>BOOK</n:Sts>
<n:BookgDt><n:Dt>2026-11-20</n:Dt></n:BookgDt><n:NtryDtls><n:TxDtls><n:RmtInf>
<n:Strd><n:CdtrRefInf><n:Ref>+++090/9337/55493+++</n:Ref></n:CdtrRefInf></n:Strd>
</n:RmtInf></n:TxDtls></n:NtryDtls></n:Ntry></n:Ntfctn></n:BkToCstmrDbtCdtNtfctn></n:Document>
"""


def test_camt054_with_a_prefix_and_no_balances():
    parsed = read(CAMT054)
    (entry,) = parsed.entries
    assert entry.amount == Decimal("42.00") and entry.reference == "+++090/9337/55493+++"
    assert parsed.statements[0].opening is None and not parsed.warnings


def test_an_unknown_camt_version_is_read_with_a_warning():
    parsed = read(CAMT054.replace(b"camt.054.001.04", b"camt.054.001.14"))
    assert any("001.14" in warning for warning in parsed.warnings)


def test_a_pending_entry_is_not_on_the_account_yet():
    parsed = read(CAMT054.replace(b"<n:Sts>BOOK</n:Sts>", b"<n:Sts>PDNG</n:Sts>"))
    assert parsed.entries == () and any("not booked" in w for w in parsed.warnings)


def test_a_bank_reference_of_16_digits_is_no_ogm():
    assert reference_key("4654654654654654") is None  # genkgo's BBA reference


def test_coda_version_1_and_overlong_records_are_refused():
    data = fixture("php-coda-parser-sample1.cod").read_bytes()
    first = data.index(b"\n")
    with pytest.raises(FileRefused, match="CODA version '1'"):
        read(data[: first - 1] + b"1" + data[first:])
    lines = data.split(b"\n")
    lines[2] = lines[2] + b"X"
    with pytest.raises(FileRefused, match="line 3: a CODA record has 128 characters"):
        read(b"\n".join(lines))


def test_coda_without_its_new_balance_is_a_cut_download():
    data = fixture("php-coda-parser-sample1.cod").read_bytes()
    cut = data[: data.index(b"\n8")]
    with pytest.raises(FileRefused, match="no closing balance; the file looks cut off"):
        read(cut)


def test_mt940_without_closing_balance_is_refused():
    data = fixture("oca-test-ing.940").read_bytes()
    cut = data[: data.index(b":62F:")] + b"-}"
    with pytest.raises(FileRefused):
        read(cut)


def test_format_can_be_forced_and_unknown_names_are_refused():
    data = fixture("php-coda-parser-sample1.cod").read_bytes()
    with pytest.raises(FileRefused):
        read(data, format="mt940")
    with pytest.raises(ValueError, match="unknown statement format"):
        read(data, format="ofx")


@pytest.mark.parametrize("heading", ["text", "Text", "Remittance", "Remittance Information"])
def test_csv_a_column_named_as_the_field_or_a_synonym_is_read(heading):
    """Issue 12: a column headed `text` (what --map calls the field) or `Remittance` was
    dropped, and the OGM in it with it."""
    data = f"Date;Amount;Payer;{heading}\n2026-11-20;100,00;ACME;+++090/9337/55493+++\n"
    parsed = read(data.encode())
    assert parsed.entries[0].text == "+++090/9337/55493+++"
    assert not any("not read" in warning for warning in parsed.warnings)


def test_csv_says_which_columns_it_did_not_read():
    data = b"Date;Amount;Payer;Saldo na mutatie;Tag\n2026-11-20;100,00;ACME;500,00;x\n"
    parsed = read(data)
    [warning] = [w for w in parsed.warnings if "not read" in w]
    assert warning.startswith("columns not read: 'Saldo na mutatie', 'Tag' (use one with --map")
