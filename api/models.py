from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from orders.models import Order


class ApiToken(models.Model):
    """A customer's key to the API. Only the SHA-256 digest of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the customer uses it for.")
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    form_key = models.UUIDField(
        null=True, blank=True, help_text="The account page's form that made it, sent once."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"), name="api_token_digest_is_sha256"
            ),
            models.UniqueConstraint(fields=["user", "form_key"], name="api_token_one_per_form"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# How long an `Idempotency-Key` answers its order (Stripe keeps its keys 24 hours).
IDEMPOTENCY_KEY_KEPT = timedelta(hours=24)


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` a client sent with a new order: the same key again gets that
    order back. Only the SHA-256 digest of the request's document is kept, to tell the same
    request from another one under the same key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_digest = models.CharField(max_length=64)
    # Empty only inside the transaction that claims the key, which sets it before committing.
    order = models.ForeignKey(Order, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_per_user"),
            models.CheckConstraint(
                condition=Q(request_digest__regex=r"^[0-9a-f]{64}$"),
                name="api_idempotency_key_digest_is_sha256",
            ),
        ]

    def __str__(self) -> str:
        return self.key
