"""A reset link's state when it went (a keyed digest of the account's password and address,
`accounts.verification.reset_link_state`): a reset asked for again within a minute sends
none only while the link sent still works (outside probe FC-2). With a database default, so
the previous release's rows, written during an upgrade, need not name it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_account_emails"),
    ]

    operations = [
        migrations.AddField(
            model_name="accountemail",
            name="link_state",
            field=models.CharField(blank=True, db_default="", max_length=64),
        ),
    ]
