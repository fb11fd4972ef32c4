import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from api import services
from api.models import ApiToken
from api.tokens import name_refusal
from backoffice.admin_base import ModelAdmin
from backoffice.forms import STALE_PAGE


class ApiTokenAddForm(forms.ModelForm):
    # One per add page shown, as on the account page: the page sent again (a double click,
    # a reload of the POST) names the token it made instead of making another.
    form_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if refusal := name_refusal(name):
            raise forms.ValidationError(refusal)
        return name

    def clean(self) -> dict[str, Any]:
        """The key's row is hidden, and an error on it with it: a page without a key (shown
        before keys, or hand-made) is told above the form."""
        if self.cleaned_data.get("form_key") is None:
            raise forms.ValidationError(STALE_PAGE)
        return super().clean()


@admin.register(ApiToken)
class ApiTokenAdmin(ModelAdmin):
    """Staff create a token for a customer (its secret is shown once) or revoke tokens."""

    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username", "user__email"]
    readonly_fields = ["user", "name", "prefix", "created_at", "revoked_at"]
    # The add form's `form_key` is its own field, handed to `api_token_issue`, which tells
    # a page sent again (even at the same moment) which token it made: the model form must
    # not check the (user, form_key) constraint first, with the model's generic words.
    exclude = ["digest", "form_key"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return ["user", "name", "form_key"] if obj is None else self.readonly_fields

    def add_view(self, request, form_url="", extra_context=None) -> HttpResponse:
        try:
            return super().add_view(request, form_url, extra_context)
        except services.TokenFormAlreadySent as sent:
            messages.info(request, str(sent))
            return self.response_post_save_add(request, sent.token)

    def save_model(self, request, obj, form, change) -> None:
        issued = services.api_token_issue(
            user=obj.user, name=obj.name, form_key=form.cleaned_data["form_key"]
        )
        obj.pk = issued.token.pk
        messages.warning(
            request,
            f"Token for {obj.user}: {issued.secret} — give it to the customer now; "
            "it is shown only this once.",
        )

    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.api_token_revoke(token=token)
        messages.success(request, f"Revoked {queryset.count()} token(s).")
