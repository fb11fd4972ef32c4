"""When an address's last confirmation link was sent. An address waiting for its
confirmation was sent one when it was asked for: the last that is known."""

from django.db import migrations, models
from django.db.models import F

from morpheus.db_context import system_scope


def waiting_addresses_sent_when_asked_for(apps, schema_editor) -> None:
    address_model = apps.get_model("notifications", "EmailAddress")
    with system_scope():  # the table forces row-level security, on its owner too
        address_model.objects.filter(verified_at__isnull=True).update(link_sent_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0007_invoice_copy_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="emailaddress",
            name="link_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(waiting_addresses_sent_when_asked_for, migrations.RunPython.noop),
    ]
