"""Each item's VAT records its rate type (standard, reduced, reverse charge) with its rate,
on the day the rate is taken, for the one-stop-shop return. Items recorded before stay empty
(as do those the previous release records until it is replaced, hence the database default):
the report types their lines by the rates in force on the day of supply."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tax", "0008_evidence_decision_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="itemtax",
            name="rate_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("standard", "Standard rate"),
                    ("reduced", "Reduced rate"),
                    ("reverse charge", "Reverse charge"),
                ],
                db_default="",
                max_length=16,
            ),
        ),
    ]
