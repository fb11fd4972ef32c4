"""Redeeming a download link: the checks, the count, the history and the delivery milestone."""

import logging
from dataclasses import dataclass

import psycopg
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from catalog.models import ComicAsset
from delivery import errors
from delivery.byte_ranges import ByteRange
from delivery.models import (
    DIGEST_PURPOSE,
    DISPUTED,
    ERASED_ACCOUNT,
    FULL_REFUND_UNDER_WAY,
    ITEM_REFUNDED,
    REPLACED_BY_NEW_VERSION,
    REPLACED_REASONS,
    SUSPENDED_REASONS,
    DownloadLink,
)
from delivery.selectors import orders_links_suspended
from delivery.storage import asset_present
from delivery.watermarks import stamped_copy_forget_missing, stamped_copy_remake_missing
from morpheus import tokens
from morpheus.db_context import system_scope
from morpheus.transactions import lock_key
from orders.guests import GUEST_PREFIX, is_erased
from orders.models import Order
from orders.selectors import (
    order_dispute_lost,
    order_dispute_lost_in_part,
    order_refund_full_pending,
)
from orders.services import order_transition
from orders.transitions import ENTITLED_STATUSES, OrderStatus

logger = logging.getLogger(__name__)

USER_AGENT_MAX = 512

# One statement (migration delivery 0003, as 0023 left it): the checks, the conditional count and
# the download's history row. In autocommit it commits in the same round trip. The count of a
# link's last download takes its file-check lock (shared, on the session) before it commits:
# until that file is found there, or the count taken back, a download finding the link used
# up waits for it.
REDEEM_SQL = (
    "SELECT outcome, link_id, order_id, order_status, order_disputed, "
    "max_downloads, storage_name, file_name, content_type, size_bytes, asset_id, copy_missing, "
    "served_event_id, served_resume_bytes, downloads_left "
    "FROM public.delivery_download_redeem(%s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "LEFT JOIN LATERAL (SELECT pg_catalog.pg_advisory_lock_shared(%s) "
    "WHERE downloads_left = 0) AS checking ON true"
)
# How long a download that finds its link used up and its file missing waits for the
# file check of a concurrent last download (a stat, or a HEAD on S3).
FILE_CHECK_WAIT_MS = 5000
# Takes back what a grant whose file is not there wrote (migration delivery 0018).
UNSERVED_SQL = "SELECT public.delivery_download_unserved(%s, %s, %s)"
# What reads the file: a 416 past its end never does.
SERVED_OUTCOMES = ("granted", "probe")


@dataclass(frozen=True)
class Grant:
    """What the endpoint needs to serve the file; plain data, so nothing queries later."""

    storage_name: str
    file_name: str
    content_type: str
    size_bytes: int
    # "granted"; "probe": the range is the file's first bytes, answered without counting;
    # "unsatisfiable": it starts past the file's end, 416 (nothing served, nothing counted).
    outcome: str = "granted"


@dataclass(frozen=True)
class _Redemption:
    outcome: str
    link_id: int | None
    order_id: int | None
    order_status: str | None
    order_disputed: bool | None
    max_downloads: int | None
    storage_name: str | None
    file_name: str | None
    content_type: str | None
    size_bytes: int | None
    asset_id: int | None
    copy_missing: bool | None
    # The download row this grant wrote, or the one it resumed by `served_resume_bytes`.
    served_event_id: int | None
    served_resume_bytes: int | None
    # After this grant's count (None: nothing counted); 0: it holds the file-check lock.
    downloads_left: int | None


class _FileMissing(Exception):
    """The grant's file is not in the storage: it serves nothing and counts nothing."""


def download_redeem(
    *,
    token: str,
    ip_address: str | None,
    user_agent: str,
    counted: bool,
    byte_range: ByteRange | None = None,
    signed_in_as: str = "",
) -> Grant:
    """Check the link named by `token` and, when `counted`, use up one download; a
    `byte_range` that resumes (the rest of a file) counts nothing when the same address had
    a counted download of the link within the hour whose free resumes, this one included,
    add up to no more than the file. A range starting past the file's end (on a link that is
    not refused: a refused link is refused whatever the range), or a probe of its first bytes
    (`bytes=0-0` up to `bytes=0-1023`, never its last byte), counts nothing either (the
    grant's outcome says which). A comic with stamping on serves the buyer's
    stamped copy; until it is ready, CopyNotReady. A file missing from the storage serves
    nothing and counts nothing: a stamped copy is made again (CopyNotReady), a missing
    original is AssetUnavailable. A link used up while its file is missing answers as the
    missing file only if the count of its last download was being taken back (a concurrent
    download of the missing file, waited for); used up by downloads that were served, it
    is used up, and no copy is asked for. The download's row records `signed_in_as`, the
    actor of the signed-in session the request came from ("" for none).

    The token is a bearer credential, typically presented by an anonymous browser whose
    request scope sees no rows. The database function acts as the system on the one link
    whose digest equals the token's (a unique-index lookup) and that link's order, within
    its own body only; it returns plain data, so the rest of the request keeps its scope.
    Called outside a transaction it is one round trip, commit included (and one more for a
    link's last download, once its file is checked: its file-check lock goes). The first download
    of a fulfilled order is counted again in one transaction that also delivers the order.
    """
    digest = tokens.digest(token, purpose=DIGEST_PURPOSE)
    arguments = (digest, ip_address, user_agent, byte_range, signed_in_as)
    redemption = _redeem(*arguments, counted=counted, may_deliver=False)
    try:
        if redemption.outcome == "deliver_first":
            # Asked before the delivering transaction: no S3 call while it holds the order.
            if not asset_present(name=redemption.storage_name):
                raise _FileMissing  # nothing counted yet, nothing delivered
            with system_scope():
                # The order before its link, as every change of an order takes them (a
                # refund revokes its links): the other way round, a refund at that moment
                # deadlocked with the download (outside probe FQ-2).
                order = Order.objects.select_for_update().get(pk=redemption.order_id)
                redemption = _redeem(*arguments, counted=True, may_deliver=True)
                if redemption.outcome == "granted":
                    _deliver_on_first_download(order, link_id=redemption.link_id)
        elif redemption.outcome in SERVED_OUTCOMES and not asset_present(
            name=redemption.storage_name
        ):
            _unserved(digest, redemption)
            raise _FileMissing
        elif (
            redemption.outcome == "quota"
            and not _served_file_present(redemption)
            and not _used_up_once_checked(*arguments)
        ):
            raise _FileMissing
    except _FileMissing:
        _file_missing(redemption)
    finally:
        if redemption.downloads_left == 0:
            _file_checked(digest)
    _refuse_unless_granted(redemption)
    return Grant(
        redemption.storage_name,
        redemption.file_name,
        redemption.content_type,
        redemption.size_bytes,
        redemption.outcome,
    )


def _redeem(
    digest: str,
    ip_address: str | None,
    user_agent: str,
    byte_range: ByteRange | None,
    signed_in_as: str,
    *,
    counted: bool,
    may_deliver: bool,
) -> _Redemption:
    first, last = (None, None) if byte_range is None else byte_range
    with connection.cursor() as cursor:
        cursor.execute(
            REDEEM_SQL,
            [
                digest,
                counted,
                may_deliver,
                timezone.now(),
                ip_address,
                user_agent[:USER_AGENT_MAX],
                first,
                last,
                signed_in_as,
                _file_check_lock(digest),
            ],
        )
        return _Redemption(*cursor.fetchone())


def _file_check_lock(digest: str) -> int:
    return lock_key(f"download-file-check:{digest}")


def _file_checked(digest: str) -> None:
    """The last download's file is found there, or its count taken back: the lock goes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock_shared(%s)", [_file_check_lock(digest)])


def _used_up_once_checked(
    digest: str,
    ip_address: str | None,
    user_agent: str,
    byte_range: ByteRange | None,
    signed_in_as: str,
) -> bool:
    """Whether the link is used up once the count of its last download, if it is still
    checking the file, is done (taken back if the file is missing): read while the lock keeps
    another last download from committing, so the downloads it finds were served. A check
    that outlasts FILE_CHECK_WAIT_MS (stuck, or its lock left on a pooled connection) is
    not waited for: the link is answered as its missing file, as before the lock."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, true), pg_advisory_xact_lock(%s)",
                    [str(FILE_CHECK_WAIT_MS), _file_check_lock(digest)],
                )
            settled = _redeem(
                digest,
                ip_address,
                user_agent,
                byte_range,
                signed_in_as,
                counted=False,
                may_deliver=False,
            )
    except OperationalError as exc:
        if not isinstance(exc.__cause__, psycopg.errors.LockNotAvailable):
            raise
        logger.warning("A download waited %s ms for its link's file check", FILE_CHECK_WAIT_MS)
        return False
    return settled.outcome == "quota"


