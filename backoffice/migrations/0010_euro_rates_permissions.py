"""Finance keeps the ECB's euro rates (Finance › Euro rates), from which the VAT report
declares sales in other currencies in euros."""

from django.db import migrations

CODENAMES = {
    "view_eurorate": "Can view euro rate",
    "add_eurorate": "Can add euro rate",
    "change_eurorate": "Can change euro rate",
}


def grant(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="invoicing", model="eurorate"
    )
    permissions = [
        apps.get_model("auth", "Permission").objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CODENAMES.items()
    ]
    for group in apps.get_model("auth", "Group").objects.filter(name="Finance"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Finance"):
        group.permissions.remove(*group.permissions.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0009_resend_links_permission_name"),
        ("invoicing", "0020_euro_rates"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
