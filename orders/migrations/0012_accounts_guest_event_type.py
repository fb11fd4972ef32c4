from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0011_promos_bundle_event"),
    ]

    operations = [
        migrations.AlterField(
            model_name="orderevent",
            name="type",
            field=models.CharField(
                choices=[
                    ("created", "Order placed"),
                    ("status_changed", "Status changed"),
                    ("payment_failed", "Payment failed"),
                    ("flagged", "Flagged for staff"),
                    ("disputed", "Disputed"),
                    ("refund", "Refund"),
                    ("note", "Staff note"),
                    ("download_links", "Download links"),
                    ("claimed", "Joined an account"),
                ],
                max_length=32,
            ),
        ),
    ]
