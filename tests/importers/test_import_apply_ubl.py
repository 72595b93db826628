"""UBL fixtures imported into a ledger: cases, customers, credits, evidence (issue 6)."""

from __future__ import annotations

import hashlib
import stat
from datetime import date
from decimal import Decimal

import pytest
from importer_helpers import (
    IMPORT_DAY,
    UBL_FIXTURES,
    actions,
    file_status,
    import_files,
    ledger_files,
    read_ledger,
    ubl_bytes,
)

from casetui.model import CloseReason, Credit, CustomerKind, Note, Opened

# file -> (invoice, amount, currency, due, due source, payment reference, buyer VAT, Peppol id,
#          country)
INVOICES = {
    "base-example.xml": (
        "Snippet1", "1656.25", "EUR", date(2017, 12, 1), "read", "Snippet1", "SE4598375937",
        "0002:FR23342", "SE",
    ),
    "Allowance-example.xml": (
        "Snippet1", "6125.00", "EUR", date(2017, 12, 1), "read", "Snippet1", "SE4598375937",
        "0002:4598375937", "SE",
    ),
    "Vat-category-S.xml": (
        "Snippet1", "8550.00", "EUR", date(2017, 12, 1), "read", "Snippet1", "SE4598375937",
        "0002:FR23342", "SE",
    ),
    "vat-category-E.xml": (
        "Vat-Z", "1200.00", "GBP", date(2018, 9, 29), "terms", "", "", "0184:12345678", "DK",
    ),
    "vat-category-O.xml": (
        "Vat-O", "3200.00", "SEK", date(2018, 9, 29), "terms", "", "", "0192:987654325", "NO",
    ),
    "Norwegian-example-1.xml": (
        "TOSL108", "802.00", "NOK", date(2013, 7, 20), "read", "0003434323213231",
        "NO987654325MVA", "0192:987654325", "NO",
    ),
    "GR-base-example-correct.xml": (
        "061828591|01/10/2020|0|1.1|0|1", "1656.25", "EUR", date(2020, 12, 1), "read",
        "Snippet1", "EL061828591", "9933:061828591", "GR",
    ),
    "direct-debit.xml": (
        "Snippet1", "3762.50", "EUR", date(2017, 12, 1), "read", "payref2", "SE4598375937",
        "0002:FR23342", "SE",
    ),
    "payment1.xml": (
        "Snippet1", "3762.50", "EUR", date(2017, 12, 1), "read", "9387439", "SE4598375937",
        "0002:FR23342", "SE",
    ),
}  # fmt: skip
# Paid before invoicing (PrepaidAmount, BT-113): the case keeps the invoice's total and
# records this as paid on the issue date (issue 18, item 1).
PREPAID = {
    "Allowance-example.xml": "1000.00",
    "Norwegian-example-1.xml": "1000.00",
    "direct-debit.xml": "1000.00",
    "payment1.xml": "1000.00",
}
CREDIT_NOTES = (
    "base-creditnote-correction.xml",
    "base-negative-inv-correction.xml",
    "Snippet-cn.xml",
)


def sha256_of(name: str) -> str:
    return hashlib.sha256((UBL_FIXTURES / name).read_bytes()).hexdigest()


def test_every_fixture_is_covered():
    assert {p.name for p in UBL_FIXTURES.glob("*.xml")} == set(INVOICES) | set(CREDIT_NOTES)


