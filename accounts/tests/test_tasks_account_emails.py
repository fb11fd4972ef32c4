"""Each account email that goes is recorded (kind, recipient, time) once its send succeeded;
its link is not (outside probe BT, BT-6)."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import AccountEmail
from accounts.privacy import erasure_request
from accounts.tasks import send_password_reset
from morpheus.db_context import system_scope
from morpheus_testing.factories import UserFactory
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.mail import FlakyEmailBackend

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
SENT = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


def recorded(user) -> list[tuple[str, str]]:
    with system_scope():
        rows = AccountEmail.objects.filter(user=user).order_by("pk")
        return list(rows.values_list("kind", "recipient"))


def confirmation_path(to: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [to] and "Confirm" in m.subject]
    return re.search(r"http://[^/]+(/accounts/email/verify/\S+/)", message.body).group(1)


def reset_token() -> str:
    (message,) = [m for m in mail.outbox if "Reset your Morpheus password" in m.subject]
    return re.search(r"/accounts/password/reset/[^/]+/([^/?\s]+)", message.body).group(1)


def test_each_kind_of_account_email_that_went_is_recorded_with_its_recipient(client):
    user = UserFactory(email="old@example.com")
    client.force_login(user)

    client.post(reverse("email_change"), {"email": "new@example.com", "password": PASSWORD})
    run_queued_jobs()
    client.post(confirmation_path("new@example.com"))
    run_queued_jobs()
    services.password_replaced(user_id=user.pk)
    Client().post(reverse("password_reset"), {"email": "new@example.com"})
    run_queued_jobs()

    assert len(mail.outbox) == 4
    assert recorded(user) == [
        ("verify_email", "new@example.com"),
        ("address_changed", "old@example.com"),
        ("password_changed", "new@example.com"),
        ("password_reset", "new@example.com"),
    ]


def test_a_password_reset_is_recorded_when_it_went_and_without_its_link(client):
    user = UserFactory()

    with time_machine.travel(SENT, tick=False):
        client.post(reverse("password_reset"), {"email": user.email})
        run_queued_jobs()

    with system_scope():
        (row,) = AccountEmail.objects.filter(user=user)
        with connection.cursor() as cursor:
            cursor.execute("SELECT t::text FROM accounts_accountemail t WHERE id = %s", [row.pk])
            (as_stored,) = cursor.fetchone()
    assert (row.kind, row.recipient, row.sent_at) == ("password_reset", user.email, SENT)
    assert reset_token() not in as_stored


def test_an_email_whose_send_fails_is_not_recorded_and_its_retry_is_recorded_once(
    settings, monkeypatch
):
    settings.EMAIL_BACKEND = "morpheus_testing.mail.FlakyEmailBackend"
    monkeypatch.setattr(FlakyEmailBackend, "failures", 1)
    user = UserFactory()

    with pytest.raises(ConnectionError):
        send_password_reset(user_id=user.pk)
    after_the_failure = recorded(user)
    send_password_reset(user_id=user.pk)

    assert after_the_failure == []
    assert recorded(user) == [("password_reset", user.email)]
    assert len(mail.outbox) == 1


def test_no_address_confirmation_goes_to_an_account_whose_erasure_was_asked_for(client):
    """Helper LX: the password emails skip such an account, the confirmation still went."""
    user = UserFactory(email="old@example.com")
    client.force_login(user)
    client.post(reverse("email_change"), {"email": "new@example.com", "password": PASSWORD})
    with system_scope():
        erasure_request(user=user)
    mail.outbox = []

    run_queued_jobs(names=["accounts.tasks.send_email_verification"])

    assert [m.to for m in mail.outbox] == []
    assert recorded(user) == []
