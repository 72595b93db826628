"""UBL 2.1 / Peppol BIS 3 invoices and credit notes, read from the official examples."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from importer_helpers import UBL_FIXTURES, ubl_bytes

from casetui.importers import FileRefused, parse_bytes, parse_file

# name: (doc_type, number, issue, due, due_source, currency, amount, reference, kind, refers_to)
EXPECTED = {
    "base-example.xml": (
        "invoice", "Snippet1", "2017-11-13", "2017-12-01", "read", "EUR", "1656.25",
        "Snippet1", "free", (),
    ),
    "base-creditnote-correction.xml": (
        "credit", "Snippet1", "2017-11-13", "2017-12-13", "default", "EUR", "-1656.25",
        "Snippet1", "free", ("Snippet1",),
    ),
    "base-negative-inv-correction.xml": (
        "invoice", "Correction1", "2017-11-13", "2017-12-01", "read", "EUR", "-1656.25",
        "Snippet1", "free", ("Snippet1",),
    ),
    "Allowance-example.xml": (
        "invoice", "Snippet1", "2017-11-13", "2017-12-01", "read", "EUR", "6125.00",
        "Snippet1", "free", (),
    ),
    "Vat-category-S.xml": (
        "invoice", "Snippet1", "2017-11-13", "2017-12-01", "read", "EUR", "8550.00",
        "Snippet1", "free", (),
    ),
    "vat-category-E.xml": (
        "invoice", "Vat-Z", "2018-08-30", "2018-09-29", "terms", "GBP", "1200.00", None, None, (),
    ),
    "vat-category-O.xml": (
        "invoice", "Vat-O", "2018-08-30", "2018-09-29", "terms", "SEK", "3200.00", None, None, (),
    ),
    "Norwegian-example-1.xml": (
        "invoice", "TOSL108", "2013-06-30", "2013-07-20", "read", "NOK", "802.00",
        "0003434323213231", "free", (),
    ),
    "GR-base-example-correct.xml": (
        "invoice", "061828591|01/10/2020|0|1.1|0|1", "2020-10-01", "2020-12-01", "read", "EUR",
        "1656.25", "Snippet1", "free", (),
    ),
    "Snippet-cn.xml": (
        "credit", "Snippet1", "2017-11-13", "2017-12-13", "default", "EUR", "-4000.00",
        "Snippet1", "free", ("123", "124"),
    ),
    "direct-debit.xml": (
        "invoice", "Snippet1", "2017-11-13", "2017-12-01", "read", "EUR", "3762.50", "payref2",
        "free", (),
    ),
    "payment1.xml": (
        "invoice", "Snippet1", "2017-11-13", "2017-12-01", "read", "EUR", "3762.50", "9387439",
        "free", (),
    ),
}  # fmt: skip

# name: (buyer name, VAT, endpoint id, endpoint scheme, company id, scheme)
BUYERS = {
    "base-example.xml": (
        "Buyer Official Name", "SE4598375937", "FR23342", "0002", "39937423947", "0183",
    ),
    "vat-category-E.xml": ("The Buyercompany", None, "12345678", "0184", None, None),
    "vat-category-O.xml": ("The Buyercompany", None, "987654325", "0192", None, None),
    "Norwegian-example-1.xml": (
        "Buyercompany ASA", "NO987654325MVA", "987654325", "0192", "987654325", "0192",
    ),
    "GR-base-example-correct.xml": (
        "Buyer Official Name", "EL061828591", "061828591", "9933", "39937423947", "0183",
    ),
    "Allowance-example.xml": (
        "Buyer Official Name", "SE4598375937", "4598375937", "0002", "39937423947", "0183",
    ),
}  # fmt: skip


def test_every_fixture_is_present():
    assert sorted(path.name for path in UBL_FIXTURES.glob("*.xml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_fields(name):
    doc_type, number, issue, due, source, currency, amount, reference, kind, refers = EXPECTED[name]
    path = UBL_FIXTURES / name
    result = parse_file(path)
    assert result.ok and result.format == "ubl" and not result.skipped
    (document,) = result.documents
    assert document.doc_type == doc_type
    assert document.number == number
    assert document.issue_date == date.fromisoformat(issue)
    assert document.due_date == date.fromisoformat(due)
    assert document.due_source == source
    assert document.currency == currency
    assert document.amount == Decimal(amount)
    assert isinstance(document.amount, Decimal)
    assert (document.reference, document.reference_kind) == (reference, kind)
    assert document.refers_to == refers
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() == result.sha256
    assert document.customization_id == (
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    )
    assert document.line is None and document.status is None


@pytest.mark.parametrize("name", sorted(BUYERS))
def test_fixture_buyers(name):
    buyer = parse_file(UBL_FIXTURES / name).documents[0].buyer
    name_, vat, endpoint, endpoint_scheme, company_id, company_scheme = BUYERS[name]
    assert (buyer.name, buyer.name_derived, buyer.vat) == (name_, False, vat)
    assert (buyer.endpoint_id, buyer.endpoint_scheme) == (endpoint, endpoint_scheme)
    assert (buyer.company_id, buyer.company_id_scheme) == (company_id, company_scheme)


def test_base_example_details():
    document = parse_file(UBL_FIXTURES / "base-example.xml").documents[0]
    buyer = document.buyer
    assert (buyer.contact_name, buyer.phone, buyer.email) == (
        "Lisa Johnson",
        "23434234",
        "lj@buyer.se",
    )
    assert buyer.address_lines == ("Hovedgatan 32", "Po box 878")
    assert (buyer.postcode, buyer.city, buyer.country) == ("456 34", "Stockholm", "SE")
    assert document.seller_name == "SupplierOfficialName Ltd"
    assert document.seller_vat == "GB1232434"
    assert (document.seller_endpoint_id, document.seller_endpoint_scheme) == (
        "9482348239847239874",
        "0088",
    )
    assert document.payment_terms == "Payment within 10 days, 2% discount"
    assert document.payment_means == ("30",)
    assert document.type_code == "380"
    assert document.buyer_reference == "0150abc"
    # The placeholder account is kept, with a warning.
    assert document.seller_account == "IBAN32423940"
    assert document.seller_bic == "BIC324098"
    assert any("IBAN32423940" in warning for warning in document.warnings)
    assert document.dedup_key == ("GB1232434", "invoice", "Snippet1", "2017-11-13")


def test_allowance_example_pays_payable_not_tax_inclusive():
    document = parse_file(UBL_FIXTURES / "Allowance-example.xml").documents[0]
    assert document.amount == Decimal("6125.00")
    assert not any("do not add up" in warning for warning in document.warnings)


def test_norwegian_example():
    document = parse_file(UBL_FIXTURES / "Norwegian-example-1.xml").documents[0]
    assert (document.amount, document.currency) == (Decimal("802.00"), "NOK")
    assert document.seller_account == "NO9386011117947"
    assert not any("not a valid IBAN" in warning for warning in document.warnings)
    assert document.payee_name == "Ebeneser Scrooge AS"
    assert any("Ebeneser Scrooge AS" in warning for warning in document.warnings)
    assert document.seller_vat == "NO123456785MVA"  # the VAT scheme, not the TAX one
    # The discount window ("2 % discount if paid within 2 days") is not the due date.
    assert document.due_source == "read"
    assert any("KID" in warning for warning in document.warnings)


def test_direct_debit_never_takes_the_payers_account():
    document = parse_file(UBL_FIXTURES / "direct-debit.xml").documents[0]
    assert document.seller_account is None
    assert document.payment_means == ("59",)
    assert document.mandate_id == "123456"
    assert "DK12328462834823" not in repr(document)


def test_card_payment_has_no_account():
    document = parse_file(UBL_FIXTURES / "payment1.xml").documents[0]
    assert document.seller_account is None
    assert document.payment_means == ("54",)
    assert document.payee_name == "Payee party"


def test_snippet_cn_is_a_credit_for_two_invoices():
    document = parse_file(UBL_FIXTURES / "Snippet-cn.xml").documents[0]
    assert document.doc_type == "credit"
    assert document.amount == Decimal("-4000.00")
    assert document.refers_to == ("123", "124")
    # Only 123 gives its issue date (BT-26): a credit is applied only to the invoice it names.
    assert document.refers_to_issued == (("123", date(2017, 10, 20)),)
    assert document.type_code == "381"


def test_terms_derive_the_due_date_of_vat_category_e():
    document = parse_file(UBL_FIXTURES / "vat-category-E.xml").documents[0]
    assert document.payment_terms == "Payment within 30 days"
    assert (document.due_date, document.due_source) == (date(2018, 9, 29), "terms")


def test_default_term_is_a_parameter():
    result = parse_bytes(ubl_bytes("base-creditnote-correction.xml"), default_terms_days=14)
    document = result.documents[0]
    assert (document.due_date, document.due_source) == (date(2017, 11, 27), "default")


def test_gr_number_and_crlf_are_kept_intact():
    document = parse_file(UBL_FIXTURES / "GR-base-example-correct.xml").documents[0]
    assert document.number == "061828591|01/10/2020|0|1.1|0|1"
    assert document.buyer.vat == "EL061828591"


# --- namespaces and prefixes ------------------------------------------------------------------

INVOICE_NS = 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'


def _without_source(result):
    return [replace(document, sha256="", source="") for document in result.documents]


def test_ubl_prefix_reads_like_the_default_namespace():
    original = ubl_bytes("base-example.xml")
    text = original.decode()
    assert INVOICE_NS in text
    prefixed = (
        text.replace(INVOICE_NS, INVOICE_NS.replace("xmlns=", "xmlns:ubl="))
        .replace("<Invoice ", "<ubl:Invoice ")
        .replace("</Invoice>", "</ubl:Invoice>")
    )
    assert "<ubl:Invoice " in prefixed and "</ubl:Invoice>" in prefixed
    assert _without_source(parse_bytes(prefixed.encode())) == _without_source(parse_bytes(original))


def test_other_prefixes_for_cac_and_cbc():
    original = ubl_bytes("Norwegian-example-1.xml")
    renamed = (
        original.replace(b"cac:", b"agg:").replace(b"cbc:", b"basic:")
        .replace(b"xmlns:cac=", b"xmlns:agg=").replace(b"xmlns:cbc=", b"xmlns:basic=")
    )  # fmt: skip
    assert b"cbc:" not in renamed
    assert _without_source(parse_bytes(renamed)) == _without_source(parse_bytes(original))


def test_prefix_without_the_ubl_namespace_is_not_read():
    # Same local names, wrong namespace for cbc: nothing may be read "by prefix".
    text = ubl_bytes("base-example.xml").replace(
        b"CommonBasicComponents-2", b"CommonBasicComponents-9"
    )
    result = parse_bytes(text)
    assert not result.ok
    assert any("cbc:ID" in problem.reason for problem in result.errors)


def test_sbdh_envelope_is_unwrapped():
    invoice = ubl_bytes("base-example.xml").split(b"?>", 1)[1]
    wrapped = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/'
        b'StandardBusinessDocumentHeader"><StandardBusinessDocumentHeader>'
        b"<HeaderVersion>1.0</HeaderVersion></StandardBusinessDocumentHeader>" + invoice
        + b"</StandardBusinessDocument>"
    )  # fmt: skip
    assert _without_source(parse_bytes(wrapped)) == _without_source(
        parse_bytes(ubl_bytes("base-example.xml"))
    )


def test_unknown_root_and_namespace_less_invoice_are_refused():
    with pytest.raises(FileRefused, match="root element is <Order>"):
        parse_bytes(b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>')
    with pytest.raises(FileRefused, match="<Invoice> has no namespace"):
        parse_bytes(b"<Invoice><ID>1</ID></Invoice>")


# --- small hand-made documents ----------------------------------------------------------------

HEAD = (
    '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
)
BUYER = "<cac:AccountingCustomerParty><cac:Party>{party}</cac:Party></cac:AccountingCustomerParty>"
LEGAL = (
    "<cac:PartyLegalEntity><cbc:RegistrationName>Acme NV</cbc:RegistrationName>"
    "</cac:PartyLegalEntity>"
)


def invoice(
    *,
    number="<cbc:ID>INV-1</cbc:ID>",
    issue="<cbc:IssueDate>2026-03-02</cbc:IssueDate>",
    due="",
    currency="<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>",
    party=LEGAL,
    extra="",
    totals='<cbc:PayableAmount currencyID="EUR">100.00</cbc:PayableAmount>',
) -> bytes:
    return (
        f"{HEAD}{number}{issue}{due}<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>{currency}"
        f"{BUYER.format(party=party)}{extra}"
        f"<cac:LegalMonetaryTotal>{totals}</cac:LegalMonetaryTotal></Invoice>"
    ).encode()


def test_comments_inside_values_are_ignored():
    result = parse_bytes(
        invoice(
            number="<cbc:ID>12<!--c-->34</cbc:ID>", party=LEGAL.replace("Acme", "Ac<!-- x -->me")
        )
    )
    document = result.documents[0]
    assert document.number == "1234"
    assert document.buyer.name == "Acme NV"


def test_whitespace_in_short_fields_is_normalised():
    party = LEGAL.replace("Acme NV", "\r\n   Acme\t\n  NV  ")
    document = parse_bytes(invoice(number="<cbc:ID>  INV\n 7 </cbc:ID>", party=party)).documents[0]
    assert (document.number, document.buyer.name) == ("INV 7", "Acme NV")


def test_trading_name_is_a_derived_fallback():
    party = "<cac:PartyName><cbc:Name>Acme Shop</cbc:Name></cac:PartyName>"
    document = parse_bytes(invoice(party=party)).documents[0]
    assert (document.buyer.name, document.buyer.name_derived) == ("Acme Shop", True)
    assert any("trading name" in warning for warning in document.warnings)


def test_buyer_vat_comes_from_the_vat_scheme_only():
    party = LEGAL + (
        "<cac:PartyTaxScheme><cbc:CompanyID>SE-TAX-1</cbc:CompanyID>"
        "<cac:TaxScheme><cbc:ID>TAX</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"
        "<cac:PartyTaxScheme><cbc:CompanyID>BE0123456749</cbc:CompanyID>"
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"
    )
    assert parse_bytes(invoice(party=party)).documents[0].buyer.vat == "BE0123456749"


def test_missing_and_bad_mandatory_fields_are_all_reported():
    result = parse_bytes(
        invoice(
            number="",
            issue="<cbc:IssueDate>2026-02-30</cbc:IssueDate>",
            currency="",
            party="<cbc:EndpointID>1</cbc:EndpointID>",
            totals="<cbc:PayableAmount>12,50</cbc:PayableAmount>",
        ),
        source="broken.xml",
    )
    assert not result.ok and not result.documents
    reasons = " | ".join(problem.reason for problem in result.errors)
    for expected in ("cbc:ID", "2026-02-30", "DocumentCurrencyCode", "12,50", "buyer name"):
        assert expected in reasons
    assert all(problem.source == "broken.xml" and problem.line is None for problem in result.errors)


def test_bad_due_date_is_an_error():
    result = parse_bytes(invoice(due="<cbc:DueDate>31/03/2026</cbc:DueDate>"))
    assert not result.ok
    assert "31/03/2026" in result.errors[0].reason


def test_payable_zero_is_skipped_not_imported():
    result = parse_bytes(
        invoice(totals='<cbc:PayableAmount currencyID="EUR">0.00</cbc:PayableAmount>')
    )
    assert result.ok and not result.documents
    assert "nothing to pay" in result.skipped[0].reason


def test_totals_that_do_not_add_up_warn_and_payable_wins():
    totals = (
        '<cbc:TaxInclusiveAmount currencyID="EUR">121.00</cbc:TaxInclusiveAmount>'
        '<cbc:PrepaidAmount currencyID="EUR">+21</cbc:PrepaidAmount>'
        '<cbc:PayableRoundingAmount currencyID="EUR">0.01</cbc:PayableRoundingAmount>'
        '<cbc:PayableAmount currencyID="EUR">100.00</cbc:PayableAmount>'
    )
    document = parse_bytes(invoice(totals=totals)).documents[0]
    assert document.amount == Decimal("100.00")
    assert any("do not add up" in warning for warning in document.warnings)


def test_amount_in_another_currency_warns():
    totals = '<cbc:PayableAmount currencyID="USD">100.00</cbc:PayableAmount>'
    document = parse_bytes(invoice(totals=totals)).documents[0]
    assert any("USD" in warning for warning in document.warnings)


def test_credit_note_payment_due_date_is_read():
    text = (
        invoice(extra="<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>"
                "<cbc:PaymentDueDate>2026-04-01</cbc:PaymentDueDate></cac:PaymentMeans>")
        .decode()
        .replace("Invoice-2", "CreditNote-2")
        .replace("<Invoice ", "<CreditNote ")
        .replace("</Invoice>", "</CreditNote>")
        .replace("InvoiceTypeCode>380</cbc:InvoiceTypeCode", "CreditNoteTypeCode>381</cbc:"
                 "CreditNoteTypeCode")
    )  # fmt: skip
    document = parse_bytes(text.encode()).documents[0]
    assert (document.doc_type, document.amount) == ("credit", Decimal("-100.00"))
    assert (document.due_date, document.due_source) == (date(2026, 4, 1), "read")


def test_negative_credit_note_is_a_debit():
    text = (
        invoice(totals='<cbc:PayableAmount currencyID="EUR">-50</cbc:PayableAmount>')
        .decode()
        .replace("Invoice-2", "CreditNote-2")
        .replace("<Invoice ", "<CreditNote ")
        .replace("</Invoice>", "</CreditNote>")
    )
    document = parse_bytes(text.encode()).documents[0]
    assert (document.doc_type, document.amount) == ("credit", Decimal("50.00"))


def test_structured_payment_reference_in_ubl():
    extra = (
        "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>"
        "<cbc:PaymentID>+++090/9337/55493+++</cbc:PaymentID>"
        "<cac:PayeeFinancialAccount><cbc:ID>BE68 5390 0754 7034</cbc:ID>"
        "</cac:PayeeFinancialAccount>"
        "</cac:PaymentMeans>"
    )
    document = parse_bytes(invoice(extra=extra)).documents[0]
    assert (document.reference, document.reference_kind) == ("+++090/9337/55493+++", "ogm")
    assert document.seller_account == "BE68 5390 0754 7034"
    assert document.warnings == ()


def test_order_reference_na_is_dropped():
    extra = "<cac:OrderReference><cbc:ID>NA</cbc:ID></cac:OrderReference>"
    assert parse_bytes(invoice(extra=extra)).documents[0].order_reference is None


def test_a_bad_optional_total_is_a_warning():
    totals = (
        '<cbc:TaxInclusiveAmount currencyID="EUR">1 21,00</cbc:TaxInclusiveAmount>'
        '<cbc:PayableAmount currencyID="EUR">121.00</cbc:PayableAmount>'
    )
    result = parse_bytes(invoice(totals=totals))
    assert result.ok
    assert any("TaxInclusiveAmount" in warning for warning in result.documents[0].warnings)
