"""The order's pages that follow its payment: paying (card checks, attempts, 3-D Secure),
the confirmation and status the payment page polls, and the order page with its payments
and downloads. Served under the `orders` URL namespace (see morpheus/urls.py)."""

import datetime
from collections.abc import Callable, Sequence
from functools import cache, partial, wraps

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.views.decorators.http import require_POST, require_safe

from delivery.selectors import EmailedLinks, emailed_links
from morpheus.db_context import system_scope
from morpheus.errors import DomainError
from morpheus.middleware import outside_request_transaction, request_rls
from morpheus.money import format_display
from morpheus.sign_in import ERASED_ACCOUNT_SESSION_KEY, login_required
from morpheus.throttles import by_ip, by_user, refusal_response, throttle, throttle_in_view
from notifications.selectors import address_waiting, downloads_may_be_emailed
from orders import selectors
from orders.actors import actor_for
from orders.customer_orders import (
    OrderInAnAccount,
    customer_order,
    customer_order_page,
    says_when_the_order_joined_an_account,
)
from orders.models import Order, OrderEventType
from orders.status_words import GIVEN_BY_STAFF, nothing_to_pay, order_customer_status
from orders.transitions import DONE_STATUSES, OrderStatus
from payments import selectors as payment_selectors
from payments import services as payment_services
from payments.errors import PaymentsLimited, TotalChanged
from payments.forms import PaymentMethodForm
from payments.messages import (
    REPLACED_BY_ANOTHER_CARD,
    REPLACED_WHILE_ANOTHER_PAYS,
    UNFINISHED,
    customer_message,
    customer_messages,
)
from payments.models import Payment, PaymentStatus
from payments.paying import card_payment_start
from promotions.bundles import completion_lapsed_words, completion_left, completions_lapsed
from promotions.repeats import declared_differently_pop
from tax import services as tax_services
from tax.checkout import declaration_not_asked, vies_refused_words
from tax.selectors import order_vat_refund_words, orders_held, vat_rate_changed_words
from tax.services import CONFLICT as VAT_CONFLICT
from tax.services import EVIDENCE_RULE as VAT_EVIDENCE_RULE

# Staff's notes and flags: not the flag of a VAT hold, which kept the customer's comics
# waiting (outside probe GQ-3); the history shows it in its own words.
STAFF_ONLY_EVENTS = Q(type=OrderEventType.NOTE) | (
    Q(type=OrderEventType.FLAGGED) & ~Q(actor=VAT_EVIDENCE_RULE, reason__startswith=VAT_CONFLICT)
)
FOLLOWED_STATUSES = (OrderStatus.PROCESSING, OrderStatus.PAID)


def _json_when_not_found(view):
    """The pay page's requests read JSON: another customer's order, or none, is a JSON 404
    in their words too."""

    @wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except OrderInAnAccount as moved:  # outside probe FP-2: it said "No such order."
            return JsonResponse({"error": str(moved), "closed": True}, status=404)
        except Http404:
            return JsonResponse({"error": "No such order."}, status=404)

    return answer


# What a pay page left open is told once its session has ended (outside probe BO-5).
SIGNED_OUT = (
    "You were signed out, so this page can no longer pay or follow a payment. "
    "Sign in again to see what became of this order."
)
ERASED = "This order was canceled: you asked for your account to be erased."


def _json_when_signed_out(view):
    """The pay page's requests read JSON: one whose session has ended (signed out in
    another tab, or the account erased there, which cancels its unpaid orders) is answered
    in words, `closed` (the page stops offering its card form), not with the sign-in page,
    which the page read as a failed payment to try again."""

    @wraps(view)
    def answer(request: HttpRequest, number: str) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, number)
        return JsonResponse(
            {"error": _signed_out_words(request, number), "closed": True},
            status=401,
            headers={"Cache-Control": "no-store"},
        )

    return answer