@pytest.mark.parametrize("name", sorted(INVOICES))
def test_invoice_fixture_opens_one_case_with_the_right_fields(tmp_path, name):
    invoice, amount, currency, due, due_source, reference, vat, peppol, country = INVOICES[name]
    db = tmp_path / "ledger.json"
    report = import_files(db, [UBL_FIXTURES / name])
    assert report.ok and file_status(report) == {name: "imported"}
    sha = sha256_of(name)
    with read_ledger(db) as ledger:
        [case] = ledger.cases()
        [customer] = ledger.customers()
        assert (case.id, case.invoice, case.customer_id) == ("C-2026-0001", invoice, customer.id)
        # Outstanding = PayableAmount (BT-115), in the document's currency; the invoice
        # amount is what was invoiced, the prepaid part recorded as paid.
        prepaid = Decimal(PREPAID.get(name, "0"))
        assert (case.amount.amount, case.currency) == (Decimal(amount) + prepaid, currency)
        assert case.outstanding.amount == Decimal(amount)
        assert case.paid.amount == prepaid
        assert case.due == due and case.opened_on == IMPORT_DAY
        assert case.reference == reference
        assert case.source == f"import:{sha}"
        assert (customer.vat, customer.peppol_id, customer.country) == (vat, peppol, country)
        assert customer.kind is CustomerKind.BUSINESS
        events = case.timeline()
        [opened] = [event for event in events if isinstance(event, Opened)]
        assert isinstance(opened, Opened) and opened.date == IMPORT_DAY
        notes = [event.text for event in events if isinstance(event, Note)]
        assert f"evidence/{sha}.xml" in notes[0] and name in notes[0]
        derived = [text for text in notes if text.startswith("Due date")]
        if due_source == "terms":
            assert derived == [
                f"Due date {due} derived from the payment terms 'Payment within 30 days': check it."
            ]
        else:
            assert derived == []
    evidence = tmp_path / "evidence" / f"{sha}.xml"
    assert evidence.read_bytes() == (UBL_FIXTURES / name).read_bytes()
    assert hashlib.sha256(evidence.read_bytes()).hexdigest() == sha
    assert stat.S_IMODE(evidence.stat().st_mode) == 0o600


def test_base_example_customer_details(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [UBL_FIXTURES / "base-example.xml"])
    with read_ledger(db) as ledger:
        [customer] = ledger.customers()
    assert customer.name == "Buyer Official Name"
    assert (customer.email, customer.phone) == ("lj@buyer.se", "23434234")
    assert customer.address == "Hovedgatan 32\nPo box 878\n456 34 Stockholm"
    assert "Contact: Lisa Johnson" in customer.notes
    assert "Company number: 39937423947 (scheme 0183)" in customer.notes


def test_a_buyer_contact_that_is_none_is_left_out_with_a_warning(tmp_path):
    """Regression: `customer edit` and the forms refuse `notanemail` (`casetui.checks`), an
    import stored it on the new customer, and letters were e-mailed to it."""
    text = (UBL_FIXTURES / "base-example.xml").read_text(encoding="utf-8")
    text = text.replace("lj@buyer.se", "notanemail").replace(">23434234<", ">call Lisa<")
    source = tmp_path / "odd-contact.xml"
    source.write_text(text, encoding="utf-8")
    db = tmp_path / "ledger.json"
    report = import_files(db, [source])
    with read_ledger(db) as ledger:
        [customer] = ledger.customers()
    assert (customer.email, customer.phone) == ("", "")
    [created] = actions(report, "create")
    assert any("e-mail address is left out: 'notanemail'" in w for w in created.warnings)
    assert any("phone number is left out: 'call Lisa'" in w for w in created.warnings)


@pytest.mark.parametrize(
    ("credit", "document"),
    [
        ("base-creditnote-correction.xml", "Snippet1"),
        ("base-negative-inv-correction.xml", "Correction1"),
    ],
)
def test_credit_note_after_its_invoice_closes_the_case(tmp_path, credit, document):
    db = tmp_path / "ledger.json"
    import_files(db, [UBL_FIXTURES / "base-example.xml"])
    report = import_files(db, [UBL_FIXTURES / credit])
    assert report.ok and file_status(report) == {credit: "imported"}
    [action] = actions(report)
    assert action.kind == "credit" and action.case_ref == "C-2026-0001"
    with read_ledger(db) as ledger:
        [case] = ledger.cases()
        assert case.credited.amount == Decimal("1656.25")
        assert case.outstanding.amount == 0
        assert case.closed is not None and case.closed.reason is CloseReason.CREDITED
        [credit_event] = [e for e in case.timeline() if isinstance(e, Credit)]
        assert credit_event.document == document
        assert credit_event.date == date(2017, 11, 13)  # the credit note's issue date
        assert f"evidence/{sha256_of(credit)}.xml" in credit_event.note
    assert (tmp_path / "evidence" / f"{sha256_of(credit)}.xml").exists()


