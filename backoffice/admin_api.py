from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from api import services
from api.models import ApiToken
from backoffice.admin_base import ModelAdmin


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ModelAdmin):
    """Staff create a token for a customer (its secret is shown once) or revoke tokens."""

    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username", "user__email"]
    readonly_fields = ["user", "name", "prefix", "created_at", "revoked_at"]
    exclude = ["digest"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return ["user", "name"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        issued = services.api_token_issue(user=obj.user, name=obj.name)
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
