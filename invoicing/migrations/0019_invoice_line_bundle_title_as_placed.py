"""An invoice line of a comic bought in a bundle names the bundle by its title as the order
was placed (`promotions.BundleItem.title`), not as it is when the invoice is written: a
bundle renamed between the two gave the invoice another name than the order's pages and
its first email (outside probe EC-1). `invoicing_write_invoice` as in 0018, else the same."""

from importlib import import_module

from django.db import migrations

BEFORE = import_module("invoicing.migrations.0018_numbering_as_the_owner")

AS_PLACED_WRITE_INVOICE_SQL = BEFORE._checked(
    BEFORE.OWN_SERIES_WRITE_INVOICE_SQL,
    [
        (
            "CASE WHEN b.id IS NOT NULL THEN jsonb_build_object('bundle', b.title)",
            "CASE WHEN bi.id IS NOT NULL THEN jsonb_build_object('bundle', bi.title)",
        ),
        ("\n  LEFT JOIN public.promotions_bundle b ON b.id = bi.bundle_id", ""),
    ],
    "invoicing 0018's invoice writer",
)


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0018_numbering_as_the_owner"),
        ("promotions", "0007_bundle_item_title"),
    ]

    operations = [
        migrations.RunSQL(AS_PLACED_WRITE_INVOICE_SQL, BEFORE.OWN_SERIES_WRITE_INVOICE_SQL)
    ]
