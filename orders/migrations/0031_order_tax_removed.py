"""A business buying by reverse charge at prices including VAT pays them net of the VAT a
consumer of its country would pay: the order keeps what was taken off its total, and a
customer's session may not change it, as it may not change the VAT added (0029's guard
with the new column)."""

from importlib import import_module

from django.db import migrations, models

PREVIOUS_GUARD_SQL = import_module("orders.migrations.0029_order_prices_include_tax").GUARD_SQL

GUARD_SQL = PREVIOUS_GUARD_SQL.replace(
    "NEW.tax_added_amount, NEW.prices_include_tax,",
    "NEW.tax_added_amount, NEW.tax_removed_amount, NEW.prices_include_tax,",
).replace(
    "OLD.tax_added_amount, OLD.prices_include_tax,",
    "OLD.tax_added_amount, OLD.tax_removed_amount, OLD.prices_include_tax,",
)


class Migration(migrations.Migration):
    dependencies = [("orders", "0030_address_event")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="tax_removed_amount",
            field=models.PositiveBigIntegerField(db_default=0, default=0),
        ),
        migrations.RunSQL(GUARD_SQL, PREVIOUS_GUARD_SQL),
    ]
