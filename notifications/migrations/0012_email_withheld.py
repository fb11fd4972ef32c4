"""Why a run of an email's job sent nothing: the order page tells staff an email that is no
longer due, waits for the customer's address to be confirmed, was turned off by the customer
or withheld for an erasure, from one that never went. A database default, so that a web or
worker older than this migration still writes its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0011_email_kind_debit_note"),
    ]

    operations = [
        migrations.AddField(
            model_name="emaildelivery",
            name="withheld",
            field=models.CharField(
                blank=True,
                choices=[
                    ("no_longer_due", "No longer due when its job ran"),
                    ("erasure", "The customer asked for their account's erasure"),
                    ("address_unconfirmed", "Until the customer confirms their address"),
                    ("turned_off", "The customer turned these emails off"),
                    ("gift", "Staff gave the comics: the downloads email tells the customer"),
                ],
                db_default="",
                default="",
                max_length=20,
            ),
        ),
    ]
