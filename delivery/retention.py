"""How long the download audit keeps who downloaded: address and browser are personal data,
kept DOWNLOAD_AUDIT_RETENTION_DAYS for abuse checks; the download itself stays recorded."""

from datetime import datetime

from django.db.models import Q, QuerySet

from delivery.models import DownloadAbuseAlert, DownloadEvent


def download_audit_forget(*, before: datetime) -> int:
    """Blank the address and user agent of downloads made before `before`, and the networks
    of the link abuse alerts of their time; returns how many downloads changed (a row
    already blank is left alone)."""
    abuse_alerts_networks_forget(DownloadAbuseAlert.objects.filter(window_end__lt=before))
    return (
        DownloadEvent.objects.filter(downloaded_at__lt=before)
        .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
        .update(ip_address=None, user_agent="")
    )


def abuse_alerts_networks_forget(alerts: QuerySet[DownloadAbuseAlert]) -> None:
    """Take the networks downloads came from (the addresses' summary, personal data as they
    are) out of the alerts' evidence; the alerts keep how many there were."""
    for alert in alerts.exclude(evidence__networks={}):
        alert.evidence = {**alert.evidence, "networks": {}}
        alert.save(update_fields=["evidence"])
