"""A link records why it was issued, so the order page counts the emailed links alone. An
existing link is emailed unless the order's history recorded it as one download asked for
from the library or through the API (that event names its item and its expiry).

The previous release inserts links without the column: its default is "emailed"."""

from django.db import migrations, models

from morpheus.db_context import system_scope

FROM_HISTORY_SQL = """
UPDATE public.delivery_downloadlink AS link
   SET origin = CASE event.data ->> 'action' WHEN 'library' THEN 'library' ELSE 'api' END
  FROM public.orders_orderevent AS event
 WHERE event.order_id = link.order_id
   AND event.type = 'download_links'
   AND event.data ->> 'action' IN ('library', 'issued_one')
   AND (event.data ->> 'item')::bigint = link.order_item_id
   AND (event.data ->> 'expires_at')::timestamptz = link.expires_at
   AND link.max_downloads = 1;
"""


def origin_from_history(apps, schema_editor):
    with system_scope():  # both tables force row-level security, on their owner too
        schema_editor.execute(FROM_HISTORY_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0018_redeem_unserved_downloads"),
        ("orders", "0028_stamped_copy_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="downloadlink",
            name="origin",
            field=models.CharField(
                choices=[
                    ("emailed", "Emailed"),
                    ("library", "Library download"),
                    ("api", "API download"),
                ],
                db_default="emailed",
                max_length=16,
            ),
        ),
        migrations.RunPython(origin_from_history, migrations.RunPython.noop),
    ]
