import pytest

from morpheus_testing.factories import create_order
from orders import services
from tax.tests.helpers import dispute_of


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = "metrics-test-token-0123456789"
    return settings.METRICS_TOKEN


def _metric(client, token: str, line_start: str) -> float:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    for line in response.content.decode().splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.mark.django_db
def test_metrics_need_the_token(client, metrics_token):
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403


@pytest.mark.django_db
def test_committed_transitions_and_payment_failures_are_counted(
    client, metrics_token, django_capture_on_commit_callbacks
):
    transitions = 'morpheus_order_transitions_total{from_status="processing",to_status="pending"}'
    before = _metric(client, metrics_token, transitions)
    failures_before = _metric(client, metrics_token, "morpheus_payment_failures_total")
    order = create_order(status="processing")

    with django_capture_on_commit_callbacks(execute=True):
        services.order_transition(
            name="fail_payment", order=order, actor="stripe:evt_1", reason="declined"
        )

    assert _metric(client, metrics_token, transitions) == before + 1
    assert _metric(client, metrics_token, "morpheus_payment_failures_total") == failures_before + 1


@pytest.mark.django_db
def test_refused_downloads_are_counted(client, metrics_token):
    refused = 'morpheus_downloads_total{outcome="refused"}'
    before = _metric(client, metrics_token, refused)

    client.get("/downloads/" + "x" * 43 + "/")

    assert _metric(client, metrics_token, refused) == before + 1


@pytest.mark.django_db
def test_only_a_download_links_requests_are_counted_as_downloads(client, metrics_token):
    """Outside probe FK-3: the library page, and a visitor's redirect from it to sign in,
    counted as downloads granted."""
    from delivery.tests.conftest import fulfilled_order
    from morpheus_testing.factories import ComicAssetFactory

    _, (link,) = fulfilled_order(assets=[ComicAssetFactory()])
    granted = 'morpheus_downloads_total{outcome="granted"}'
    before = _metric(client, metrics_token, granted)

    client.get("/downloads/library/")
    after_the_library = _metric(client, metrics_token, granted)
    assert client.get(link.path).status_code == 200

    assert after_the_library == before
    assert _metric(client, metrics_token, granted) == before + 1


@pytest.mark.django_db
def test_downloads_of_a_file_missing_from_storage_are_counted_unavailable(client, metrics_token):
    from delivery.tests.conftest import fulfilled_order
    from morpheus_testing.factories import ComicAssetFactory

    asset = ComicAssetFactory()
    _, (link,) = fulfilled_order(assets=[asset])
    asset.file.storage.delete(asset.file.name)
    unavailable = 'morpheus_downloads_total{outcome="unavailable"}'
    before = _metric(client, metrics_token, unavailable)

    assert client.get(link.path).status_code == 503

    assert _metric(client, metrics_token, unavailable) == before + 1


@pytest.mark.django_db
def test_rejected_webhooks_are_counted(client, metrics_token):
    rejected = 'morpheus_webhook_events_total{outcome="rejected",type="payment_intent.succeeded"}'
    before = _metric(client, metrics_token, rejected)

    client.post(
        "/stripe/webhook/00000000-0000-0000-0000-000000000000/",
        data=b'{"type": "payment_intent.succeeded"}',
        content_type="application/json",
    )

    assert _metric(client, metrics_token, rejected) == before + 1


def _paid_minutes_ago(minutes: int):
    from datetime import timedelta

    from django.utils import timezone

    from morpheus.db_context import system_scope
    from orders.models import Order

    order = create_order(status="paid")
    with system_scope():
        Order.objects.filter(pk=order.pk).update(
            paid_at=timezone.now() - timedelta(minutes=minutes)
        )
    return order


@pytest.mark.django_db
def test_paid_orders_not_fulfilled_in_time_are_counted(client, metrics_token, settings):
    settings.FULFILMENT_ALERT_MINUTES = 10
    _paid_minutes_ago(11)
    _paid_minutes_ago(9)
    create_order(status="fulfilled")

    assert _metric(client, metrics_token, "morpheus_orders_paid_unfulfilled ") == 1


@pytest.mark.django_db
def test_a_paid_order_charged_back_is_not_counted_as_a_late_fulfilment(
    client, metrics_token, settings
):
    """Outside probe BI (BI-6): a lost dispute's order, which nothing will ever fulfil, was
    counted as late for good; one whose dispute is still open waits to be fulfilled."""
    settings.FULFILMENT_ALERT_MINUTES = 10
    dispute_of(_paid_minutes_ago(11), "lost")
    dispute_of(_paid_minutes_ago(11), "needs_response")

    assert _metric(client, metrics_token, "morpheus_orders_paid_unfulfilled ") == 1


@pytest.mark.django_db
def test_job_gauges_are_reported_with_no_job_running(client, metrics_token):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}")
    lines = response.content.decode().splitlines()
    assert "morpheus_jobs_stalled 0.0" in lines
    assert "morpheus_job_oldest_running_seconds 0.0" in lines


def test_metrics_answer_without_the_database_gauges_when_the_database_is_down(
    client, metrics_token, django_db_blocker
):
    from django.db import connection

    real_name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = "morpheus_unreachable"
    try:
        with django_db_blocker.unblock():
            response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}")
    finally:
        connection.close()
        connection.settings_dict["NAME"] = real_name

    assert response.status_code == 200
    body = response.content.decode()
    assert "morpheus_order_transitions_total" in body
    assert "morpheus_jobs_stalled" not in body
