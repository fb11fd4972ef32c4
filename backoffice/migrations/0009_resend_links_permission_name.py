"""The permission behind the back office's "Re-send download links" named as that action is."""

from django.db import migrations

CODENAME = "reissue_download_links"
OLD_NAME = "Can re-issue an order's download links"
NEW_NAME = "Can re-send an order's download links"


def _rename(apps, name: str) -> None:
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="orders", codename=CODENAME
    ).update(name=name)


def rename(apps, schema_editor):
    _rename(apps, NEW_NAME)


def rename_back(apps, schema_editor):
    _rename(apps, OLD_NAME)


class Migration(migrations.Migration):
    dependencies = [("backoffice", "0008_duplicate_charges_view_permissions")]
    operations = [migrations.RunPython(rename, rename_back)]
