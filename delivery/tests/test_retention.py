"""The download audit forgets address and agent after DOWNLOAD_AUDIT_RETENTION_DAYS."""

from datetime import timedelta

import pytest
from django.utils import timezone

from delivery.models import DownloadEvent
from delivery.tasks import forget_download_audit_details
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import DownloadAbuseAlertFactory

pytestmark = pytest.mark.django_db


def download_at(link_id: int, days_ago: int) -> DownloadEvent:
    with system_scope():
        return DownloadEvent.objects.create(
            link_id=link_id,
            downloaded_at=timezone.now() - timedelta(days=days_ago),
            ip_address="203.0.113.7",
            user_agent="Reader/1.0",
        )


def test_old_downloads_lose_address_and_agent_and_recent_ones_keep_them(settings):
    settings.DOWNLOAD_AUDIT_RETENTION_DAYS = 90
    _, (issued,) = fulfilled_order()
    old, recent = download_at(issued.link_id, 91), download_at(issued.link_id, 89)

    forget_download_audit_details(timestamp=0)

    with system_scope():
        old.refresh_from_db()
        recent.refresh_from_db()
        kept = DownloadEvent.objects.filter(link_id=issued.link_id).count()
    assert kept == 2
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("203.0.113.7", "Reader/1.0")


def test_the_link_abuse_alerts_of_that_time_lose_the_networks_and_keep_how_many(settings):
    """Found on the final read of outside probe DX-2's fix: an alert kept the networks a
    customer downloaded from for good, the downloads' addresses gone."""
    settings.DOWNLOAD_AUDIT_RETENTION_DAYS = 90
    order, _ = fulfilled_order()
    networks = {"203.0.113.0/24": 3, "198.51.100.0/24": 2}
    old, recent = (
        DownloadAbuseAlertFactory(
            order=order,
            status="dismissed",
            networks=2,
            window_end=timezone.now() - timedelta(days=days_ago),
            evidence={"networks": networks, "links": {"1": 5}},
        )
        for days_ago in (91, 89)
    )

    forget_download_audit_details(timestamp=0)

    with system_scope():
        old.refresh_from_db()
        recent.refresh_from_db()
    assert (old.evidence, old.networks) == ({"networks": {}, "links": {"1": 5}}, 2)
    assert recent.evidence["networks"] == networks
