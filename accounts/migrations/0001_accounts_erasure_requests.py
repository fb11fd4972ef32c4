import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, signed_owned_by_customer


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("morpheus", "0004_signed_context"),
    ]

    operations = [
        migrations.CreateModel(
            name="ErasureRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("requested", "Requested"), ("completed", "Completed")],
                        default="requested",
                        max_length=16,
                    ),
                ),
                ("requested_at", models.DateTimeField(auto_now_add=True)),
                ("completed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="erasure_requests",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-requested_at"],
            },
        ),
        migrations.RunSQL(
            enable_rls_sql("accounts_erasurerequest", signed_owned_by_customer("user_id")),
            disable_rls_sql("accounts_erasurerequest"),
        ),
    ]
