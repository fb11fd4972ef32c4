from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested"
    COMPLETED = "completed"


class ErasureRequest(models.Model):
    """A customer asked to be forgotten: a job pseudonymises the account and everything
    that names them, keeping the financial records the law requires."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    status = models.CharField(
        max_length=16, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Erasure of account {self.user_id} ({self.get_status_display()})"


class ReplacedAddress(models.Model):
    """A confirmed address the account replaced with another, and when. For
    REPLACED_ADDRESS_RESET_DAYS a password reset asked for with it goes to it, as the notice
    of the change promised, in case whoever changed it had taken the account. Kept apart from
    the account's addresses, which the account's user (maybe that taker) can make go."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="replaced_addresses"
    )
    email = models.EmailField()
    replaced_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(Lower("email"), "replaced_at", name="replaced_address_by_email")]

    def __str__(self) -> str:
        return f"Address replaced on account {self.user_id} at {self.replaced_at:%Y-%m-%d %H:%M}"


class AccountEmailKind(models.TextChoices):
    VERIFY_EMAIL = "verify_email", "Address confirmation link"
    ADDRESS_CHANGED = "address_changed", "Notice that the account's address changed"
    PASSWORD_CHANGED = "password_changed", "Notice that the password changed"
    PASSWORD_RESET = "password_reset", "Password reset link"


class AccountEmail(models.Model):
    """An account email that went (`accounts.tasks`), for the customer's data export: what,
    to which address, when. Its link, and the token in it, are not kept (a reset link's
    state is, as a keyed digest: `link_state`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_emails"
    )
    kind = models.CharField(max_length=32, choices=AccountEmailKind.choices)
    recipient = models.EmailField()
    sent_at = models.DateTimeField()
    # A reset link's `verification.reset_link_state` when it went: a reset asked for again
    # within a minute sends none only while that link still works (outside probe FC-2).
    link_state = models.CharField(max_length=64, blank=True, db_default="")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to account {self.user_id}"
