"""Staff are told on the dashboard and the order page when no job worker runs (outside probe
CB, CB-1: with the worker stopped, an order's emails read "No email yet." for minutes and
nothing said why)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from backoffice.tests.test_order_page import page_html
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import background_worker
from morpheus_testing.waiting import committed_writes, wait_until

NONE = "No job worker is running"
SINCE = "No job worker has reported since"


def dashboard(client) -> str:
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_with_no_worker_the_dashboard_and_order_page_say_what_waits(support_client, settings):
    settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS = 0  # the order's email is due now
    order = create_order()

    for page in (dashboard(support_client), page_html(support_client, order)):
        assert f"{NONE} (2 jobs due): customers' emails, fulfilment" in page
        assert 'role="alert" id="worker-silent"' in page


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_silences_the_notice_until_its_heartbeat_grows_old(
    support_client, database_urls
):
    order = create_order()

    with committed_writes(database_urls["owner"], "procrastinate_workers") as writes:
        with background_worker():
            wait_until(
                lambda: "worker-silent" not in page_html(support_client, order),
                timeout=20,
                what="the notice gone while a worker runs",
                changes=writes,
            )
            assert "worker-silent" not in dashboard(support_client)
            with time_machine.travel(timezone.now() + timedelta(minutes=5)):
                silent = page_html(support_client, order)
    stopped = page_html(support_client, order)

    assert SINCE in silent
    assert NONE in stopped
