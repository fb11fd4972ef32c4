from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0009_arch_dispute_status_from_djstripe"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="payment_method_id",
            field=models.CharField(blank=True, db_default="", default="", max_length=255),
        ),
    ]