def _unserved(digest: str, redemption: _Redemption) -> None:
    """Take back the count (or the resume) of a grant that served nothing."""
    if redemption.served_event_id is None:
        return  # a HEAD or a probe: nothing counted
    with connection.cursor() as cursor:
        cursor.execute(
            UNSERVED_SQL,
            [digest, redemption.served_event_id, redemption.served_resume_bytes],
        )


def _original_name(redemption: _Redemption) -> str:
    with system_scope():
        return ComicAsset.objects.get(pk=redemption.asset_id).file.name


def _served_file_present(redemption: _Redemption) -> bool:
    """Whether the file the link serves is in the storage: its stamped copy's, or the
    original's (not stamped, or no copy made yet)."""
    return asset_present(name=redemption.storage_name or _original_name(redemption))


def _original_present_or_unavailable(redemption: _Redemption) -> None:
    """A copy still to be made is made from its original: without it, the link answers the
    503 of a missing file rather than a wait that would never end."""
    original = _original_name(redemption)
    if not asset_present(name=original):
        _original_missing(redemption, original)


def _file_missing(redemption: _Redemption) -> None:
    """The file a grant chose is not in the storage: a stamped copy is made again from its
    original, as one never asked for; a missing original is for staff to restore (a copy
    that cannot be made meanwhile is dropped, and the order's history says so)."""
    original = _original_name(redemption)
    copy = redemption.storage_name if redemption.storage_name != original else None
    if copy and asset_present(name=original):
        logger.warning(
            "Stamped copy %s of order %s is missing from the asset storage: made again",
            copy,
            redemption.order_id,
        )
        stamped_copy_remake_missing(
            order_id=redemption.order_id, asset_id=redemption.asset_id, storage_name=copy
        )
        raise errors.CopyNotReady(
            order_id=redemption.order_id, asset_id=redemption.asset_id, missing=False
        )
    if copy:
        stamped_copy_forget_missing(
            order_id=redemption.order_id, asset_id=redemption.asset_id, storage_name=copy
        )
    _original_missing(redemption, original, unrecorded=not copy)


