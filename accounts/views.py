from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.forms import SignUpForm
from morpheus.throttles import by_ip, by_post_field, throttle

_login = LoginView.as_view(redirect_authenticated_user=True)


@throttle("signin_account", by_post_field("username"))
@throttle("signin_ip", by_ip)
def sign_in(request: HttpRequest) -> HttpResponse:
    """Django's sign-in form, counted per username tried and per client address."""
    return _login(request)


@throttle("signup_ip", by_ip)
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_safe_next(request, next_url))
    return render(request, "registration/sign_up.html", {"form": form, "next": next_url})


def _safe_next(request: HttpRequest, next_url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else "/"
