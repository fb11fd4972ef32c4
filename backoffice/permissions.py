"""The back office's own permissions. They hang on the Order content type because every
one of them acts on an order; the migration `backoffice/0001_staff_groups` creates
them and the two staff groups."""

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

ADD_NOTE = "add_order_note"
REISSUE_LINKS = "reissue_download_links"
REFUND = "refund_order"
CHANGE_STATUS = "change_order_status"
COMP = "comp_order"

CUSTOM_PERMISSIONS = {
    ADD_NOTE: "Can add staff notes to orders",
    REISSUE_LINKS: "Can re-send an order's download links",
    REFUND: "Can refund orders",
    CHANGE_STATUS: "Can move orders along the state machine",
    COMP: "Can give customers comics for free",
}


def full_name(codename: str) -> str:
    return f"orders.{codename}"


def user_can(user: AbstractBaseUser, codename: str) -> bool:
    return user.has_perm(full_name(codename))


def require(user: AbstractBaseUser, codename: str) -> None:
    """Server-side check: hidden buttons are no protection."""
    if not user_can(user, codename):
        raise PermissionDenied(f"You lack the permission: {CUSTOM_PERMISSIONS[codename]}.")


def admin_check(codename: str) -> Callable[[object, HttpRequest], bool]:
    """`permission_check` of the back office's own permission `codename`."""
    return permission_check(full_name(codename))


def permission_check(permission: str) -> Callable[[object, HttpRequest], bool]:
    """A ModelAdmin's `has_<name>_permission` for its actions that need `permission`
    ("app_label.codename"): they are offered only to staff who have it, and a post of one
    by anyone else is refused naming it (`backoffice.admin_base.ModelAdmin.changelist_view`)."""

    def has_permission(model_admin: object, request: HttpRequest) -> bool:
        return request.user.has_perm(permission)

    has_permission.permission = permission
    return has_permission
