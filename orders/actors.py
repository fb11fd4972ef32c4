"""How the history names who made a change. A customer is named by their account's id,
which stays when the account is erased (the history is append-only and names no one);
staff by their username."""

from django.contrib.auth.models import AbstractBaseUser

SYSTEM = "system"
# A refund Stripe refused: the refusal is Stripe's, not the staff member's who asked.
STRIPE_REFUSED_REFUND = "stripe:refund-refused"


def actor_for(user: AbstractBaseUser) -> str:
    if getattr(user, "is_staff", False):
        return f"staff:{user.get_username()}"
    return customer_actor(user.pk)


def customer_actor(user_id: int) -> str:
    """The account as its customer, staff or not (what an erasure the account asked for
    does: the history keeps no username of an erased account)."""
    return f"customer:{user_id}"


def stripe_actor(event_id: str) -> str:
    return f"stripe:{event_id}"
