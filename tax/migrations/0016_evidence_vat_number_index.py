"""VIES's last answer about a VAT number (on any order) is read at each business checkout
(a number it refused buys at no business price): an index on the number, built without
blocking writes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("orders", "0031_order_tax_removed"),
        ("tax", "0015_evidence_business"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="ordertaxevidence",
            index=models.Index(
                fields=["vat_number", "-vies_checked_at"],
                condition=~models.Q(vat_number=""),
                name="evidence_vat_number",
            ),
        ),
    ]
