"""CSV reading rules: encodings, delimiters, numbers and dates per column, --map, bad rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casetui.errors import InputError
from casetui.importers import FileRefused, parse_bytes, parse_file

HEADER = "Invoice Number,Customer,Invoice Date,Due Date,Balance"


def csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join((header, *lines)) + "\n").encode()


def amounts(result) -> list[Decimal]:
    return [document.amount for document in result.documents]


# --- encodings and delimiters -------------------------------------------------------------------


def test_cp1252_file_is_read_with_a_warning(tmp_path):
    path = tmp_path / "excel.csv"
    text = (
        "Factuurnummer;Klant;Factuurdatum;Vervaldatum;Openstaand\r\n"
        "F1;Café Élégance;01/06/2026;01/07/2026;99,95\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    result = parse_file(path)
    assert result.ok and result.encoding == "cp1252"
    assert result.documents[0].buyer.name == "Café Élégance"
    assert result.documents[0].amount == Decimal("99.95")
    assert any("Windows-1252" in warning for warning in result.warnings)


def test_utf16_with_bom_tab_separated():
    text = "Invoice Number\tCustomer\tInvoice Date\tBalance\r\nA-1\tÅsa AB\t2026-03-01\t10.50\r\n"
    result = parse_bytes(text.encode("utf-16"))
    assert (result.encoding, result.delimiter) == ("utf-16", "\t")
    assert result.documents[0].buyer.name == "Åsa AB"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(delimiter):
    text = csv("A-1,Acme NV,2026-03-01,2026-03-31,10.50").decode().replace(",", delimiter)
    result = parse_bytes(text.encode())
    assert result.delimiter == delimiter
    assert result.documents[0].number == "A-1"


def test_delimiter_override():
    text = b"Invoice Number;Customer;Invoice Date;Balance\nA-1;Acme, Inc;2026-03-01;10\n"
    assert parse_bytes(text, delimiter="semicolon").documents[0].buyer.name == "Acme, Inc"
    with pytest.raises(FileRefused, match="no header row"):
        parse_bytes(text, delimiter="tab")
    with pytest.raises(InputError, match="delimiter"):
        parse_bytes(text, delimiter="ab")


def test_preamble_rows_are_skipped_and_line_numbers_count_them():
    text = "My Company\nInvoice list\n\n" + csv("A-1,Acme,2026-03-01,2026-03-31,10.00").decode()
    result = parse_bytes(text.encode())
    assert result.header_line == 4
    assert result.documents[0].line == 5


def test_quoted_newlines_keep_line_numbers_right():
    result = parse_bytes(
        csv('A-1,"Acme\nNV",2026-03-01,2026-03-31,10.00', "A-2,Beta,2026-03-02,2026-04-01,oops")
    )
    assert result.documents[0].buyer.name == "Acme NV"
    assert [problem.line for problem in result.errors] == [4]


def test_no_header_is_refused_with_the_start_of_the_file():
    with pytest.raises(FileRefused, match=r"no header row.*'hello,world'"):
        parse_bytes(b"hello,world\n1,2\n")


# --- required columns and --map ---------------------------------------------------------------


def test_missing_required_columns_are_named_with_the_headers_found():
    with pytest.raises(FileRefused) as caught:
        parse_bytes(b"Customer,Due Date,Notes\nAcme,2026-03-31,x\n")
    message = str(caught.value)
    assert "invoice number" in message and "issue date" in message
    assert "amount outstanding" in message
    assert "'Customer', 'Due Date', 'Notes'" in message and "--map" in message


def test_missing_customer_column_without_group_rows_is_refused():
    with pytest.raises(FileRefused, match="customer name"):
        parse_bytes(b"Invoice Number,Invoice Date,Balance\nA-1,2026-03-01,10\n")


def test_map_overrides_and_names_unknown_columns():
    text = b"Ref,Debtor,Issued,Owed,Total\nA-1,Acme,2026-03-01,75.00,100.00\n"
    mapping = {
        "invoice_number": "Ref",
        "customer_name": "debtor",  # matched ignoring case
        "issue_date": "Issued",
        "outstanding": "Owed",
    }
    result = parse_bytes(text, mapping=mapping)
    assert result.ok
    document = result.documents[0]
    assert (document.number, document.buyer.name, document.amount) == (
        "A-1",
        "Acme",
        Decimal("75.00"),
    )
    assert dict(result.columns)["customer_name"] == "Debtor"


def test_map_can_take_a_column_from_another_field():
    text = csv(
        "A-1,Acme,2026-03-01,2026-03-31,10.00", header="Invoice Number,Customer,Date,Due Date,Total"
    )
    result = parse_bytes(text, mapping={"outstanding": "Total"})
    assert dict(result.columns)["outstanding"] == "Total" and "total" not in dict(result.columns)
    assert not result.documents[0].amount_derived


def test_map_errors():
    with pytest.raises(InputError, match=r"unknown field.*balanse.*known fields: invoice_number"):
        parse_bytes(csv("A-1,Acme,2026-03-01,2026-03-31,10"), mapping={"balanse": "Balance"})
    with pytest.raises(InputError, match=r"--map outstanding=Saldo: no such column.*'Balance'"):
        parse_bytes(csv("A-1,Acme,2026-03-01,2026-03-31,10"), mapping={"outstanding": "Saldo"})


def test_ambiguous_column_is_reported():
    text = b"Invoice Number,Customer,Invoice Date,Balance,Balance\nA-1,Acme,2026-03-01,5,6\n"
    result = parse_bytes(text)
    assert any("both look like the amount outstanding" in warning for warning in result.warnings)
    assert result.documents[0].amount == Decimal("5.00")


# --- amounts -------------------------------------------------------------------------------------


def test_numbers_are_decided_per_column():
    text = csv(
        "A-1,Acme,2026-03-01,2026-03-31,1.234,56",
        'A-2,Acme,2026-03-02,2026-03-31,"1.500"',
        "A-3,Acme,2026-03-03,2026-03-31,€ 12",
        header="Invoice Number,Customer,Invoice Date,Due Date,Balance,Cents",
    )
    # "1.234,56" split by the comma delimiter: Balance "1.234" is then ambiguous on its own.
    result = parse_bytes(text)
    assert amounts(result) == [Decimal("1234.00"), Decimal("1500.00"), Decimal("12.00")]
    assert any("whole thousands" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1.234,56", "12,5", "1.500"], ["1234.56", "12.50", "1500.00"]),
        (["1,234.56", "12.5", "1,500"], ["1234.56", "12.50", "1500.00"]),
        (["$1,500.00", "-$200.00", "(32.00)"], ["1500.00", "-200.00", "-32.00"]),
        (["EUR 1 234,50", "+0,10", "7"], ["1234.50", "0.10", "7.00"]),
        (["1'234.50", "200.00-", "USD12.00"], ["1234.50", "-200.00", "12.00"]),
    ],
)
def test_amount_shapes(cells, expected):
    lines = [f'A-{index},Acme,2026-03-01,2026-03-31,"{cell}"' for index, cell in enumerate(cells)]
    result = parse_bytes(csv(*lines))
    assert result.ok, result.errors
    assert amounts(result) == [Decimal(value) for value in expected]


def test_a_value_against_its_columns_decimal_separator_is_an_error():
    result = parse_bytes(
        csv('A-1,Acme,2026-03-01,2026-03-31,"12,50"', 'A-2,Acme,2026-03-01,2026-03-31,"99,95"',
            'A-3,Acme,2026-03-01,2026-03-31,"12.50"')
    )  # fmt: skip
    assert [problem.line for problem in result.errors] == [4]
    assert "decimal separator" in result.errors[0].reason


def test_negative_amount_without_type_is_a_credit_and_zero_is_skipped():
    result = parse_bytes(
        csv("A-1,Acme,2026-03-01,2026-03-31,-40.00", "A-2,Acme,2026-03-01,2026-03-31,0.00")
    )
    (credit,) = result.documents
    assert (credit.doc_type, credit.amount) == ("credit", Decimal("-40.00"))
    assert "nothing outstanding" in result.skipped[0].reason


def test_total_minus_paid_is_derived():
    header = "Invoice Number,Customer,Invoice Date,Due Date,Total,Amount Paid"
    result = parse_bytes(csv("A-1,Acme,2026-03-01,2026-03-31,121.00,21.00", header=header))
    document = result.documents[0]
    assert (document.amount, document.amount_derived) == (Decimal("100.00"), True)
    assert any("total - paid" in warning for warning in result.warnings)


def test_extra_decimals_are_rounded_with_a_warning():
    result = parse_bytes(
        csv("A-1,Acme,2026-03-01,2026-03-31,10.005", "A-2,Acme,2026-03-01,2026-03-31,1.5")
    )
    document = result.documents[0]
    assert document.amount == Decimal("10.01")
    assert any("rounded" in warning for warning in document.warnings)


def test_a_lone_three_digit_group_reads_as_thousands():
    result = parse_bytes(csv("A-1,Acme,2026-03-01,2026-03-31,10.005"))
    assert result.documents[0].amount == Decimal("10005.00")
    assert any("whole thousands" in warning for warning in result.warnings)


# --- dates ---------------------------------------------------------------------------------------


def test_ambiguous_dates_use_dayfirst_and_say_so():
    text = csv("A-1,Acme,03/04/2026,,10", "A-2,Acme,05/06/2026,,10")
    result = parse_bytes(text)
    assert [document.issue_date for document in result.documents] == [
        date(2026, 4, 3),
        date(2026, 6, 5),
    ]
    assert any(
        "'Invoice Date'" in warning and "DD/MM/YYYY" in warning and "default" in warning
        for warning in result.warnings
    )
    us = parse_bytes(text, dayfirst=False)
    assert [document.issue_date for document in us.documents] == [
        date(2026, 3, 4),
        date(2026, 5, 6),
    ]
    assert any("MM/DD/YYYY" in warning for warning in us.warnings)


def test_an_ambiguous_column_follows_a_proven_sibling():
    result = parse_bytes(csv("A-1,Acme,03/04/2026,04/15/2026,10"))
    document = result.documents[0]
    assert (document.issue_date, document.due_date) == (date(2026, 3, 4), date(2026, 4, 15))
    assert any("other date column" in warning for warning in result.warnings)


def test_a_column_proves_its_order_and_outliers_are_errors():
    result = parse_bytes(
        csv("A-1,Acme,25/03/2026,,10", "A-2,Acme,01/02/2026,,10", "A-3,Acme,02/13/2026,,10")
    )
    assert [problem.line for problem in result.errors] == [4]
    assert "DD/MM/YYYY" in result.errors[0].reason
    assert result.documents[1].issue_date == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-07-15", date(2026, 7, 15)),
        ("2026-07-15 00:00:00", date(2026, 7, 15)),
        ("2026-07-15T10:00:00Z", date(2026, 7, 15)),
        ("15 Jul 2026", date(2026, 7, 15)),
        ("15-Jul-2026", date(2026, 7, 15)),
        ("Jul 15, 2026", date(2026, 7, 15)),
        ("15 juli 2026", date(2026, 7, 15)),
        ("15 juillet 2026", date(2026, 7, 15)),
        ("15. Juli 2026", date(2026, 7, 15)),
        ("1 août 2026", date(2026, 8, 1)),
        ("15-07-2026", date(2026, 7, 15)),
        ("15.07.2026", date(2026, 7, 15)),
        ("15/07/26", date(2026, 7, 15)),
    ],
)
def test_date_shapes(cell, expected):
    result = parse_bytes(csv(f'A-1,Acme,"{cell}",,10'))
    assert result.ok, result.errors
    assert result.documents[0].issue_date == expected


def test_missing_due_date_comes_from_terms_then_the_default():
    header = "Invoice Number,Customer,Invoice Date,Due Date,Balance,Terms"
    result = parse_bytes(
        csv("A-1,Acme,2026-03-01,,10,Net 15", "A-2,Acme,2026-03-01,,10,", header=header),
        default_terms_days=45,
    )
    first, second = result.documents
    assert (first.due_date, first.due_source) == (date(2026, 3, 16), "terms")
    assert (second.due_date, second.due_source) == (date(2026, 4, 15), "default")


# --- structure, statuses, currencies -------------------------------------------------------------


def test_line_item_rows_are_grouped_by_number_and_customer():
    header = "Invoice Number,Customer,Invoice Date,Due Date,Total,Balance,Line Amount"
    result = parse_bytes(
        csv(
            "A-1,Acme,2026-03-01,2026-03-31,300.00,300.00,100.00",
            "A-1,Acme,2026-03-01,2026-03-31,300.00,300.00,200.00",
            "A-1,Other Ltd,2026-03-01,2026-03-31,50.00,50.00,50.00",
            header=header,
        )
    )
    assert [(d.number, d.buyer.name, d.amount) for d in result.documents] == [
        ("A-1", "Acme", Decimal("300.00")),
        ("A-1", "Other Ltd", Decimal("50.00")),
    ]


def test_rows_of_one_invoice_that_disagree_warn():
    result = parse_bytes(
        csv("A-1,Acme,2026-03-01,2026-03-31,300.00", "A-1,Acme,2026-03-01,2026-03-31,250.00")
    )
    (document,) = result.documents
    assert document.amount == Decimal("300.00")
    assert any("line 3" in warning and "'250.00'" in warning for warning in document.warnings)


def test_total_rows_blank_rows_and_repeated_headers_are_ignored():
    result = parse_bytes(
        csv(
            "A-1,Acme,2026-03-01,2026-03-31,10",
            ",,,,",
            HEADER,
            "Total,,,,10",
            "A-2,Beta,2026-03-01,2026-03-31,20",
            ",Total for Beta,,,20",
            "TOTAL:,,,,30",
        )
    )
    assert result.ok and [d.number for d in result.documents] == ["A-1", "A-2"]


def test_unknown_status_is_kept_with_a_warning():
    header = HEADER + ",Status"
    result = parse_bytes(csv("A-1,Acme,2026-03-01,2026-03-31,10,Escalated", header=header))
    assert any("unknown status 'Escalated'" in warning for warning in result.documents[0].warnings)


def test_currency_column_default_and_bad_codes():
    header = HEADER + ",Currency"
    result = parse_bytes(
        csv("A-1,Acme,2026-03-01,2026-03-31,10,gbp", "A-2,Acme,2026-03-01,2026-03-31,10,",
            "A-3,Acme,2026-03-01,2026-03-31,10,Euro", header=header),
        default_currency="SEK",
    )  # fmt: skip
    assert [document.currency for document in result.documents] == ["GBP", "SEK"]
    assert result.errors[0].line == 4 and "Euro" in result.errors[0].reason


def test_every_bad_row_is_reported_with_its_line_number():
    text = csv(
        "A-1,Acme,2026-03-01,2026-03-31,10.00",
        ",Acme,2026-03-02,2026-03-31,10.00",
        "A-3,,2026-03-03,2026-03-31,10.00",
        "A-4,Acme,2026-02-30,2026-03-31,10.00",
        "A-5,Acme,2026-03-05,2026-03-31,ten",
        "A-6,Acme,yesterday,2026-03-31,",
        "A-7,Acme,2026-03-07,2026-03-31,7.00",
    )
    result = parse_bytes(text, source="list.csv")
    assert not result.ok
    lines = {problem.line: problem.reason for problem in result.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7]
    assert "missing invoice number" in lines[3]
    assert "missing customer name" in lines[4]
    assert "'2026-02-30'" in lines[5] and "Invoice Date" in lines[5]
    assert "'ten'" in lines[6] and "Balance" in lines[6]
    assert "'yesterday'" in lines[7] and "missing amount" in lines[7]  # both reasons, one row
    assert str(result.errors[0]).startswith("list.csv:3: ")
    # The good rows still show in a preview, but the file as a whole is refused.
    assert [d.number for d in result.documents] == ["A-1", "A-7"]


def test_paid_rows_are_not_validated():
    header = HEADER + ",Status"
    result = parse_bytes(csv("A-1,Acme,not a date,2026-03-31,junk,Paid", header=header))
    assert result.ok and not result.documents
    assert "already paid" in result.skipped[0].reason


def test_ar_ageing_detail_buckets_are_not_customers():
    text = (
        "A/R Aging Detail\nAs of July 17, 2026\n\n"
        ",Date,Transaction Type,Num,Customer,Due Date,Amount,Open Balance\n"
        "Current,,,,,,,\n"
        ',07/10/2026,Invoice,1010,Acme Corp,08/09/2026,"1,000.00","1,000.00"\n'
        'Total for Current,,,,,,"$1,000.00","$1,000.00"\n'
        "1 - 30 days past due,,,,,,,\n"
        ",06/01/2026,Invoice,1004,Beta Ltd,07/01/2026,500.00,250.00\n"
        "Total for 1 - 30 days past due,,,,,,$500.00,$250.00\n"
        'TOTAL,,,,,,"$1,500.00","$1,250.00"\n'
    )
    result = parse_bytes(text.encode(), default_currency="USD")
    assert result.ok
    assert [(d.number, d.buyer.name, d.amount) for d in result.documents] == [
        ("1010", "Acme Corp", Decimal("1000.00")),
        ("1004", "Beta Ltd", Decimal("250.00")),
    ]


def test_excel_sep_line_and_accounting_dash_for_zero():
    text = (
        "sep=;\r\nFactuurnummer;Klant;Factuurdatum;Openstaand\r\n"
        "F1;Acme;2026-03-01;€ 12,50\r\nF2;Acme;2026-03-02;€ -\r\nF3;Acme;2026-03-03;-\r\n"
    )
    result = parse_bytes(text.encode())
    assert (result.delimiter, result.header_line) == (";", 2)
    assert amounts(result) == [Decimal("12.50")]
    assert [problem.line for problem in result.skipped] == [4, 5]


def test_a_default_term_no_date_can_hold_is_refused_before_reading():
    """Regression: `--terms-days 3000000` on a row without a due date was an OverflowError
    traceback; the app's import screen took at most 3650 days in a rule of its own."""
    rows = csv("A-1,Acme,2026-03-01,,10.00")
    with pytest.raises(InputError, match="the default term must be 0 to 3,650 days, not 3,000,000"):
        parse_bytes(rows, default_terms_days=3_000_000)
    assert parse_bytes(rows, default_terms_days=3650).documents[0].due_date == date(2036, 2, 27)
