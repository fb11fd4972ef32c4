"""Each order item bought in a bundle keeps the bundle's title as the order was placed, as
the item keeps the comic's (outside probe EC-1: a bundle renamed by staff showed its new
title on the order's pages while the order's invoice and emails named it as it was). Items
bought before take the title their bundle has now."""

from django.db import migrations, models

from morpheus.db_context import system_scope

TITLES_AS_NOW = """
UPDATE promotions_bundleitem bi SET title = b.title
FROM promotions_bundle b WHERE b.id = bi.bundle_id
"""


def titles_as_now(apps, schema_editor) -> None:
    with system_scope(), schema_editor.connection.cursor() as cursor:  # forced row security
        cursor.execute(TITLES_AS_NOW)


class Migration(migrations.Migration):
    dependencies = [("promotions", "0006_discount_terms_names")]

    operations = [
        migrations.AddField(
            model_name="bundleitem",
            name="title",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(titles_as_now, migrations.RunPython.noop),
    ]
