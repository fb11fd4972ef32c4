from django.contrib import admin
from unfold.admin import ModelAdmin, TabularInline

from catalog.models import Comic, ComicAsset


class ComicAssetInline(TabularInline):
    """Shown, not edited: an asset's size and digest are computed when it is stored."""

    model = ComicAsset
    extra = 0
    fields = ("format", "file_name", "content_type", "size_bytes", "sha256")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comic)
class ComicAdmin(ModelAdmin):
    list_display = ("title", "price_amount", "currency", "is_active", "created_at")
    list_filter = ("is_active", "currency")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (ComicAssetInline,)