def _signed_out_words(request: HttpRequest, number: str) -> str:
    """Why a signed-out session's pay page can do no more: this browser erased the account
    whose order it is, canceled with it, or it was signed out."""
    erased = request.session.get(ERASED_ACCOUNT_SESSION_KEY)
    if erased is None:
        return SIGNED_OUT
    order = selectors.order_canceled_of_erased(customer_id=erased, number=number)
    if order is None:
        return SIGNED_OUT
    with system_scope():
        return f"{ERASED} {_charged_after_cancel_words(order)}"


def _charged_after_cancel_words(order: Order) -> str:
    """What became of a canceled order's payment, as its confirmation says it."""
    if charge := payment_selectors.charge_after_cancel(order=order):
        context = {"charge_after_cancel": charge}
        return render_to_string("orders/_charge_after_cancel.html", context).strip()
    if payment_selectors.payment_settling_after_cancel(order=order):
        return (
            "If the payment you started goes through after all, it is refunded to your card "
            "in full."
        )
    return "Nothing was charged."


def _leave_when_canceled(order: Order) -> dict[str, str]:
    """A pay page following a canceled order (the customer's cancel in another tab, staff's,
    an erasure) goes to its confirmation, which says so, instead of offering its card form."""
    if order.status != OrderStatus.CANCELED:
        return {}
    return {"leave_for": reverse("orders:confirmation", args=[order.number])}


@login_required
@require_safe
@says_when_the_order_joined_an_account
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    def draw(order: Order) -> HttpResponse:
        _vat_of_today_recorded(request, order)
        context = _order_context(
            order,
            history=selectors.order_history(order=order).exclude(STAFF_ONLY_EVENTS),
            paid_with=payment_selectors.payment_card_label(order=order),
            given_by_staff=GIVEN_BY_STAFF if selectors.order_given_by_staff(order=order) else "",
        )
        return render(request, "orders/order_detail.html", context)

    return customer_order_page(request, number, draw)


def _vat_of_today_recorded(request: HttpRequest, order: Order) -> None:
    """For a pending order's pages: the VAT its payment would record, recorded and said
    before the customer pays (outside probe HN-1: in the minutes Finance has to settle a new
    rate, the pay page showed the old one and the receipt the new; HT-6: the order's own page
    and its confirmation showed "Pay €4.46" for a payment of €4.50). A total that changes
    with it redraws the page (`customer_order_page`), so its Pay button asks the new total."""
    if order.status == OrderStatus.PENDING and tax_services.order_rates_stale(order=order):
        tax_services.order_rates_refresh(order_id=order.pk, actor=actor_for(request.user))


def _order_context(order: Order, **extra: object) -> dict[str, object]:
    """What the order's pages show: the order, its status in the customer's words, why its
    payment failed or whether it waits for the customer's 3-D Secure, its downloads."""
    unpayable = selectors.order_unpayable_words(order=order)
    return {
        "order": order,
        # Told whether it is unpayable, read once for the page (it was read twice).
        "status_words": order_customer_status(order, unpayable={order.pk} if unpayable else set()),
        "payment_error": _payment_error(order),
        "awaiting_authentication": _awaiting_authentication(order),
        **(_already_owned_context(order) if order.status == OrderStatus.PENDING else {}),
        "above_maximum_charge": payment_selectors.payment_above_maximum_charge(order=order)
        if order.status == OrderStatus.PENDING
        else "",
        "vies_refused": vies_refused_words(order=order),
        "vat_rate_changed": vat_rate_changed_words(order=order),
        "unpayable": unpayable,
        "charge_after_cancel": payment_selectors.charge_after_cancel(order=order),
        "payment_settling": payment_selectors.payment_settling_after_cancel(order=order),
        "canceled": selectors.canceled_order_comics(order=order)
        if order.status == OrderStatus.CANCELED
        else None,
        **_downloads_context(order),
        **extra,
    }


@login_required
@require_safe
@says_when_the_order_joined_an_account
def order_confirmation(request: HttpRequest, number: str) -> HttpResponse:
    return customer_order_page(request, number, partial(_confirmation, request))


