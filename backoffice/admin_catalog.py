from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from unfold.admin import TabularInline
from unfold.decorators import display
from unfold.widgets import UnfoldAdminFileFieldWidget

from backoffice.admin_base import ModelAdmin
from backoffice.admin_promotions import BUNDLE_CURRENCIES_TURN, bundle_terms_refusals
from backoffice.money_forms import AmountsShownAsMoney, MajorUnitsForm
from backoffice.sales import sales_view
from backoffice.setting_history import SettingHistoryShown
from backoffice.titles import title_of_its_own
from catalog.models import AssetFormat, Comic, ComicAsset
from catalog.services import (
    AssetFileRefused,
    ComicKept,
    asset_add,
    asset_file_store,
    asset_version_check,
    asset_version_record,
    comic_delete,
    comic_save,
)
from morpheus.middleware import outside_request_transaction, request_rls
from morpheus.money import format_money as money
from morpheus.transactions import take_turns
from orders.actors import actor_for
from orders.selectors import comic_was_ordered
from promotions.selectors import (
    bundles_for_sale_holding,
    bundles_priced_otherwise,
    comic_deletion_refusal,
)
from tax.checkout import consumers_priced_out


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
    prices = frozenset({"price_amount"})

    class Meta:
        model = Comic
        fields = "__all__"

    def clean_title(self) -> str:
        return title_of_its_own(self)

    def clean(self):
        cleaned = super().clean()
        has_file = self.instance.pk is not None and self.instance.assets.exists()
        if cleaned.get("is_active") and not has_file:
            self.add_error(
                "is_active",
                "A comic without a file cannot be for sale: its buyers would pay and get "
                "nothing. Leave it inactive until it has a file.",
            )
        if self.instance.pk is not None and cleaned.get("currency"):
            take_turns(BUNDLE_CURRENCIES_TURN)
            self._refuse_a_currency_its_bundles_do_not_share(cleaned["currency"])
            if isinstance(cleaned.get("price_amount"), int):
                self._refuse_a_price_its_bundles_cannot_sell_at(cleaned["price_amount"])
        return cleaned

    def _refuse_a_price_its_bundles_cannot_sell_at(self, price: int) -> None:
        """Repriced, the comic changes its bundles' shares: each bundle for sale must still
        sell as `BundleForm` checks it (cheaper than its comics, something for each comic).
        Found by an outside probe: raised to 999.99 EUR, the other comic of a 0.02 EUR
        bundle got a share of nothing, and completing the series gave it away."""
        for bundle in bundles_for_sale_holding(comic=self.instance):
            comics = list(bundle.comics.all())
            for comic in comics:
                if comic.pk == self.instance.pk:
                    comic.price_amount = price
            for refusal in bundle_terms_refusals(
                comics=comics,
                price=bundle.price_amount,
                currency=bundle.currency,
                completable=bundle.allows_completion,
            ):
                self.add_error("price_amount", f"In the bundle {bundle.title}: {refusal}")

    def _refuse_a_currency_its_bundles_do_not_share(self, currency: str) -> None:
        """A bundle's comics are priced in its currency (`BundleForm` checks it from the
        bundle's side): shares of one price cannot mix yen and euros."""
        bundles = bundles_priced_otherwise(comic=self.instance, currency=currency)
        if bundles:
            self.add_error(
                "currency",
                f"This comic is in bundles priced in another currency: "
                f"{', '.join(f'{bundle.title} ({bundle.currency})' for bundle in bundles)}. "
                "Take it out of those bundles first, or keep their currency.",
            )


