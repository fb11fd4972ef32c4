from django.conf import settings
from django.db import models


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
