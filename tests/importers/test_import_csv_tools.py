"""CSV exports of common invoicing tools (samples in data/, columns per IMPORT.md §9)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from importer_helpers import DATA

from casetui.importers import parse_bytes, parse_file


def by_number(result):
    return {document.number: document for document in result.documents}


def skipped_lines(result):
    return {problem.line: problem.reason for problem in result.skipped}


def test_invoice_ninja():
    result = parse_file(DATA / "invoiceninja.csv")
    assert result.ok and result.format == "csv"
    documents = by_number(result)
    assert sorted(documents) == ["2026-0041", "2026-0042", "2026-0045"]
    first = documents["2026-0041"]
    assert first.line == 2 and first.status == "Sent"
    assert (first.buyer.name, first.buyer.vat, first.buyer.email) == (
        "Brouwerij De Kroon BV",
        "BE0123456749",
        "boekhouding@dekroon.be",
    )
    assert (first.issue_date, first.due_date, first.due_source) == (
        date(2026, 6, 2),
        date(2026, 7, 2),
        "read",
    )
    assert (first.amount, first.currency, first.amount_derived) == (
        Decimal("1210.00"),
        "EUR",
        False,
    )
    assert (first.reference, first.reference_kind) == ("PO-7781", "free")
    assert first.payment_terms == "Payment within 30 days"
    # The balance, not the invoice amount, of a partly paid invoice.
    assert documents["2026-0042"].amount == Decimal("1000.00")
    assert documents["2026-0042"].buyer.name == "Atelier Lumière SRL"
    assert documents["2026-0045"].currency == "GBP"
    skipped = skipped_lines(result)
    assert set(skipped) == {4, 5, 7}
    assert "draft" in skipped[4] and "paid" in skipped[5] and "cancelled" in skipped[7]
    assert dict(result.columns)["outstanding"] == "Invoice Balance"


def test_odoo_with_credit_note_and_ogm():
    result = parse_file(DATA / "odoo.csv")
    assert result.ok
    documents = by_number(result)
    assert sorted(documents) == ["INV/2026/00017", "INV/2026/00018", "RINV/2026/00003"]
    invoice = documents["INV/2026/00017"]
    assert (invoice.reference, invoice.reference_kind) == ("+++090/9337/55493+++", "ogm")
    assert invoice.amount == Decimal("1210.00")
    assert documents["INV/2026/00018"].amount == Decimal("305.00")  # Amount Due, not Total
    credit = documents["RINV/2026/00003"]
    assert (credit.doc_type, credit.amount) == ("credit", Decimal("-121.00"))
    assert credit.refers_to == ("INV/2026/00017",)
    skipped = skipped_lines(result)
    assert "already paid" in skipped[5] and "awaiting reconciliation" in skipped[6]


def test_odoo_unsigned_credit_note_and_technical_names():
    text = (
        "name,partner_id,invoice_date,invoice_date_due,amount_residual_signed,amount_residual,"
        "currency_id,move_type,state,reversed_entry_id\n"
        "RINV/2026/0001,Acme NV,2026-05-02,2026-05-02,-50.00,50.00,EUR,out_refund,posted,"
        "INV/2026/0009\n"
        "BILL/2026/0001,Supplier BV,2026-05-03,2026-06-02,-80.00,80.00,EUR,in_invoice,posted,\n"
        "INV/2026/0010,Acme NV,2026-05-04,2026-06-03,100.00,100.00,USD,out_invoice,posted,\n"
    )
    result = parse_bytes(text.encode())
    assert result.ok
    columns = dict(result.columns)
    assert columns["invoice_number"] == "name"
    assert columns["outstanding"] == "amount_residual"  # invoice currency, not company currency
    documents = by_number(result)
    credit = documents["RINV/2026/0001"]
    assert (credit.doc_type, credit.amount, credit.refers_to) == (
        "credit",
        Decimal("-50.00"),
        ("INV/2026/0009",),
    )
    assert documents["INV/2026/0010"].currency == "USD"
    assert "purchase document" in result.skipped[0].reason


def test_zoho_line_items_are_grouped_and_total_is_not_summed():
    result = parse_file(DATA / "zoho.csv")
    assert result.ok
    documents = by_number(result)
    assert sorted(documents) == ["INV-000051", "INV-000052"]
    first = documents["INV-000051"]
    assert first.amount == Decimal("1815.00")  # three line rows, one invoice: not 5445
    assert first.line == 2
    assert (first.buyer.email, first.buyer.city, first.buyer.country) == (
        "finance@vandenberghe.be",
        "Gent",
        "Belgium",
    )
    assert documents["INV-000052"].amount == Decimal("726.00")
    assert list(skipped_lines(result)) == [7]


def test_xero_line_items_credit_note_and_day_first_dates():
    result = parse_file(DATA / "xero.csv")
    assert result.ok
    documents = by_number(result)
    assert sorted(documents) == ["CN-0012", "INV-0107", "INV-0108"]
    invoice = documents["INV-0107"]
    assert invoice.amount == Decimal("1440.00")  # Total repeated on two lines, not 2880
    assert (invoice.issue_date, invoice.due_date) == (date(2026, 6, 3), date(2026, 6, 17))
    assert (invoice.reference, invoice.reference_kind) == ("RF18F2026102", "rf")
    assert invoice.buyer.address_lines == ("12 Quay Street", "Unit 4")
    assert (invoice.buyer.postcode, invoice.buyer.city, invoice.buyer.country) == (
        "BS1 4DJ",
        "Bristol",
        "GB",
    )
    assert invoice.currency == "GBP"
    assert documents["INV-0108"].amount == Decimal("350.00")
    credit = documents["CN-0012"]
    assert (credit.doc_type, credit.amount, credit.refers_to) == (
        "credit",
        Decimal("-120.00"),
        ("INV-0108",),
    )
    assert "draft" in skipped_lines(result)[6]
    assert dict(result.columns)["invoice_number"] == "*InvoiceNumber"


def test_quickbooks_open_invoices_report():
    result = parse_file(DATA / "quickbooks_open_invoices.csv", default_currency="USD")
    assert result.ok
    assert result.header_line == 5  # after the title rows
    documents = by_number(result)
    assert sorted(documents) == ["1001", "1002", "1003", "CM-7"]
    assert documents["1001"].buyer.name == "Acme Corp"  # from the group row
    assert documents["1001"].amount == Decimal("1500.00")
    assert (documents["1001"].issue_date, documents["1001"].due_date) == (
        date(2026, 7, 1),
        date(2026, 7, 31),
    )
    # A customer whose name starts with "Total" is a group heading, not a total row.
    assert documents["1003"].buyer.name == "Total Energies Services"
    assert documents["1003"].amount == Decimal("3210.50")
    assert (documents["CM-7"].doc_type, documents["CM-7"].amount) == ("credit", Decimal("-200.00"))
    assert documents["CM-7"].due_source == "default"
    assert "a payment, not an invoice" in skipped_lines(result)[10]
    assert all(document.currency == "USD" for document in result.documents)
    assert result.warnings == ()


def test_quickbooks_dollars_with_a_euro_default_warns():
    result = parse_file(DATA / "quickbooks_open_invoices.csv")
    assert any("'$'" in warning and "EUR" in warning for warning in result.warnings)


def test_freshbooks_sums_line_totals_and_uses_the_default_term():
    result = parse_file(DATA / "freshbooks.csv", default_terms_days=14)
    assert result.ok
    documents = by_number(result)
    assert sorted(documents) == ["0000123", "0000125"]
    invoice = documents["0000123"]
    assert invoice.amount == Decimal("1306.80")  # 1089.00 + 217.80
    assert invoice.amount_derived
    assert (invoice.due_date, invoice.due_source) == (date(2026, 6, 22), "default")
    assert any("partially paid" in warning for warning in documents["0000125"].warnings)
    assert any("no due date column" in warning for warning in result.warnings)
    assert "already paid" in skipped_lines(result)[4]


def test_nl_be_excel_semicolons_decimal_commas_and_bom():
    result = parse_file(DATA / "nl_be_excel.csv")
    assert result.ok
    assert (result.encoding, result.delimiter) == ("utf-8-sig", ";")
    documents = by_number(result)
    assert documents["F2026-101"].amount == Decimal("1210.00")
    assert documents["F2026-101"].buyer.name == "Brasserie 't Hoekske"
    assert documents["F2026-101"].buyer.vat == "BE0411905847"
    assert (documents["F2026-101"].reference, documents["F2026-101"].reference_kind) == (
        "+++202/6001/01034+++",
        "ogm",
    )
    assert documents["F2026-102"].amount == Decimal("420.50")
    assert documents["F2026-102"].reference == "RF18F2026102"
    assert documents["F2026-103"].amount == Decimal("12100.00")
    assert documents["F2026-102"].issue_date == date(2026, 6, 15)
    assert "already paid" in skipped_lines(result)[5]
    assert documents["F2026-102"].warnings == ()  # "Gedeeltelijk betaald" is a known status


# Issue 18, "real exports import": headers of Invoice2go and Invoicely (hand-made samples
# after the column names the issue reports; see data/README.md).


def test_invoice2go_document_number_date_and_name():
    result = parse_file(DATA / "invoice2go.csv")
    assert result.ok, result.errors
    documents = by_number(result)
    assert sorted(documents) == ["0107", "0108"]
    first = documents["0107"]
    assert first.buyer.name == "Brouwerij De Kroon BV"
    assert (first.issue_date, first.due_date) == (date(2026, 5, 4), date(2026, 6, 3))
    assert first.amount == Decimal("1452.00")
    assert "paid" in skipped_lines(result)[4]
    assert dict(result.columns)["customer_name"] == "Name"


def test_invoicely_details_is_the_invoice_number():
    result = parse_file(DATA / "invoicely.csv")
    assert result.ok, result.errors
    documents = by_number(result)
    assert sorted(documents) == ["INV-0031", "INV-0032"]
    assert documents["INV-0031"].buyer.name == "Brouwerij De Kroon BV"
    assert dict(result.columns)["invoice_number"] == "Details"
