"""The bases of the back office's ModelAdmins: each is built on `ModelAdmin` here, not on
the theme's own (backoffice/tests/test_admin_concurrent_saves.py checks every one)."""

from django.contrib.admin import helpers
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import get_content_type_for_model
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.core.exceptions import BadRequest, FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import capfirst
from unfold.admin import ModelAdmin as UnfoldModelAdmin

from backoffice.changelist import ChangeList
from backoffice.forms import DATE_REFUSED, TIME_REFUSED
from morpheus.setting_changes import SettingChangedMeanwhile
from orders.numbers import order_number_as_read

UNIQUE_VIOLATION = "23505"  # PostgreSQL's unique_violation
CHECK_VIOLATION = "23514"  # PostgreSQL's check_violation

DONE = {"add": "added", "change": "changed", "delete": "deleted"}  # `refusal`'s actions, said


def unique_violation(error: IntegrityError) -> bool:
    """Whether PostgreSQL refused a value already in a unique column (psycopg's cause)."""
    return getattr(error.__cause__, "sqlstate", None) == UNIQUE_VIOLATION


def check_violation(error: IntegrityError, constraints: frozenset[str]) -> bool:
    """Whether PostgreSQL refused a row breaking one of the check `constraints`."""
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) != CHECK_VIOLATION:
        return False
    return getattr(getattr(cause, "diag", None), "constraint_name", None) in constraints


# What a lookup typed into a list's address may compare with. The lists' filters and links
# use these; the others (regex, year, range...) answer a malformed value with a database or
# Python error at query time, which no filter could catch. `isempty` is no lookup but the
# parameter of Django's "empty or not" filter, which checks its own value.
TYPED_LOOKUPS = frozenset(
    {
        "exact",
        "iexact",
        "in",
        "isnull",
        "isempty",
        "gt",
        "gte",
        "lt",
        "lte",
        "startswith",
        "istartswith",
    }
)


def typed_lookup_allowed(model: type[models.Model], lookup: str, value: object) -> bool:
    """Whether `lookup` (a list's query parameter) compares a field of `model`, or of a
    model it reaches, only with `TYPED_LOOKUPS`, and a field with choices (a status) only
    with its choices: an enum column answers any other value with an error. A parameter
    naming no field is a filter's own (`created_at_from`) and is left to it."""
    opts = model._meta
    parts = lookup.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return index == 0 or all(term in TYPED_LOOKUPS for term in parts[index:])
        if not field.is_relation or field.related_model is None:
            terms = parts[index + 1 :]
            return all(term in TYPED_LOOKUPS for term in terms) and _among_choices(
                field, terms, value
            )
        opts = field.related_model._meta
    return True


def _among_choices(field: models.Field, terms: list[str], value: object) -> bool:
    if not field.choices or terms not in ([], ["exact"], ["in"]):
        return True
    values = str(value).split(",") if terms == ["in"] else [str(value)]
    return set(values) <= {str(choice) for choice, _ in field.flatchoices}


def permission_name(permission: str) -> str:
    """The name staff know a permission by ("Can change order tax evidence")."""
    app_label, codename = permission.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename).name


def require_permission(user: AbstractBaseUser, permission: str) -> None:
    """A back-office page refused to staff without `permission` ("app_label.codename")
    names it, as every refusal there does."""
    if not user.has_perm(permission):
        raise PermissionDenied(f"You lack the permission: {permission_name(permission)}.")


