from django.db import models
from django.db.models import Q
from django.utils import timezone

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


class SettingChange(models.Model):
    """One save of a shop setting (a comic, a bundle, a discount code, a VAT rule) by staff:
    who, when, and each field from what to what. Written by the service that saves the
    setting, in the same transaction (morpheus/setting_changes.py). Append-only: migration
    0008 takes UPDATE and DELETE from the app role and a trigger refuses them to anyone."""

    model = models.CharField(max_length=100, help_text='"app_label.model" of the setting.')
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    actor = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(help_text="{field: [before, after]}; money as minor units.")

    class Meta:
        indexes = [models.Index(fields=["model", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.object_repr} changed by {self.actor}"
