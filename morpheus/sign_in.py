"""Views for signed-in customers only."""

from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from morpheus.middleware import order_link_leave

# The account a browser's session erased (its id), kept in the signed-out session that follows:
# a page of that account's left open there can say what became of its order.
ERASED_ACCOUNT_SESSION_KEY = "erased_account"


def login_required(view):
    """Django's `login_required`, except for a form posted by a visitor (or by a customer
    whose session has ended): signing in ends on a GET, which the address the form was
    posted to does not answer, so it comes back to the page that showed the form."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return redirect_to_login(_back_after_sign_in(request))

    return guarded


def account_required(view):
    """`login_required` for what only an account may do (buy a bundle, check out its cart):
    a session opened by a guest's emailed order link sees that one order and is no
    account's; it is signed out and asked to sign in, as a visitor is."""

    guarded = login_required(view)

    @wraps(view)
    def signed_out_of_a_guest_link_first(request: HttpRequest, *args, **kwargs):
        order_link_leave(request)
        return guarded(request, *args, **kwargs)

    return signed_out_of_a_guest_link_first


def _back_after_sign_in(request: HttpRequest) -> str:
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    shown_by = request.headers.get("Referer", "")
    ours = url_has_allowed_host_and_scheme(
        shown_by, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not ours or not shown_by:
        return "/"
    page = urlsplit(shown_by)
    return page.path + (f"?{page.query}" if page.query else "")
