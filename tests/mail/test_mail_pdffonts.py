"""The letters' fonts are parsed once per process and shared; the letters look exactly like
the ones fpdf2 makes reading the font files itself."""

from __future__ import annotations

import dataclasses
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import TTFFont
from mail_helpers import BE_BUSINESS

from casetui.ledger import Ledger
from casetui.letters import pdffonts, prepare_letter
from casetui.letters.pdf import render_pdf
from casetui.profile import Profile
from tests.support import TODAY

GREEK_AND_CYRILLIC = "Αθηνά Παπαδοπούλου / Ольга Кузнецова"


def _fpdf_reads_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fonts added the plain fpdf2 way: each document reads and parses the files."""

    def plain(pdf: FPDF, family: str, style: str, path: Path) -> None:
        if f"{family.lower()}{style}" not in pdf.fonts:
            pdf.add_font(family, style, str(path))

    monkeypatch.setattr(pdffonts, "add_font", plain)
    monkeypatch.setattr(pdffonts, "before_output", lambda pdf: None)


def _renamed(ledger: Ledger, name: str) -> None:
    customer = ledger.customer(ledger.case(BE_BUSINESS).customer_id)
    ledger.update_customer(dataclasses.replace(customer, name=name))


def _text_and_pixels(data: bytes) -> list[tuple[str, bytes]]:
    """Each page's text and its picture at 100 dpi."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    document = pypdfium2.PdfDocument(data)
    return [
        (page.extract_text(), document[number].render(scale=100 / 72).to_pil().tobytes())
        for number, page in enumerate(reader.pages)
    ]


def _embedded_glyphs(data: bytes) -> dict[str, int]:
    """Each embedded font and the number of glyphs in its subset."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            cid = font.get_object()["/DescendantFonts"][0].get_object()
            program = cid["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
            found[str(font["/BaseFont"])] = len(TTFont(io.BytesIO(program)).getGlyphOrder())
    return found


@pytest.mark.parametrize(
    ("kind", "lang", "name"),
    [
        ("reminder", "nl", ""),  # every glyph in the common alphabet
        ("formal-notice", "fr", "Çağlar Łukasiewicz-Brontë & Søn"),
        ("reminder", "en", GREEK_AND_CYRILLIC),  # glyphs cut from the whole font
        ("handover", "en", ""),  # the monospaced face too
    ],
)
def test_the_letter_is_drawn_exactly_as_fpdf2_draws_it_on_its_own(
    ledger: Ledger,
    profile: Profile,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    lang: str,
    name: str,
) -> None:
    if name:
        _renamed(ledger, name)
    draft = prepare_letter(ledger, BE_BUSINESS, kind, profile=profile, sent_on=TODAY, lang=lang)
    shared = [render_pdf(draft, window="right") for _ in range(2)]
    with monkeypatch.context() as patch:
        _fpdf_reads_the_files(patch)
        alone = render_pdf(draft, window="right")
    assert shared[0] == shared[1]  # the same draft, the same bytes
    assert _text_and_pixels(shared[0]) == _text_and_pixels(alone)
    assert _embedded_glyphs(shared[0]) == _embedded_glyphs(alone)  # subsets, not whole fonts


def test_names_outside_the_common_alphabet_are_drawn(ledger: Ledger, profile: Profile) -> None:
    _renamed(ledger, GREEK_AND_CYRILLIC)
    draft = prepare_letter(ledger, BE_BUSINESS, "reminder", profile=profile, sent_on=TODAY)
    assert not set(GREEK_AND_CYRILLIC) <= pdffonts.COMMON_ALPHABET
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(draft, window="right")))
    text = " ".join(reader.pages[0].extract_text().split())
    assert GREEK_AND_CYRILLIC in text


def test_each_face_is_parsed_once_per_process(
    ledger: Ledger, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = prepare_letter(ledger, BE_BUSINESS, "reminder", profile=profile, sent_on=TODAY)
    first = render_pdf(draft, window="right")

    def parse_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a font file was parsed again")

    monkeypatch.setattr(TTFFont, "__init__", parse_again)
    assert render_pdf(draft, window="right") == first


def test_the_first_letter_of_a_process_is_the_same_as_the_next_ones(
    ledger: Ledger, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = prepare_letter(ledger, BE_BUSINESS, "reminder", profile=profile, sent_on=TODAY)
    later = render_pdf(draft, window="right")
    monkeypatch.setattr(pdffonts, "_faces", {})  # as in a fresh process: nothing parsed yet
    assert render_pdf(draft, window="right") == later  # evidence can be checked any time


def test_letters_rendered_at_the_same_time_in_threads_are_unchanged(
    ledger: Ledger, profile: Profile
) -> None:
    kinds = ["reminder", "second-reminder", "formal-notice", "handover"] * 2
    drafts = [
        prepare_letter(ledger, BE_BUSINESS, kind, profile=profile, sent_on=TODAY) for kind in kinds
    ]
    alone = [render_pdf(draft, window="left") for draft in drafts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda draft: render_pdf(draft, window="left"), drafts))
    assert together == alone
