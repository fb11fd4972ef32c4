"""How the history names who made a change."""

from django.contrib.auth.models import AbstractBaseUser

SYSTEM = "system"


def actor_for(user: AbstractBaseUser) -> str:
    kind = "staff" if getattr(user, "is_staff", False) else "customer"
    return f"{kind}:{user.get_username()}"


def stripe_actor(event_id: str) -> str:
    return f"stripe:{event_id}"
