"""The bases of the back office's ModelAdmins: each is built on `ModelAdmin` here, not on
the theme's own (backoffice/tests/test_admin_concurrent_saves.py checks every one)."""

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from unfold.admin import ModelAdmin as UnfoldModelAdmin

UNIQUE_VIOLATION = "23505"  # PostgreSQL's unique_violation


def unique_violation(error: IntegrityError) -> bool:
    """Whether PostgreSQL refused a value already in a unique column (psycopg's cause)."""
    return getattr(error.__cause__, "sqlstate", None) == UNIQUE_VIOLATION


class ModelAdmin(UnfoldModelAdmin):
    """The theme's ModelAdmin, whose add and change pages answer a unique value (a code, a
    slug) that another request saved at the same moment with the form's "… already exists"
    error, as they do when it was saved before, never with a server error.

    The form checks the value is free before saving, so two requests sending it at once
    both pass; PostgreSQL makes the second INSERT wait for the first transaction and
    refuses it once that commits (unique violation). By then the first's row is visible
    (READ COMMITTED), so the page is worked out once more, its first try undone by its
    savepoint (the request's transaction, morpheus/middleware.py, goes on): this time the
    form says the value is taken. A second refusal is a server error, as before."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            if not unique_violation(error):
                raise
        return super().changeform_view(request, object_id, form_url, extra_context)


class ReadOnlyAdmin(ModelAdmin):
    """Records written only by services: look, never edit here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