def _confirmation(request: HttpRequest, order: Order) -> HttpResponse:
    _vat_of_today_recorded(request, order)
    context = _order_context(
        order,
        done=order.status in DONE_STATUSES,
        given_by_staff=GIVEN_BY_STAFF if selectors.order_given_by_staff(order=order) else "",
    )
    # The page follows a payment under way; an order with none (never paid, its 3-D Secure
    # abandoned, canceled, refunded) waits for nothing.
    context["follow"] = (
        order.status in FOLLOWED_STATUSES
        and not context["awaiting_authentication"]
        and not context["held"]
    )
    context["status_poll_ms"] = settings.STATUS_POLL_MS
    context["unpaid"] = (
        order.status == OrderStatus.PENDING
        and not context["payment_error"]
        and not context["already_owned"]
        and not context["above_maximum_charge"]
        and not context["unpayable"]
    )
    return render(request, "orders/confirmation.html", context)


@outside_request_transaction
@_json_when_signed_out
@require_safe
@_json_when_not_found
def order_status(request: HttpRequest, number: str) -> JsonResponse:
    """What the payment and confirmation pages follow, as often as they poll: it asks
    Stripe nothing (the 3-D Secure client secret is `pay_authenticate`'s, asked once per
    confirmation). Its reads run in short transactions of their own, in the customer's
    row-level security context."""
    order, latest, payment_error = _attempt_and_error(request, number)
    # The customer's context: without it the evidence, the order's items and the customer's
    # other orders are unseen (outside probe GY-3: an order that cannot be paid read
    # "Awaiting payment").
    with request_rls(request):
        held = bool(_held_words(order))
        words = order_customer_status(order)
    return JsonResponse(
        {
            "status": order.status,
            "label": order.get_status_display(),
            "words": words,
            "done": order.status in DONE_STATUSES,
            "held": held,
            "payment_error": payment_error,
            "payment": _payment_state(latest),
            "total": order.total_amount,
            **_leave_when_canceled(order),
        },
        headers={"Cache-Control": "no-store"},
    )


def _attempt_and_error(request: HttpRequest, number: str) -> tuple[Order, Payment | None, str]:
    """The customer's order, its latest attempt and why that attempt failed. The order's
    status and total are read after the attempt: a failure commits them together, so they are
    never older than the attempt shown (read the other way, a failed attempt could come with no
    reason, or with the total from before it failed)."""
    with request_rls(request):
        order = customer_order(request, number)
        latest = payment_selectors.payment_latest(order=order)
        order.refresh_from_db(fields=["status", "total_amount"])
        return order, latest, _payment_error(order, latest)


def _downloads_context(order: Order) -> dict[str, object]:
    """Downloads happen in the library; the order page only says whether they can, or what
    a paid order waits for (Finance's check of its VAT evidence)."""
    held_words = _held_words(order)
    refund_under_way = selectors.order_refund_full_pending(order)
    dispute_lost = selectors.order_dispute_lost(order)
    paused = selectors.order_is_entitled(order) and bool(
        selectors.orders_downloads_paused(order_ids=[order.pk])
    )
    return {
        "refunded_comics": _refunded_comics_words(order),
        "vat_refund_words": order_vat_refund_words(order_id=order.pk)
        if order.status == OrderStatus.REFUNDED
        else "",
        "entitled": selectors.order_is_entitled(order)
        and not held_words
        and not refund_under_way
        and not paused,
        "refund_under_way": refund_under_way,
        "paused": paused,
        "dispute_lost": dispute_lost,
        # What lost disputes took back, for the receipt and for a loss of part of the payment.
        "dispute_lost_amount": payment_selectors.disputes_lost_total(order=order)
        if dispute_lost
        else 0,
        "held": bool(held_words),
        "held_words": held_words,
        "links_emailed": downloads_may_be_emailed(order),
        "confirmation_waiting": address_waiting(user_id=order.customer_id, email=order.email),
        "emailed_links_words": _emailed_links_words(order),
    }


