"""A document's PDF, rendered from the Django template invoicing/document.html with fpdf2
(pure Python, from PyPI). Rendered from the frozen row whenever it is asked for, dated with
the issue time, so the same document always gives the same file."""

from pathlib import Path

from django.template.loader import render_to_string

from invoicing.models import Invoice
from morpheus.money import number
from tax.countries import ELSEWHERE, country_name

# DejaVu Sans (invoicing/fonts/, with its licence), embedded in each PDF with the glyphs it
# uses: Latin with its extensions (Polish, Czech...), Greek, Cyrillic, many symbols and some
# emoji. No font of the machine is used. It has no CJK: a character that the regular or
# the bold face lacks prints as U+FFFD (a question mark in a diamond), which fpdf2 would
# otherwise leave out without a trace.
FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
MISSING = "\N{REPLACEMENT CHARACTER}"


def _printable(text: str, *cmaps: dict[int, str]) -> str:
    """`text` with each character that a face lacks as MISSING; the template's line breaks
    and tabs (no glyph, no ink) as they are."""
    return "".join(
        char if char in "\n\r\t" or all(ord(char) in cmap for cmap in cmaps) else MISSING
        for char in text
    )


def document_context(document: Invoice) -> dict:
    def amount(minor: int) -> str:
        return number(minor, document.currency)

    return {
        "document": document,
        "lines": [
            {
                **item,
                "net_shown": amount(item["net"]),
                "tax_shown": amount(item["tax"]),
                "gross_shown": amount(item["gross"]),
                "discount_shown": amount(item["discount"]) if item.get("discount") else "",
            }
            for item in document.lines
        ],
        "net": amount(document.net_amount),
        "tax": amount(document.tax_amount),
        "total": amount(document.total_amount),
        "buyer_country": _country_shown(document.buyer.get("country", "")),
    }


def _country_shown(code: str) -> str:
    """The buyer's country by name and code; none for a buyer outside every VAT scheme
    (its placeholder code means no country)."""
    return "" if code in ("", ELSEWHERE) else f"{country_name(code)} ({code})"


def document_pdf(document: Invoice) -> bytes:
    html = render_to_string("invoicing/document.html", document_context(document))
    # fpdf2 and fontTools take ~0.8 s to import; every web and job process imports this
    # module as it starts, few of them render a document.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for style, file_name in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, FONTS / file_name)
    pdf.set_title(document.number)
    pdf.set_author(document.seller["name"])
    pdf.set_creation_date(document.issued_at)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.write_html(_printable(html, *(font.cmap for font in pdf.fonts.values())))
    return bytes(pdf.output())
