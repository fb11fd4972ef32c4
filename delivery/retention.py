"""How long the download audit keeps who downloaded: address and browser are personal data,
kept DOWNLOAD_AUDIT_RETENTION_DAYS for abuse checks; the download itself stays recorded."""

from datetime import datetime

from django.db.models import Q

from delivery.models import DownloadEvent


def download_audit_forget(*, before: datetime) -> int:
    """Blank the address and user agent of downloads made before `before`; returns how many
    rows changed (a row already blank is left alone)."""
    return (
        DownloadEvent.objects.filter(downloaded_at__lt=before)
        .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
        .update(ip_address=None, user_agent="")
    )