def _refunded_comics_words(order: Order) -> str:
    """Where a refunded order's comics are now, to end a sentence: no longer in the
    customer's library, but for those they still own through another order ("" for an
    order not refunded)."""
    if order.status != OrderStatus.REFUNDED:
        return ""
    titles = dict(order.items.values_list("comic_id", "title"))
    owned = selectors.comics_owned(customer=order.customer, comic_ids=titles)
    gone = [title for comic_id, title in titles.items() if comic_id not in owned]
    kept = [title for comic_id, title in titles.items() if comic_id in owned]
    if not kept:
        # Outside probe EE-2: an order held, then refunded, read "no longer in your library".
        if order.fulfilled_at is None:
            its = "its comic was" if len(gone) == 1 else "its comics were"
            return f"{its} not delivered and will not be"
        its_comics = "its comic is" if len(gone) == 1 else "its comics are"
        return f"{its_comics} no longer in your library"
    stay = f"{', '.join(kept)} {'stays' if len(kept) == 1 else 'stay'}"
    if not gone:
        return f"{stay} in your library through another order"
    are = "is" if len(gone) == 1 else "are"
    return f"{', '.join(gone)} {are} no longer in your library; {stay} there through another order"


def _emailed_links_words(order: Order) -> str:
    """What the links we emailed give, or why none works any more. Links in different states
    (downloads left, used up) are named, a sentence each ("The link for Ghost gives up to 4
    more downloads, until …. The link for Yen Dreams has given its 5 downloads."); so are
    the others once a refund of some items stopped their links, the refunded ones in a
    sentence of their own ("The link for Yen Odd no longer works: it was refunded.")."""
    groups = emailed_links(order=order)
    refunded = _links_refunded_words(order)
    if groups:
        named = bool(refunded) or len(groups) > 1
        said = " ".join(_links_left_words(links, named=named) for links in groups)
    else:
        said = (
            f"We email download links, up to {_downloads(settings.DOWNLOAD_LINK_MAX_DOWNLOADS)} "
            "each, once they are ready."
        )
    return f"{said} {refunded}" if refunded else said


def _links_left_words(links: EmailedLinks, *, named: bool) -> str:
    """The sentence on emailed links in one state: "The link(s) we emailed …", or `named`,
    "The link for Yen Dreams …"; one link, or one per item, in its number. Once downloads
    were used, what is left: "gives up to 2 more downloads" ("each" of several)."""
    one = len(links.titles) == 1
    if named:
        they = f"The link{'' if one else 's'} for {_titles_named(links.titles)}"
    else:
        they = f"The link{'' if one else 's'} we emailed"
    downloads = _downloads(links.max_downloads)
    each = "" if one else " each"
    until = dateformat.format(links.expires_at.astimezone(datetime.UTC), "j M Y, H:i")
    if links.working:
        left = (
            downloads
            if links.downloads_left == links.max_downloads
            else f"{links.downloads_left} more download{'' if links.downloads_left == 1 else 's'}"
        )
        return f"{they} give{'s' if one else ''} up to {left}{each}, until {until} UTC."
    have, their = ("has", "its") if one else ("have", "their")
    if links.used_up and links.expired:
        return f"{they} {have} expired or given {their} {downloads}."
    if links.used_up:
        return f"{they} {have} given {their} {downloads}{each}."
    return f"{they} expired on {until} UTC."


def _downloads(count: int) -> str:
    return f"{count} download{'' if count == 1 else 's'}"


