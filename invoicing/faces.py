"""The font faces of invoicing/fonts, each read once per process.

fpdf2's `add_font` reads a face's file, its character map and every glyph's width for each
document: about 30 ms for each of DejaVu Sans's two faces, most of a plain invoice's time,
which the job worker spends for every payment. Each face is read here once; a document takes
a copy of it with its own copies of what a document changes: the set of glyphs it uses, its
character map (`invoicing.pdf` takes the joiners out of it), its font descriptor (a PDF
object, numbered as each document writes it), and the fontTools font, which fpdf2 cuts down
to the glyphs used as it writes the file.
"""

import copy
from functools import cache
from io import BytesIO
from pathlib import Path


def add_face(pdf, family: str, style: str, path: Path) -> None:
    """What `pdf.add_font(family, style, path)` does, from the face read once."""
    from fontTools import ttLib
    from fpdf.enums import TextEmphasis
    from fpdf.fonts import SubsetMap

    read, data = _read_face(path)
    face = copy.copy(read)
    face.i = len(pdf.fonts) + 1
    face.fontkey = f"{family.lower()}{style}"
    face.emphasis = TextEmphasis.coerce(style)
    face.ttfont = ttLib.TTFont(BytesIO(data), recalcTimestamp=False, lazy=True)
    face.cmap = dict(read.cmap)
    face.desc = copy.copy(read.desc)
    face.missing_glyphs = []
    face.subset = SubsetMap(face)
    pdf.fonts[face.fontkey] = face


@cache
def _read_face(path: Path):
    """fpdf2's reading of the face at `path`, and the file's bytes."""
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    return TTFFont(FPDF(), path, fontkey="", style=""), path.read_bytes()
