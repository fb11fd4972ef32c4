"""Link abuse: an order whose links are used from many distinct networks within a short
window is flagged for staff, who can suspend its links with one action; the customer is
told why. The download audit log (`DownloadEvent`) is the evidence."""

import ipaddress
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from delivery import errors
from delivery.models import (
    SUSPENDED_FOR_SHARING,
    AbuseAlertStatus,
    DownloadAbuseAlert,
    DownloadEvent,
)
from delivery.selectors import links_resend_refusal
from delivery.services import download_links_resend, download_links_revoke
from notifications.models import EmailKind
from notifications.tasks import send_order_email
from orders.actors import SYSTEM
from orders.events import links_alert_dismissed, links_suspension_lifted
from orders.models import Order
from orders.services import order_flag, order_flag_clear

IPV4_PREFIX, IPV6_PREFIX = 24, 64


def network_of(ip_address: str | None) -> str:
    """The /24 (IPv4) or /64 (IPv6) holding the address: one household, office or phone
    carrier cell counts once, however its addresses rotate."""
    if not ip_address:
        return "unknown"
    address = ipaddress.ip_address(ip_address)
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def download_abuse_scan(*, now: datetime | None = None) -> list[DownloadAbuseAlert]:
    """Flag every order downloaded from DOWNLOAD_ABUSE_NETWORKS or more networks within the
    last DOWNLOAD_ABUSE_WINDOW_MINUTES, counting only downloads no alert covers
    (`_uncovered_since`)."""
    end = now or timezone.now()
    start = end - timedelta(minutes=settings.DOWNLOAD_ABUSE_WINDOW_MINUTES)
    by_order: dict[int, list[dict]] = defaultdict(list)
    for event in DownloadEvent.objects.filter(
        downloaded_at__gt=start, downloaded_at__lte=end
    ).values("link_id", "link__order_id", "ip_address", "probe", "downloaded_at"):
        by_order[event["link__order_id"]].append(event)
    alerts = []
    for order_id, events in by_order.items():
        if len(_networks(events)) < settings.DOWNLOAD_ABUSE_NETWORKS:
            continue  # no alert could be due: read none (the scan runs every minute)
        since = _uncovered_since(order_id, start=start)
        if since is None:
            continue
        events = [event for event in events if event["downloaded_at"] > since]
        networks = _networks(events)
        if len(networks) < settings.DOWNLOAD_ABUSE_NETWORKS:
            continue
        alert = _raise_alert(order_id, events, networks, start=since, end=end)
        if alert is not None:
            alerts.append(alert)
    return alerts


def _networks(events: list[dict]) -> Counter:
    return Counter(network_of(event["ip_address"]) for event in events)


def _uncovered_since(order_id: int, *, start: datetime) -> datetime | None:
    """Since when the order's downloads are covered by no alert: the window's start, or
    when staff resolved the alert detected in it (dismissed, or suspended then lifted: the
    downloads after count anew; outside probe FM-1: the links could be shared from any
    number of networks for the rest of the window, unseen); None while that alert is open."""
    latest = (
        DownloadAbuseAlert.objects.filter(order_id=order_id, detected_at__gt=start)
        .order_by("-detected_at")
        .first()
    )
    if latest is None:
        return start
    return latest.resolved_at


def _raise_alert(order_id, events, networks, *, start, end) -> DownloadAbuseAlert | None:
    per_link = Counter(str(event["link_id"]) for event in events)
    reason = _flag_reason(networks=len(networks))
    try:
        with transaction.atomic():
            alert = DownloadAbuseAlert.objects.create(
                order_id=order_id,
                networks=len(networks),
                downloads=sum(not event["probe"] for event in events),
                window_start=start,
                window_end=end,
                evidence={"networks": dict(networks), "links": dict(per_link)},
                detected_at=timezone.now(),
            )
            order_flag(order=Order.objects.get(pk=order_id), actor=SYSTEM, reason=reason)
    except IntegrityError:
        return None  # an open alert exists: staff have not looked at it yet
    return alert


