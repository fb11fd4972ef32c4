import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, signed_owned_by_customer

# Customers who signed up before addresses were verified keep their download emails.
TRUST_EXISTING_ADDRESSES_SQL = """
INSERT INTO public.notifications_emailaddress (user_id, email, verified_at, created_at)
SELECT id, email, now(), now() FROM public.auth_user WHERE email <> ''
"""


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_merged_email_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("morpheus", "0004_signed_context"),
    ]

    operations = [
        migrations.CreateModel(
            name="EmailAddress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254)),
                ("verified_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="email_addresses",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("email"),
                        models.F("user"),
                        name="email_address_once_per_user",
                    )
                ],
            },
        ),
        migrations.RunSQL(TRUST_EXISTING_ADDRESSES_SQL, migrations.RunSQL.noop),
        migrations.RunSQL(
            enable_rls_sql("notifications_emailaddress", signed_owned_by_customer("user_id")),
            disable_rls_sql("notifications_emailaddress"),
        ),
    ]
