"""Customers' API tokens in the back office: staff add one once per add page shown (its
secret is shown once); only staff who may change them revoke them."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_issue, api_token_revoke
from api.tokens import PREFIX
from backoffice.forms import STALE_PAGE
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD_TOKENS = ("view_apitoken", "add_apitoken")


def revoke_through_the_list(client, staff) -> ApiToken:
    with system_scope():
        token = api_token_issue(user=UserFactory(), name="reader app").token
    client.force_login(staff)
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    with system_scope():
        return ApiToken.objects.get(pk=token.pk)


def staff_with(*codenames: str):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return staff


def test_staff_who_may_only_view_tokens_cannot_revoke_one(client):
    token = revoke_through_the_list(client, staff_with("view_apitoken"))
    assert token.revoked_at is None


def test_staff_who_may_change_tokens_revoke_one(client):
    token = revoke_through_the_list(client, staff_with("view_apitoken", "change_apitoken"))
    assert token.revoked_at is not None


def tokens_of(user) -> list[ApiToken]:
    with system_scope():
        return list(ApiToken.objects.filter(user=user))


def shown(answer) -> str:
    return " ".join(str(message) for message in get_messages(answer.wsgi_request))


def add_form(browser, customer, name: str) -> dict:
    """The add page's form, filled in as staff would: its hidden key included."""
    page = browser.get(reverse("admin:api_apitoken_add")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    return {"user": customer.pk, "name": name, "form_key": key}


def staff_browser(staff) -> Client:
    browser = Client()
    browser.force_login(staff)
    return browser


def test_the_add_page_sent_again_makes_no_second_token_and_says_which_it_made():
    customer, browser = UserFactory(), staff_browser(staff_with(*ADD_TOKENS))
    form = add_form(browser, customer, "reader app")
    first = browser.post(reverse("admin:api_apitoken_add"), form, follow=True)

    again = browser.post(reverse("admin:api_apitoken_add"), form, follow=True)

    (token,) = tokens_of(customer)
    assert again.redirect_chain == [(reverse("admin:api_apitoken_changelist"), 302)]
    assert f"Token for {customer}: {PREFIX}" in shown(first)
    assert PREFIX not in shown(again)
    assert "This form was sent before and made the token “reader app”" in shown(again)
    assert token.name == "reader app"


@pytest.mark.django_db(transaction=True)
def test_the_add_page_sent_three_times_at_once_makes_one_token_and_shows_its_secret_once():
    customer, staff = UserFactory(), staff_with(*ADD_TOKENS)
    form = add_form(staff_browser(staff), customer, "reader app")
    browsers = [staff_browser(staff) for _ in range(3)]

    answers = at_once(lambda: browsers.pop().post(reverse("admin:api_apitoken_add"), form), times=3)

    assert [answer.status_code for answer in answers] == [302, 302, 302]
    secrets = sorted(f"Token for {customer}: {PREFIX}" in shown(answer) for answer in answers)
    assert secrets == [False, False, True]
    assert len(tokens_of(customer)) == 1


def test_another_add_page_makes_another_token_even_with_the_same_name():
    customer, browser = UserFactory(), staff_browser(staff_with(*ADD_TOKENS))
    for _ in range(2):
        browser.post(reverse("admin:api_apitoken_add"), add_form(browser, customer, "reader app"))

    assert [token.name for token in tokens_of(customer)] == ["reader app", "reader app"]


def test_an_add_page_without_its_key_asks_for_a_reload_and_makes_no_token():
    customer, browser = UserFactory(), staff_browser(staff_with(*ADD_TOKENS))

    page = browser.post(
        reverse("admin:api_apitoken_add"), {"user": customer.pk, "name": "reader app"}
    )

    assert page.status_code == 200
    assert STALE_PAGE in page.content.decode()
    assert tokens_of(customer) == []


@pytest.mark.parametrize(("isempty", "listed"), [("1", "live app"), ("0", "revoked app")])
def test_the_revoked_filter_lists_live_or_revoked_tokens(superuser_client, isempty, listed):
    """Found by an outside probe: both of the filter's links answered 400."""
    with system_scope():
        api_token_issue(user=UserFactory(), name="live app")
        api_token_revoke(token=api_token_issue(user=UserFactory(), name="revoked app").token)

    page = superuser_client.get(
        reverse("admin:api_apitoken_changelist"), {"revoked_at__isempty": isempty}
    )

    assert page.status_code == 200
    text = page.content.decode()
    assert listed in text
    assert ({"live app", "revoked app"} - {listed}).pop() not in text


def test_the_revoked_filter_with_a_value_it_does_not_know_goes_back_to_the_whole_list(
    superuser_client,
):
    page = superuser_client.get(
        reverse("admin:api_apitoken_changelist"), {"revoked_at__isempty": "x"}
    )

    assert (page.status_code, page["Location"]) == (
        302,
        reverse("admin:api_apitoken_changelist") + "?e=1",
    )
