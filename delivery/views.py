from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from delivery import errors
from delivery.byte_ranges import requested_range
from delivery.library import library_download_link, library_for
from delivery.redemption import download_redeem
from delivery.services import download_file_missing_record
from delivery.storage import (
    asset_head_response,
    asset_probe_response,
    asset_response,
    range_not_satisfiable_response,
)
from delivery.watermarks import stamped_copy_request_late
from morpheus.client_ip import client_ip
from morpheus.middleware import outside_request_transaction, request_rls
from morpheus.sign_in import login_required
from morpheus.throttles import by_user, throttle_forgive_in_view, throttle_in_view
from orders.actors import actor_for
from orders.selectors import order_is_customers

# After a refusal of a link whose comic its buyer still owns.
FRESH_LINKS_HINT = "You can download your comics again from your library."
GUEST_ORDER_PAGE_HINT = (
    "Open your order page from the link in your order's emails: it downloads your comics again."
)
ANOTHER_GUESTS_LINK = (
    "It belongs to an order bought as a guest: its buyer downloads the comic again from the "
    "order page that order's emails link to."
)
ANOTHER_ACCOUNTS_LINK = (
    "It belongs to another account's order: only that account can download the comic again."
)

UNAVAILABLE_TITLE = "Download temporarily unavailable"


@outside_request_transaction
@require_safe
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """GET uses one download; HEAD answers the same checks and headers but counts nothing.
    A GET for the rest of the file (`Range`), from the address that downloaded it within the
    hour, is that download resumed: it counts nothing either, up to the file's size in all.
    Nor do a range past the file's end (416) and a probe of its first bytes (`bytes=0-0`).

    Outside the request's transaction: a granted download is one statement that commits
    by itself (`download_redeem`); a refusal page is rendered in the request's scope."""
    byte_range = requested_range(request)
    try:
        grant = download_redeem(
            token=token,
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            counted=request.method == "GET",
            byte_range=byte_range,
            signed_in_as=actor_for(request.user) if request.user.is_authenticated else "",
        )
    except errors.DownloadRefused as refusal:
        with request_rls(request):
            return _refusal_page(request, refusal)
    except errors.CopyNotReady as waiting:
        if waiting.missing:
            stamped_copy_request_late(order_id=waiting.order_id, asset_id=waiting.asset_id)
        with request_rls(request):
            return _preparing_page(request)
    except errors.AssetUnavailable as unavailable:
        if unavailable.order_id is not None:
            download_file_missing_record(
                order_id=unavailable.order_id,
                asset_id=unavailable.asset_id,
                file=unavailable.name,
            )
        with request_rls(request):
            return _unavailable_page(request, unavailable)
    if grant.outcome == "unsatisfiable":
        response = range_not_satisfiable_response(size_bytes=grant.size_bytes)
    elif grant.outcome == "probe":
        response = asset_probe_response(
            name=grant.storage_name,
            file_name=grant.file_name,
            content_type=grant.content_type,
            byte_range=byte_range,
            size_bytes=grant.size_bytes,
        )
    elif request.method == "HEAD":
        response = asset_head_response(
            file_name=grant.file_name,
            content_type=grant.content_type,
            size_bytes=grant.size_bytes,
        )
    else:
        response = asset_response(
            name=grant.storage_name,
            file_name=grant.file_name,
            content_type=grant.content_type,
            byte_range=byte_range,
        )
    response["Referrer-Policy"] = "no-referrer"
    return response


def _preparing_page(request: HttpRequest) -> HttpResponse:
    """The buyer's stamped copy is being made: nothing was counted; the page reloads."""
    response = render(
        request,
        "delivery/preparing.html",
        {"refresh_seconds": settings.STAMPED_COPY_REFRESH_SECONDS},
        status=202,
    )
    response["Retry-After"] = str(settings.STAMPED_COPY_REFRESH_SECONDS)
    response["Referrer-Policy"] = "no-referrer"
    response._has_been_logged = True
    return response


def _unavailable_page(request: HttpRequest, unavailable: errors.AssetUnavailable) -> HttpResponse:
    """The file is missing from the storage (logged as an error, naming it): nothing was
    counted, and retrying in a moment will not help until staff restore it."""
    context = {"title": UNAVAILABLE_TITLE, "message": str(unavailable)}
    response = render(request, "delivery/refused.html", context, status=503)
    response["Referrer-Policy"] = "no-referrer"
    response._has_been_logged = True  # logged by the redemption, without the token's path
    return response


def _refusal_page(request: HttpRequest, refusal: errors.DownloadRefused) -> HttpResponse:
    # Expired and used-up links' comics are still owned; a withdrawn one's may not be.
    message, library_helps = str(refusal), refusal.in_library
    another = refusal.order_id is not None and _another_accounts_order(request, refusal.order_id)
    if refusal.guest_order:
        hint = ANOTHER_GUESTS_LINK if another else GUEST_ORDER_PAGE_HINT
        message, library_helps = f"{message} {hint}", False
    elif another:
        message, library_helps = f"{message} {ANOTHER_ACCOUNTS_LINK}", False
    elif refusal.order_id is not None:
        message = f"{message} {FRESH_LINKS_HINT}"
    response = render(
        request,
        "delivery/refused.html",
        {"title": refusal.title, "message": message, "library_helps": library_helps},
        status=refusal.status,
    )
    response["Referrer-Policy"] = "no-referrer"
    # Django logs every 4xx with the request path, and this path holds the token.
    response._has_been_logged = True
    return response


def _another_accounts_order(request: HttpRequest, order_id: int) -> bool:
    """Whether the link's order is not the signed-in reader's (a visitor may be its buyer,
    not signed in yet)."""
    return request.user.is_authenticated and not order_is_customers(
        customer=request.user, order_id=order_id
    )


@login_required
@require_safe
def library(request: HttpRequest) -> HttpResponse:
    entries = library_for(customer=request.user)
    stamped = [entry.stamped for entry in entries if entry.downloadable]
    context = {
        "entries": entries,
        # Said of every copy once, or of each comic stamped when some are not (outside
        # probes HZ-1, IA-1: it was said of comics staff switched stamping off for).
        "all_stamped": bool(stamped) and all(stamped),
        "download_limit": settings.THROTTLE_RATES["library_download"],
    }
    return render(request, "delivery/library.html", context)


@login_required
@require_POST
def library_download(request: HttpRequest, item_id: int, asset_id: int) -> HttpResponse:
    """A fresh single-use link to one owned file, and straight to it: the customer never
    handles a token, and no other link is touched. The hour's limit counts the downloads
    given, not those refused (outside probe HF-1: a refunded comic's button, pressed on a
    library page left open, used up the hour's downloads as the API's refusals never did)."""
    if (too_many := throttle_in_view(request, limit="library_download", key=by_user)) is not None:
        return too_many
    try:
        link = library_download_link(
            customer=request.user, item_id=item_id, asset_id=asset_id, actor=actor_for(request.user)
        )
    except errors.ItemUnknown as unknown:
        throttle_forgive_in_view(request, limit="library_download", key=by_user)
        raise Http404(str(unknown)) from unknown
    except errors.NotEntitled as refusal:
        throttle_forgive_in_view(request, limit="library_download", key=by_user)
        context = {"title": errors.DownloadRefused.title, "message": str(refusal)}
        return render(request, "delivery/refused.html", context, status=403)
    response = redirect(link.path)
    response["Referrer-Policy"] = "no-referrer"
    return response
