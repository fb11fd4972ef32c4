"""Finance decides on orders held for their VAT evidence (view and change the evidence);
Support may look at it."""

from django.db import migrations

# group -> (app, model, codename, name)
GRANTS = {
    "Support": [
        ("tax", "ordertaxevidence", "view_ordertaxevidence", "Can view order tax evidence"),
    ],
    "Finance": [
        ("tax", "ordertaxevidence", "view_ordertaxevidence", "Can view order tax evidence"),
        ("tax", "ordertaxevidence", "change_ordertaxevidence", "Can change order tax evidence"),
    ],
}


def _permission(apps, app_label: str, model: str, codename: str, name: str):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model
    )
    return apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )[0]


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.add(*(_permission(apps, *spec) for spec in GRANTS[group.name]))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        for app_label, _, codename, _ in GRANTS[group.name]:
            group.permissions.remove(
                *apps.get_model("auth", "Permission").objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0005_promos_finance_codes"),
        ("tax", "0004_vat_evidence"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
