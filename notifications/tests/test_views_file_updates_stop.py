"""The file-update email's stop link: it works without signing in (a guest has no
password), asks before it stops, and covers the mailbox's guest checkouts."""

import re

import pytest
from django.core import mail, signing
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.privacy import erasure_request, guest_erasure_request
from accounts.services import guest_account_create
from catalog.services import asset_file_store, asset_version_record
from delivery.tasks import announce_file_update, send_file_update
from delivery.tests.conftest import fulfilled_order
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, UserFactory
from morpheus_testing.jobs import run_queued_jobs
from notifications.selectors import file_update_emails_wanted

pytestmark = pytest.mark.django_db

UPDATE_JOBS = {announce_file_update.name, send_file_update.name}


def _publish(asset, title: str) -> None:
    upload = ContentFile(comic_pdf(title), name="fixed.pdf")
    asset_version_record(
        asset=asset, stored=asset_file_store(asset=asset, upload=upload), actor="staff:test"
    )
    run_queued_jobs(names=UPDATE_JOBS)


def _stop_path(message) -> str:
    return re.search(r"To stop these emails: http://[^/]+(/\S+)", message.body)[1]


def test_a_guest_stops_file_update_emails_from_the_email_without_signing_in(client):
    asset = ComicAssetFactory()
    first, second = (guest_account_create(email="gina@example.com") for _ in range(2))
    for guest in (first, second):
        fulfilled_order(customer=guest, assets=[asset])
    _publish(asset, "Version two")
    stop = _stop_path(mail.outbox[0])

    asked = client.get(stop)
    done = client.post(stop)
    mail.outbox.clear()
    _publish(asset, "Version three")

    assert asked.status_code == 200
    assert "Stop emails about updated files" in asked.text
    assert "Done: we will not email you" in done.text
    assert "To get them again for an order, open it from the link in its email" in done.text
    assert not file_update_emails_wanted(user_id=first.pk)
    assert not file_update_emails_wanted(user_id=second.pk)
    assert mail.outbox == []


def test_a_guests_stop_link_leaves_the_guests_of_an_address_that_only_looks_alike(client):
    """Dotless i (U+0131): PostgreSQL's UPPER() reads it as I, but it is another domain."""
    asset = ComicAssetFactory()
    lookalike = guest_account_create(email="gina@gma\u0131l.com")
    victim = guest_account_create(email="gina@gmail.com")
    for guest in (lookalike, victim):
        fulfilled_order(customer=guest, assets=[asset])
    _publish(asset, "Version two")
    (sent_to_lookalike,) = [m for m in mail.outbox if m.to != ["gina@gmail.com"]]

    client.post(_stop_path(sent_to_lookalike))

    assert not file_update_emails_wanted(user_id=lookalike.pk)
    assert file_update_emails_wanted(user_id=victim.pk)


def test_opening_the_stop_link_alone_stops_nothing(client):
    """A mail scanner that follows the link must not unsubscribe the reader."""
    asset = ComicAssetFactory()
    customer = UserFactory()
    fulfilled_order(customer=customer, assets=[asset])
    _publish(asset, "Version two")

    client.get(_stop_path(mail.outbox[0]))

    assert file_update_emails_wanted(user_id=customer.pk)


def test_a_customers_stop_link_stops_that_account_alone(client):
    asset = ComicAssetFactory()
    customer, other = UserFactory(email="same@example.com"), UserFactory(email="same@example.com")
    fulfilled_order(customer=customer, assets=[asset])
    _publish(asset, "Version two")

    client.post(_stop_path(mail.outbox[0]))

    assert not file_update_emails_wanted(user_id=customer.pk)
    assert file_update_emails_wanted(user_id=other.pk)


def test_a_stop_link_sent_to_an_address_the_account_left_changes_nothing(client):
    """Outside probe FZ-1: whoever reads the old mailbox turned off the update emails the
    account's new address gets, the page saying it acted for the address it was sent to."""
    asset = ComicAssetFactory()
    customer = UserFactory(email="old@example.com")
    fulfilled_order(customer=customer, assets=[asset])
    _publish(asset, "Version two")
    with system_scope():
        type(customer).objects.filter(pk=customer.pk).update(email="new@example.com")

    page = client.post(_stop_path(mail.outbox[0]))

    assert 'data-testid="file-updates-moved"' in page.text
    assert file_update_emails_wanted(user_id=customer.pk)


