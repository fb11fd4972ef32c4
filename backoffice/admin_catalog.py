from django import forms
from django.contrib import admin, messages
from django.urls import path
from unfold.admin import ModelAdmin, TabularInline

from backoffice.sales import sales_view
from catalog.models import Comic, ComicAsset
from catalog.services import AssetVersionRefused, asset_version_publish
from orders.actors import actor_for


class ComicAssetInline(TabularInline):
    """Shown, not edited: an asset's size and digest are computed when it is stored."""

    model = ComicAsset
    extra = 0
    fields = ("format", "file_name", "version", "size_bytes", "sha256")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comic)
class ComicAdmin(ModelAdmin):
    list_display = (
        "title",
        "price_amount",
        "currency",
        "is_active",
        "stamp_downloads",
        "created_at",
    )
    list_filter = ("is_active", "stamp_downloads", "currency")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (ComicAssetInline,)

    def sales(self, request):
        return sales_view(request, admin_context=self.admin_site.each_context(request))

    def get_urls(self):
        own = [path("sales/", self.admin_site.admin_view(self.sales), name="catalog_comic_sales")]
        return own + super().get_urls()


class NewVersionForm(forms.ModelForm):
    new_file = forms.FileField(
        required=False,
        help_text=(
            "Upload a corrected file: it becomes the next version, every buyer's stamped "
            "copy is remade and each entitled order gets one email with fresh links."
        ),
    )

    class Meta:
        model = ComicAsset
        fields = ()


@admin.register(ComicAsset)
class ComicAssetAdmin(ModelAdmin):
    """An asset's file changes only as a new version (`catalog.services`)."""

    form = NewVersionForm
    list_display = ("comic", "format", "version", "version_published_at", "size_bytes")
    list_filter = ("format",)
    search_fields = ("comic__title", "file_name")
    readonly_fields = (
        "comic",
        "format",
        "file_name",
        "content_type",
        "version",
        "version_published_at",
        "size_bytes",
        "sha256",
    )
    fields = (*readonly_fields, "new_file")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        upload = form.cleaned_data.get("new_file")
        if not upload:
            return
        try:
            published = asset_version_publish(
                asset=obj, upload=upload, actor=actor_for(request.user)
            )
        except AssetVersionRefused as refusal:
            self.message_user(request, str(refusal), messages.WARNING)
            return
        self.message_user(
            request,
            f"Version {published.version} published; its buyers are being notified.",
            messages.SUCCESS,
        )