def _links_refunded_words(order: Order) -> str:
    """Which items' emailed links a refund of those items stopped while the others work:
    "The link for Ghost no longer works: it was refunded." ("" when none did)."""
    items = [item for item in order.items.order_by("pk") if item.refund_closed]
    sentences = []
    for done, one, several in ((True, "was", "were"), (False, "is being", "are being")):
        titles = [item.title for item in items if bool(item.refunded_amount) is done]
        if len(titles) == 1:
            sentences.append(f"The link for {titles[0]} no longer works: it {one} refunded.")
        elif titles:
            named = _titles_named(titles)
            sentences.append(f"The links for {named} no longer work: they {several} refunded.")
    return " ".join(sentences)


def _titles_named(titles: Sequence[str]) -> str:
    """The titles in a sentence: "Ghost", "Ghost and Paper Moons", "Ghost, Paper and Yen"."""
    if len(titles) == 1:
        return titles[0]
    return f"{', '.join(titles[:-1])} and {titles[-1]}"


def _held_words(order: Order) -> str:
    """What the customer is told of a paid order held for Finance's check; "" if none."""
    if order.status != OrderStatus.PAID:
        return ""
    return orders_held(order_ids=[order.pk]).get(order.pk, "")


# `_payment_error` reads the order's latest payment itself (a caller that has read it, even
# as None for an order never paid, passes it).
_UNREAD = object()


def _payment_error(order: Order, latest: Payment | object | None = _UNREAD) -> str:
    """Why the last payment attempt (`latest`) failed, in our words, while the order waits
    for another attempt (Stripe's own text stays with staff)."""
    if order.status != OrderStatus.PENDING:
        return ""
    if latest is _UNREAD:
        latest = payment_selectors.payment_latest(order=order)
    if latest is None or latest.status != PaymentStatus.FAILED:
        return ""
    return customer_message(latest.failure_code)


def _awaiting_authentication(order: Order) -> bool:
    """The order's payment waits for the customer's 3-D Secure (a closed or reloaded tab
    interrupted it): the pay page offers it again, or another card."""
    if order.status != OrderStatus.PROCESSING:
        return False
    latest = payment_selectors.payment_latest(order=order)
    return latest is not None and latest.status == PaymentStatus.REQUIRES_ACTION


def _payment_state(latest: Payment | None) -> dict[str, str]:
    """The latest attempt as the payment page's script follows it. No client secret: that
    is Stripe's to give, once per confirmation (`pay_authenticate`)."""
    return {"status": latest.status if latest is not None else ""}


@login_required
@require_safe
@says_when_the_order_joined_an_account
def pay(request: HttpRequest, number: str) -> HttpResponse:
    # Popped once, when a page is drawn (not for a redirect), however often it is drawn.
    declared_differently = cache(lambda: declared_differently_pop(request.session, number))
    return customer_order_page(
        request, number, partial(_pay_page, request, declared_differently=declared_differently)
    )


def _pay_page(
    request: HttpRequest, order: Order, *, declared_differently: Callable[[], str]
) -> HttpResponse:
    awaiting_authentication = _awaiting_authentication(order)
    if order.status != OrderStatus.PENDING and not awaiting_authentication:
        return redirect("orders:confirmation", number=order.number)
    _vat_of_today_recorded(request, order)
    latest = payment_selectors.payment_latest(order=order)
    payment_error = _payment_error(order, latest)
    # Reloaded at the 3-D Secure prompt of a newer card's check: that failure is not this one's.
    unfinished = bool(payment_error) and latest.next_card_check_at is not None
    context = {
        "order": order,
        "payment_error": "" if unfinished else payment_error,
        "attempt_unfinished": UNFINISHED if unfinished else "",
        **_already_owned_context(order),
        "above_maximum_charge": payment_selectors.payment_above_maximum_charge(order=order),
        "being_paid": _being_paid(order),
        "completion_lapsed": _completion_lapsed(order),
        "cheaper_today": _cheaper_today_words(order),
        "no_longer_for_sale": selectors.withdrawn_refusal(order=order)
        if order.status == OrderStatus.PENDING
        else "",
        "awaiting_authentication": awaiting_authentication,
        # Another card cannot pay for it now; the payment begun can still be confirmed
        # (outside probe GZ-7: the page offered both, and refused the other card).
        "begun_only": awaiting_authentication
        and bool(selectors.order_unpayable_as_it_stands(order=order)),
        "declared_differently": declared_differently(),
        "declaration_not_asked": declaration_not_asked(order=order)
        if order.status == OrderStatus.PENDING
        else "",
        "vies_refused": vies_refused_words(order=order),
        "vat_rate_changed": vat_rate_changed_words(order=order),
        "links_emailed": downloads_may_be_emailed(order),
        "stripe_js_url": stripe_js_url(),
        "attempt_poll_ms": settings.STATUS_POLL_MS // 2,
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "payment_messages": customer_messages(),
    }
    return render(request, "payments/pay.html", context)


