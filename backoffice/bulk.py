"""Bulk actions of the order list: each order goes through its own service call, so one
refusal (an order that moved on meanwhile) does not stop the others."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from backoffice import permissions
from delivery.selectors import links_resend_refusal, orders_links_suspended
from delivery.services import download_links_resend
from morpheus.errors import DomainError
from notifications.selectors import orders_downloads_may_be_emailed
from orders.actors import actor_for
from orders.errors import StaleOrder
from orders.events import LINKS_RESEND_ASKED
from orders.guests import erasing
from orders.models import Order
from orders.selectors import links_last_emailed, order_just_changed_by
from orders.services import order_transition
from orders.transitions import OrderStatus
from tax.selectors import orders_held_for_staff


class BulkReasonForm(forms.Form):
    reason = forms.CharField(max_length=500)


# A confirmation sent twice (a double click) comes within this long of its twin.
TWIN_WINDOW = timedelta(minutes=1)
# Refusals said one by one; the others are counted (outside probe DV-2: 383 warnings, 380
# of them the same sentence, buried anything said after them).
REFUSALS_SAID = 10
# What differs between two refusals of one kind: the order's number, the customer's address.
ORDER_AND_ADDRESS = re.compile(r"MO-[0-9A-Z-]+|\S+@\S+")
# The most orders a bulk action takes: it changes them one by one in one request, about
# 20 ms each (outside probe DV-3, 514 orders in 10 s), and gunicorn's 30 s timeout would
# cut a larger one short, part of it done and nothing said.
MOST_ORDERS = 1000

# The orders a confirmation page shows, each with the version and status it shows it at, in
# one field ("pk:version:status …"): three fields for each order made a page of 333 orders
# or more more fields than a request may send (Django's DATA_UPLOAD_MAX_NUMBER_FIELDS,
# 1,000), refused as a bad request after staff had typed their reason (outside probe DU-1).
# The page sends `select_across` too (the admin then hands the action the whole filtered
# list, which it leaves for the orders shown) and one order's id, without which the admin
# takes no confirmation at all.
SHOWN = "shown"
LONGEST_ID = 18  # digits: no longer id fits PostgreSQL's bigint


@dataclass(frozen=True)
class ShownAt:
    version: int
    status: str


def _shown_context(orders: list[Order]) -> dict[str, object]:
    """What a confirmation page's form sends back to say which orders it showed, and how."""
    return {
        "shown": " ".join(f"{order.pk}:{order.version}:{order.status}" for order in orders),
        "one_order": orders[0].pk if orders else "",
    }


def _shown(request: HttpRequest) -> dict[int, ShownAt]:
    """The orders the confirmation page showed (malformed entries name none)."""
    shown = {}
    for entry in request.POST.get(SHOWN, "").split():
        pk, _, rest = entry.partition(":")
        version, _, status = rest.partition(":")
        if _an_id(pk) and version.isdigit():
            shown[int(pk)] = ShownAt(version=int(version), status=status)
    return shown


