"""Sign-ups at once: pressed twice, one account and neither browser sees a server error;
of names drawn alike, one account."""

import copy

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.errors import UsernameTaken
from accounts.services import account_sign_up
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once, waits_for_a_lock

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-unusual-passphrase"


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


def test_a_sign_up_waits_for_one_of_a_name_drawn_alike_under_way_and_is_then_refused():
    """Both names checked before either account was made, "alice" and "aIice" sent at once
    made both (left by session 64's look-alike check)."""

    def look_alike() -> None:
        account_sign_up(username="aIice", email="mallory@example.com", password=PASSWORD)

    with transaction.atomic():
        account_sign_up(username="alice", email="alice@example.com", password=PASSWORD)
        waited = waits_for_a_lock(look_alike)
    with pytest.raises(UsernameTaken, match="could pass for another"):
        look_alike()

    assert waited
    with system_scope():
        made = list(
            get_user_model()
            .objects.filter(email__in=["alice@example.com", "mallory@example.com"])
            .values_list("username", flat=True)
        )
    assert made == ["alice"]


def test_names_drawn_alike_sent_at_once_make_one_account(throttle_rates):
    throttle_rates("signup_ip", 100)

    def submit(username: str):
        return Client().post(
            reverse("signup"),
            {
                "username": username,
                "email": f"{username.lower()}@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    typed = ["alice", "Alice", "aIice", "ALICE"]
    names = iter(typed)
    answers = at_once(lambda: submit(next(names)), times=4)

    with system_scope():
        assert get_user_model().objects.filter(username__in=typed).count() == 1
    assert sorted(answer.status_code for answer in answers) == [200, 200, 200, 302]
    for refused in (answer for answer in answers if answer.status_code == 200):
        assert "could pass for another" in refused.text or "already exists" in refused.text