class ModelAdmin(UnfoldModelAdmin):
    """The theme's ModelAdmin, whose add and change pages answer a unique value (a code, a
    slug) that another request saved at the same moment with the form's "… already exists"
    error, as they do when it was saved before, never with a server error.

    The form checks the value is free before saving, so two requests sending it at once
    both pass; PostgreSQL makes the second INSERT wait for the first transaction and
    refuses it once that commits (unique violation). By then the first's row is visible
    (READ COMMITTED), so the page is worked out once more, its first try undone by its
    savepoint (the request's transaction, morpheus/middleware.py, goes on): this time the
    form says the value is taken. A second refusal is a server error, as before.

    The same goes for a check constraint of `form_checked_constraints`, which the form
    checks too against a value the app changes (a code's uses, counted by checkouts): one
    changed between the form's check and the save is refused by the form the second time;
    and for a setting saved from a page another save made stale after the form's check
    (`SettingChangedMeanwhile`, `backoffice.setting_history`)."""

    form_checked_constraints: frozenset[str] = frozenset()

    def get_changelist(self, request, **kwargs):
        return ChangeList

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The theme's fields, where a date or a time the form cannot read (only 2026-11-30
        and 18:00, morpheus/formats) is refused saying how to write it."""
        if isinstance(db_field, models.DateTimeField):  # the theme's date and time inputs
            refused = {"invalid_date": DATE_REFUSED, "invalid_time": TIME_REFUSED}
            kwargs["error_messages"] = {**refused, **kwargs.get("error_messages", {})}
        elif isinstance(db_field, models.DateField):
            kwargs["error_messages"] = {"invalid": DATE_REFUSED, **kwargs.get("error_messages", {})}
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def lookup_allowed(self, lookup, value, request) -> bool:
        """Django's rules, and `typed_lookup_allowed`: a lookup typed into the address is
        refused (400), never a server error."""
        return typed_lookup_allowed(self.model, lookup, value) and super().lookup_allowed(
            lookup, value, request
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        """Django's, where a list action the member of staff may not take, posted all the
        same (a page loaded before their group changed, a hand-made form), is refused (403)
        naming the permission it needs, as the order page's actions are: Django's own
        leaves it out of the list's actions and answers with the list, saying nothing."""
        self.require(request, "view")
        if request.method == "POST" and "_save" not in request.POST:
            self._action_permission_check(request, request.POST.get("action", ""))
        return super().changelist_view(request, extra_context)

    def require(self, request: HttpRequest, action: str, obj: models.Model | None = None) -> None:
        """A page that would `action` ("add", "change", "delete" or "view") this model's
        records, or `obj`, refused to a member of staff says why, as the order page's
        actions do (Django's refusal said only "You may not open this page"): what nobody
        may do, in staff's words (`refusal`), or else the permission to ask for. A refusal
        neither explains is Django's."""
        if action == "view":
            allowed = self.has_view_or_change_permission(request, obj)
        elif action == "add":
            allowed = self.has_add_permission(request)
        else:
            allowed = getattr(self, f"has_{action}_permission")(request, obj)
        if allowed:
            return
        # What nobody may do to any record, then the permission, then what nobody may do to
        # `obj`: staff who may not delete comics were told to take a sold one off sale, which
        # they may not do either (outside probe CV-1).
        if action != "view" and (reason := self.refusal(action)):
            raise PermissionDenied(reason)
        require_permission(request.user, self.action_permission(action))
        if action != "view" and (reason := self.refusal(action, obj)):
            raise PermissionDenied(reason)
        raise PermissionDenied

    def refusal(self, action: str, obj: models.Model | None = None) -> str | None:
        """Why nobody, whatever their permissions, may `action` ("add", "change" or
        "delete") this model's records, or `obj`, in staff's words; None where their
        permissions decide. The `has_<action>_permission` checks follow it."""
        return None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.refusal("add") is None and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self.refusal("change", obj) is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self.refusal("delete", obj) is None and super().has_delete_permission(request, obj)

    def _action_permission_check(self, request: HttpRequest, name: str) -> None:
        for action, action_name, _ in self._get_base_actions():
            needs = getattr(action, "allowed_permissions", ())
            if action_name != name or not needs:
                continue
            if any(getattr(self, f"has_{need}_permission")(request) for need in needs):
                return
            # A permission the user holds is not why: Django answers as before.
            lacked = [
                perm
                for perm in map(self.action_permission, needs)
                if not request.user.has_perm(perm)
            ]
            # What nobody may do says why (orders are never deleted), as its page does.
            reasons = [self.refusal(need) for need in needs if need in DONE]
            if lacked and reasons and all(reasons):
                raise PermissionDenied(reasons[0])
            if lacked:
                named = " or ".join(permission_name(perm) for perm in lacked)
                raise PermissionDenied(f"You lack the permission: {named}.")

    def action_permission(self, permission: str) -> str:
        """The permission ("app_label.codename") a list action's `permission` stands for
        (or a page's, "view"): the one its check holds (`permissions.permission_check`),
        or Django's add, change, delete or view of this list's model."""
        check = getattr(self, f"has_{permission}_permission")
        if hasattr(check, "permission"):
            return check.permission
        return f"{self.opts.app_label}.{get_permission_codename(permission, self.opts)}"

    def get_search_results(self, request, queryset, search_term):
        """A list searched by its order's number finds it as the order list does: as read
        out (any case, spaces, O for 0, with or without its "MO-")."""
        if "=order__number" in self.get_search_fields(request):
            search_term = order_number_as_read(search_term) or search_term
        return super().get_search_results(request, queryset, search_term)

    def response_action(self, request: HttpRequest, queryset) -> HttpResponse | None:
        """Django's, for rows named by their keys: a selection that names none (a hand-made
        form) is refused (400), not a server error at the query."""
        for selected in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                self.model._meta.pk.to_python(selected)
            except ValidationError as error:
                raise BadRequest(f"{selected!r} names no row of this list.") from error
        return super().response_action(request, queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The History button only for a record Django's history has a row of: one written
        by services alone (an order, a payment, VAT evidence) has none, and the button
        opened "This object doesn't have a change history"."""
        self.require(request, "view")
        extra_context = {"show_history": self._history_kept(object_id), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The address of a History button the page does not show opens the record's page,
        not Django's "This object doesn't have a change history"."""
        self.require(request, "view")
        if not self._history_kept(object_id):
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.require(request, "delete", self.get_object(request, unquote(object_id)))
        return super().delete_view(request, object_id, extra_context)

    def _history_kept(self, object_id: str) -> bool:
        return LogEntry.objects.filter(
            content_type=get_content_type_for_model(self.model), object_id=unquote(object_id)
        ).exists()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        if object_id is None:
            self.require(request, "add")
        elif request.method == "POST":
            self.require(request, "change", self.get_object(request, unquote(object_id)))
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            if not (
                unique_violation(error) or check_violation(error, self.form_checked_constraints)
            ):
                raise
        except SettingChangedMeanwhile:
            pass
        return super().changeform_view(request, object_id, form_url, extra_context)


class ReadOnlyAdmin(ModelAdmin):
    """Records written only by services: look, never edit here."""

    def refusal(self, action: str, obj: models.Model | None = None) -> str:
        return (
            f"{capfirst(self.opts.verbose_name_plural)} cannot be {DONE[action]} here: the "
            "shop records them itself."
        )
