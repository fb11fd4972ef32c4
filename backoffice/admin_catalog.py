from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from backoffice.money_forms import AmountsShownAsMoney, MajorUnitsForm
from backoffice.sales import sales_view
from catalog.models import Comic, ComicAsset
from catalog.services import AssetVersionRefused, asset_file_store, asset_version_record
from morpheus.middleware import outside_request_transaction, request_rls
from morpheus.money import format_money as money
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


class ComicForm(MajorUnitsForm):
    amount_fields = {"price_amount": "Price"}

    class Meta:
        model = Comic
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        has_file = self.instance.pk is not None and self.instance.assets.exists()
        if cleaned.get("is_active") and not has_file:
            self.add_error(
                "is_active",
                "A comic without a file cannot be for sale: its buyers would pay and get "
                "nothing. Leave it inactive until it has a file.",
            )
        return cleaned


@admin.register(Comic)
class ComicAdmin(AmountsShownAsMoney, ModelAdmin):
    form = ComicForm
    money_displays = {"price_amount": "price"}
    list_display = (
        "title",
        "price",
        "currency",
        "is_active",
        "stamp_downloads",
        "created_at",
    )
    list_filter = ("is_active", "stamp_downloads", "currency")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (ComicAssetInline,)

    def get_changeform_initial_data(self, request) -> dict:
        """A new comic has no file yet, so it starts inactive (ComicForm.clean)."""
        return {**super().get_changeform_initial_data(request), "is_active": False}

    @display(description="Price", ordering="price_amount")
    def price(self, comic: Comic) -> str:
        return money(comic.price_amount, comic.currency)

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

    def get_urls(self):
        """The change page opens its own transactions: an uploaded file goes to storage
        (maybe S3) before any is open (`changeform_view`)."""
        urls = super().get_urls()
        change = f"{self.opts.app_label}_{self.opts.model_name}_change"
        for url in urls:
            if url.name == change:
                outside_request_transaction(url.callback)
        return urls

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        upload = request.FILES.get("new_file") if request.method == "POST" else None
        if upload is None:
            with request_rls(request):
                response = super().changeform_view(request, object_id, form_url, extra_context)
                if hasattr(response, "render"):
                    response.render()
                return response
        return self._publish_new_version(request, object_id, upload)

    def _publish_new_version(self, request, object_id, upload):
        with request_rls(request):
            asset = self.get_object(request, object_id)
            if asset is None or not self.has_change_permission(request, asset):
                raise PermissionDenied
        try:
            stored = asset_file_store(asset=asset, upload=upload)
        except AssetVersionRefused as refusal:
            self.message_user(request, str(refusal), messages.WARNING)
        else:
            with request_rls(request):
                published = asset_version_record(
                    asset=asset, stored=stored, actor=actor_for(request.user)
                )
            self.message_user(
                request,
                f"Version {published.version} published; its buyers are being notified.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[asset.pk])
        )

    def save_model(self, request, obj, form, change) -> None:
        """Nothing to save: a new file is published by `changeform_view`."""
