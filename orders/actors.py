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
    return f"customer:{user.pk}"


def stripe_actor(event_id: str) -> str:
    return f"stripe:{event_id}"
