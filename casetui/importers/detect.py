"""Recognise what a file is from its bytes, never from its name.

XML (UBL) when the first thing after an optional byte-order mark and whitespace is `<`
(a declaration, a comment or the root); CSV otherwise. Known binary formats and binary junk
are refused here with a message that says what the file seems to be.
"""

from __future__ import annotations

from casetui.errors import InputError
from casetui.importers.errors import FileRefused
from casetui.importers.records import FileFormat

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_FORMATS: dict[str, FileFormat] = {"ubl": "ubl", "xml": "ubl", "csv": "csv"}

# Magic numbers of files people pick by mistake, with what to do instead (`{what}` the reader
# wanted and `{instead}` where to get it: the bank reader wants a statement, not an invoice).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "is a PDF document, not {what}: {instead}"),
    (b"PK\x03\x04", "is a ZIP archive or an Excel workbook (.xlsx): save the sheet as CSV"),
    (b"\xd0\xcf\x11\xe0", "is an old Excel workbook (.xls): save the sheet as CSV"),
    (b"\x1f\x8b", "is a gzip archive: unpack it first"),
    (b"\x89PNG", "is a PNG image, not {what}"),
    (b"\xff\xd8\xff", "is a JPEG image, not {what}"),
)
INVOICE_FILES = ("an e-invoice", "import the UBL XML or a CSV export")

_SAMPLE = 8192
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def normalise_format(name: str | None) -> FileFormat | None:
    """The `--format` value: `ubl` (or `xml`), `csv`, or None to sniff."""
    if name is None or not name.strip():
        return None
    try:
        return _FORMATS[name.strip().lower()]
    except KeyError:
        raise InputError(f"unknown format {name!r} (use ubl or csv)") from None


def refuse_binary(data: bytes, source: str, *, wanted: tuple[str, str] = INVOICE_FILES) -> None:
    """Refuse empty files, known binary formats and anything that is not text. `wanted`:
    what the reader takes and where to get it, for the message."""
    if not data.strip():
        raise FileRefused(source, "the file is empty")
    for magic, message in _SIGNATURES:
        if data.startswith(magic):
            what, instead = wanted
            raise FileRefused(source, "the file " + message.format(what=what, instead=instead))
    if data.startswith(UTF16_BOMS):
        return  # UTF-16 text has a NUL in every other byte; the readers decide about it.
    sample = data[:_SAMPLE]
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if b"\x00" in sample or controls > len(sample) // 100:
        raise FileRefused(source, "the file holds binary data, not XML or CSV text")


def detect_format(data: bytes, source: str, override: str | None = None) -> FileFormat:
    refuse_binary(data, source)
    forced = normalise_format(override)
    if forced is not None:
        return forced
    head = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    if head.lstrip()[:1] == b"<":
        return "ubl"
    return "csv"
