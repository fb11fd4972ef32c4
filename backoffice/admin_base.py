from unfold.admin import ModelAdmin


class ReadOnlyAdmin(ModelAdmin):
    """Records written only by services: look, never edit here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
