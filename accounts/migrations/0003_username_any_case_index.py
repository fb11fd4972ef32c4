from django.conf import settings
from django.db import migrations

# Sign-in and sign-up look a username up in any case (`username__iexact`, which PostgreSQL
# runs as UPPER("username"::text) = UPPER(...)); without this index each one reads every account.
CREATE = (
    'CREATE INDEX IF NOT EXISTS accounts_username_any_case ON auth_user (UPPER("username"::text))'
)
DROP = "DROP INDEX IF EXISTS accounts_username_any_case"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_replaced_addresses"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
