"""PDF letters: A4, the text as a PDF reader sees it, the window, page numbers, the fonts,
and the SEPA QR code decoded from the rendered page."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import pypdf
import pypdfium2
import pytest
import zxingcpp
from mail_helpers import BE_BUSINESS

from casetui.ledger import Ledger
from casetui.letters import layout, prepare_letter
from casetui.letters.inputs import PaymentRequest
from casetui.letters.payqr import epc_payload, structured_reference
from casetui.letters.pdf import render_pdf
from casetui.model import Customer
from casetui.profile import Profile
from tests.support import TODAY

MM = 72 / 25.4  # PDF points per millimetre


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def qr_codes(data: bytes, page: int = -1) -> list[str]:
    """Every QR code a scanner finds on the rendered page (at 200 dpi)."""
    document = pypdfium2.PdfDocument(data)
    image = document[page if page >= 0 else len(document) - 1].render(scale=200 / 72).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def request(**changes: object) -> PaymentRequest:
    base = PaymentRequest(
        name="Studio Noord BV",
        iban="BE68 5390 0754 7034",
        bic="GKCCBEBB",
        amount=Decimal("99.43"),
        currency="EUR",
        reference="+++020/2649/36569+++",
        invoices=("F2026-49365",),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- EPC payload


def test_epc_payload_has_the_fields_in_the_order_of_the_standard() -> None:
    assert epc_payload(request()) == (
        "BCD\n002\n1\nSCT\nGKCCBEBB\nStudio Noord BV\nBE68539007547034\nEUR99.43\n\n020264936569"
    )


def test_an_rf_reference_is_structured_and_written_without_spaces() -> None:
    assert structured_reference("RF18 5390 0754 7034") == "RF18539007547034"
    payload = epc_payload(request(reference="RF18 5390 0754 7034"))
    assert payload is not None and payload.endswith("\nEUR99.43\n\nRF18539007547034")


def test_several_invoices_without_one_reference_are_named_in_the_text() -> None:
    payload = epc_payload(request(reference="", invoices=("F-1", "F-2")))
    assert payload is not None
    assert payload.split("\n")[9:] == ["", "F-1, F-2"]


@pytest.mark.parametrize(
    "changes",
    [
        {"currency": "GBP"},
        {"iban": "BE68 5390 0754 7035"},  # check digits wrong
        {"iban": ""},
        {"name": "  "},
        {"amount": Decimal("0")},
        {"amount": Decimal("1000000000.00")},
    ],
)
def test_no_code_when_a_bank_could_not_take_it(changes: dict[str, object]) -> None:
    assert epc_payload(request(**changes)) is None


def test_a_line_break_in_the_name_cannot_shift_the_fields() -> None:
    payload = epc_payload(request(name="Studio\nNoord\r\nBV"))
    assert payload is not None
    assert payload.split("\n")[5] == "Studio Noord BV"
    assert len(payload.split("\n")) == 10


# --------------------------------------------------------------------------- the PDF


def draft_for(ledger: Ledger, profile: Profile, kind: str = "reminder", **options: object):
    return prepare_letter(ledger, BE_BUSINESS, kind, profile=profile, sent_on=TODAY, **options)


def test_the_pdf_is_a4_with_the_letter_text_and_a_page_number(
    ledger: Ledger, profile: Profile
) -> None:
    data = render_pdf(draft_for(ledger, profile), window="right")
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)
    text = pdf_text(data)
    assert "Betalingsherinnering: factuur" in text
    assert "Bouwbedrijf Meuse BV" in text
    assert "+++020/2649/36569+++" in text
    assert "Pagina 1 van 1" in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("DejaVu" in name for name in fonts) and fonts


def test_the_same_draft_always_gives_the_same_bytes(ledger: Ledger, profile: Profile) -> None:
    draft = draft_for(ledger, profile)
    assert render_pdf(draft, window="left") == render_pdf(draft, window="left")


def test_the_qr_code_decodes_to_the_letters_payment(ledger: Ledger, profile: Profile) -> None:
    draft = draft_for(ledger, profile)
    payment = draft.header.payment
    assert payment is not None
    codes = qr_codes(render_pdf(draft, window="right"), page=0)
    assert codes == [epc_payload(payment)]
    lines = codes[0].split("\n")
    assert lines[4:8] == ["GKCCBEBB", "Studio Noord BV", "BE68539007547034", "EUR99.43"]
    assert lines[9] == "020264936569"  # the OGM of the letter, as its 12 digits


def test_a_formal_notice_asks_for_the_whole_claim(ledger: Ledger, profile: Profile) -> None:
    draft = draft_for(ledger, profile, "formal-notice")
    codes = qr_codes(render_pdf(draft, window="right"))
    assert len(codes) == 1
    amount = codes[0].split("\n")[7]
    assert amount == "EUR140.69"  # principal 99.43 + interest 1.26 + EUR 40
    assert "AANGETEKEND" in pdf_text(render_pdf(draft, window="right"))


def test_no_code_on_a_pound_letter_nor_on_the_hand_over_file(
    ledger: Ledger, profile: Profile
) -> None:
    pounds = prepare_letter(ledger, "C-2026-0031", "reminder", profile=profile, sent_on=TODAY)
    assert pounds.header.payment is not None and pounds.header.payment.currency == "GBP"
    assert qr_codes(render_pdf(pounds)) == []
    handover = draft_for(ledger, profile, "handover")
    assert handover.header.payment is None


def test_the_recipient_sits_in_the_window_of_the_chosen_side(
    ledger: Ledger, profile: Profile
) -> None:
    draft = draft_for(ledger, profile)
    for side in ("left", "right"):
        window = layout.window(side)
        page = pypdf.PdfReader(io.BytesIO(render_pdf(draft, window=side))).pages[0]
        found: list[tuple[float, float]] = []

        def visit(text: str, cm: object, tm: list[float], *_: object) -> None:
            if "Bouwbedrijf Meuse BV" in text:
                found.append((tm[4] / MM, 297 - tm[5] / MM))  # noqa: B023

        page.extract_text(visitor_text=visit)
        assert found, side
        x, y = found[0]
        assert window.left <= x < window.left + 10
        assert window.top < y < window.top + window.height


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
@pytest.mark.parametrize(
    "kind", ["reminder", "second-reminder", "formal-notice", "settlement", "handover"]
)
def test_every_kind_and_language_renders(
    ledger: Ledger, profile: Profile, kind: str, lang: str
) -> None:
    case = "C-2026-0018" if kind == "settlement" else BE_BUSINESS
    draft = prepare_letter(ledger, case, kind, profile=profile, sent_on=TODAY, lang=lang)
    text = pdf_text(render_pdf(draft, window="right"))
    assert draft.subject.split(":")[0] in text
    pages = {"en": "Page 1 of", "nl": "Pagina 1 van", "fr": "Page 1 sur", "de": "Seite 1 von"}
    assert pages[lang] in text


def test_customers_names_in_every_script_are_drawn_not_dropped(
    ledger: Ledger, profile: Profile
) -> None:
    state = ledger.case(BE_BUSINESS)
    customer = ledger.customer(state.customer_id)
    name = "Çağlar Łukasiewicz-Brontë & Søn €£ [/] <script> **bold**"
    ledger.update_customer(dataclasses.replace(customer, name=name))
    draft = draft_for(ledger, profile)
    text = " ".join(pdf_text(render_pdf(draft, window="right")).split())
    assert name in text  # wrapped inside the window, every character drawn


def test_a_long_letter_flows_onto_more_pages_with_their_numbers(
    ledger: Ledger, profile: Profile
) -> None:
    draft = draft_for(ledger, profile)
    body = draft.body + "\n\n" + "\n\n".join(f"Paragraph {n}. " + "word " * 80 for n in range(30))
    long = dataclasses.replace(draft, body=body)
    data = render_pdf(long, window="right")
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 3
    assert f"Pagina {len(pages)} van {len(pages)}" in pages[-1].extract_text()


def test_the_customer_record_is_unchanged_by_rendering(ledger: Ledger, profile: Profile) -> None:
    before = ledger.customer(ledger.case(BE_BUSINESS).customer_id)
    render_pdf(draft_for(ledger, profile))
    assert ledger.customer(before.id) == before
    assert isinstance(before, Customer)
