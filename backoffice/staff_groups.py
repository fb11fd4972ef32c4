"""The Support and Finance groups and the permissions they hold, kept in step after every
`migrate` (and after the test runner's flushes, which also send post_migrate)."""

from django.apps import apps as global_apps
from django.db.models.signals import post_migrate

from backoffice import permissions

SUPPORT = "Support"
FINANCE = "Finance"

VIEW_MODELS = (
    ("orders", "order"),
    ("orders", "orderitem"),
    ("orders", "orderevent"),
    ("payments", "payment"),
    ("payments", "refund"),
    ("delivery", "downloadlink"),
    ("delivery", "downloadevent"),
    ("catalog", "comic"),
)

GROUP_PERMISSIONS = {
    SUPPORT: (permissions.ADD_NOTE, permissions.REISSUE_LINKS, permissions.CHANGE_STATUS),
    FINANCE: (permissions.REFUND, permissions.ADD_NOTE),
}


def staff_groups_ensure(apps=global_apps) -> None:
    """Create (or complete) the custom permissions and both groups. Idempotent."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    order_type, _ = content_type_model.objects.get_or_create(app_label="orders", model="order")
    custom = {
        codename: permission_model.objects.get_or_create(
            content_type=order_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in permissions.CUSTOM_PERMISSIONS.items()
    }
    views = list(
        permission_model.objects.filter(
            codename__in=[f"view_{model}" for _, model in VIEW_MODELS],
            content_type__app_label__in={app for app, _ in VIEW_MODELS},
        )
    )
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.add(*views, *(custom[codename] for codename in codenames))


def _after_migrate(sender, app_config=None, using="default", apps=global_apps, **kwargs) -> None:
    # Once per migrate, after the last app: every view permission exists by then.
    if app_config is None or app_config.name != "backoffice":
        return
    from morpheus.db_context import system_scope

    with system_scope():
        staff_groups_ensure(apps)


def connect() -> None:
    post_migrate.connect(_after_migrate, dispatch_uid="backoffice.staff_groups")
