"""CSV invoice lists imported into a ledger: tools' exports, re-imports, newer exports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from importer_helpers import (
    DATA,
    IMPORT_DAY,
    UBL_FIXTURES,
    actions,
    file_status,
    import_files,
    ledger_files,
    plan_files,
    read_ledger,
)

from casetui.errors import OperationalError
from casetui.importers import (
    ImportInterrupted,
    StalePlan,
    apply_import,
    parse_files,
    plan_import,
)
from casetui.importers import apply as apply_module
from casetui.ledger import Ledger
from casetui.model import Amended, Closed, CloseReason, Customer, Note, Payment
from casetui.money import Money

# file -> ({invoice: (outstanding, currency)}, skipped lines, options)
TOOLS = {
    "invoiceninja.csv": (
        {"2026-0041": ("1210.00", "EUR"), "2026-0042": ("1000.00", "EUR"),
         "2026-0045": ("1500.00", "GBP")},
        [4, 5, 7],
        {},
    ),
    "odoo.csv": (
        # The credit note RINV/2026/00003 (121.00) reduces INV/2026/00017 in the same file.
        {"INV/2026/00017": ("1089.00", "EUR"), "INV/2026/00018": ("305.00", "EUR")},
        [5, 6],
        {},
    ),
    "zoho.csv": (
        {"INV-000051": ("1815.00", "EUR"), "INV-000052": ("726.00", "EUR")},
        [7],
        {},
    ),
    "quickbooks_open_invoices.csv": (
        {"1001": ("1500.00", "USD"), "1002": ("200.00", "USD"), "1003": ("3210.50", "USD")},
        [9, 10],  # the unlinked credit memo (flagged) and the payment row
        {"default_currency": "USD"},
    ),
    "xero.csv": (
        {"INV-0107": ("1440.00", "GBP"), "INV-0108": ("230.00", "GBP")},  # 350 - CN-0012
        [6],
        {},
    ),
    "freshbooks.csv": (
        {"0000123": ("1306.80", "EUR"), "0000125": ("363.00", "EUR")},
        [4],
        {"default_terms_days": 14},
    ),
    "nl_be_excel.csv": (
        {"F2026-101": ("1210.00", "EUR"), "F2026-102": ("420.50", "EUR"),
         "F2026-103": ("12100.00", "EUR")},
        [5],
        {},
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_each_tool_export_imports(tmp_path, name):
    expected, skipped, options = TOOLS[name]
    db = tmp_path / "ledger.json"
    report = import_files(db, [DATA / name], **options)
    assert report.ok and file_status(report) == {name: "imported"}
    assert sorted(a.line for a in actions(report, "skip")) == skipped
    with read_ledger(db) as ledger:
        cases = {case.invoice: case for case in ledger.cases()}
        got = {
            number: (f"{case.outstanding.amount:f}", case.currency)
            for number, case in cases.items()
        }
        assert got == expected
        for case in cases.values():
            assert case.source == f"import:{report.files[0].plan.sha256}"
            notes = [e.text for e in case.timeline() if isinstance(e, Note)]
            assert f"evidence/{report.files[0].plan.sha256}.csv" in notes[0]
            assert f"{name} (CSV row " in notes[0]
    assert (tmp_path / "evidence" / f"{report.files[0].plan.sha256}.csv").read_bytes() == (
        DATA / name
    ).read_bytes()


def test_invoice_ninja_fields(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "invoiceninja.csv"])
    with read_ledger(db) as ledger:
        case = ledger.case("2026-0041")
        customer = ledger.customer(case.customer_id)
        assert (case.issued, case.due, case.reference) == (
            date(2026, 6, 2),
            date(2026, 7, 2),
            "PO-7781",
        )
        assert (customer.name, customer.vat, customer.email) == (
            "Brouwerij De Kroon BV",
            "BE0123456749",
            "boekhouding@dekroon.be",
        )
        assert len(ledger.customers()) == 3  # the draft, paid and cancelled rows add none


def test_xero_address_and_country(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "xero.csv"])
    with read_ledger(db) as ledger:
        customer = ledger.find_customer("Harbour Lights Ltd")
        assert customer.address == "12 Quay Street\nUnit 4\nBristol\nBS1 4DJ"
        assert (customer.country, customer.email) == ("GB", "ap@harbourlights.co.uk")
        assert ledger.find_customer("Maison Dupont") is None  # not in this file


def test_zoho_country_name_becomes_a_code(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "zoho.csv"])
    with read_ledger(db) as ledger:
        assert ledger.find_customer("Vandenberghe & Zonen").country == "BE"
        assert ledger.find_customer("Maison Dupont").country == "FR"


def test_freshbooks_default_due_date_is_noted(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "freshbooks.csv"], default_terms_days=14)
    with read_ledger(db) as ledger:
        case = ledger.case("0000123")
        assert case.due == date(2026, 6, 22)
        notes = [e.text for e in case.timeline() if isinstance(e, Note)]
        assert notes[1] == (
            "Due date 2026-06-22 derived: the file gives no due date or payment terms, so the "
            "default term of 14 days after the issue date was used. Check it."
        )


def test_quickbooks_credit_memo_without_invoice_is_flagged(tmp_path):
    report = import_files(
        tmp_path / "ledger.json", [DATA / "quickbooks_open_invoices.csv"], default_currency="USD"
    )
    [memo] = [a for a in actions(report, "skip") if a.invoice == "CM-7"]
    assert memo.attention and memo.customer == "Acme Corp"
    assert "names no invoice it corrects: not applied" in memo.reason


def test_reimporting_every_sample_changes_nothing(tmp_path):
    db = tmp_path / "ledger.json"
    files = [DATA / name for name in sorted(TOOLS)] + [UBL_FIXTURES / "base-example.xml"]
    first = import_files(db, files)
    assert first.ok and not first.dry_run
    before = ledger_files(db)
    evidence = sorted((tmp_path / "evidence").iterdir())
    again = import_files(db, files)
    assert again.ok
    assert set(file_status(again).values()) == {"unchanged"}
    assert not actions(again, "create") and not actions(again, "update")
    # Nothing to look at either, but the credit memo that never named its invoice.
    assert [a.invoice for a in actions(again) if a.attention] == ["CM-7"]
    assert ledger_files(db) == before
    assert sorted((tmp_path / "evidence").iterdir()) == evidence


NINJA_HEADER = (
    "Client Name,Client VAT Number,Contact Email,Invoice Number,Invoice Amount,"
    "Invoice Balance,Invoice Paid to Date,Invoice PO Number,Invoice Date,Invoice Due Date,"
    "Invoice Terms,Invoice Status,Client Currency\n"
)
NEWER_EXPORT = NINJA_HEADER + (
    # 0041: 710 paid since, and the due date moved a month.
    'Brouwerij De Kroon BV,BE0123456749,boekhouding@dekroon.be,2026-0041,"1,210.00",'
    "500.00,710.00,PO-7781,2026-06-02,2026-08-02,Payment within 30 days,Partial,EUR\n"
    # 0042: paid in full (status Paid).
    'Atelier Lumière SRL,BE0987654321,compta@lumiere.be,2026-0042,"2,420.00",0.00,'
    '"2,420.00",,2026-06-10,2026-07-10,,Paid,EUR\n'
    # 0045: nothing outstanding any more, status not updated.
    'Kingsway Ltd,GB123456789,accounts@kingsway.co.uk,2026-0045,"1,500.00",0.00,'
    '"1,500.00",,2026-06-20,2026-07-20,,Overdue,GBP\n'
)


def test_a_newer_export_records_payments_closes_paid_cases_and_moves_due_dates(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "invoiceninja.csv"], today=date(2026, 7, 1))
    newer = tmp_path / "newer.csv"
    newer.write_text(NEWER_EXPORT, encoding="utf-8")
    report = import_files(db, [newer])
    assert report.ok
    updates = {action.invoice: action for action in actions(report, "update")}
    assert set(updates) == {"2026-0041", "2026-0042", "2026-0045"}
    assert "payment of 710.00 EUR recorded" in updates["2026-0041"].reason
    assert "due date 2026-07-02 -> 2026-08-02" in updates["2026-0041"].reason
    with read_ledger(db) as ledger:
        part = ledger.case("2026-0041")
        assert part.outstanding.amount == Decimal("500.00") and not part.is_closed
        assert part.due == date(2026, 8, 2)
        [payment] = [e for e in part.timeline() if isinstance(e, Payment)]
        assert (payment.amount.amount, payment.date, payment.method) == (
            Decimal("710.00"),
            IMPORT_DAY,
            "import",
        )
        [amended] = [e for e in part.timeline() if isinstance(e, Amended)]
        assert amended.due == date(2026, 8, 2) and "newer.csv line 2" in amended.note
        # 2026-0042 was imported partly paid (2,420.00 invoiced, 1,000.00 open).
        for number, paid in (("2026-0042", "2420.00"), ("2026-0045", "1500.00")):
            case = ledger.case(number)
            assert case.closed is not None and case.closed.reason is CloseReason.PAID
            assert case.outstanding.amount == 0 and case.paid.amount == Decimal(paid)
            [closed] = [e for e in case.timeline() if isinstance(e, Closed)]
            assert closed.date == IMPORT_DAY and "newer.csv line" in closed.note
    # The newer export again: nothing new.
    before = ledger_files(db)
    again = import_files(db, [newer])
    assert file_status(again) == {"newer.csv": "unchanged"}
    assert ledger_files(db) == before


def test_higher_balance_in_the_file_than_in_the_ledger(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "invoiceninja.csv"])
    with Ledger.open(db, backup=False) as ledger:
        case = ledger.case("2026-0041")
        ledger.append(case.id, Payment(date=IMPORT_DAY, amount=Money(Decimal("200.00"), "EUR")))
    before = ledger_files(db)
    report = import_files(db, [DATA / "invoiceninja.csv"])
    [flagged] = [a for a in actions(report) if a.invoice == "2026-0041"]
    assert flagged.kind == "skip" and flagged.attention
    assert "the file shows 1,210.00 EUR outstanding, the case 1,010.00 EUR" in flagged.reason
    assert ledger_files(db) == before


def test_closed_case_still_open_in_the_file_and_a_cancelled_invoice(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "invoiceninja.csv"])
    with Ledger.open(db, backup=False) as ledger:
        ledger.append(
            ledger.case("2026-0045").id, Closed(date=IMPORT_DAY, reason=CloseReason.SETTLED)
        )
    cancelled = tmp_path / "cancelled.csv"
    cancelled.write_text(
        NINJA_HEADER + 'Brouwerij De Kroon BV,BE0123456749,,2026-0041,"1,210.00","1,210.00",0.00,,'
        "2026-06-02,2026-07-02,,Cancelled,EUR\n"
        + 'Kingsway Ltd,GB123456789,,2026-0045,"1,500.00","1,500.00",0.00,,2026-06-20,'
        "2026-07-20,,Overdue,GBP\n",
        encoding="utf-8",
    )
    before = ledger_files(db)
    report = import_files(db, [cancelled])
    by_invoice = {a.invoice: a for a in actions(report)}
    assert by_invoice["2026-0041"].attention
    assert "close it by hand if the invoice was cancelled" in by_invoice["2026-0041"].reason
    assert by_invoice["2026-0045"].attention
    assert "is closed (settled)" in by_invoice["2026-0045"].reason
    assert ledger_files(db) == before


BAD_ROWS = NINJA_HEADER + (
    "Good One BV,,,A-1,100.00,100.00,0.00,,2026-06-01,2026-07-01,,Sent,EUR\n"
    "Bad Date BV,,,A-2,100.00,100.00,0.00,,2026-02-31,2026-07-01,,Sent,EUR\n"
    "Good Two BV,,,A-3,100.00,100.00,0.00,,2026-06-01,2026-07-01,,Sent,EUR\n"
    "Bad Amount BV,,,A-4,100.00,lots,0.00,,2026-06-01,2026-07-01,,Sent,EUR\n"
)


def test_a_file_with_bad_rows_imports_nothing_and_names_each_line(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "zoho.csv"])
    before = ledger_files(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_ROWS, encoding="utf-8")
    report = import_files(db, [bad, DATA / "odoo.csv"])
    assert not report.ok
    assert file_status(report) == {"bad.csv": "refused", "odoo.csv": "imported"}
    problems = report.files[0].plan.problems
    assert [p.split(": ", 1)[0] for p in problems] == [f"{bad}:3", f"{bad}:5"]
    assert "Invoice Date" in problems[0] and "Invoice Balance" in problems[1]
    assert report.summary()["errors"] == 2
    with read_ledger(db) as ledger:
        numbers = {case.invoice for case in ledger.cases()}
        assert not numbers & {"A-1", "A-3"}  # the good rows of the bad file stayed out
        assert ledger.find_customer("Good One BV") is None
    # Only the good file's work was added.
    bad_only = import_files(db, [bad])
    assert file_status(bad_only) == {"bad.csv": "refused"}
    assert ledger_files(db) != before


def test_refused_file_leaves_nothing_for_the_next_file_to_build_on(tmp_path):
    db = tmp_path / "ledger.json"
    first = tmp_path / "first.csv"
    first.write_text(BAD_ROWS, encoding="utf-8")  # would create "Good One BV"
    second = tmp_path / "second.csv"
    second.write_text(
        NINJA_HEADER + "Good One BV,,,B-1,50.00,50.00,0.00,,2026-06-01,2026-07-01,,Sent,EUR\n",
        encoding="utf-8",
    )
    report = import_files(db, [first, second])
    [create] = actions(report.files[1].plan, "create")
    assert create.new_customer is not None and create.match == "new"
    assert report.files[1].plan.depends_on == ()


def test_same_name_other_vat_in_a_csv_is_an_error(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "invoiceninja.csv"])
    other = tmp_path / "other.csv"
    other.write_text(
        NINJA_HEADER + "Kingsway Ltd,GB999999973,,K-1,10.00,10.00,0.00,,2026-06-01,2026-07-01,,"
        "Sent,GBP\n",
        encoding="utf-8",
    )
    report = import_files(db, [other])
    [problem] = report.files[0].plan.problems
    assert problem.startswith(f"{other}:2: customer CUS-0003 is also called 'Kingsway Ltd'")


def test_dry_plan_writes_nothing_and_needs_no_ledger_file(tmp_path):
    db = tmp_path / "ledger.json"
    plan = plan_files(db, [DATA / "odoo.csv"])
    assert plan.has_writes and plan.ok
    assert [a.kind for a in actions(plan)] == ["create", "create", "credit", "skip", "skip"]
    create = actions(plan, "create")[0]
    assert create.case_ref.startswith("new:") and create.new_customer.name == "Bakkerij Peeters"
    assert create.opened.amount.amount == Decimal("1210.00")
    credit = actions(plan, "credit")[0]
    assert credit.writes[0].case_ref == create.case_ref
    assert list(tmp_path.iterdir()) == []


def test_a_plan_is_refused_once_the_ledger_changed(tmp_path):
    db = tmp_path / "ledger.json"
    loaded = parse_files([DATA / "zoho.csv"])
    with Ledger.open(db, backup=False) as ledger:
        plan = plan_import(ledger, loaded.items, today=IMPORT_DAY, contents=dict(loaded.contents))
        ledger.add_customer(Customer(id="", name="Someone Else"))
        with pytest.raises(StalePlan, match="plan it again"):
            apply_import(ledger, plan, today=IMPORT_DAY)
        with pytest.raises(StalePlan, match="planned for 2026-07-20"):
            apply_import(ledger, plan, today=date(2026, 7, 21))


def test_a_file_that_changed_on_disk_is_not_imported_nor_what_builds_on_it(tmp_path):
    db = tmp_path / "ledger.json"
    invoice, credit = (
        UBL_FIXTURES / "base-example.xml",
        UBL_FIXTURES / "base-creditnote-correction.xml",
    )
    loaded = parse_files([invoice, credit])
    contents = dict(loaded.contents)
    sha = loaded.parses[0].sha256
    contents[sha] = contents[sha] + b"<!-- changed -->"
    with Ledger.open(db, backup=False) as ledger:
        plan = plan_import(ledger, loaded.items, today=IMPORT_DAY, contents=contents)
        report = apply_import(ledger, plan, today=IMPORT_DAY)
        assert [file.status for file in report.files] == ["failed", "failed"]
        assert "changed since it was read" in report.files[0].message
        assert "builds on" in report.files[1].message
        assert len(ledger) == 0
    assert not report.ok


def test_a_write_failure_stops_the_import_and_says_what_was_done(tmp_path, monkeypatch):
    db = tmp_path / "ledger.json"
    real = apply_module.store_evidence
    calls = []

    def failing(folder, name, data, sha256):
        calls.append(name)
        if len(calls) == 2:
            raise OperationalError("disk full while keeping a copy; the ledger is unchanged")
        return real(folder, name, data, sha256)

    monkeypatch.setattr(apply_module, "store_evidence", failing)
    with pytest.raises(ImportInterrupted, match="disk full") as caught:
        import_files(db, [DATA / "zoho.csv", DATA / "xero.csv", DATA / "odoo.csv"])
    statuses = [file.status for file in caught.value.report.files]
    assert statuses == ["imported", "failed", "failed"]
    with read_ledger(db) as ledger:
        assert {case.invoice for case in ledger.cases()} == {"INV-000051", "INV-000052"}


ODOO_HEADER = "Number,Customer,Invoice Date,Due Date,Total,Amount Due,Status,Currency,Type\n"


def test_odoo_credit_note_reconciled_later_is_not_a_payment(tmp_path):
    """The first export lists the invoice (1210 due) and its credit note (121) separately;
    the case ends at 1089. A later export where the tool has deducted the credit shows the
    invoice at 1089 and the credit note as paid: nothing changes. Then a real payment."""
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "odoo.csv"])
    later = tmp_path / "later.csv"
    later.write_text(
        ODOO_HEADER
        + "INV/2026/00017,Bakkerij Peeters,2026-06-01,2026-07-01,1210.00,1089.00,Partially Paid,"
        "EUR,Customer Invoice\n"
        + "RINV/2026/00003,Bakkerij Peeters,2026-06-10,2026-06-10,-121.00,0.00,Paid,EUR,"
        "Customer Credit Note\n",
        encoding="utf-8",
    )
    before = ledger_files(db)
    report = import_files(db, [later])
    assert file_status(report) == {"later.csv": "unchanged"}
    assert not [a for a in actions(report) if a.attention]
    assert ledger_files(db) == before
    paid = tmp_path / "paid.csv"
    paid.write_text(
        ODOO_HEADER
        + "INV/2026/00017,Bakkerij Peeters,2026-06-01,2026-07-01,1210.00,89.00,Partially Paid,"
        "EUR,Customer Invoice\n",
        encoding="utf-8",
    )
    report = import_files(db, [paid])
    [update] = actions(report, "update")
    recorded = "outstanding 1,089.00 EUR -> 89.00 EUR: payment of 1,000.00 EUR recorded"
    assert recorded in update.reason


def test_a_paid_row_reusing_the_number_of_another_year_closes_nothing(tmp_path):
    db = tmp_path / "ledger.json"
    import_files(db, [DATA / "invoiceninja.csv"])
    old = tmp_path / "old.csv"
    old.write_text(
        NINJA_HEADER + "Kingsway Ltd,GB123456789,,2026-0045,50.00,0.00,50.00,,2025-06-20,"
        "2025-07-20,,Paid,GBP\n",
        encoding="utf-8",
    )
    before = ledger_files(db)
    report = import_files(db, [old])
    [skip] = actions(report)
    assert skip.kind == "skip" and skip.attention
    assert "(issued 2026-06-20) is not this invoice (issued 2025-06-20): left open" in skip.reason
    assert ledger_files(db) == before


PARTLY_PAID = (
    "Factuurnummer;Klant;Factuurdatum;Vervaldatum;Totaal;Openstaand\n"
    "2026-102;Studio Noord BV;15/06/2026;15/07/2026;375,50;175,50\n"
)


def test_a_partly_paid_row_keeps_its_invoice_total(tmp_path, monkeypatch):
    """Issue 18 item 1: `375,50;175,50` (total; open) opens a case invoiced at 375.50 with
    200.00 already paid, and the letter states the invoice as it was issued."""
    from casetui.letters import prepare_letter, render_draft
    from casetui.model import LetterKind
    from casetui.profile import DEMO_PROFILE

    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    source = tmp_path / "open.csv"
    source.write_text(PARTLY_PAID, encoding="utf-8")
    db = tmp_path / "ledger.json"
    report = import_files(db, [source])
    assert report.ok
    [created] = actions(report, "create")
    assert "375.50 EUR, 200.00 EUR of it already paid" in created.reason
    with Ledger.open(db, backup=False, today=IMPORT_DAY) as ledger:
        case = ledger.case("2026-102")
        assert (case.amount.amount, case.paid.amount, case.outstanding.amount) == (
            Decimal("375.50"),
            Decimal("200.00"),
            Decimal("175.50"),
        )
        [payment] = [e for e in case.timeline() if isinstance(e, Payment)]
        assert payment.date == date(2026, 6, 15)  # the issue date: no interest on it
        notes = [e.text for e in case.timeline() if isinstance(e, Note)]
        assert any("200.00 EUR was already paid on invoice 2026-102" in n for n in notes)
        draft = prepare_letter(
            ledger,
            case.id,
            LetterKind.REMINDER,
            profile=DEMO_PROFILE,
            sent_on=IMPORT_DAY,
            lang="nl",
        )
        text = render_draft(draft, "txt")
    assert "€ 375,50" in text and "€ 175,50" in text
    assert "voor € 175,50" not in text
