import django.db.models.deletion
from django.db import migrations, models

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, owned_through


class Migration(migrations.Migration):
    initial = True
    dependencies = [("orders", "0002_database_guard")]
    operations = [
        migrations.CreateModel(
            name="EmailDelivery",
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
                            ("order_received", "Order received"),
                            ("payment_failed", "Payment failed"),
                            ("downloads_ready", "Your downloads are ready"),
                            ("refund_issued", "Refund issued"),
                        ],
                        max_length=32,
                    ),
                ),
                ("event_key", models.CharField(max_length=100)),
                ("recipient", models.EmailField(max_length=254)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "order",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="emails",
                        to="orders.order",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("order", "kind", "event_key"), name="one_email_per_event"
                    )
                ],
            },
        ),
        migrations.RunSQL(
            enable_rls_sql(
                "notifications_emaildelivery", owned_through("orders_order", "order_id")
            ),
            disable_rls_sql("notifications_emaildelivery"),
        ),
    ]
