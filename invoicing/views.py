from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from invoicing.models import Invoice
from invoicing.pdf import document_pdf
from morpheus.sign_in import login_required


def pdf_response(document: Invoice) -> HttpResponse:
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response


@login_required
@require_safe
def document_download(request: HttpRequest, number: str, document_number: str) -> HttpResponse:
    """The customer's own invoice or credit note as a PDF; anyone else's is a 404."""
    document = get_object_or_404(
        Invoice.objects.issued().select_related("order", "credited_invoice", "reversed_note"),
        number=document_number,
        order__number=number,
        order__customer=request.user,
    )
    return pdf_response(document)