def test_credit_note_and_invoice_in_one_run_in_any_order(tmp_path):
    db = tmp_path / "ledger.json"
    # The credit note first: credit-only files are planned after the invoices.
    report = import_files(
        db, [UBL_FIXTURES / "base-creditnote-correction.xml", UBL_FIXTURES / "base-example.xml"]
    )
    assert report.ok
    assert [file.plan.source.rsplit("/", 1)[-1] for file in report.files] == [
        "base-example.xml",
        "base-creditnote-correction.xml",
    ]
    assert report.files[1].plan.depends_on == (str(UBL_FIXTURES / "base-example.xml"),)
    with read_ledger(db) as ledger:
        [case] = ledger.cases()
        assert case.is_closed and case.outstanding.amount == 0


def test_second_credit_for_a_closed_case_is_flagged_not_applied(tmp_path):
    db = tmp_path / "ledger.json"
    report = import_files(
        db,
        [
            UBL_FIXTURES / "base-example.xml",
            UBL_FIXTURES / "base-creditnote-correction.xml",
            UBL_FIXTURES / "base-negative-inv-correction.xml",
        ],
    )
    assert report.ok
    last = actions(report)[-1]
    assert last.kind == "skip" and last.attention
    assert "already closed (credited)" in last.reason and "not applied" in last.reason
    with read_ledger(db) as ledger:
        [case] = ledger.cases()
        assert case.credited.amount == Decimal("1656.25")  # once, not twice


@pytest.mark.parametrize("credit", CREDIT_NOTES)
def test_credit_note_alone_is_skipped_with_a_reason(tmp_path, credit):
    db = tmp_path / "ledger.json"
    report = import_files(db, [UBL_FIXTURES / credit])
    assert report.ok and file_status(report) == {credit: "unchanged"}
    [action] = actions(report)
    assert action.kind == "skip" and action.attention
    assert "Buyer Official Name is not a customer in the ledger" in action.reason
    assert ledger_files(db) == {}  # nothing was written: not even a new ledger
    assert not (tmp_path / "evidence").exists()


def test_credit_note_naming_unknown_invoices_is_skipped(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [UBL_FIXTURES / "base-example.xml"])
    report = import_files(db, [UBL_FIXTURES / "Snippet-cn.xml"])
    [action] = actions(report)
    assert action.kind == "skip" and action.attention
    assert "invoice 123, 124, which is not a case of Buyer Official Name" in action.reason
    assert action.match == "peppol"  # the VAT id differs, the Peppol id is the same


def test_reimporting_a_ubl_file_changes_nothing(tmp_path):
    db = tmp_path / "ledger.json"
    files = [UBL_FIXTURES / "base-example.xml", UBL_FIXTURES / "base-creditnote-correction.xml"]
    import_files(db, files)
    before = ledger_files(db)
    report = import_files(db, files)
    assert file_status(report) == {
        "base-example.xml": "unchanged",
        "base-creditnote-correction.xml": "unchanged",
    }
    reasons = [action.reason for action in actions(report)]
    assert reasons == [
        "already imported from this file, unchanged",
        "credit note Snippet1 already applied to case C-2026-0001",
    ]
    assert ledger_files(db) == before


def test_a_reused_invoice_number_with_other_amounts_is_refused(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [UBL_FIXTURES / "base-example.xml"])
    before = ledger_files(db)
    report = import_files(db, [UBL_FIXTURES / "Vat-category-S.xml"])
    assert not report.ok and file_status(report) == {"Vat-category-S.xml": "refused"}
    [problem] = report.files[0].plan.problems
    assert "invoice Snippet1 is already case C-2026-0001 for 1,656.25 EUR" in problem
    assert "8,550.00 EUR" in problem
    assert ledger_files(db) == before


