"""Support and Finance see invoices and credit notes and may email them again; Finance
keeps the VAT rules (add, change, view), Support may look at them."""

from django.db import migrations

# group -> (app, model, codename, name)
GRANTS = {
    "Support": [
        ("invoicing", "invoice", "view_invoice", "Can view invoice"),
        ("invoicing", "invoice", "resend_document", "Can email invoices and credit notes again"),
        ("tax", "taxrule", "view_taxrule", "Can view tax rule"),
    ],
    "Finance": [
        ("invoicing", "invoice", "view_invoice", "Can view invoice"),
        ("invoicing", "invoice", "resend_document", "Can email invoices and credit notes again"),
        ("tax", "taxrule", "view_taxrule", "Can view tax rule"),
        ("tax", "taxrule", "add_taxrule", "Can add tax rule"),
        ("tax", "taxrule", "change_taxrule", "Can change tax rule"),
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
        ("backoffice", "0002_comics_abuse_alert_view"),
        ("invoicing", "0001_money_invoices"),
        ("tax", "0001_money_vat"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
