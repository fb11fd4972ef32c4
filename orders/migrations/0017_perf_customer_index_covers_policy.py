"""The customer index carries `id` too: the orders policy reads customer_id and id, so the
staff list's count under it reads the index only instead of the whole table. Built before
the old index goes, both without blocking writes."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("orders", "0016_vat_tax_added"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="order",
            index=models.Index(
                fields=["customer", "-created_at"],
                include=["id"],
                name="order_customer_newest_first",
            ),
        ),
        RemoveIndexConcurrently(model_name="order", name="orders_orde_custome_413d7d_idx"),
    ]
