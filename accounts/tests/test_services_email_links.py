"""Confirmation links sent again (`accounts.services.email_links_send_again`)."""

import pytest

from accounts import services
from accounts.verification import verification_url
from morpheus_testing.factories import UserFactory
from morpheus_testing.jobs import queued_jobs

pytestmark = pytest.mark.django_db

CONFIRMATION_JOBS = ["accounts.tasks.send_email_verification"]


def test_an_address_confirmed_after_the_press_read_it_as_waiting_is_sent_no_link():
    """A press of "Send the link again" read the new address as waiting just as its owner
    confirmed it from the email: under the addresses' lock it is confirmed, and nothing is
    sent (it mailed a link, and the confirmed address waited for it again)."""
    user = UserFactory()
    services.email_verification_start(user=user, email="new@example.org")
    token = verification_url(user_id=user.pk, email="new@example.org").rstrip("/").split("/")[-1]
    services.email_verify(token=token)
    sent_before = len(queued_jobs(names=CONFIRMATION_JOBS))

    sent = services.email_links_send_again(user=user, emails=["new@example.org"])

    assert len(queued_jobs(names=CONFIRMATION_JOBS)) == sent_before
    assert sent is services.LinksSentAgain.NONE_WAITING