def test_same_name_other_vat_number_is_refused_not_merged(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [UBL_FIXTURES / "base-example.xml"])
    report = import_files(db, [UBL_FIXTURES / "GR-base-example-correct.xml"])
    [problem] = report.files[0].plan.problems
    assert "customer CUS-0001 is also called 'Buyer Official Name'" in problem
    assert "SE4598375937" in problem and "EL061828591" in problem


def test_all_fixtures_in_one_run(tmp_path):
    """Most fixtures reuse invoice Snippet1 for one buyer: the first opens the case, the
    others are refused as different documents with the same number, and the corrections
    that name Snippet1 (without an issue date) are reported, not applied: five different
    invoices carry that number (issue 18, item 2)."""
    db = tmp_path / "ledger.json"
    first = UBL_FIXTURES / "base-example.xml"
    others = sorted(p for p in UBL_FIXTURES.glob("*.xml") if p != first)
    report = import_files(db, [first, *others])
    status = file_status(report)
    assert status == {
        "base-example.xml": "imported",
        "Allowance-example.xml": "refused",  # Snippet1 again, other amount
        "GR-base-example-correct.xml": "refused",  # same name, other VAT number
        "Norwegian-example-1.xml": "imported",
        "Vat-category-S.xml": "refused",
        "direct-debit.xml": "refused",
        "payment1.xml": "refused",
        "vat-category-E.xml": "imported",
        # Same Peppol id as the Norwegian buyer: recognised as that customer.
        "vat-category-O.xml": "imported",
        "Snippet-cn.xml": "unchanged",
        "base-creditnote-correction.xml": "unchanged",
        "base-negative-inv-correction.xml": "unchanged",
    }
    names = ("base-creditnote-correction.xml", "base-negative-inv-correction.xml")
    corrections = [a for a in actions(report) if a.source.endswith(names)]
    assert len(corrections) == 2
    for action in corrections:
        assert action.kind == "skip" and action.attention
        assert "which one it corrects is not clear, so it is not applied" in action.reason
    with read_ledger(db) as ledger:
        cases = {case.invoice: case for case in ledger.cases()}
        assert set(cases) == {"Snippet1", "TOSL108", "Vat-Z", "Vat-O"}
        assert not cases["Snippet1"].is_closed
        assert cases["Snippet1"].outstanding.amount == Decimal("1656.25")
        assert cases["Vat-O"].customer_id == cases["TOSL108"].customer_id
        assert len(ledger.customers()) == 3


def test_credit_note_for_two_invoices_is_spread_in_order(tmp_path):
    """Snippet-cn.xml credits 4000.00 against invoices 123 (of 2017-10-20, as the credit
    note says) and 124 of its buyer."""
    db = tmp_path / "ledger.json"
    invoices = tmp_path / "invoices.csv"
    invoices.write_text(
        "Invoice Number,Customer,VAT Number,Invoice Date,Due Date,Amount Due\n"
        "123,Buyer Official Name,SE459837593701,2017-10-20,2017-11-19,1000.00\n"
        "124,Buyer Official Name,SE459837593701,2017-10-15,2017-11-14,5000.00\n",
        encoding="utf-8",
    )
    import_files(db, [invoices])
    report = import_files(db, [UBL_FIXTURES / "Snippet-cn.xml"])
    [credit] = actions(report)
    assert credit.kind == "credit" and credit.match == "vat"
    assert [write.case_ref for write in credit.writes] == ["C-2026-0001", "C-2026-0002"]
    with read_ledger(db) as ledger:
        first, second = ledger.case("123"), ledger.case("124")
        assert first.credited.amount == Decimal("1000.00") and first.is_closed
        assert first.closed.reason is CloseReason.CREDITED
        assert second.credited.amount == Decimal("3000.00") and not second.is_closed
        assert second.outstanding.amount == Decimal("2000.00")
    again = import_files(db, [UBL_FIXTURES / "Snippet-cn.xml"])
    assert "already applied" in actions(again)[0].reason


