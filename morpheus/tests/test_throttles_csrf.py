"""Posts that Django's CSRF check refuses count against no limit (probe 14, §4): a web page
of anyone's can make its visitors' browsers post forged forms to the shop, which must not
lock their network (or an account) out of signing in, signing up or checking out."""

import logging

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path, reverse
from django.views.decorators.csrf import csrf_exempt

from morpheus.throttles import by_ip, throttle
from morpheus_testing.factories import ComicFactory

FORGED_FROM = "https://evil.example"


@csrf_exempt
@throttle("signin_ip", by_ip)
def _exempt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("counted")


# For the test of a view exempt from the check; the site's own URLs for its pages.
urlpatterns = [path("exempt/", _exempt), path("", include("morpheus.urls"))]

# Each form counted per network (the sign-in's per account too); what a genuine post of
# these fields is answered while the limits allow it.
COUNTED_FORMS = [
    pytest.param(
        "login",
        {"username": "bob", "password": "wrong"},
        ("signin_ip", "signin_account"),
        200,
        id="sign-in",
    ),
    pytest.param(
        "admin:login",
        {"username": "bob", "password": "wrong"},
        ("signin_ip", "signin_account"),
        200,
        id="admin-sign-in",
    ),
    pytest.param(
        "password_reset",
        {"email": "bob@example.com"},
        ("password_reset_ip", "password_reset_address"),
        302,
        id="password-reset",
    ),
    pytest.param("signup", {"username": "bob"}, ("signup_refused_ip",), 200, id="sign-up"),
    pytest.param(
        "guest_checkout",
        {"email": ""},
        ("guest_checkout_refused_ip",),
        302,
        id="guest-checkout-refused",
    ),
]


def _browser() -> tuple[Client, str]:
    """A browser that checks CSRF as a real one is checked, and its token (the cookie the
    sign-in page sets, which a form carries)."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("login"))
    return browser, browser.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.django_db
@pytest.mark.parametrize(("form", "fields", "limits", "answer"), COUNTED_FORMS)
def test_posts_the_csrf_check_refuses_count_against_no_limit(
    throttle_rates, form, fields, limits, answer
):
    for limit in limits:
        throttle_rates(limit, 2, seconds=3600)
    browser, token = _browser()
    # A guest checkout counts only for a cart with something to buy.
    comic = ComicFactory()
    browser.post(reverse("orders:cart_add", args=[comic.pk]), {"csrfmiddlewaretoken": token})
    url = reverse(form)

    cross_origin = [browser.post(url, fields, HTTP_ORIGIN=FORGED_FROM) for _ in range(3)]
    without_token = [browser.post(url, fields) for _ in range(3)]
    genuine = [browser.post(url, {**fields, "csrfmiddlewaretoken": token}) for _ in range(3)]

    assert [response.status_code for response in cross_origin + without_token] == [403] * 6
    assert [response.status_code for response in genuine] == [answer, answer, 429]


@pytest.mark.django_db
def test_a_forged_post_is_refused_and_logged_once(caplog):
    browser, _ = _browser()

    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = browser.post(
            reverse("login"), {"username": "bob", "password": "x"}, HTTP_ORIGIN=FORGED_FROM
        )

    assert response.status_code == 403
    assert [record.getMessage() for record in caplog.records] == [
        f"Forbidden (Origin checking failed - {FORGED_FROM} does not match any trusted "
        "origins.): /accounts/login/"
    ]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_view_exempt_from_the_csrf_check_counts_every_post(throttle_rates):
    throttle_rates("signin_ip", 2, seconds=3600)
    browser = Client(enforce_csrf_checks=True)

    statuses = [browser.post("/exempt/", HTTP_ORIGIN=FORGED_FROM).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
