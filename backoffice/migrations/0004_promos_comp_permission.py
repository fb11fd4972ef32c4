"""The permission to give customers comics (a comp order), held by the Support group."""

from django.db import migrations

CODENAME = "comp_order"
NAME = "Can give customers comics for free"


def add_comp_permission(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="orders", model="order"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    apps.get_model("auth", "Group").objects.get(name="Support").permissions.add(permission)


def remove_comp_permission(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="orders", codename=CODENAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("backoffice", "0003_money_finance_permissions")]
    operations = [migrations.RunPython(add_comp_permission, remove_comp_permission)]
