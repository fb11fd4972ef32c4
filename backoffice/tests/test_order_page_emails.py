"""The order page lists the emails the customer was sent about the order, and where each
stands: sent, waiting, or withheld and why."""

import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.privacy import erasure_request
from accounts.services import email_verification_start
from accounts.tests.test_verification import confirmation_path, paid_order_fulfilled
from backoffice.tests.test_order_page import page_html
from catalog.services import asset_file_store, asset_version_record
from delivery.tasks import announce_file_update, send_file_update
from delivery.tests.conftest import fulfilled_order
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
)
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.mail import FlakyEmailBackend
from notifications.models import EmailKind
from notifications.services import email_preference_set
from notifications.tasks import send_order_email
from orders.services import order_comp, order_transition
from tax.services import evidence_decide

pytestmark = pytest.mark.django_db
ORDER_EMAILS = {"notifications.tasks.send_order_email"}


DOWNLOADS = "Your downloads are ready"


def row_of(shown: str, email: str) -> str:
    (row,) = [row for row in re.findall(r"<tr>.*?</tr>", shown, flags=re.S) if email in row]
    return row


def section(html: str) -> str:
    start = html.index('id="emails"')
    return html[start : html.index("</section>", start)]


def test_support_see_the_email_sent_the_address_it_went_to_and_when(support_client):
    order = create_order()
    run_queued_jobs(names=ORDER_EMAILS)

    shown = section(page_html(support_client, order))

    assert "Emails to the customer (1)" in shown
    assert "Order received" in shown and order.email in shown
    assert "Sent <span" in shown
    assert "bo-bad" not in shown


def test_an_email_whose_send_failed_waits_and_after_five_minutes_points_at_the_worker(
    support_client, settings
):
    settings.EMAIL_BACKEND = "morpheus_testing.mail.FlakyEmailBackend"
    FlakyEmailBackend.failures = 1
    order = create_order()
    with pytest.raises(ConnectionError):
        send_order_email(order_id=order.pk, kind=EmailKind.ORDER_RECEIVED, event_key="placed")

    soon = section(page_html(support_client, order))
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        late = section(page_html(support_client, order))

    assert "Waiting to be sent since" in soon and "check that the job worker" not in soon
    assert "check that the job worker runs and the mail server answers" in late
    assert 'class="bo-bad"' in late


def test_an_email_no_longer_due_when_its_job_ran_says_so_and_is_no_fault(support_client):
    order = create_order()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    run_queued_jobs(names=ORDER_EMAILS)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        shown = section(page_html(support_client, order))

    assert "Order received" in shown
    assert "Not sent: no longer due when its job ran" in shown
    assert "bo-bad" not in shown


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        ("", "Not sent yet: the order is held for Finance's decision on its VAT evidence"),
        ("refund", "Not sent: Finance decided on a refund for the order's VAT evidence; it goes"),
    ],
)
def test_the_downloads_email_of_an_order_held_for_finance_waits_for_their_decision(
    support_client, decision, words
):
    """Outside probes EE-3, EF-2: it read "no longer due (the order had moved on)", of an
    order still paid and held, whose email goes once Finance accept its declared country."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    if decision:
        with system_scope():
            evidence_decide(order=order, decision=decision, actor="staff:finance", reason="t")
    run_queued_jobs(names=ORDER_EMAILS)

    row = row_of(section(page_html(support_client, order)), DOWNLOADS)

    assert words in html.unescape(row)
    assert "moved on" not in row


def test_the_downloads_email_of_a_held_order_refunded_since_is_no_longer_due(support_client):
    """Outside probe EI-2: after Finance's refund decision and the refund, the row still
    said the email went if they accepted, which a refunded order refuses."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    with system_scope():
        evidence_decide(order=order, decision="refund", actor="staff:finance", reason="t")
        order_transition(name="refund", order=order, actor="stripe", reason="Refunded")
    run_queued_jobs(names=ORDER_EMAILS)

    row = row_of(section(page_html(support_client, order)), DOWNLOADS)

    assert "Not sent: no longer due when its job ran (the order had moved on)." in row


