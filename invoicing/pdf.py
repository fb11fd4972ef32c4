"""A document's PDF, rendered from the Django template invoicing/document.html with fpdf2
(pure Python, from PyPI). Rendered from the frozen row whenever it is asked for, dated with
the issue time, so the same document always gives the same file."""

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string

from invoicing.euro_rates import document_rate, ecb_publishes_none, rate_named
from invoicing.faces import add_face
from invoicing.models import Invoice
from morpheus.money import number
from morpheus.printable import ZERO_WIDTH_JOINERS
from tax.countries import country_in_words, country_shown
from tax.models import RateType

# DejaVu Sans (invoicing/fonts/, with its licence), embedded in each PDF with the glyphs it
# uses: Latin with its extensions (Polish, Czech...), Greek, Cyrillic, many symbols and some
# emoji. No font of the machine is used. What it lacks is taken from the Noto Sans face of
# the character's script (beside it, with their licence: the scripts of India and Sri
# Lanka, Thai, Lao, Khmer, Myanmar, Ethiopic, and the mathematical letters; outside probe
# GO-4: a Hindi or Thai title printed as a row of U+FFFD), else from Droid Sans Fallback
# (with its licence): Chinese, Japanese and Korean. A face is read only for a document with
# a character DejaVu lacks that it holds (Droid Sans Fallback alone takes about a quarter
# of a second). A character that no face has (most emoji) prints as U+FFFD (a question
# mark in a diamond), which fpdf2 would otherwise leave out without a trace.
FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# By the first word of a character's Unicode name.
SCRIPT_FONTS = {
    script: f"NotoSans{script.title()}-Regular.ttf"
    for script in (
        "DEVANAGARI",
        "BENGALI",
        "GUJARATI",
        "GURMUKHI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
        "THAI",
        "LAO",
        "KHMER",
        "MYANMAR",
        "ETHIOPIC",
    )
} | {"MATHEMATICAL": "NotoSansMath-Regular.ttf"}
FALLBACK_FILE = "DroidSansFallback.ttf"
MISSING = "\N{REPLACEMENT CHARACTER}"
NO_INK = "\n\r\t"
# Hebrew, Arabic and the other scripts written right to left: fpdf2 lays them out in reading
# order, Arabic letters joined, only with its text shaping (HarfBuzz), which a document
# without them or a script face does without: it would only slow it down (outside probe
# ES-1: each word printed backwards, Arabic letters apart). The scripts of India and
# South-East Asia need it too, for their vowel signs and conjuncts.
RIGHT_TO_LEFT = frozenset({"R", "AL"})
# The joiners beside a letter of those scripts, and the variation selectors.
RIGHT_TO_LEFT_LETTER = "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]"
RIGHT_TO_LEFT_JOINERS = re.compile(
    f"(?<={RIGHT_TO_LEFT_LETTER})[\u200c\u200d]|[\u200c\u200d](?={RIGHT_TO_LEFT_LETTER})"
    "|[\ufe00-\ufe0f]"
)


def _lacking(text: str, faces: list[dict[int, str]]) -> set[str]:
    """The characters of `text` that one of `faces` lacks; the template's line breaks and
    tabs (no glyph, no ink) are never lacking."""
    return {
        char
        for char in set(text)
        if char not in NO_INK and not all(ord(char) in cmap for cmap in faces)
    }


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in RIGHT_TO_LEFT for char in set(text))


def _printable(text: str, lacking: set[str], fallback: set[int]) -> str:
    """`text` with each of the `lacking` characters that no fallback face holds as MISSING."""
    return "".join(
        MISSING if char in lacking and ord(char) not in fallback else char for char in text
    )


def _fallback_files(lacking: set[str]) -> list[str]:
    """The faces that may hold the characters DejaVu lacks: each one's script face, then
    Droid Sans Fallback for those of no script face."""
    scripts = {unicodedata.name(char, "").partition(" ")[0] for char in lacking}
    files = sorted({SCRIPT_FONTS[script] for script in scripts if script in SCRIPT_FONTS})
    if scripts - SCRIPT_FONTS.keys():
        files.append(FALLBACK_FILE)
    return files


def _document_class(fpdf: type) -> type:
    """fpdf2's FPDF, setting a joiner in the fallback face of the character before it (fpdf2
    asks for each character DejaVu Sans lacks in turn), so that the run stays one."""

    class _Document(fpdf):
        _face = None

        def get_fallback_font(self, char: str, style: str = "") -> str | None:
            if char in ZERO_WIDTH_JOINERS and self._face:
                return self._face
            self._face = super().get_fallback_font(char, style)
            return self._face

    return _Document


