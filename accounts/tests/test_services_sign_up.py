"""Sign-up pressed twice at once: one account, and neither browser sees a server error."""

import copy

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_sign_up_sent_twice_at_once_makes_one_account_and_signs_both_in(
    throttle_rates,
):
    """The later answer used to say the username was taken (an outside probe's double
    click); it now goes where the first went."""
    throttle_rates("signup_ip", 100)
    form = {
        "username": "twice",
        "email": "twice@example.com",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }

    page = Client()
    page.get(reverse("signup"))  # both submits carry the session the page opened

    def submit():
        browser = Client()
        browser.cookies = copy.deepcopy(page.cookies)
        return browser.post(reverse("signup"), form)

    answers = at_once(submit, times=2)

    with system_scope():
        accounts = get_user_model().objects.filter(username="twice").count()
    assert accounts == 1
    assert [answer.status_code for answer in answers] == [302, 302]
    assert {answer.wsgi_request.user.username for answer in answers} == {"twice"}
