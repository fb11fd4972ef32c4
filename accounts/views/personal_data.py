"""The customer's personal data: exported, and the account erased."""

from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from accounts import privacy
from accounts.forms import ErasureForm, GuestErasureForm
from morpheus.middleware import order_scoped
from morpheus.sign_in import ERASED_ACCOUNT_SESSION_KEY, login_required
from morpheus.throttles import by_account, throttle
from orders.guests import is_guest


@login_required
@require_safe
def privacy_export(request: HttpRequest) -> HttpResponse:
    """All the customer's data as one JSON file."""
    data = privacy.personal_data_export(user=request.user)
    name = f"morpheus-data-{request.user.pk}.json"
    return JsonResponse(
        data,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2},
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


# The pages that ask for the password again count on the account's sign-in limit.
@throttle("signin_account", by_account)
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def privacy_erase(request: HttpRequest) -> HttpResponse:
    guest = is_guest(request.user)
    form_class = GuestErasureForm if guest else ErasureForm
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        address_proved = order_scoped(request)
        if guest:
            privacy.guest_erasure_request(guest=request.user, address_proved=address_proved)
        else:
            privacy.erasure_request(user=request.user)
        erased = request.user.pk
        logout(request)
        request.session[ERASED_ACCOUNT_SESSION_KEY] = erased
        context = {"guest": guest, "other_checkouts_left": guest and not address_proved}
        return render(request, "accounts/erasure_requested.html", context)
    return render(request, "accounts/erase.html", {"form": form, "guest": guest})
