from morpheus.db_context import system_scope
from notifications.models import EmailAddress, EmailPreference
from orders.guests import is_guest
from orders.models import Order


def file_update_emails_wanted(*, user_id: int | None) -> bool:
    """A guest order (no account) gets them; a customer unless they opted out."""
    if user_id is None:
        return True
    with system_scope():  # the one account asked about, whatever the caller's scope
        return not EmailPreference.objects.filter(user_id=user_id, file_updates=False).exists()


def address_verified(*, user_id: int, email: str) -> bool:
    """Whether the customer proved they read `email` (followed the link we sent there)."""
    return EmailAddress.objects.filter(
        user_id=user_id, email__iexact=email, verified_at__isnull=False
    ).exists()


def downloads_may_be_emailed(order: Order) -> bool:
    """Download links go only to an address its owner verified, or to the address a guest
    just paid with."""
    if is_guest(order.customer):
        return True
    return address_verified(user_id=order.customer_id, email=order.email)