def test_a_stop_link_sent_before_it_named_its_address_still_stops(client):
    customer = UserFactory()
    token = signing.dumps(customer.pk, salt="notifications.file-updates-stop", compress=True)

    client.post(reverse("notifications:file_updates_stop", args=[token]))

    assert not file_update_emails_wanted(user_id=customer.pk)


def test_an_altered_stop_link_is_not_found(client):
    asset = ComicAssetFactory()
    fulfilled_order(customer=UserFactory(), assets=[asset])
    _publish(asset, "Version two")
    stop = _stop_path(mail.outbox[0])

    answer = client.post(stop.replace("/stop/", "/stop/x"))

    assert answer.status_code == 404


def test_the_done_page_links_to_the_email_preferences_to_turn_them_back_on(client):
    """Outside probe AJ (AJ-3): the page after stopping gave no way back."""
    asset = ComicAssetFactory()
    fulfilled_order(customer=UserFactory(), assets=[asset])
    _publish(asset, "Version two")

    done = client.post(_stop_path(mail.outbox[0]))

    preferences = reverse("notifications:preferences")
    assert f'turn them on in your <a href="{preferences}">email preferences</a>' in done.text


def test_the_stop_link_opened_again_says_the_emails_are_already_stopped(client):
    """Outside probe AJ (AJ-4): it asked again "Stop those emails…?"."""
    asset = ComicAssetFactory()
    fulfilled_order(customer=UserFactory(), assets=[asset])
    _publish(asset, "Version two")
    stop = _stop_path(mail.outbox[0])
    client.post(stop)

    again = client.get(stop)

    assert "These emails are already stopped" in again.text
    assert "turn them on in your" in again.text
    assert "Stop those emails" not in again.text


def test_the_stop_link_of_an_erased_guest_says_there_is_nothing_left_to_stop(client):
    asset = ComicAssetFactory()
    guest = guest_account_create(email="gina@example.com")
    fulfilled_order(customer=guest, assets=[asset])
    _publish(asset, "Version two")
    stop = _stop_path(mail.outbox[0])
    guest_erasure_request(guest=guest, address_proved=True)
    run_queued_jobs()

    opened, pressed = client.get(stop), client.post(stop)

    for answer in (opened, pressed):
        assert "There is nothing left to stop: the details this email was sent for were erased" in (
            answer.text
        )
        assert "Stop those emails" not in answer.text
        assert "Done" not in answer.text


def test_the_stop_link_of_an_erased_customer_says_there_is_nothing_left_to_stop(client):
    asset = ComicAssetFactory()
    customer = UserFactory()
    fulfilled_order(customer=customer, assets=[asset])
    _publish(asset, "Version two")
    stop = _stop_path(mail.outbox[0])
    erasure_request(user=customer)
    run_queued_jobs()

    opened = client.get(stop)

    assert "There is nothing left to stop: the details this email was sent for were erased" in (
        opened.text
    )


def test_the_stop_link_of_an_account_staff_deactivated_says_the_emails_are_stopped(client):
    """Found by outside testers: it said the details were erased, and nothing was."""
    asset = ComicAssetFactory()
    customer = UserFactory()
    fulfilled_order(customer=customer, assets=[asset])
    _publish(asset, "Version two")
    stop = _stop_path(mail.outbox[0])
    with system_scope():
        customer.is_active = False
        customer.save(update_fields=["is_active"])

    opened, pressed = client.get(stop), client.post(stop)

    for answer in (opened, pressed):
        assert (
            "These emails are stopped: the account this email was sent for is no longer active, "
            "so we will not email it about updated files again."
        ) in answer.text
        assert "erased" not in answer.text
        assert "Stop those emails" not in answer.text
        assert "turn them on" not in answer.text
