"""The staff site keeps the sidebar's application list per set of permissions."""

import re
from pathlib import Path

import pytest
import unfold
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from backoffice.sites import StaffAdminSite
from backoffice.staff_groups import SUPPORT
from morpheus_testing.api_fixtures import api_token_secret
from morpheus_testing.factories import StaffFactory, UserFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def available_apps(user) -> list[dict]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:orders_order_changelist"))
    assert response.status_code == 200
    return response.context["available_apps"]


def listed_models(user) -> set[str]:
    return {model["object_name"] for app in available_apps(user) for model in app["models"]}


def support_staff():
    user = StaffFactory(is_superuser=False)
    user.groups.add(Group.objects.get(name=SUPPORT))
    return user


def test_the_admin_site_is_the_staff_site():
    assert isinstance(admin.site._wrapped, StaffAdminSite)


def test_each_user_sees_the_applications_of_their_own_permissions():
    everything = listed_models(StaffFactory())
    supported = listed_models(support_staff())

    assert {"Order", "Payment", "Invoice", "User"} <= everything
    assert "Order" in supported
    assert "User" not in supported
    assert supported < everything


def test_a_user_given_more_permissions_sees_the_longer_list():
    user = support_staff()
    before = listed_models(user)

    user.is_superuser = True
    user.save()

    assert listed_models(user) == listed_models(StaffFactory()) > before


def test_users_with_the_same_permissions_share_one_list():
    assert available_apps(StaffFactory()) is available_apps(StaffFactory())
    assert available_apps(support_staff()) is available_apps(support_staff())
    assert available_apps(support_staff()) is not available_apps(StaffFactory())


def test_the_login_page_renders_for_a_visitor_not_signed_in(client):
    response = client.get(reverse("admin:login"), follow=True)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_signing_in_at_the_staff_login_leads_to_the_dashboard(client):
    staff = StaffFactory()
    login = client.get(reverse("admin:login"), follow=True)
    form_address = re.search(r'<form action="([^"]+)"', login.content.decode()).group(1)

    signed_in = client.post(
        form_address.replace("&amp;", "&"),
        {"username": staff.username, "password": "correct-horse-battery"},
    )

    assert signed_in["Location"] == reverse("admin:index")


def test_a_refused_staff_sign_in_is_announced(client):
    """Found by outside testers: the theme's error box was not announced to screen readers."""
    staff = StaffFactory()

    refused = client.post(reverse("admin:login"), {"username": staff.username, "password": "x"})

    box = re.search(r'role="alert" data-testid="sign-in-error">(.*?)<form ', refused.text, re.S)
    assert "Please enter the correct username and password" in box.group(1)


def test_the_staff_sign_in_is_the_installed_themes_with_its_error_box_announced():
    """`templates/admin/login.html` copies the theme's page content; after an upgrade of
    django-unfold this fails until the copy is made again from the new one."""
    ours = Path(settings.BASE_DIR, "templates/admin/login.html").read_text()
    theirs = Path(unfold.__file__).parent.joinpath("templates/admin/login.html").read_text()

    def content(template: str) -> str:
        return template.split("{% block content %}\n", 1)[1]

    ours = content(ours).replace(' role="alert" data-testid="sign-in-error"', "", 1)
    assert ours.splitlines() == content(theirs).splitlines()


@pytest.mark.parametrize(
    ("role_client", "offered"), [("support_client", True), ("finance_client", False)]
)
def test_the_sidebar_offers_giving_comics_to_those_who_may(role_client, offered, request):
    client = request.getfixturevalue(role_client)
    comp = reverse("admin:orders_order_comp")

    page = client.get(reverse("admin:index")).content.decode()

    assert (f'href="{comp}"' in page) is offered


def test_staff_change_their_password_in_the_back_office(support_client):
    """Found by an outside probe: the account menu's "Change password" opened the shop's
    customer page (its header, "Back to your account")."""
    page = support_client.get(reverse("admin:password_change"))

    assert page.status_code == 200
    assert 'id="nav-sidebar"' in page.text and 'class="site-header"' not in page.text
    assert "Back to your account" not in page.text

    changed = support_client.post(
        reverse("admin:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-long-unusual-passphrase",
            "new_password2": "a-long-unusual-passphrase",
        },
        follow=True,
    )

    assert changed.redirect_chain[-1][0] == reverse("admin:password_change_done")
    assert 'id="nav-sidebar"' in changed.text and "Your password was changed." in changed.text


def test_customers_still_change_their_password_in_the_shop(client):
    client.force_login(UserFactory())

    page = client.get(reverse("password_change"))

    assert 'class="site-header"' in page.text and 'id="nav-sidebar"' not in page.text
    assert "Back to your account" in page.text


def test_a_staff_password_changed_in_the_back_office_stops_its_api_tokens_and_tells_the_address(
    client,
):
    """Found by helper FE: the back office's password page (Django's) changed the password
    and nothing else, where a customer's change stops the old credentials and says so."""
    staff = StaffFactory(email="sam@example.com")
    secret = api_token_secret(staff)
    client.force_login(staff)

    changed = client.post(
        reverse("admin:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-fresh-unusual-passphrase",
            "new_password2": "a-fresh-unusual-passphrase",
        },
    )
    run_queued_jobs()

    assert changed.status_code == 302
    assert Client().get("/api/v1/orders", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert [m.to for m in mail.outbox] == [["sam@example.com"]]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_a_staff_page_answers_a_method_it_does_not_take_405_saying_so(superuser_client, method):
    """Outside probe HC-3: the refund and gift screens answered a PUT or a DELETE with
    their form, 200, as Django's own admin pages do."""
    order = create_order(status=OrderStatus.PAID)
    pages = [
        reverse("admin:orders_order_refund", args=[order.pk]),
        reverse("admin:orders_order_comp"),
        reverse("admin:orders_order_change", args=[order.pk]),
        reverse("admin:orders_order_changelist"),
    ]

    answers = [superuser_client.generic(method, page) for page in pages]

    assert [(a.status_code, a["Allow"]) for a in answers] == [(405, "GET, HEAD, POST")] * 4
    assert f"it does not take a {method} request: nothing was done." in answers[0].text


def test_a_method_a_staff_page_does_not_take_is_asked_of_the_signed_in_only():
    response = Client().generic("PUT", reverse("admin:orders_order_comp"))
    # Outside probe HE-3: the sign-in page itself answered a PUT with its form.
    sign_in = Client().generic("PUT", reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert (sign_in.status_code, sign_in["Allow"]) == (405, "GET, HEAD, POST")
