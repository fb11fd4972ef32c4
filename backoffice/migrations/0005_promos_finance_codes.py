"""Finance manages discount codes: their terms per currency, and sees their uses."""

from django.db import migrations

PERMISSIONS = {
    ("promotions", "discountcode"): ("add", "change", "view"),
    ("promotions", "discountcodecurrency"): ("add", "change", "delete", "view"),
    ("promotions", "discountuse"): ("view",),
}


def grant_finance(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    permissions = apps.get_model("auth", "Permission").objects
    finance = apps.get_model("auth", "Group").objects.get(name="Finance")
    for (app_label, model), actions in PERMISSIONS.items():
        content_type, _ = content_types.get_or_create(app_label=app_label, model=model)
        verbose = apps.get_model(app_label, model)._meta.verbose_name_raw
        for action in actions:
            permission, _ = permissions.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose}"},
            )
            finance.permissions.add(permission)


def revoke_finance(apps, schema_editor):
    finance = apps.get_model("auth", "Group").objects.get(name="Finance")
    finance.permissions.remove(
        *apps.get_model("auth", "Permission").objects.filter(content_type__app_label="promotions")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0004_promos_comp_permission"),
        ("promotions", "0001_promos_discount_codes"),
    ]
    operations = [migrations.RunPython(grant_finance, revoke_finance)]
