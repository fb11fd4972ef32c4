"""Each account email that went (`accounts_accountemail`: address confirmation, notices of a
changed address or password, password reset), so the customer's data export lists it beside
the order emails (outside probe BT, BT-6: nothing recorded them, and the export's
`emails_sent` held the order emails only). Kind, recipient and time: no link, no token.

Row-level security as the other tables of an account: its customer sees their own rows,
staff and the system all. Not append-only, as the order emails' `notifications_emaildelivery`:
erasure replaces the recipient, and the rows go with their account (deleted in the admin).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, signed_owned_by_customer


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_username_any_case_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountEmail",
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
                            ("verify_email", "Address confirmation link"),
                            ("address_changed", "Notice that the account's address changed"),
                            ("password_changed", "Notice that the password changed"),
                            ("password_reset", "Password reset link"),
                        ],
                        max_length=32,
                    ),
                ),
                ("recipient", models.EmailField(max_length=254)),
                ("sent_at", models.DateTimeField()),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="account_emails",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunSQL(
            enable_rls_sql("accounts_accountemail", signed_owned_by_customer("user_id")),
            disable_rls_sql("accounts_accountemail"),
        ),
    ]
