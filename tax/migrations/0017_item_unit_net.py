"""Each item's price before its discount, exclusive of VAT on the basis of its net
(`unit_net`): the unit price its invoice line prints (outside probe BQ, BQ-6). Items recorded
before keep none, and their invoices print as they were issued."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tax", "0016_evidence_vat_number_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="itemtax",
            name="unit_net",
            field=models.BigIntegerField(blank=True, null=True),
        ),
    ]
