"""Finance, which refunds a second charge, and Support, which answers "I was charged twice",
may look at the list of duplicate charges (the sidebar links it for those who may)."""

from django.db import migrations

GROUPS = ("Support", "Finance")
CODENAME = "view_duplicatepayment"


def grant_view(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="payments", model="duplicatepayment"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename=CODENAME,
        defaults={"name": "Can view duplicate payment"},
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke_view(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*group.permissions.filter(codename=CODENAME))


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0007_asset_view_permissions"),
        ("payments", "0012_duplicate_payments"),
    ]
    operations = [migrations.RunPython(grant_view, revoke_view)]
