from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("payments", "0007_arch_refund_pending_backfill")]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="card_brand",
            field=models.CharField(blank=True, db_default="", default="", max_length=20),
        ),
        migrations.AddField(
            model_name="payment",
            name="card_last4",
            field=models.CharField(blank=True, db_default="", default="", max_length=4),
        ),
    ]
