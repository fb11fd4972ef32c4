import django.db.models.deletion
from django.db import migrations, models

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, owned_through

APPEND_ONLY = """
CREATE TRIGGER business_event_append_only
  BEFORE UPDATE OR DELETE ON analytics_businessevent
  FOR EACH ROW EXECUTE FUNCTION reject_history_rewrite();
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = [("orders", "0002_database_guard")]
    operations = [
        migrations.CreateModel(
            name="BusinessEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("order_created", "Order created"),
                            ("payment_attempted", "Payment attempted"),
                            ("payment_failed", "Payment failed"),
                            ("payment_succeeded", "Payment succeeded"),
                            ("fulfilled", "Fulfilled"),
                            ("first_download", "First download"),
                            ("refund", "Refund"),
                            ("dispute", "Dispute"),
                            ("order_canceled", "Order canceled"),
                        ],
                        max_length=32,
                    ),
                ),
                ("amount", models.BigIntegerField(default=0, help_text="Minor units.")),
                ("currency", models.CharField(max_length=3)),
                ("occurred_at", models.DateTimeField()),
                ("event_key", models.CharField(max_length=120, unique=True)),
                (
                    "order",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orders.order",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["kind", "occurred_at"], name="analytics_b_kind_b1268c_idx")
                ]
            },
        ),
        migrations.RunSQL(
            APPEND_ONLY, "DROP TRIGGER business_event_append_only ON analytics_businessevent;"
        ),
        migrations.RunSQL(
            enable_rls_sql("analytics_businessevent", owned_through("orders_order", "order_id")),
            disable_rls_sql("analytics_businessevent"),
        ),
    ]