def _cheaper_today_words(order: Order) -> str:
    """What of the order costs less today than it asks (staff lowered a price since it was
    placed), and how to pay today's price (outside probe GV-2: the pay page asked €7.99
    for a comic its page sold at €2.99, saying nothing); "" when nothing does."""
    if order.status != OrderStatus.PENDING:
        return ""
    cheaper = selectors.items_cheaper_today(order=order)
    if not cheaper:
        return ""
    prices = [
        f"{item.title} costs {format_display(item.today, order.currency)} today "
        f"({format_display(item.ordered, order.currency)} in this order)"
        for item in cheaper
    ]
    return (
        f"{'; '.join(prices)}: to pay today's price, cancel this order and buy "
        f"{'it' if len(cheaper) == 1 else 'them'} again."
    )


def _already_owned_context(order: Order) -> dict[str, object]:
    """The order's comics the customer owns through another order (bought in another tab
    since, or before it when a guest order joined the account), each with that order's
    number: the order cannot be paid, and the pay page says so instead of the card form,
    with a link to buy the others in a new order (to the one comic left itself, which it
    names: outside probe HG-2, it led to the catalog's first page), or to the bundle the
    order buys that the customer can complete with them, for less (HH-6). None when the
    order holds a comic off sale that the customer does not own: that refusal comes first,
    as on the pay page and in the API, and offers no comic off sale (HI-1: a link to "Buy
    Ghost in a new order" went to the catalog, the comic's page gone; HJ-3: the order page
    said only "You already own Neon Tide", never that Ghost was no longer for sale)."""
    items = list(order.items.select_related("comic"))
    owned = selectors.comics_owned_in(
        customer=order.customer, comic_ids=[item.comic_id for item in items]
    )
    if not owned or any(not item.comic.is_active and item.comic_id not in owned for item in items):
        return {"already_owned": [], "owned_others": []}
    others = [item for item in items if item.comic_id not in owned]
    verb = selectors.new_order_verb(
        order=order, prices=[item.comic.price_amount for item in others]
    )
    return {
        "new_order_verb": verb.capitalize(),
        "already_owned": [
            {"title": item.title, "number": owned[item.comic_id]}
            for item in items
            if item.comic_id in owned
        ],
        "owned_others": others,
        "completion": completion_left(order=order, comic_ids={item.comic_id for item in others})
        if others
        else None,
    }


def _completion_lapsed(order: Order) -> dict[str, object] | None:
    """Why the order, buying a bundle at a price that no longer holds, cannot be paid, and
    the bundle (whose page has its price today while it is on sale); None when it can."""
    if order.status != OrderStatus.PENDING:
        return None
    lapsed = completions_lapsed(order=order)
    if not lapsed:
        return None
    return {
        "words": completion_lapsed_words(order=order, lapsed=lapsed),
        "bundle": lapsed[0].bundle,
    }