def _original_missing(redemption: _Redemption, original: str, *, unrecorded: bool = False) -> None:
    logger.error(
        "Asset file %s (asset %s, order %s) is missing from the asset storage: its downloads "
        "answer 503 until it is restored",
        original,
        redemption.asset_id,
        redemption.order_id,
    )
    if unrecorded:
        raise errors.AssetUnavailable(
            name=original, order_id=redemption.order_id, asset_id=redemption.asset_id
        )
    raise errors.AssetUnavailable(name=original)


def _refuse_unless_granted(redemption: _Redemption) -> None:
    match redemption.outcome:
        case "granted" | "probe" | "unsatisfiable":
            return
        case "preparing":
            _original_present_or_unavailable(redemption)
            raise errors.CopyNotReady(
                order_id=redemption.order_id,
                asset_id=redemption.asset_id,
                missing=redemption.copy_missing,
            )
        case "unknown":
            raise errors.LinkUnknown("This download link does not exist. Check the address.")
        case "revoked" if _order_entitled(redemption):
            raise _withdrawn(redemption)
        case "revoked" | "not_entitled":
            # No order number: whoever holds the link reads this, not only its buyer.
            if redemption.order_disputed:
                raise errors.LinkRevoked(_disputed_words(redemption))
            status = OrderStatus(redemption.order_status).label.lower()
            raise errors.LinkRevoked(
                f"The order this link belongs to is {status}: its downloads are closed."
            )
        case "expired":
            raise errors.LinkExpired("This download link has expired.", **_owned_again(redemption))
        case _:
            used = (
                "its one download"
                if redemption.max_downloads == 1
                else f"all its {redemption.max_downloads} downloads"
            )
            raise errors.QuotaUsed(f"This link was used for {used}.", **_owned_again(redemption))


def _disputed_words(redemption: _Redemption) -> str:
    """The order pages' words for a disputed payment (outside probe EJ-4: "is fulfilled and
    under dispute", the status's name)."""
    with system_scope():
        order = Order.objects.get(pk=redemption.order_id)
        lost = order_dispute_lost(order)
        whose = (
            "Part of the payment" if lost and order_dispute_lost_in_part(order) else "The payment"
        )
    if lost:
        return (
            f"{whose} of the order this link belongs to went back to the bank after a "
            "dispute: its downloads are closed for good."
        )
    return (
        "The payment of the order this link belongs to is disputed: its downloads are "
        "suspended until the dispute ends."
    )


