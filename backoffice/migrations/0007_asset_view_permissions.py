"""Support and Finance may look at a comic's files (format, version, digest): a download
link's page links to its file, and a customer's question about a file starts there."""

from django.db import migrations

GROUPS = ("Support", "Finance")
CODENAME = "view_comicasset"


def grant_view(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="catalog", model="comicasset"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": "Can view comic asset"}
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke_view(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*group.permissions.filter(codename=CODENAME))


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0006_vat_evidence_permissions"),
        ("catalog", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant_view, revoke_view)]