def test_credit_larger_than_the_balance_closes_and_warns(tmp_path):
    db = tmp_path / "ledger.json"
    invoices = tmp_path / "invoices.csv"
    invoices.write_text(
        "Invoice Number,Customer,VAT Number,Invoice Date,Due Date,Amount Due\n"
        "Snippet1,Buyer Official Name,SE4598375937,2017-11-13,2017-12-01,1000.00\n",
        encoding="utf-8",
    )
    import_files(db, [invoices])
    report = import_files(db, [UBL_FIXTURES / "base-creditnote-correction.xml"])
    [credit] = actions(report)
    assert any("may be owed a refund" in warning for warning in credit.warnings)
    with read_ledger(db) as ledger:
        case = ledger.case("Snippet1")
        assert case.outstanding.amount == Decimal("-656.25") and case.is_closed


def test_the_issue_reproduction_credits_land_nowhere_rather_than_on_the_wrong_invoice(tmp_path):
    """Issue 18 item 2, as reported: importing the whole fixture folder opened Snippet1 from
    Allowance-example.xml, refused base-example.xml as a reused number, then applied both
    corrections of base-example's 1,656.25 to the Allowance case (6,125.00 -> 2,812.50)."""
    db = tmp_path / "ledger.json"
    report = import_files(db, sorted(UBL_FIXTURES.glob("*.xml")))
    assert file_status(report)["base-example.xml"] == "refused"
    assert not actions(report, "credit")
    with read_ledger(db) as ledger:
        case = ledger.case("Snippet1")
        assert case.outstanding.amount == Decimal("6125.00")  # PayableAmount of Allowance
        assert not [e for e in case.timeline() if isinstance(e, Credit)]


BILLING_REFERENCE = "<cbc:ID>Snippet1</cbc:ID>\n        </cac:InvoiceDocumentReference>"


def _credit_note_dated(tmp_path, issued: str):
    data = ubl_bytes("base-creditnote-correction.xml").decode()
    assert BILLING_REFERENCE in data
    dated = data.replace(
        BILLING_REFERENCE,
        f"<cbc:ID>Snippet1</cbc:ID><cbc:IssueDate>{issued}</cbc:IssueDate>\n"
        "        </cac:InvoiceDocumentReference>",
    )
    path = tmp_path / f"credit-{issued}.xml"
    path.write_text(dated, encoding="utf-8")
    return path


def test_a_credit_note_is_applied_only_to_the_invoice_of_the_date_it_names(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [UBL_FIXTURES / "base-example.xml"])
    other_day = import_files(db, [_credit_note_dated(tmp_path, "2017-11-14")])
    [skip] = actions(other_day)
    assert skip.kind == "skip" and skip.attention
    assert "is for invoice Snippet1 of 2017-11-14" in skip.reason
    assert "is invoice Snippet1 of 2017-11-13: not applied" in skip.reason
    same_day = import_files(db, [_credit_note_dated(tmp_path, "2017-11-13")])
    [credit] = actions(same_day)
    assert credit.kind == "credit"
    with read_ledger(db) as ledger:
        assert ledger.case("Snippet1").closed.reason is CloseReason.CREDITED


def test_the_issue_date_picks_the_invoice_when_the_number_is_reused(tmp_path):
    """Two invoices numbered Snippet1 in one run (one refused as a reused number): a credit
    note naming the number and a date only one of them has is not ambiguous."""
    db = tmp_path / "ledger.json"
    later = (
        ubl_bytes("Vat-category-S.xml")
        .decode()
        .replace(
            "<cbc:IssueDate>2017-11-13</cbc:IssueDate>",
            "<cbc:IssueDate>2017-11-20</cbc:IssueDate>",
            1,
        )
    )
    other = tmp_path / "other-snippet1.xml"
    other.write_text(later, encoding="utf-8")
    report = import_files(
        db,
        [UBL_FIXTURES / "base-example.xml", other, _credit_note_dated(tmp_path, "2017-11-13")],
    )
    assert file_status(report)["other-snippet1.xml"] == "refused"
    [credit] = actions(report, "credit")
    assert credit.invoice == "Snippet1"