def _being_paid(order: Order) -> dict[str, object] | None:
    """The customer's other orders paying for this one's comics right now: this one cannot
    be paid meanwhile, and the pay page says so before any card is typed. Those waiting for
    the customer's own 3-D Secure (finish or cancel them) apart from those under way (wait
    for them). None when there are none."""
    if order.status != OrderStatus.PENDING:
        return None
    paying = selectors.orders_paying_for(order=order)
    if not paying:
        return None
    waiting = [other for other in paying if other.awaits_customer]
    under_way = [other for other in paying if not other.awaits_customer]
    return {
        "waiting": waiting,
        "waiting_titles": selectors.paying_titles(waiting),
        "under_way": under_way,
        "under_way_titles": selectors.paying_titles(under_way),
    }


def stripe_js_url() -> str:
    """Stripe.js must come from Stripe; offline, localstripe serves its stand-in instead."""
    if settings.STRIPE_API_BASE:
        return f"{settings.STRIPE_API_BASE.rstrip('/')}/js.stripe.com/v3/"
    return "https://js.stripe.com/v3/"


@outside_request_transaction
@_json_when_signed_out
@require_POST
@_json_when_not_found
def setup_intent(request: HttpRequest, number: str) -> JsonResponse:
    """A card check (a Stripe SetupIntent) for the pay page. Only a check that goes on to
    Stripe counts against the card-check limits, the network's first (one it refuses is
    not counted against the account's): one refused because the order cannot be paid
    asked Stripe nothing. Each count commits at once (no request transaction here)."""
    with request_rls(request):
        order = customer_order(request, number)
        latest = payment_selectors.payment_latest(order=order)
    if order.status not in PAYABLE_STATUSES:
        return _refused(request, number, nothing_to_pay(order))
    try:  # refused as pay/start would refuse it, before Stripe saves the card
        payment_services.payment_possible_check(order=order)
    except DomainError as exc:
        return _refused(request, number, str(exc))
    for limit, key in (("setup_intent_ip", by_ip), ("setup_intent_account", by_user)):
        if (refusal := throttle_in_view(request, limit=limit, key=key)) is not None:
            return refusal
    try:
        client_secret = payment_services.setup_intent_create(customer=request.user)
    except DomainError as exc:
        return JsonResponse({"error": str(exc)}, status=502)
    if latest is not None:
        payment_services.payment_next_card_check_note(payment=latest)
    return JsonResponse({"client_secret": client_secret})


@outside_request_transaction
@_json_when_signed_out
@require_POST
@_json_when_not_found
def pay_start(request: HttpRequest, number: str) -> JsonResponse:
    """Pay with a card. Another card in place of an attempt waiting for 3-D Secure first
    cancels that attempt's intent at Stripe (or learns it has been paid meanwhile), so its
    reads and writes run in their own short transactions."""
    with request_rls(request):
        order = customer_order(request, number)
    form = PaymentMethodForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "The card could not be read. Please try again."}, status=400)
    payment_method_id = form.cleaned_data["payment_method_id"]
    try:
        payment = card_payment_start(
            request,
            order=order,
            payment_method_id=payment_method_id,
            shown_total=form.cleaned_data["total"],
        )
    except PaymentsLimited as exc:
        return refusal_response(request, exc.decision)
    except TotalChanged as exc:  # the page reloads with the total and why it changed
        messages.error(request, str(exc))
        leave_for = reverse("orders:pay", args=[order.number])
        return JsonResponse({"error": str(exc), "leave_for": leave_for}, status=409)
    except DomainError as exc:
        return _refused(request, number, str(exc))
    if payment is None:  # processing without an attempt of ours: nothing for the page to follow
        return JsonResponse({"error": f"Order {order.number} is being paid already."}, status=409)
    # A job asks Stripe once this request commits: the page follows the attempt's status.
    return JsonResponse({"status": payment.status})


# A pay page may send its card for an order in these; another tab may have moved it on.
PAYABLE_STATUSES = (OrderStatus.PENDING, OrderStatus.PROCESSING)


