from django.contrib import admin

from accounts.models import ErasureRequest
from backoffice.admin_base import ModelAdmin


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ModelAdmin):
    """Customers' erasure requests and their state; a job carries them out."""

    list_display = ["user_id", "status", "requested_at", "completed_at"]
    list_filter = ["status"]
    readonly_fields = ["user", "status", "requested_at", "completed_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