def test_an_email_withheld_for_the_customers_erasure_says_so(support_client):
    order = create_order()
    with system_scope():
        erasure_request(user=order.customer)
    run_queued_jobs(names=ORDER_EMAILS)

    shown = section(page_html(support_client, order))

    assert "Not sent: the customer asked for their account&#x27;s erasure." in shown


def test_download_links_held_for_an_unconfirmed_address_say_so_until_it_is_confirmed(
    support_client, client
):
    customer = UserFactory(email_verified=False)
    email_verification_start(user=customer, email=customer.email)
    run_queued_jobs(names={"accounts.tasks.send_email_verification"})
    order = paid_order_fulfilled(customer)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        held = section(page_html(support_client, order))
    client.post(confirmation_path(customer.email))
    confirmed = section(page_html(support_client, order))
    run_queued_jobs()
    sent = section(page_html(support_client, order))

    assert "Not sent until the customer confirms their address" in row_of(held, DOWNLOADS)
    assert "bo-bad" not in held
    assert "which they since did; the fulfilment job sends it next" in row_of(confirmed, DOWNLOADS)
    assert "Sent <span" in row_of(sent, DOWNLOADS)


def test_a_file_update_email_the_customer_turned_off_says_so(support_client):
    asset = ComicAssetFactory()
    order, _ = fulfilled_order(assets=[asset])
    email_preference_set(user_id=order.customer_id, file_updates=False)
    stored = asset_file_store(asset=asset, upload=ContentFile(comic_pdf("Fixed"), name="f.pdf"))
    asset_version_record(asset=asset, stored=stored, actor="staff:test")
    run_queued_jobs(names={announce_file_update.name, send_file_update.name})

    shown = section(page_html(support_client, order))

    assert "Not sent: the customer turned these emails off." in row_of(
        shown, "A comic file was updated"
    )


def test_a_comps_order_received_email_says_a_gift_has_none(support_client):
    """Found by outside probe CB (CB-2): it read "no longer due ... the order had moved on"."""
    with system_scope():
        comp = order_comp(
            customer=UserFactory(), comics=[ComicFactory()], reason="Contest", actor="staff:t"
        )
    run_queued_jobs(names=ORDER_EMAILS)

    shown = section(page_html(support_client, comp))

    assert "Not sent: staff gave these comics; the email of their downloads tells the " in (
        row_of(shown, "Order received")
    )


def test_the_downloads_email_of_comics_staff_gave_is_listed_as_the_gift_it_is(support_client):
    """Outside probe HW-2: it was listed as "Your downloads are ready", a title not on the
    email the customer got ("Morpheus has given you comics, free of charge")."""
    with system_scope():
        comp = order_comp(
            customer=UserFactory(), comics=[ComicFactory()], reason="Contest", actor="staff:t"
        )
    run_queued_jobs()

    shown = section(page_html(support_client, comp))

    assert "Sent <span" in row_of(shown, "Comics given free of charge, with their downloads")
    assert DOWNLOADS not in shown


def test_links_held_for_an_address_of_an_order_that_moved_on_are_not_promised(support_client):
    """Found by outside probe CB (CB-3): "Not sent until the customer confirms their address"
    stayed, confirmed or not, though only a fulfilled order's held links go out then."""
    customer = UserFactory(email_verified=False)
    order = paid_order_fulfilled(customer)
    with system_scope():  # downloaded from the library
        order.refresh_from_db()
        order_transition(name="deliver", order=order, actor="customer:t", reason="Downloaded")

    shown = section(page_html(support_client, order))

    assert "held until the customer confirmed their address, and the order has moved on " in (
        row_of(shown, DOWNLOADS)
    )
    assert "(delivered): its links will not be emailed." in row_of(shown, DOWNLOADS)
    assert "Not sent until the customer confirms" not in shown


def test_links_held_for_an_address_whose_customer_asked_for_erasure_say_so(support_client):
    """Outside probe CC (CC-3): it still said "Not sent until the customer confirms"."""
    customer = UserFactory(email_verified=False)
    order = paid_order_fulfilled(customer)
    with system_scope():
        erasure_request(user=customer)

    shown = section(page_html(support_client, order))

    assert "Not sent: the customer asked for their account&#x27;s erasure." in row_of(
        shown, DOWNLOADS
    )


def test_an_order_without_emails_says_so(support_client):
    order = create_order()

    assert "No email yet." in section(page_html(support_client, order))