def _refused(request: HttpRequest, number: str, error: str) -> JsonResponse:
    """A pay page's request refused (409). When the order can no longer be paid (canceled or
    paid in another tab), the page is sent on (`leave_for`) to the order's confirmation,
    which says what became of it, instead of keeping a card form that cannot pay."""
    with request_rls(request):
        order = customer_order(request, number)
        unpayable = order.status in PAYABLE_STATUSES and bool(
            selectors.order_unpayable_as_it_stands(order=order)
        )
    body = {"error": error}
    if order.status not in PAYABLE_STATUSES:
        body["leave_for"] = reverse("orders:confirmation", args=[order.number])
    elif unpayable:
        # A comic went off sale, or a price lapsed, while the page was open: drawn again, it
        # says why with "Cancel this order" instead of a card form (outside probe GZ-6).
        body["leave_for"] = reverse("orders:pay", args=[order.number])
    return JsonResponse(body, status=409)


@throttle("authentication_account", by_user)
@outside_request_transaction
@_json_when_signed_out
@require_POST
@_json_when_not_found
def pay_authenticate(request: HttpRequest, number: str) -> JsonResponse:
    """The client secret of the attempt waiting for 3-D Secure, for Stripe.js to put the
    bank's prompt up: asked once when the customer confirms, never by the page's polling,
    since it costs a call to Stripe (hence its limit per customer). When Stripe no longer
    knows the attempt's PaymentIntent the attempt fails and the answer says so
    (`status` "failed" and `payment_error`): the page offers the card form."""
    _order, latest, _error = _attempt_and_error(request, number)
    if latest is not None and latest.status == PaymentStatus.REQUIRES_ACTION:
        try:
            client_secret = payment_services.payment_authentication_resume(
                payment=latest, actor=actor_for(request.user)
            )
        except DomainError as exc:
            return JsonResponse({"error": str(exc)}, status=502)
        if client_secret:
            return JsonResponse(
                {
                    "payment_error": "",
                    "status": latest.status,
                    "client_secret": client_secret,
                    "attempt": latest.pk,  # sent back once the bank has answered
                },
                headers={"Cache-Control": "no-store"},
            )
    order, latest, payment_error = _attempt_and_error(request, number)
    return JsonResponse(
        {
            "payment_error": payment_error,
            "total": order.total_amount,
            **_payment_state(latest),
            **_leave_when_canceled(order),
        }
    )


@throttle("authentication_account", by_user)
@outside_request_transaction
@_json_when_signed_out
@require_POST
@_json_when_not_found
def pay_authenticated(request: HttpRequest, number: str) -> JsonResponse:
    """After 3-D Secure, learn the attempt's outcome from Stripe instead of waiting for a
    webhook that may never come (localstripe sends none when authentication fails). It
    asks Stripe too: it counts on `pay_authenticate`'s limit. The page names the attempt it
    confirmed (`attempt`): one another card replaced since is not this card's failure."""
    confirmed = request.POST.get("attempt", "")
    with request_rls(request):
        latest = payment_selectors.payment_latest(order=customer_order(request, number))
    replaced = latest is not None and confirmed.isdigit() and int(confirmed) != latest.pk
    if latest is not None and latest.stripe_payment_intent_id and not replaced:
        try:
            payment_services.payment_refresh(payment=latest, actor=actor_for(request.user))
        except DomainError as exc:
            return JsonResponse({"error": str(exc)}, status=502)
    order, latest, payment_error = _attempt_and_error(request, number)
    replaced_words = {}
    if replaced and latest.status != PaymentStatus.SUCCEEDED:
        # The other card's payment failed, or waits in its window (outside probe FV-2: this
        # page went on to a confirmation waiting for the other card's bank).
        failed = latest.status == PaymentStatus.FAILED
        payment_error = REPLACED_BY_ANOTHER_CARD if failed else REPLACED_WHILE_ANOTHER_PAYS
        replaced_words = {"replaced": True}
    return JsonResponse(
        {
            "payment_error": payment_error,
            "total": order.total_amount,
            **_payment_state(latest),
            **_leave_when_canceled(order),
            **replaced_words,
        }
    )
