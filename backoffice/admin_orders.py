from html import escape
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.db.models import F, QuerySet
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from unfold.decorators import action, display

from backoffice import bulk, permissions, views
from backoffice.admin_base import ReadOnlyAdmin, typed_lookup_allowed
from backoffice.display import customer_name, customer_orders_link, when
from backoffice.export import orders_csv_response
from backoffice.filters import (
    CurrencyFilter,
    CustomerFilter,
    DisputedFilter,
    FilterRefused,
    FilterUnread,
    FlaggedFilter,
    HasRefundsFilter,
    StatusFilter,
    TotalRangeFilter,
    WholeDayRangeFilter,
    status_typed_as_ticked,
    typed_back_query,
    typed_back_take,
)
from backoffice.order_page import note_draft_key, order_page_context
from backoffice.result_list import NearestPagePaginator, ShownColumnsChangeList
from backoffice.search import order_search
from morpheus.money import format_money as money
from orders.models import Order
from orders.status_words import refunded_keeping_free_items
from orders.transitions import ENDED_STATUSES, ENTITLED_STATUSES, UNPAID_STATUSES, OrderStatus

NONE = "—"
UNREAD_FILTER_MESSAGE = (
    "A filter could not be read (a date is written 2026-11-30, an amount 12.50): "
    "the list shows every order. Filter again."
)

# The list's range inputs (its date and total filters), whose values a refusal sends back.
RANGE_INPUTS = tuple(
    f"{name}_{end}" for name in ("created_at", "paid_at", "total_amount") for end in ("from", "to")
)
REFUSED_ATTRIBUTE = "morpheus_filter_refused"


def refused_list_url(request) -> str:
    """Every order (`?e=1`), the message saying which filter could not be read, and each
    range input showing what was typed in it."""
    query = urlencode({ERROR_FLAG: 1, **typed_back_query(request.GET, RANGE_INPUTS)})
    return f"{reverse('admin:orders_order_changelist')}?{query}"


STATUS_COLOURS = {
    **dict.fromkeys(UNPAID_STATUSES, "warning"),
    OrderStatus.PROCESSING: "info",
    **dict.fromkeys(ENTITLED_STATUSES, "success"),
    **dict.fromkeys(ENDED_STATUSES, "danger"),
}


def _moment(field: str, description: str = ""):
    """A column showing the time in `field` to the minute (the theme's format drops ":00"),
    headed by the field's own name unless `description` says more."""

    @display(
        description=description or capfirst(Order._meta.get_field(field).verbose_name),
        ordering=field,
    )
    def show(self, order: Order) -> str:
        return when(getattr(order, field)) or NONE

    return show


# Amounts in minor units of different currencies do not compare (¥1,000 is 1000, €9.99 is
# 999): sorting by one of these columns groups the orders by currency first.
SORTED_WITHIN_CURRENCY = ("total_amount", "refunded_amount")

# The status filter's query parameters (and Django's for a status typed into the address).
STATUS_LOOKUPS = ("status", "status__exact", "status__in")

LIST_PAGE_COLUMNS = (
    "number",
    "email",
    "status",
    "currency",
    "total_amount",
    "refunded_amount",
    "created_at",
    "paid_at",
)


