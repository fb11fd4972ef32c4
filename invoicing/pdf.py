"""A document's PDF, rendered from the Django template invoicing/document.html with fpdf2
(pure Python, from PyPI). Rendered from the frozen row whenever it is asked for, dated with
the issue time, so the same document always gives the same file."""

from django.template.loader import render_to_string

from invoicing.models import Invoice
from morpheus.money import number
from tax.countries import ELSEWHERE, country_name

# fpdf2's built-in fonts, in Windows-1252 (Latin-1 plus €, dashes and curly quotes): no font
# file to ship. A character outside it prints as "?".
FONT_ENCODING = "windows-1252"


def _printable(text: str) -> str:
    return text.encode(FONT_ENCODING, "replace").decode(FONT_ENCODING)


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
    pdf.core_fonts_encoding = FONT_ENCODING
    pdf.set_title(document.number)
    pdf.set_author(document.seller["name"])
    pdf.set_creation_date(document.issued_at)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.write_html(_printable(html))
    return bytes(pdf.output())
