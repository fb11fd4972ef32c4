"""The Support and Finance groups and the permissions they hold.

A data migration because the back office has no models: Django sends `post_migrate` only
to apps with a models module. Content types and view permissions are created here when
missing (Django would add them only after the last migration); its own post_migrate step
then finds them and leaves them be. Changing a group's permissions takes a new migration.
"""

from django.db import migrations

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

# Custom permissions hang on the Order content type: every one of them acts on an order.
CUSTOM_PERMISSIONS = {
    "add_order_note": "Can add staff notes to orders",
    "reissue_download_links": "Can re-issue an order's download links",
    "refund_order": "Can refund orders",
    "change_order_status": "Can move orders along the state machine",
}

GROUP_PERMISSIONS = {
    "Support": ("add_order_note", "reissue_download_links", "change_order_status"),
    "Finance": ("refund_order", "add_order_note"),
}


def _permission(apps, app_label: str, model: str, codename: str, name: str):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_staff_groups(apps, schema_editor):
    views = [
        _permission(
            apps,
            app_label,
            model,
            f"view_{model}",
            f"Can view {apps.get_model(app_label, model)._meta.verbose_name_raw}",
        )
        for app_label, model in VIEW_MODELS
    ]
    custom = {
        codename: _permission(apps, "orders", "order", codename, name)
        for codename, name in CUSTOM_PERMISSIONS.items()
    }
    group_model = apps.get_model("auth", "Group")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        group.permissions.add(*views, *(custom[codename] for codename in codenames))


def delete_staff_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="orders", codename__in=CUSTOM_PERMISSIONS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0001_initial"),
        ("payments", "0001_initial"),
        ("delivery", "0001_download_links"),
        ("catalog", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_staff_groups, delete_staff_groups)]
