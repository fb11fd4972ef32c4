from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from morpheus.db_context import system_scope
from notifications.models import EmailAddress, EmailDelivery, EmailKind, EmailPreference
from orders.guests import guest_accounts_of, is_erased, is_guest
from orders.models import Order


def email_recorded(*, order_id: int, kind: EmailKind, event_key: str) -> bool:
    """Whether the order has this email's delivery row, sent or still to go."""
    with system_scope():
        return EmailDelivery.objects.filter(
            order_id=order_id, kind=kind, event_key=event_key
        ).exists()


def file_update_emails_wanted(*, user_id: int | None) -> bool:
    """A guest order (no account) gets them; a customer unless they opted out."""
    if user_id is None:
        return True
    with system_scope():  # the one account asked about, whatever the caller's scope
        return not EmailPreference.objects.filter(user_id=user_id, file_updates=False).exists()


class StopLinkReach(NamedTuple):
    accounts: list[int]  # the accounts whose file-update emails the link stops; none inactive
    guest: bool  # sent for a guest checkout, which has no account to sign in to
    wanted: bool  # some of them still get those emails
    erased: bool  # the account it was sent for was erased (or is gone)
    email: str = ""  # that account's address now


def stop_link_reach(*, user_id: int) -> StopLinkReach:
    """What an email's stop link sent for account `user_id` covers: that account, and for a
    guest the guest accounts of the same address too (one per checkout: the mailbox is the
    guest's). An inactive account (erased, or deactivated by staff: `delivery.updates`
    emails it nothing) is left out, and once erased it no longer names its address or
    reads as a guest."""
    with system_scope():  # the link's account, whoever opens it
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            return StopLinkReach([], guest=False, wanted=False, erased=True)
        accounts = get_user_model().objects.filter(pk=user.pk)
        if is_guest(user):
            accounts |= guest_accounts_of(email=user.email)
        active = sorted(accounts.filter(is_active=True).values_list("pk", flat=True))
        stopped = EmailPreference.objects.filter(user_id__in=active, file_updates=False)
        return StopLinkReach(
            active,
            guest=is_guest(user),
            wanted=stopped.count() < len(active),
            erased=is_erased(user),
            email=user.email,
        )


def address_verified(*, user_id: int, email: str) -> bool:
    """Whether the customer proved they read `email` (followed the link we sent there)."""
    return EmailAddress.objects.filter(
        user_id=user_id, email__iexact=email, verified_at__isnull=False
    ).exists()


def address_waiting(*, user_id: int, email: str) -> bool:
    """Whether `email` waits for its confirmation: the account page sends its link again."""
    return EmailAddress.objects.filter(
        user_id=user_id, email__iexact=email, verified_at__isnull=True
    ).exists()


def downloads_may_be_emailed(order: Order) -> bool:
    """Download links go only to an address its owner verified, or to the address a guest
    just paid with."""
    if is_guest(order.customer):
        return True
    return address_verified(user_id=order.customer_id, email=order.email)


def orders_downloads_may_be_emailed(orders: Iterable[Order]) -> set[int]:
    """Of the orders (their customers loaded), those `downloads_may_be_emailed`, in one
    query."""
    orders = list(orders)
    verified = set(
        EmailAddress.objects.filter(
            user_id__in={order.customer_id for order in orders}, verified_at__isnull=False
        ).values_list("user_id", Lower("email"))
    )
    return {
        order.pk
        for order in orders
        if is_guest(order.customer) or (order.customer_id, order.email.lower()) in verified
    }


def emails_of_order(*, order_id: int) -> list[EmailDelivery]:
    """The order's customer emails, sent or not, in the order they were claimed."""
    return list(EmailDelivery.objects.filter(order_id=order_id).order_by("created_at", "pk"))