def document_context(document: Invoice) -> dict:
    # A debit note holds what it takes off its invoice's credit, negative; it shows what it
    # charges again.
    sign = -1 if document.is_debit_note else 1

    def amount(minor: int) -> str:
        return number(sign * minor, document.currency)

    def shown(item: dict) -> dict:
        line = {
            **item,
            "net_shown": amount(item["net"]),
            "tax_shown": amount(item["tax"]),
            "gross_shown": amount(item["gross"]),
        }
        if "unit_net" in item:
            # The unit price and its discount exclusive of VAT, as the Net column is.
            return line | {
                "unit_shown": amount(item["unit_net"]),
                "unit_discount_shown": amount(item["unit_net"] - item["net"]),
            }
        # Issued before lines carried their unit price: the discount as it was frozen.
        return line | {
            "discount_shown": number(item["discount"], document.currency)
            if item.get("discount")
            else ""
        }

    return {
        "document": document,
        "lines": [shown(item) for item in document.lines],
        "unit_prices": any("unit_net" in item for item in document.lines),
        # Frozen on each line it lowered (invoicing 0011); an order has one code at most.
        "discount_code": next(
            (item["discount_code"] for item in document.lines if "discount_code" in item), ""
        ),
        "net": amount(document.net_amount),
        "tax": amount(document.tax_amount),
        "total": amount(document.total_amount),
        "buyer_country": _buyer_country(document.buyer.get("country", "")),
        "zero_rated": _zero_rated_note(document),
        "vat_in_euros": _vat_in_euros(document, sign),
    }


def _vat_in_euros(document: Invoice, sign: int) -> str:
    """A document in another currency's VAT in euros, at the rate frozen when it was
    numbered (Article 230 of the VAT directive; outside probe GU-1)."""
    rate = document_rate(document)
    if rate is None:
        return ""
    euros = number(rate.of(sign * document.tax_amount, document.currency), "EUR")
    said = "; ".join(
        filter(
            None,
            [
                f"1 EUR = {rate.rate.units_per_euro.normalize():f} {document.currency}",
                ecb_publishes_none(document.currency),
            ],
        )
    )
    return (
        f"VAT in euros: {euros} EUR, at {rate_named(document.currency)} of "
        f"{rate.rate.day:%-d %B %Y} ({said})."
    )


def _zero_rated_note(document: Invoice) -> str:
    """Why lines carry no VAT where the country's standard rate is not 0 % (outside probe
    GU-5: a UK invoice at 0 % said nothing, as if the VAT had been forgotten): its lines
    at 0 % typed reduced, below the standard rate (not those of a country without VAT)."""
    countries = sorted(
        {
            line.get("country") or document.buyer.get("country", "")
            for line in document.lines
            if line.get("rate_type") == RateType.REDUCED and Decimal(line["rate"]) == 0
        }
    )
    if not countries:
        return ""
    where = " and ".join(country_in_words(code) for code in countries)
    return f"The lines at 0 % VAT are zero-rated in {where} (not exempt)."


def _buyer_country(code: str) -> str:
    """The buyer's country by name and code; for a buyer outside every VAT scheme, where
    that is; none when no VAT was recorded."""
    return country_shown(code) if code else ""


def document_pdf(document: Invoice) -> bytes:
    html = render_to_string("invoicing/document.html", document_context(document))
    # fpdf2 and fontTools take ~0.8 s to import; every web and job process imports this
    # module as it starts, few of them render a document.
    from fpdf import FPDF

    pdf = _document_class(FPDF)(format="A4")
    for style, file_name in FONT_FILES.items():
        add_face(pdf, FONT_FAMILY, style, FONTS / file_name)
    lacking = _lacking(html, [font.cmap for font in pdf.fonts.values()])
    files = _fallback_files(lacking)
    families = [Path(file_name).stem for file_name in files]
    for family, file_name in zip(families, files, strict=True):
        # Bold text takes the regular face's glyphs: the fallback faces have no bold.
        for style in FONT_FILES:
            add_face(pdf, family, style, FONTS / file_name)
    fallback = {code for family in families for code in pdf.fonts[family.lower()].cmap}
    if families:
        pdf.set_fallback_fonts(families, exact_match=False)
    if _right_to_left(html) or set(files) - {FALLBACK_FILE}:
        pdf.set_text_shaping(True)
    if _right_to_left(html):
        # fpdf2's reordering splits a right-to-left run at a joiner, printing its words out of
        # order (outside probe FB-3): the run prints joined without it.
        html = RIGHT_TO_LEFT_JOINERS.sub("", html)
    if set(files) - {FALLBACK_FILE}:
        # A joiner is set in the face of the run it joins, not in DejaVu Sans, which has one:
        # fpdf2 shaped the two halves of the run apart (outside probe GZ-1: Sinhala's "ශ්‍රී"
        # printed without its conjunct). See `_Document`.
        for font in pdf.fonts.values():
            for joiner in ZERO_WIDTH_JOINERS:
                font.cmap.pop(ord(joiner), None)
    pdf.set_title(document.number)
    pdf.set_author(document.seller["name"])
    pdf.set_creation_date(document.issued_at)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, size=10)
    # Written in two parts: fpdf2 (2.8.9) leaves about 2 cm blank between a table and the
    # paragraph that follows it in one write_html; the totals begin a call of their own.
    lines, totals = _printable(html, lacking, fallback).split("</table>", 1)
    pdf.write_html(f"{lines}</table>")
    pdf.write_html(totals)
    return bytes(pdf.output())
