"""The PDF letters' fonts, read and parsed once per process and shared by every letter.

fpdf2 parses a TrueType file each time a document adds it (DejaVu Sans has 6,000 glyphs:
tens of milliseconds a face) and, when it writes the document, cuts the glyphs the document
used out of the whole font, decoding and encoding each again to recompute the font's
bounds. In a batch of letters that was most of the time. Here:

- each face is parsed once (`TTFFont`: its character map, widths and metrics) and every
  document gets a light copy with the parts fpdf2 changes per document of its own: the map
  of the glyphs used, the font descriptor and the font program it cuts the subset from;
- that font program is read from bytes kept in memory, and when every glyph a letter uses
  belongs to the common alphabet (Latin with its accents, the euro and pound signs,
  typographic punctuation), from a copy already cut down to that alphabet: ten times fewer
  glyphs to cut from;
- the embedded subset keeps its glyphs as they are and the whole font's summary bounds
  (head, hhea, maxp: true bounds, if wider than the subset's own).

The letter is drawn exactly as fpdf2 draws it reading the files itself, the same text and
the same pixels (a test holds this), and the same draft still gives the same bytes.
"""

from __future__ import annotations

import copy
import io
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset, ttLib
from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont

# The common alphabet: Basic Latin, Latin-1, Latin Extended-A and -B (ł, ő, ș...), general
# punctuation (dashes, quotes, bullet, ellipsis) and the euro sign. Names in other scripts
# are drawn too: their letters are cut from the whole font.
_COMMON_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x2010, 0x203A), (0x20AC, 0x20AC))
COMMON_ALPHABET = frozenset(chr(c) for low, high in _COMMON_RANGES for c in range(low, high + 1))

# Tables fpdf2 leaves out of the fonts it embeds (fpdf/output.py, `_add_fonts`). The common
# cut drops no more than these, so a subset cut from it holds what one cut from the whole
# font holds.
_DROPPED_BY_FPDF = (
    "FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix",
    "CBDT", "CBLC", "EBDT", "EBLC", "EBSC", "SVG ", "CPAL", "COLR",
)  # fmt: skip


def _program(data: bytes) -> ttLib.TTFont:
    """A font program to cut a subset from (fpdf2 changes it in place, then closes it).
    Its glyphs are copied as they are: recomputing the bounds would decode every one."""
    return ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True)


def _cut(data: bytes, glyphs: list[str]) -> bytes:
    """The font cut down to `glyphs`, keeping the glyph names (fpdf2 finds glyphs by name)."""
    options = subset.Options(notdef_outline=True, recommended_glyphs=True, glyph_names=True)
    options.drop_tables += list(_DROPPED_BY_FPDF)
    font = _program(data)
    cutter = subset.Subsetter(options)
    cutter.populate(glyphs=glyphs)
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    font.close()
    return out.getvalue()


@dataclass(frozen=True)
class _Face:
    parsed: TTFFont  # never written: documents get copies
    whole: bytes  # the font file
    common: bytes  # the font cut down to the common alphabet
    common_glyphs: frozenset[str]

    @classmethod
    def read(cls, path: Path) -> _Face:
        parsed = TTFFont(FPDF(), path, path.stem, "")
        if parsed.color_font is not None or parsed.is_cff:
            raise ValueError(f"{path.name}: only plain TrueType faces are shared")
        parsed.ttfont.close()  # documents cut their subsets from their own programs
        whole = path.read_bytes()
        glyphs = sorted({parsed.cmap[ord(c)] for c in COMMON_ALPHABET if ord(c) in parsed.cmap})
        common = _cut(whole, glyphs)
        cut = _program(common)
        common_glyphs = frozenset(cut.getGlyphOrder())
        cut.close()
        return cls(parsed, whole, common, common_glyphs)

    def for_document(self, pdf: FPDF, fontkey: str, style: str) -> TTFFont:
        """A copy of the parsed face for one document, as `FPDF.add_font` would make it."""
        font = copy.copy(self.parsed)
        font.i = len(pdf.fonts) + 1
        font.fontkey = fontkey
        font.emphasis = TextEmphasis.coerce(style)
        # What fpdf2 changes while laying out and writing a document, each its own:
        font.cw = defaultdict(self.parsed.cw.default_factory, self.parsed.cw)
        font.desc = copy.copy(self.parsed.desc)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.ttfont = _program(self.whole)
        font.subset = SubsetMap(font)
        return font

    def program_for(self, font: TTFFont) -> ttLib.TTFont:
        """The program to cut this document's subset from: the common cut when it holds
        every glyph the document used."""
        used = set(font.subset.get_all_glyph_names())
        return _program(self.common if used <= self.common_glyphs else self.whole)


_faces: dict[Path, _Face] = {}
_lock = threading.Lock()  # letters are also rendered in the app's worker threads


def _face(path: Path) -> _Face:
    with _lock:
        face = _faces.get(path)
        if face is None:
            face = _faces[path] = _Face.read(path)
        return face


def add_font(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """`pdf.add_font(family, style, path)`, from the face parsed once per process."""
    style = "".join(sorted(style.upper()))
    fontkey = f"{family.lower()}{style}"
    if fontkey not in pdf.fonts:
        pdf.fonts[fontkey] = _face(path).for_document(pdf, fontkey, style)


def before_output(pdf: FPDF) -> None:
    """Give each shared font the program its subset is cut from; call before `output`."""
    for font in pdf.fonts.values():
        face = _faces.get(Path(font.ttffile)) if isinstance(font, TTFFont) else None
        if face is not None:
            font.ttfont.close()
            font.ttfont = face.program_for(font)
