from django.contrib import admin

from accounts.models import ErasureRequest
from backoffice.admin_base import ModelAdmin


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ModelAdmin):
    """Customers' erasure requests and their state; a job carries them out."""

    list_display = ["user_id", "status", "requested_at", "completed_at"]
    list_filter = ["status"]
    readonly_fields = ["user", "status", "requested_at", "completed_at"]

    def refusal(self, action: str, obj: ErasureRequest | None = None) -> str | None:
        return {
            "add": "Erasure requests cannot be added: customers make them from their account.",
            "delete": "Erasure requests cannot be deleted: each records what a customer asked "
            "for and when it was carried out.",
        }.get(action)
