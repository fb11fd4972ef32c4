"""The staff list sorted by total orders by currency, then amount (totals in different
currencies do not compare): an index in that order, which also serves the total filter (a
range in each currency) in place of the index on the total alone. The currency filter
keeps its own index: equal keys there are in table order, so its rows are read in one
sweep. Built before the old one goes, both without blocking writes."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("orders", "0026_email_lower"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="order",
            index=models.Index(
                fields=["currency", "total_amount", "-id"], name="order_currency_total"
            ),
        ),
        RemoveIndexConcurrently(model_name="order", name="order_total"),
    ]