def download_abuse_suspend(*, alert: DownloadAbuseAlert, actor: str) -> int:
    """Staff: stop every link of the alert's order now and email the customer why. Their
    own re-issue is refused from then on (staff can still send fresh links). Returns how
    many links were revoked."""
    with transaction.atomic():
        locked = DownloadAbuseAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.status != AbuseAlertStatus.OPEN:
            raise errors.AlertResolved(f"{locked} was already {locked.status}.")
        window = f"within {settings.DOWNLOAD_ABUSE_WINDOW_MINUTES} minutes"
        revoked = download_links_revoke(
            order=locked.order,
            reason=f"{SUSPENDED_FOR_SHARING}downloaded from {locked.networks} networks {window}.",
            actor=actor,
        )
        _resolve(locked, AbuseAlertStatus.SUSPENDED, actor)
        send_order_email.defer(
            order_id=locked.order_id,
            kind=EmailKind.LINKS_SUSPENDED.value,
            event_key=f"abuse-{locked.pk}",
            reason=f"Your links were used from {locked.networks} different networks {window}.",
        )
    return revoked


def download_abuse_unsuspend(*, alert: DownloadAbuseAlert, actor: str, reason: str) -> str:
    """Staff: give back the downloads an alert suspended (the customer explained). The
    suspended links stay dead (they were shared); the customer is emailed fresh ones (a job
    issues them), opening with the pause being over (their last email said it began), and
    may ask for fresh links again. The history keeps who and why; the order's flag goes, as
    on a dismissal, when it is still the one this alert raised. Returns why no fresh links
    are emailed (`links_resend_refusal`), "" when they are."""
    if not reason.strip():
        raise errors.DeliveryError("Lifting a suspension needs a reason.")
    with transaction.atomic():
        locked = DownloadAbuseAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.status != AbuseAlertStatus.SUSPENDED:
            raise errors.AlertResolved(f"{locked} is {locked.status}, not suspended.")
        order = Order.objects.select_for_update().get(pk=locked.order_id)
        _resolve(locked, AbuseAlertStatus.LIFTED, actor)
        links_suspension_lifted(order=order, actor=actor, reason=reason, alert=locked.pk)
        order_flag_clear(order=order, settles=_flag_reason(networks=locked.networks))
        refusal = links_resend_refusal(order)
        if not refusal:
            download_links_resend(
                order=order,
                actor=actor,
                reason=reason,
                history_row=False,  # the lift's row says it
                why=(
                    f"We reviewed the downloads of your order {order.number}: they are no "
                    "longer paused. The links we paused still do not work: here are fresh ones."
                ),
            )
    return refusal


def download_abuse_dismiss(*, alert: DownloadAbuseAlert, actor: str) -> None:
    """Staff: a normal customer after all. The history says so, and the order's flag goes
    when it is still the one this alert raised."""
    with transaction.atomic():
        locked = DownloadAbuseAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.status != AbuseAlertStatus.OPEN:
            raise errors.AlertResolved(f"{locked} was already {locked.status}.")
        order = Order.objects.select_for_update().get(pk=locked.order_id)
        _resolve(locked, AbuseAlertStatus.DISMISSED, actor)
        links_alert_dismissed(order=order, actor=actor, alert=locked.pk)
        order_flag_clear(order=order, settles=_flag_reason(networks=locked.networks))


def _flag_reason(*, networks: int) -> str:
    return (
        f"Downloaded from {networks} networks within "
        f"{settings.DOWNLOAD_ABUSE_WINDOW_MINUTES} minutes: links may be shared."
    )


def _resolve(alert: DownloadAbuseAlert, status: AbuseAlertStatus, actor: str) -> None:
    alert.status = status
    alert.resolved_at = timezone.now()
    alert.resolved_by = actor
    alert.save(update_fields=["status", "resolved_at", "resolved_by"])