def _owned_again(redemption: _Redemption) -> dict[str, object]:
    """What the refusal of a link whose comic its buyer still owns says of its order (read
    on a refusal only, as the system: the reader may be a visitor who sees no order)."""
    with system_scope():
        guest = Order.objects.filter(
            pk=redemption.order_id, customer__username__startswith=GUEST_PREFIX
        ).exists()
    return {"order_id": redemption.order_id, "guest_order": guest}


def _order_entitled(redemption: _Redemption) -> bool:
    return redemption.order_status in ENTITLED_STATUSES and not redemption.order_disputed


def _withdrawn(redemption: _Redemption) -> errors.LinkRevoked:
    """A withdrawn link of an order that still gives access, saying why: its reason is read
    on a refusal only (the grant stays one statement). Only a replaced link's comic, or that
    of a link suspended for sharing once the suspension was lifted, is still in the library."""
    with system_scope():
        link = DownloadLink.objects.select_related("order_item", "order__customer").get(
            pk=redemption.link_id
        )
    reason = link.revoked_reason
    # Once its buyer is erased, every link of the order says so, whatever stopped it first:
    # no fresh links, no library.
    if reason == ERASED_ACCOUNT or is_erased(link.order.customer):
        return errors.LinkRevoked(
            "This download link no longer works: the account that bought it was erased, and "
            "its downloads with it."
        )
    # Whatever stopped the link first, a comic refunded since (or being refunded, alone or
    # with its whole order) is in no library: the refusal says so rather than point there
    # (outside probe FX-1: a link replaced by a new version, its comic then refunded, sent
    # the customer to a library that no longer gives it).
    if reason == FULL_REFUND_UNDER_WAY or order_refund_full_pending(link.order):
        return errors.LinkRevoked(
            "The order this link belongs to is being refunded: its downloads are closed."
        )
    if reason == ITEM_REFUNDED or link.order_item.refund_closed:
        refund = "was refunded" if link.order_item.refunded_amount else "is being refunded"
        return errors.LinkRevoked(
            f"This comic {refund} from its order: this link no longer gives it."
        )
    if reason == REPLACED_BY_NEW_VERSION:
        # Outside probe EZ-3: a wait for the new copy on this link ended in a bare
        # "replaced by a newer one". Every link of the order is replaced, whichever of its
        # comics came out again (outside probe FB-1: it named this link's comic). Not "by
        # the ones we emailed you": a library's or the API's link was never emailed (FX-2).
        return errors.LinkRevoked(
            "This link was replaced when a new version of a comic in its order came out: "
            "fresh links went to the order's email address.",
            in_library=True,
            **_owned_again(redemption),
        )
    if reason in REPLACED_REASONS:
        return errors.LinkRevoked(
            "This download link was replaced by a newer one.",
            in_library=True,
            **_owned_again(redemption),
        )
    if reason.startswith(SUSPENDED_REASONS):
        return _suspended(redemption)
    if reason == DISPUTED:  # the dispute was won since (outside probe EJ-3: "withdrawn")
        return errors.LinkRevoked(
            "This download link was stopped while the order's payment was disputed; fresh "
            "links were emailed since.",
            in_library=True,
            **_owned_again(redemption),
        )
    return errors.LinkRevoked("This download link was withdrawn.")


def _suspended(redemption: _Redemption) -> errors.LinkRevoked:
    """A link staff suspended because the order's links were shared: while the suspension
    holds the buyer replies to our email; once lifted they had fresh links by email."""
    with system_scope():
        paused = orders_links_suspended(order_ids=[redemption.order_id])
    if paused:
        return errors.LinkRevoked(
            "The downloads of the order this link belongs to are paused: its links were used "
            "from many places. Reply to the email we sent about it and we will send you "
            "fresh links."
        )
    return errors.LinkRevoked(
        "This download link was stopped because it was used from many places; fresh links "
        "were emailed since.",
        in_library=True,
        **_owned_again(redemption),
    )


def _deliver_on_first_download(order: Order, *, link_id: int) -> None:
    """Only until the order is delivered: later downloads do not queue on the order's lock."""
    if order.status == OrderStatus.FULFILLED:
        order_transition(
            name="deliver", order=order, actor=f"download-link:{link_id}", reason="First download"
        )
