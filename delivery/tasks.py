import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from delivery import storage
from delivery.abuse import download_abuse_scan
from delivery.errors import NotEntitled
from delivery.retention import download_audit_forget
from delivery.services import download_links_fulfil, download_links_reissue_by_staff
from delivery.updates import file_update_announce, file_update_send
from delivery.watermarks import stale_copies_request, stamped_copy_make
from morpheus.db_context import system_scope
from morpheus.jobs import job
from notifications.emails import absolute_links
from notifications.models import EmailKind, EmailWithheld
from notifications.selectors import downloads_may_be_emailed
from notifications.services import email_send_once
from orders.actors import SYSTEM
from orders.models import Order
from orders.selectors import order_given_by_staff, order_is_entitled
from orders.transitions import OrderStatus

logger = logging.getLogger(__name__)
# Deleting files: storage that cannot be reached (S3) is asked again, with back-off.
STORAGE_RETRY = RetryStrategy(max_attempts=12, exponential_wait=2)


@job(queue="fulfilment")
def fulfil_order(*, order_id: int) -> None:
    """Issue a paid order's download links, mark it fulfilled and email the links (for
    comics staff gave, an email saying they are a gift, free of charge).

    The tokens exist only in this job's memory, so they cannot wait in the queue for the
    email: when a previous run issued links but the email did not go out, nobody has seen
    those links yet and this run replaces them.
    """
    with system_scope():
        issued = download_links_fulfil(order_id=order_id, actor=SYSTEM)

    def links(order: Order) -> dict[str, object] | EmailWithheld | None:
        if not downloads_may_be_emailed(order):
            return EmailWithheld.ADDRESS_UNCONFIRMED  # sent once it is (accounts.services)
        if issued:
            fresh = issued
        elif order.status != OrderStatus.FULFILLED:
            return None
        else:
            try:
                fresh = download_links_reissue_by_staff(
                    order=order, actor=SYSTEM, reason="Links for the downloads-ready email"
                )
            except NotEntitled:
                return None  # refunded, disputed or suspended since: no links to send
        # Comics staff gave: the customer placed no order, and this is the one email they get.
        return {
            "links": absolute_links(fresh, order=order),
            "given_by_staff": order_given_by_staff(order=order),
        }

    email_send_once(
        order_id=order_id, kind=EmailKind.DOWNLOADS_READY, event_key="fulfilled", context=links
    )


@job(queue="fulfilment")
def send_fresh_links(
    *,
    order_id: int,
    actor: str,
    reason: str,
    request_key: str,
    why: str = "",
    item_ids: list[int] | None = None,
) -> None:
    """Staff's re-send: fresh links (the previous ones stop working, which the email says),
    emailed to the customer, once per staff request however often the job runs; `why`,
    when given, is the email's one opening (saying that the earlier links no longer work).
    With `item_ids`, only those items' links are replaced and emailed: the order's other
    links keep working."""

    def links(order: Order) -> dict[str, object] | EmailWithheld | None:
        # The library serves the current file, the links emailed or not (outside probe EK-1:
        # an unconfirmed address kept the old copy).
        if order_is_entitled(order):
            stale_copies_request(order_id=order.pk)
        if not downloads_may_be_emailed(order):
            return EmailWithheld.ADDRESS_UNCONFIRMED
        try:
            fresh = download_links_reissue_by_staff(
                order=order, actor=actor, reason=reason, item_ids=item_ids
            )
        except NotEntitled:
            return None  # refunded, canceled, disputed or suspended since: nothing to send
        return {
            "links": absolute_links(fresh, order=order),
            "why": why,
            "replaces_earlier_links": True,
        }

    email_send_once(
        order_id=order_id,
        kind=EmailKind.DOWNLOADS_READY,
        event_key=f"resent-{request_key}",
        context=links,
    )


@job(queue="stamping", retry=STORAGE_RETRY)
def stamp_copy(*, copy_id: int, requested_at: str) -> None:
    """Make one buyer's stamped copy (a later request for the same copy supersedes this one;
    a failed run is tried again: the copy is made once, under the request's own name)."""
    stamped_copy_make(copy_id=copy_id, requested_at=datetime.fromisoformat(requested_at))


@job(queue="stamping", retry=STORAGE_RETRY)
def discard_stamped_files(*, names: list[str]) -> None:
    """Delete the files of stamped copies whose rows are gone (an erasure); a file already
    gone is skipped, so a retry finishes what a failed run began."""
    for name in names:
        storage.stamped_copy_discard(name=name)


@job(queue="emails")
def announce_file_update(*, asset_id: int, version: int) -> None:
    """Fan a new file version out to its buyers' orders, in throttled batches."""
    file_update_announce(asset_id=asset_id, version=version)


@job(queue="emails")
def send_file_update(*, order_id: int, asset_id: int, version: int) -> None:
    """One order's part of a new file version: stamped copies remade, one email."""
    file_update_send(order_id=order_id, asset_id=asset_id, version=version)


@app.periodic(cron="* * * * *", periodic_id="scan_download_abuse")
@job(queue="maintenance", queueing_lock="scan_download_abuse")
def scan_download_abuse(*, timestamp: int) -> None:
    """Flag orders whose links spread over too many networks (see delivery.abuse)."""
    with system_scope():
        download_abuse_scan()


@app.periodic(cron="41 3 * * *", periodic_id="forget_download_audit_details")
@job(queue="maintenance", queueing_lock="forget_download_audit_details")
def forget_download_audit_details(*, timestamp: int) -> None:
    """Daily: downloads older than DOWNLOAD_AUDIT_RETENTION_DAYS lose address and agent."""
    before = timezone.now() - timedelta(days=settings.DOWNLOAD_AUDIT_RETENTION_DAYS)
    with system_scope():
        forgotten = download_audit_forget(before=before)
    logger.info("forgot address and agent of %s downloads", forgotten)
