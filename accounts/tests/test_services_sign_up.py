"""Sign-up pressed twice at once: one account, and neither browser sees a server error."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from morpheus.db_context import system_scope

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_sign_up_sent_twice_at_once_makes_one_account(throttle_rates):
    throttle_rates("signup_ip", 100)
    start, answers = threading.Barrier(2), []
    form = {
        "username": "twice",
        "email": "twice@example.com",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }

    def sign_up() -> None:
        try:
            browser = Client()
            start.wait()
            answers.append(browser.post(reverse("signup"), form).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with system_scope():
        accounts = get_user_model().objects.filter(username="twice").count()
    assert accounts == 1
    assert sorted(answers) == [200, 302]
