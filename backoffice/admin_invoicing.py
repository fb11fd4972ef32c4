"""Invoices, credit notes and debit notes for staff: list, download the PDF, email it again."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from unfold.decorators import action, display

from backoffice import permissions
from backoffice.admin_base import ReadOnlyAdmin
from backoffice.display import customer_orders_link
from backoffice.filters import CurrencyFilter
from backoffice.finance import (
    documents_csv_response,
    documents_waiting_said,
    ec_sales_csv_response,
    vat_csv_response,
)
from backoffice.money_forms import AmountsShownAsMoney
from backoffice.never_numbered import never_numbered_why
from backoffice.search import invoice_search
from invoicing.errors import DocumentCustomerErased, DocumentResentRecently
from invoicing.models import Invoice
from invoicing.report import Quarter
from invoicing.selectors import with_never_numbered_reasons
from invoicing.services import document_resend
from invoicing.views import pdf_response
from morpheus.money import format_money


@admin.register(Invoice)
class InvoiceAdmin(AmountsShownAsMoney, ReadOnlyAdmin):
    list_display = ("number", "kind", "order", "issued_at", "total", "pdf")
    # No list-wide read a search or filter would not narrow: the currencies are constants,
    # and a narrowed list does not count every document as well.
    list_filter = ("kind", CurrencyFilter, "issued_at")
    show_full_result_count = False
    list_select_related = ("order",)
    search_fields = ("number",)  # shows the box; get_search_results does the matching
    search_help_text = (
        "Number, order number, PaymentIntent id (pi_…) or any refund id (re_…) it is for"
    )
    exclude = ("lines", "seller", "buyer", "customer")
    readonly_fields = ("customer_orders",)
    money_displays = {
        "net_amount": "net",
        "tax_amount": "tax",
        "total_amount": "total",
        "refunded_total": "refunded",
    }
    actions = ["resend"]
    list_before_template = "backoffice/invoice_list_waiting.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        said, late = documents_waiting_said()
        return super().changelist_view(
            request,
            {**(extra_context or {}), "documents_waiting": said, "documents_waiting_late": late},
        )

    def get_queryset(self, request: HttpRequest):
        # A document waiting for its number (for the moment after its payment or refund) is
        # not issued yet, nor a note of an invoice waiting.
        return super().get_queryset(request).issued()

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A document still waiting for its number (or its invoice's) is not issued, but it
        was not deleted either, as Django's own message said (outside probe BX, BX-4): staff
        are told it waits, since when, and what numbers it."""
        waiting = self._waiting(request, object_id)
        if waiting is None:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        messages.warning(request, waiting)
        return redirect("admin:invoicing_invoice_changelist")

    def _waiting(self, request: HttpRequest, object_id) -> str | None:
        """What to tell staff of the document `object_id` names when it waits for a number:
        None when it names no document, or one issued."""
        try:
            pk = self.model._meta.pk.to_python(object_id)
        except ValidationError:
            return None
        everything = super().get_queryset(request)  # issued or not
        document = (
            with_never_numbered_reasons(everything.filter(pk=pk))
            .select_related("order", "credited_invoice")
            .first()
        )
        if document is None:
            return None
        if document.number is None:
            what = "is waiting for its number"
        elif document.credited_invoice and document.credited_invoice.number is None:
            what = f"({document.number}) is waiting for the number of the invoice it credits"
        else:
            return None
        waits = (
            f"The {document.get_kind_display().lower()} of "
            f"{format_money(document.total_shown, document.currency)} for order "
            f"{document.order.number} {what}, since {document.issued_at:%Y-%m-%d %H:%M} UTC."
        )
        if document.never_numbered:
            return (
                f"{waits} It is never numbered: {never_numbered_why(document)}. Look into how "
                "it was written."
            )
        return (
            f"{waits} It is issued, listed here and downloadable once the job worker numbers "
            "it, a moment after its payment or refund: if it still waits after five minutes, "
            "check that the job worker runs (Jobs)."
        )

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(invoice_search(search_term)), False

    @display(description="Customer")
    def customer_orders(self, document: Invoice) -> str:
        return customer_orders_link(document.customer)

    @display(description="Net")
    def net(self, document: Invoice) -> str:
        return format_money(document.net_amount, document.currency)

    @display(description="VAT")
    def tax(self, document: Invoice) -> str:
        return format_money(document.tax_amount, document.currency)

    @display(description="Total", ordering="total_amount")
    def total(self, document: Invoice) -> str:
        return format_money(document.total_shown, document.currency)

    @display(description="Refunded in all")
    def refunded(self, document: Invoice) -> str | None:
        if document.refunded_total is None:
            return None
        return format_money(document.refunded_total, document.currency)

    @display(description="PDF")
    def pdf(self, document: Invoice) -> str:
        url = reverse("admin:invoicing_invoice_pdf", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.file_name)

    has_resend_permission = permissions.permission_check("invoicing.resend_document")

    @action(
        description="Email the selected documents to their customers again", permissions=["resend"]
    )
    def resend(self, request: HttpRequest, queryset) -> None:
        sent = 0
        for document in queryset.select_related("order", "customer"):
            try:
                document_resend(invoice=document)
            except (DocumentCustomerErased, DocumentResentRecently) as refusal:
                messages.warning(request, str(refusal))
            else:
                sent += 1
        if sent:
            on_their_way = (
                "1 document on its way" if sent == 1 else f"{sent} documents on their way"
            )
            messages.success(request, f"{on_their_way} again.")

    def pdf_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.require(request, "view")
        if waiting := self._waiting(request, pk):
            messages.warning(request, waiting)
            return redirect("admin:invoicing_invoice_changelist")
        documents = self.get_queryset(request).select_related("order")
        return pdf_response(get_object_or_404(documents, pk=pk))

    def vat_csv_view(self, request: HttpRequest) -> HttpResponse:
        return self._quarter_csv(request, vat_csv_response)

    def ec_sales_csv_view(self, request: HttpRequest) -> HttpResponse:
        return self._quarter_csv(request, ec_sales_csv_response)

    def documents_csv_view(self, request: HttpRequest) -> HttpResponse:
        return self._quarter_csv(request, documents_csv_response)

    def _quarter_csv(
        self, request: HttpRequest, respond: Callable[[Quarter], HttpResponse]
    ) -> HttpResponse:
        """The CSV `respond` writes for the quarter asked for (the current one when none is),
        refused with a 400 for a text that names no quarter."""
        self.require(request, "view")
        typed = request.GET.get("quarter")
        if typed is not None and Quarter.named(typed) is None:
            return HttpResponseBadRequest(
                f"No such quarter: {typed!r}. Name one as 2026-Q4.",
                content_type="text/plain; charset=utf-8",
            )
        return respond(Quarter.parse(typed))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/pdf/", wrap(self.pdf_view), name="invoicing_invoice_pdf"),
            path("vat.csv", wrap(self.vat_csv_view), name="invoicing_invoice_vat_csv"),
            path(
                "ec-sales.csv",
                wrap(self.ec_sales_csv_view),
                name="invoicing_invoice_ec_sales_csv",
            ),
            path(
                "documents.csv",
                wrap(self.documents_csv_view),
                name="invoicing_invoice_documents_csv",
            ),
            *super().get_urls(),
        ]
