"""Support and Finance may see link abuse alerts (Support acts on them through its
`reissue_download_links` permission)."""

from django.db import migrations

GROUPS = ("Support", "Finance")


def grant_view(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="delivery", model="downloadabusealert"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="view_downloadabusealert",
        defaults={"name": "Can view download abuse alert"},
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke_view(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*group.permissions.filter(codename="view_downloadabusealert"))


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_staff_groups"),
        ("delivery", "0005_comics_abuse_alerts"),
    ]
    operations = [migrations.RunPython(grant_view, revoke_view)]
