import io

from pypdf import PdfReader

from invoicing.models import Invoice
from morpheus.db_context import system_scope
from orders.models import Order


def documents(order: Order) -> list[Invoice]:
    with system_scope():
        return list(Invoice.objects.filter(order=order).order_by("pk"))


def pdf_text(content: bytes) -> str:
    """The text of every page, read back from the PDF file itself."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
