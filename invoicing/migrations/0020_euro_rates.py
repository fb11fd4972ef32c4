"""The ECB's euro reference rates, for declaring a quarter's sales in other currencies in
euros (outside probe GU-1). Read and written by staff and the system only, as the VAT
rules are."""

from django.db import migrations, models

SEES_ALL = "(SELECT public.morpheus_context_scope()) IN ('staff', 'system')"
TABLE = "invoicing_eurorate"


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0019_invoice_line_bundle_title_as_placed"),
        ("morpheus", "0004_signed_context"),
    ]

    operations = [
        migrations.CreateModel(
            name="EuroRate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("currency", models.CharField(max_length=3)),
                ("day", models.DateField()),
                ("units_per_euro", models.DecimalField(decimal_places=6, max_digits=14)),
            ],
            options={
                "ordering": ["currency", "-day"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("currency", "day"), name="one_euro_rate_per_day"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(units_per_euro__gt=0), name="euro_rate_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(currency__regex="^[A-Z]{3}$")
                        & ~models.Q(currency="EUR"),
                        name="euro_rate_of_another_currency",
                    ),
                ],
            },
        ),
        migrations.RunSQL(
            f"""
ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY;
CREATE POLICY {TABLE}_isolation ON {TABLE} USING ({SEES_ALL}) WITH CHECK ({SEES_ALL});
""",
            f"DROP POLICY {TABLE}_isolation ON {TABLE};",
        ),
    ]
