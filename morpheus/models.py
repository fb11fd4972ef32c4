from django.db import models
from django.db.models import Q

from morpheus.money import SUPPORTED_CURRENCIES


def currency_supported(name: str) -> models.CheckConstraint:
    """A table's `currency` is one the shop supports (morpheus/money.py)."""
    return models.CheckConstraint(condition=Q(currency__in=SUPPORTED_CURRENCIES), name=name)


def currency_is_iso(name: str) -> models.CheckConstraint:
    """A table's `currency` has the shape of an ISO 4217 code (three capitals)."""
    return models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name=name)


class ThrottleBucket(models.Model):
    """One abuse-limit counter (morpheus/throttles.py). The app role has no privilege on this
    table: it counts and purges only through the SECURITY DEFINER functions that migration
    0005 installs, so no query of the app can read, reset or fill it by other means."""

    bucket = models.CharField(primary_key=True, max_length=128)
    hits = models.IntegerField()
    window_ends_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.bucket