def _selected(model_admin, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
    """The orders a bulk action takes, whatever the list's filters make of them now: on its
    confirmation, those its page showed; before, those ticked (or, "Select all", the list's);
    None, said, when they are more than it takes at once. Outside probes EA-1 and EB-2: on
    the list filtered to pending, an order canceled meanwhile fell out of the selection
    unsaid, and EB-1: a re-send page of no order, whose button was then a bad request."""
    everyone = model_admin.get_queryset(request)
    if "apply" in request.POST:
        queryset = everyone.filter(pk__in=list(_shown(request)))
    elif request.POST.get("select_across") != "1":
        ticked = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        queryset = everyone.filter(pk__in=[pk for pk in ticked if _an_id(pk)])
    return None if _too_many(request, queryset) else queryset


def _an_id(typed: str) -> bool:
    return typed.isdigit() and len(typed) <= LONGEST_ID


def _apply(
    request: HttpRequest,
    orders,
    change,
    done: str,
    *,
    by_twin: Callable[[Order], bool],
    twin_words: str,
    nothing: str = "",
) -> None:
    """Changes each order, then says how many changed (or `nothing`, when none did) and
    why each refused one was not. An order refused because the same member of staff just
    made this change (`by_twin`, said in `twin_words`), most often through this
    confirmation sent twice, is said as done (outside probe DJ-3: each answer replaces the
    other's messages, and the twin's "Canceled: 2." was lost under "Nothing was canceled.")."""
    changed, twins, refused = 0, [], []
    for order in orders:
        try:
            change(order)
        except DomainError as exc:
            if isinstance(exc, StaleOrder) and by_twin(order):
                twins.append(order.number)
            else:
                refused.append(str(exc))
        else:
            changed += 1
    if changed:
        messages.success(request, f"{done}: {changed}.")
    if twins:
        messages.success(request, f"{twin_words}: {', '.join(twins)}.")
    if not changed and not twins and nothing:
        messages.warning(request, nothing)
    refusals_tell(request, refused)


def _too_many(request: HttpRequest, queryset: QuerySet) -> bool:
    """Refuses, saying so, a selection larger than a bulk action takes at once."""
    if (count := queryset.count()) <= MOST_ORDERS:
        return False
    messages.warning(
        request,
        f"{count:,} orders are selected: this action takes at most {MOST_ORDERS:,} at once. "
        "Filter the list further (by status or date), then run it again.",
    )
    return True


def refusals_tell(request: HttpRequest, refused: list[str], level: int = messages.WARNING) -> None:
    """Says why orders were refused, `REFUSALS_SAID` of them one by one, the rest counted."""
    for message in _refusals_said(refused):
        messages.add_message(request, level, message)
    if (more := len(refused) - REFUSALS_SAID) > 0:
        messages.add_message(request, level, _more_refused_words(more))


def _refusals_said(refused: list[str]) -> list[str]:
    """The refusals said one by one: one of each kind first (a kind is the sentence without
    its order's number and address), then others, `REFUSALS_SAID` in all (outside probe
    DZ-2: an open dispute, last of 863, was counted among "reasons like those above")."""
    first_of_kind: dict[str, str] = {}
    for message in refused:
        first_of_kind.setdefault(ORDER_AND_ADDRESS.sub("…", message), message)
    said = list(first_of_kind.values())[:REFUSALS_SAID]
    others = [message for message in refused if message not in said]
    return said + others[: REFUSALS_SAID - len(said)]


def _more_refused_words(more: int) -> str:
    left = (
        "1 more order was left as it was"
        if more == 1
        else f"{more} more orders were left as they were"
    )
    return f"And {left}, for reasons like those above: each order's page says why."


def _as_shown(order: Order, shown: dict[int, ShownAt]) -> None:
    """Refuses an order that changed since the page showed it, as the order page does:
    the status only if it moved."""
    at = shown.get(order.pk)
    if at is None or at.version != order.version:
        raise StaleOrder.about(order, status_shown=at.status if at else None)


def cancel_pending_orders(
    model_admin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """Asks for a reason on an intermediate page, then cancels the orders it showed pending
    and unchanged since (a page sent twice, or confirmed after the customer paid, cancels
    nothing and says why)."""
    permissions.require(request.user, permissions.CHANGE_STATUS)
    if (queryset := _selected(model_admin, request, queryset)) is None:
        return None
    form = BulkReasonForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        # Asked again for a reason, never with nothing to cancel (outside probes DJ-4, and
        # DK-1: canceled by a colleague while the reason was typed).
        if not queryset.filter(status=OrderStatus.PENDING).exists():
            messages.warning(request, "None of the selected orders is pending: nothing to cancel.")
            return None
        orders = list(queryset.order_by("pk"))
        context = {
            **model_admin.admin_site.each_context(request),
            "title": "Cancel pending orders",
            "form": form,
            "orders": orders,
            "action": "cancel_pending_orders",
            "skipped": sum(order.status != OrderStatus.PENDING for order in orders),
            **_shown_context(orders),
        }
        return TemplateResponse(request, "backoffice/bulk_reason.html", context)
    actor, reason = actor_for(request.user), form.cleaned_data["reason"]
    shown = _shown(request)
    # Those the page said it leaves alone, not pending then, stay so whatever they are now.
    shown_pending = [
        order for order in queryset.order_by("pk") if shown[order.pk].status == OrderStatus.PENDING
    ]

    def cancel(order) -> None:
        _as_shown(order, shown)
        order_transition(name="cancel", order=order, actor=actor, reason=reason)

    def by_twin(order) -> bool:
        since = timezone.now() - TWIN_WINDOW
        return order_just_changed_by(
            order=order, actor=actor, reason=reason, since=since, to_status=OrderStatus.CANCELED
        )

    _apply(
        request,
        shown_pending,
        cancel,
        "Canceled",
        by_twin=by_twin,
        twin_words="Canceled by you a moment ago, nothing done again",
        nothing="Nothing was canceled.",
    )
    return None


def reissue_download_links(
    model_admin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """Shows the orders, when their links were last emailed and the versions it shows them
    at, and asks why, as the order page's re-send does (outside probe FW-3: each order's
    history said only "Re-sent by staff"); sends fresh links to those unchanged since (a
    page sent twice, or confirmed after someone else's change, sends nothing again)."""
    permissions.require(request.user, permissions.REISSUE_LINKS)
    if (queryset := _selected(model_admin, request, queryset)) is None:
        return None
    form = BulkReasonForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        orders = list(links_last_emailed(queryset.select_related("customer").order_by("pk")))
        if not orders:  # a page of no order, whose button would name none
            messages.warning(request, "None of the selected orders was found: nothing to send.")
            return None
        order_ids = [order.pk for order in orders]
        held = orders_held_for_staff(order_ids=order_ids)
        suspended = orders_links_suspended(order_ids=order_ids)
        emailable = orders_downloads_may_be_emailed(orders)
        erasures = erasing(order.customer_id for order in orders)
        for order in orders:
            order.resend_refusal = links_resend_refusal(
                order, held=held, suspended=suspended, emailable=emailable, erasures=erasures
            )
        context = {
            **model_admin.admin_site.each_context(request),
            "title": "Re-send download links",
            "form": form,
            "orders": orders,
            **_shown_context(orders),
        }
        return TemplateResponse(request, "backoffice/bulk_reissue.html", context)
    actor, reason = actor_for(request.user), form.cleaned_data["reason"]
    shown = _shown(request)

    def resend(order) -> None:
        _as_shown(order, shown)
        download_links_resend(order=order, actor=actor, reason=reason)

    def by_twin(order) -> bool:
        since = timezone.now() - TWIN_WINDOW
        return order_just_changed_by(
            order=order, actor=actor, reason=reason, since=since, action=LINKS_RESEND_ASKED
        )

    orders = queryset.order_by("pk")
    if not orders:
        messages.warning(request, "No fresh links were sent: the confirmation named no order.")
        return None
    _apply(
        request,
        orders,
        resend,
        "Orders whose customers get fresh links by email",
        by_twin=by_twin,
        twin_words="Fresh links asked for by you a moment ago, nothing sent again",
    )
    return None
