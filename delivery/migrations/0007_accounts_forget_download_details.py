from django.conf import settings
from django.db import migrations


def allow_forgetting_who_downloaded(apps, schema_editor):
    """Downloads stay recorded (no UPDATE of the rest, no DELETE), but their address and
    agent may be blanked: after DOWNLOAD_AUDIT_RETENTION_DAYS, or on a customer's erasure."""
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(
        f"GRANT UPDATE (ip_address, user_agent) ON delivery_downloadevent TO {role}"
    )


def keep_download_history(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(
        f"REVOKE UPDATE (ip_address, user_agent) ON delivery_downloadevent FROM {role}"
    )


class Migration(migrations.Migration):
    dependencies = [("delivery", "0006_redeem_serves_stamped_copies")]
    operations = [migrations.RunPython(allow_forgetting_who_downloaded, keep_download_history)]