@admin.register(Comic)
class ComicAdmin(SettingHistoryShown, AmountsShownAsMoney, ModelAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        """Links to add files, for those who may add them."""
        readonly = super().get_readonly_fields(request, obj)
        if request.user.has_perm("catalog.add_comicasset"):
            return (*readonly, "add_file")
        return readonly

    def save_model(self, request, obj, form, change) -> None:
        comic_save(comic=obj, actor=actor_for(request.user), version=self.version_shown(form))
        if priced_out := consumers_priced_out(price=obj.price_amount, currency=obj.currency):
            self.message_user(request, priced_out, messages.WARNING)
        if not obj.is_active and (holding := bundles_for_sale_holding(comic=obj)):
            titles = ", ".join(bundle.title for bundle in holding)
            self.message_user(
                request,
                f"Off sale with it, until it is back on sale: the bundles holding it ({titles}).",
                messages.WARNING,
            )

    def delete_model(self, request, obj) -> None:
        comic_delete(comic=obj, actor=actor_for(request.user))

    def delete_view(self, request, object_id, extra_context=None):
        """A comic ordered since its delete page was shown is kept, and the page says so."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except ComicKept as kept:
            self.message_user(request, str(kept), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_comic_change", args=[object_id]))

    def get_actions(self, request):
        """No deleting in bulk: a comic any order holds is kept, taken off sale instead."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def refusal(self, action: str, obj: Comic | None = None) -> str | None:
        """Only a comic nobody ordered can be deleted (a draft); one sold is kept for its
        buyers' orders, files and invoices, and is taken off sale ("Is active") instead."""
        if action == "delete" and obj is not None and comic_was_ordered(comic=obj):
            return (
                f"{obj.title} cannot be deleted: it was ordered, and is kept for its buyers. "
                'Take it off sale instead (untick "Is active").'
            )
        if action == "delete" and obj is not None:
            return comic_deletion_refusal(comic=obj) or None
        return None

    def get_deleted_objects(self, objs, request):
        """A draft's files go with it: no one may delete a file on its own (it changes only
        by a new version), which must not keep the draft from being deleted."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(ComicAsset._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def get_changeform_initial_data(self, request) -> dict:
        """A new comic has no file yet, so it starts inactive (ComicForm.clean)."""
        return {**super().get_changeform_initial_data(request), "is_active": False}

    @display(description="Price", ordering="price_amount")
    def price(self, comic: Comic) -> str:
        return money(comic.price_amount, comic.currency)

    @display(description="Add a file")
    def add_file(self, comic: Comic) -> str:
        """A link per format the comic has no file in yet (a file of a format it has is
        replaced by a new version on that file's page)."""
        if comic.pk is None:
            return "Save the comic first, then add its files."
        held = set(comic.assets.values_list("format", flat=True))
        url = reverse("admin:catalog_comicasset_add")
        links = [
            format_html(
                '<a href="{}?{}">{}</a>',
                url,
                urlencode({"comic": comic.pk, "format": value}),
                label,
            )
            for value, label in AssetFormat.choices
            if value not in held
        ]
        return (
            format_html_join(" · ", "{}", ((link,) for link in links)) or "Every format has a file."
        )

    def sales(self, request):
        return sales_view(request, admin_context=self.admin_site.each_context(request))

    def get_urls(self):
        own = [path("sales/", self.admin_site.admin_view(self.sales), name="catalog_comic_sales")]
        return own + super().get_urls()


class NewVersionForm(forms.ModelForm):
    new_file = forms.FileField(
        required=False,
        widget=UnfoldAdminFileFieldWidget,
        help_text=(
            "Upload a corrected file: it becomes the next version, every buyer's stamped "
            "copy is remade and each entitled order gets one email with fresh links."
        ),
    )

    # The version the page showed: a new one uploaded from it after another was published
    # is refused (`catalog.services.asset_version_check`).
    version_shown = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ComicAsset
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version_shown"].initial = self.instance.version


class FirstFileForm(forms.ModelForm):
    upload = forms.FileField(
        label="File",
        widget=UnfoldAdminFileFieldWidget,
        help_text="Checked before it is kept: a PDF, a CBZ of page images or an EPUB, as "
        "the format says.",
    )

    class Meta:
        model = ComicAsset
        fields = ("comic", "format")


VERSION_FIELDS = (
    "comic",
    "format",
    "file_name",
    "content_type",
    "version",
    "version_published_at",
    "size_bytes",
    "sha256",
)


@admin.register(ComicAsset)
class ComicAssetAdmin(ModelAdmin):
    """A comic's files: a format's first file is added here (`asset_add`); after that it
    changes only as a new version (`catalog.services`). Each upload is checked first."""

    list_display = ("comic", "format", "version", "version_published_at", "size_bytes")
    list_filter = ("format",)
    search_fields = ("comic__title", "file_name")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = NewVersionForm if obj is not None else FirstFileForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("comic", "format", "upload")
        if not self.has_change_permission(request, obj):  # no upload field to be refused
            return VERSION_FIELDS
        return (*VERSION_FIELDS, "new_file", "version_shown")

    def get_readonly_fields(self, request, obj=None):
        return VERSION_FIELDS if obj is not None else ()

    def get_changeform_initial_data(self, request):
        return {"comic": request.GET.get("comic"), "format": request.GET.get("format", "pdf")}

    def refusal(self, action: str, obj: ComicAsset | None = None) -> str | None:
        if action == "delete":
            return (
                "A comic's files cannot be deleted: each changes only by a new version, "
                "uploaded on its page."
            )
        return None

    def get_urls(self):
        """The add and change pages open their own transactions: an uploaded file goes to
        storage (maybe S3) before any is open (`changeform_view`)."""
        urls = super().get_urls()
        own = {f"{self.opts.app_label}_{self.opts.model_name}_{page}" for page in ("add", "change")}
        for url in urls:
            if url.name in own:
                outside_request_transaction(url.callback)
        return urls

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is None:
            return self._add_first_file(request, form_url, extra_context)
        upload = request.FILES.get("new_file") if request.method == "POST" else None
        if upload is None:
            return self._rendered(request, object_id, form_url, extra_context)
        return self._publish_new_version(request, object_id, upload)

    def _rendered(self, request, object_id, form_url, extra_context):
        with request_rls(request):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response

    def _add_first_file(self, request, form_url, extra_context):
        with request_rls(request):
            self.require(request, "add")
            form = FirstFileForm(request.POST, request.FILES)
            valid = form.is_valid()
        if not valid:  # the admin's own page shows the form's errors
            return self._rendered(request, None, form_url, extra_context)
        comic = form.cleaned_data["comic"]
        try:
            asset = asset_add(
                comic=comic,
                format=form.cleaned_data["format"],
                upload=form.cleaned_data["upload"],
                actor=actor_for(request.user),
            )
        except AssetFileRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        self.message_user(request, f"{asset} added.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_comic_change", args=[comic.pk]))

    def _publish_new_version(self, request, object_id, upload):
        with request_rls(request):
            asset = self.get_object(request, object_id)
            self.require(request, "change", asset)
        if asset is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        shown = _version_shown(request.POST.get("version_shown"))
        try:
            asset_version_check(asset=asset, version_shown=shown)  # before storing the file
            stored = asset_file_store(asset=asset, upload=upload)
            with request_rls(request):
                published = asset_version_record(
                    asset=asset, stored=stored, actor=actor_for(request.user), version_shown=shown
                )
        except AssetFileRefused as refusal:
            self.message_user(request, str(refusal), messages.WARNING)
        else:
            self.message_user(
                request,
                f"Version {published.version} published; its buyers are being notified.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[asset.pk])
        )

    def save_model(self, request, obj, form, change) -> None:
        """Nothing to save: files are added and published by `changeform_view`."""


def _version_shown(posted: str | None) -> int | None:
    """The version the upload's page showed; none from a page without it (a hand-made form)."""
    try:
        return int(posted) if posted else None
    except ValueError:
        return None