class OrderChangeList(ShownColumnsChangeList):
    def get_filters(self, request):
        """A lookup in the address that none of the list's filters reads (`?id__in=6,9`,
        `?total_amount__gt=500`) goes back to every order saying so: Django applies it, and
        the list (its export, "Select all") was narrowed with nothing on the page saying so
        (outside probe FW-1; EZ-2 and FB-5 caught status lookups and relations only)."""
        filters = super().get_filters(request)
        unread = filters[2]  # the lookups left once every filter took its own
        if unread:
            lookup, values = next(iter(unread.items()))
            raise FilterUnread(lookup, values[-1], "read by the list: use its filters")
        return filters

    def get_ordering(self, request, queryset) -> list:
        """Sorted by Total (or Refunded): EUR orders by amount, then GBP, JPY..., and the
        reverse of that when descending (the index `order_currency_total` reads it so)."""
        ordering = []
        for part in super().get_ordering(request, queryset):
            if isinstance(part, str) and part.lstrip("-") in SORTED_WITHIN_CURRENCY:
                ordering.append("-currency" if part.startswith("-") else "currency")
            ordering.append(part)
        return ordering


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    """Read-only: orders change through the actions on their page, which call services."""

    list_display = (
        "number",
        "customer_name",
        "status_badge",
        "total",
        "refunded",
        "paid",
        "created",
    )
    list_display_links = ("number",)
    list_select_related = False  # the page's rows join in the customer's name alone
    list_per_page = 50
    paginator = NearestPagePaginator  # ?p=99 shows the last page, saying so
    empty_value_display = NONE
    show_full_result_count = False
    list_filter_submit = True
    # Every filter's choices are constants (statuses, currencies, yes/no) or typed values,
    # so the rendered panel is kept per query string (templates/unfold/helpers/
    # change_list_filter.html); a filter listing rows from the database would turn this off.
    filter_panel_is_static = True
    list_filter = (
        ("status", StatusFilter),
        ("created_at", WholeDayRangeFilter),
        ("paid_at", WholeDayRangeFilter),
        ("total_amount", TotalRangeFilter),
        CurrencyFilter,
        CustomerFilter,
        HasRefundsFilter,
        DisputedFilter,
        FlaggedFilter,
    )
    search_fields = ("number",)  # shows the box; get_search_results does the matching
    search_help_text = "Order number, email or its start, PaymentIntent id (pi_…), charge id (ch_…)"
    actions = ("cancel_pending_orders", "reissue_download_links")
    fields = (
        ("number", "status"),
        ("customer_orders", "email"),
        ("total", "refunded"),
        ("created", "paid"),
        ("fulfilled", "delivered"),
        ("canceled", "fully_refunded"),
        ("disputed", "flagged_reason"),
        ("currency", "version"),
    )
    readonly_fields = tuple(
        name for row in fields for name in (row if isinstance(row, tuple) else (row,))
    )
    change_form_outer_after_template = "backoffice/order_page.html"
    change_list_template = "admin/orders/order/change_list.html"
    change_form_template = "admin/orders/order/change_form.html"

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """An order page's address that names no order: back to the list, where orders are
        found by number (Django's own says "order with ID … doesn't exist. Perhaps it was
        deleted?", and orders are never deleted)."""
        messages.warning(
            request,
            f"No order is at that address ({object_id} is not an order's key): "
            "find the order by its number, MO-…, in the search box.",
        )
        return redirect("admin:orders_order_changelist")

    def history_view(self, request, object_id, extra_context=None):
        """An order's history is its page's timeline (Django's own has no row of it)."""
        return redirect(f"{reverse('admin:orders_order_change', args=[object_id])}#timeline")

    def get_changelist(self, request, **kwargs):
        return OrderChangeList

    def changelist_view(self, request, extra_context=None):
        if (ticked := status_typed_as_ticked(request.GET)) is not None:
            return redirect(f"{request.path}?{ticked.urlencode()}")
        typed_back_take(request)
        response = super().changelist_view(request, extra_context)
        if getattr(request, REFUSED_ATTRIBUTE, False):  # Django's redirect drops what was typed
            return redirect(refused_list_url(request))
        return response

    def get_changelist_instance(self, request):
        """A filter the list cannot read sends the list (or the export) back to every order
        (`?e=1`, Django's); the message for that page names the filter when it can."""
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as unread:
            if ERROR_FLAG not in request.GET:  # with it, Django shows its own error page
                told = str(unread) if isinstance(unread, FilterRefused) else UNREAD_FILTER_MESSAGE
                messages.warning(request, told)
                setattr(request, REFUSED_ATTRIBUTE, True)
            raise

    def list_page_rows(self, rows: QuerySet) -> QuerySet:
        """The page's orders with only what the columns read; one left out would cost a
        query per row (the list's query-count test would fail)."""
        return rows.only(*LIST_PAGE_COLUMNS).annotate(customer_username=F("customer__username"))

    def lookup_allowed(self, lookup, value, request) -> bool:
        """A status the list does not know (a bookmark mistyped, a status renamed since)
        goes back to every order saying so, as the other filters' values do; it answered
        "Bad request" (outside probe CD-3)."""
        if lookup in STATUS_LOOKUPS and not typed_lookup_allowed(Order, lookup, value):
            raise FilterUnread("status", value, f"a status ({', '.join(OrderStatus.values)})")
        if lookup.startswith("status") and lookup not in STATUS_LOOKUPS:
            # Outside probe EZ-2: ?status__iexact=, ?status_text= narrowed the list unseen.
            raise FilterUnread(lookup, value, "read by the list: tick the status boxes")
        if not typed_lookup_allowed(Order, lookup, value):
            return False  # a value no lookup reads: a bad request
        if not super().lookup_allowed(lookup, value, request):
            # Outside probe FB-5: one through a relation (`customer__orders__status`)
            # answered a bare "Bad request".
            raise FilterUnread(lookup, value, "read by the list: use its filters")
        return True

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(order_search(search_term)), False

    @display(description="Customer")
    def customer_orders(self, order: Order) -> str:
        return customer_orders_link(order.customer)

    @display(description="Customer", ordering="customer__username")
    def customer_name(self, order: Order) -> str:
        """The account and, under it, the address the order's emails go to (the username
        joined in by `list_page_rows`); a guest's account is named "Guest", not by its
        made-up username."""
        name = escape(customer_name(order.customer_username))
        email = escape(order.email)
        return mark_safe(  # noqa: S308 (escaped)
            f'<span class="bo-name">{name}</span><span class="bo-email">{email}</span>'
        )

    @display(description="Status", ordering="status", label=STATUS_COLOURS)
    def status_badge(self, order: Order) -> str:
        return order.status

    @display(description="Total", ordering="total_amount")
    def total(self, order: Order) -> str:
        return money(order.total_amount, order.currency)

    @display(description="Refunded", ordering="refunded_amount")
    def refunded(self, order: Order) -> str:
        if not order.refunded_amount:
            return NONE
        amount = money(order.refunded_amount, order.currency)
        if words := refunded_keeping_free_items(order):
            line = f'{escape(amount)}<span class="bo-subline">{escape(words)}</span>'
            return mark_safe(line)  # noqa: S308 (escaped)
        return amount

    created = _moment("created_at")
    paid = _moment("paid_at")
    fulfilled = _moment("fulfilled_at")
    delivered = _moment("delivered_at")
    canceled = _moment("canceled_at")
    fully_refunded = _moment("refunded_at", "Fully refunded at")
    disputed = _moment("disputed_at")

    @action(description="Cancel selected pending orders…", permissions=["change_status"])
    def cancel_pending_orders(self, request, queryset):
        return bulk.cancel_pending_orders(self, request, queryset)

    @action(description="Re-send download links…", permissions=["reissue_links"])
    def reissue_download_links(self, request, queryset):
        return bulk.reissue_download_links(self, request, queryset)

    has_change_status_permission = permissions.admin_check(permissions.CHANGE_STATUS)
    has_reissue_links_permission = permissions.admin_check(permissions.REISSUE_LINKS)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        order = self.get_object(request, object_id)
        if order is not None:
            draft = request.session.pop(note_draft_key(order), "")
            extra_context = {
                **(extra_context or {}),
                **order_page_context(order, request.user, note_draft=draft),
            }
            request.order_shown = order
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        # The page's fields are drawn from the order its panels, buttons and forms' version
        # were: read again, a payment committed meanwhile showed "Paid" beside a "Cancel"
        # offered to the processing order (outside probe CM-1).
        shown = getattr(request, "order_shown", None)
        if shown is not None and str(shown.pk) == str(object_id) and from_field is None:
            return shown
        return super().get_object(request, object_id, from_field)

    def export_view(self, request):
        self.require(request, "view")
        if (ticked := status_typed_as_ticked(request.GET)) is not None:
            request.GET = ticked  # read as the list reads them (outside probe FB-4)
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:  # as the list does: back to it, saying so
            return redirect(refused_list_url(request))
        return orders_csv_response(queryset, request.user.pk)

    def comp_view(self, request):
        return views.order_comp_view(request, admin_context=self.admin_site.each_context(request))

    def refund_view(self, request, order_id: int):
        return views.order_refund_view(
            request, order_id, admin_context=self.admin_site.each_context(request)
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("export.csv", wrap(self.export_view), name="orders_order_export"),
            path("<int:order_id>/refund/", wrap(self.refund_view), name="orders_order_refund"),
            path("comp/", wrap(self.comp_view), name="orders_order_comp"),
            path(
                "<int:order_id>/payments/<int:payment_id>/refund-duplicate/",
                wrap(views.order_duplicate_refund_view),
                name="orders_order_refund_duplicate",
            ),
            path("<int:order_id>/note/", wrap(views.order_note_view), name="orders_order_note"),
            path(
                "<int:order_id>/settle-refund-failures/",
                wrap(views.order_settle_refund_failures_view),
                name="orders_order_settle_refund_failures",
            ),
            path(
                "<int:order_id>/reissue-links/",
                wrap(views.order_reissue_links_view),
                name="orders_order_reissue_links",
            ),
            path(
                "<int:order_id>/transition/<slug:name>/",
                wrap(views.order_transition_view),
                name="orders_order_transition",
            ),
        ]
        return own + super().get_urls()
