"""Hostile and wrong files: each is refused with a clear message, and quickly."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

import pytest
from importer_helpers import REPO_ROOT, ubl_bytes

from casetui.errors import InputError
from casetui.importers import FileRefused, parse_bytes, parse_file
from casetui.importers import load as load_module

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&lol9;</cbc:ID>
</Invoice>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&xxe;</cbc:ID>
</Invoice>
"""

PLAIN_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice SYSTEM "http://example.invalid/ubl.dtd">
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>
"""

CII = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
  xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
  <rsm:ExchangedDocument><ram:ID>471102</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument>
</rsm:CrossIndustryInvoice>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY, PLAIN_DTD])
def test_any_dtd_is_refused(payload):
    with pytest.raises(FileRefused, match=r"declares a DTD") as caught:
        parse_bytes(payload, source="evil.xml")
    assert caught.value.source == "evil.xml"
    assert "root:" not in str(caught.value)  # /etc/passwd was never read


def test_billion_laughs_does_not_hang_in_a_fresh_interpreter(tmp_path):
    # Guard against a hang with a hard timeout in a child process (no wall-clock assertion
    # on speed: the timeout only stops a runaway parser from blocking the suite).
    bomb = tmp_path / "bomb"  # no extension: detection goes by content
    bomb.write_bytes(BILLION_LAUGHS)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from casetui.importers import FileRefused, parse_file
        try:
            parse_file(Path({str(bomb)!r}))
        except FileRefused as error:
            print("refused:", error)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        check=True,
    )
    assert "refused:" in done.stdout and "DTD" in done.stdout


def test_cii_is_refused_as_not_supported_yet():
    with pytest.raises(FileRefused, match=r"Cross Industry Invoice .*not support"):
        parse_bytes(CII)


def test_oversized_file_is_refused_by_size_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.truncate(25_000_000)  # sparse: instant to create
    monkeypatch.setattr(
        load_module, "detect_format", lambda *args: pytest.fail("parsed an oversized file")
    )
    opened = []
    real_open = type(big).open
    monkeypatch.setattr(
        type(big), "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k)
    )
    with pytest.raises(FileRefused, match=r"25\.0 MB, over the 20\.0 MB"):
        parse_file(big)
    assert opened == []


def test_oversized_bytes_and_a_lower_cap(tmp_path):
    with pytest.raises(FileRefused, match="import limit"):
        parse_bytes(b"<a/>" * 6_000_000)
    small = tmp_path / "small.csv"
    small.write_bytes(b"Invoice Number,Customer,Invoice Date,Balance\n" * 100)
    with pytest.raises(FileRefused, match="import limit"):
        parse_file(small, max_bytes=1_000)


def test_random_binary_is_refused():
    junk = random.Random(2026).randbytes(64_000)
    with pytest.raises(FileRefused, match="binary data"):
        parse_bytes(junk)
    with pytest.raises(FileRefused, match="binary data"):
        parse_bytes(junk, format="csv")


@pytest.mark.parametrize("content", [b"", b"   \r\n\t \n"])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(FileRefused, match="empty"):
        parse_file(path)


def test_pdf_renamed_to_xml_is_refused(tmp_path):
    path = tmp_path / "invoice.xml"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    with pytest.raises(FileRefused, match="is a PDF document"):
        parse_file(path)
    with pytest.raises(FileRefused, match="is a PDF document"):
        parse_file(path, format="ubl")


def test_an_amount_beyond_what_casetui_takes_is_a_row_error_not_a_traceback():
    """Regression: 29 digits in a CSV cell or a UBL total ran out of Decimal's 28 when the
    amount was rounded: `casetui import` ended in an InvalidOperation traceback."""
    huge = "9" * 29
    rows = "Invoice Number;Customer;Invoice Date;Due Date;Balance\n"
    rows += f"A-1;Acme;2026-03-01;2026-03-31;{huge},00\n"
    result = parse_bytes(rows.encode(), source="huge.csv")
    assert [(problem.line, problem.reason) for problem in result.errors] == [
        (2, f"Balance: '{huge},00' is more than casetui takes (at most 999,999,999,999.99)")
    ]
    ubl = ubl_bytes("base-example.xml").replace(b">1656.25<", f">{huge}<".encode())
    result = parse_bytes(ubl, source="huge.xml")
    assert not result.ok
    assert any("is more than casetui takes" in problem.reason for problem in result.errors)


def test_workbook_is_refused_with_advice():
    with pytest.raises(FileRefused, match="save the sheet as CSV"):
        parse_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))


def test_non_utf8_xml_is_refused():
    latin = ubl_bytes("base-example.xml").replace(b"Lisa Johnson", "Lïsa".encode("latin-1"))
    with pytest.raises(FileRefused, match="not valid UTF-8"):
        parse_bytes(latin)
    declared = b'<?xml version="1.0" encoding="ISO-8859-1"?><Invoice/>'
    with pytest.raises(FileRefused, match="ISO-8859-1"):
        parse_bytes(declared)
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><Invoice/>'.encode("utf-16")
    with pytest.raises(FileRefused, match="UTF-16"):
        parse_bytes(utf16)


def test_malformed_xml_is_refused():
    with pytest.raises(FileRefused, match="not well-formed XML"):
        parse_bytes(ubl_bytes("base-example.xml")[:-20])


def test_bom_and_leading_comment_are_fine():
    data = (
        b"\xef\xbb\xbf  \n<!-- exported by a tool -->\n"
        + ubl_bytes("base-example.xml").split(b"?>", 1)[1]
    )
    assert parse_bytes(data).documents[0].number == "Snippet1"


def test_missing_file_and_folder_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "nope.xml")
    with pytest.raises(InputError, match="folder"):
        parse_file(tmp_path)


def test_format_override():
    csv_text = b"<Invoice Number>,Customer,Invoice Date,Balance\nA1,Acme,2026-01-05,10.00\n"
    with pytest.raises(FileRefused, match="not well-formed"):
        parse_bytes(csv_text)  # sniffed as XML
    result = parse_bytes(csv_text, format="csv", mapping={"invoice_number": "<Invoice Number>"})
    assert result.format == "csv" and result.documents[0].number == "A1"
    with pytest.raises(InputError, match="unknown format"):
        parse_bytes(csv_text, format="xlsx")


def test_absurd_nesting_is_refused():
    data = (
        b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">'
        + b"<a>" * 200_000
        + b"</a>" * 200_000
        + b"</Invoice>"
    )
    with pytest.raises(FileRefused, match="nested more than 64 levels"):
        parse_bytes(data)


def test_text_cut_by_many_comments_is_joined():
    # The stock ElementTree builder takes quadratic time here; ours joins once.
    data = (
        b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
        b'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        b"<cbc:ID>" + b"1<!--c-->" * 50_000 + b"</cbc:ID></Invoice>"
    )
    result = parse_bytes(data)
    assert not result.ok  # no date, buyer, ... but the number was read in one piece
    assert not any("cbc:ID" in problem.reason for problem in result.errors)
