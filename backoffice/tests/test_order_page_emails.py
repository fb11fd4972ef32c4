"""The order page lists the emails the customer was sent about the order, and where each
stands: sent, waiting, or withheld and why."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.privacy import erasure_request
from backoffice.tests.test_order_page import page_html
from morpheus.db_context import system_scope
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.mail import FlakyEmailBackend
from notifications.models import EmailKind
from notifications.tasks import send_order_email
from orders.services import order_transition

pytestmark = pytest.mark.django_db
ORDER_EMAILS = {"notifications.tasks.send_order_email"}


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


def test_an_email_withheld_for_the_customers_erasure_says_so(support_client):
    order = create_order()
    with system_scope():
        erasure_request(user=order.customer)
    run_queued_jobs(names=ORDER_EMAILS)

    shown = section(page_html(support_client, order))

    assert "Not sent: the customer asked for their account&#x27;s erasure." in shown


def test_an_order_without_emails_says_so(support_client):
    order = create_order()

    assert "No email yet." in section(page_html(support_client, order))
