"""Debit notes (outside probe BO-3): a refund the payment provider paid and then failed (the
customer's bank sent it back) gets a debit note reversing its credit note, numbered in its
own series. A credit note is keyed by the refunded total it brings the order to and by how
many such refunds had come back before (`taken_back`, 0 for every note issued before), so a
total reached again after one gets a credit note of its own."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0008_invoice_refused_vat_number"),
        ("orders", "0032_status_guard"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="invoice",
            name="one_credit_note_per_refund",
        ),
        migrations.RemoveConstraint(
            model_name="invoice",
            name="credit_note_names_its_invoice",
        ),
        migrations.AddField(
            model_name="invoice",
            name="reversed_note",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="debit_notes",
                to="invoicing.invoice",
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="taken_back",
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
        migrations.AlterField(
            model_name="invoice",
            name="kind",
            field=models.CharField(
                choices=[
                    ("invoice", "Invoice"),
                    ("credit_note", "Credit note"),
                    ("debit_note", "Debit note"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "credit_note")),
                fields=("order", "refunded_total", "taken_back"),
                name="one_credit_note_per_refund",
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("kind", "debit_note"), models.Q(("payment_reference", ""), _negated=True)
                ),
                fields=("order", "payment_reference"),
                name="one_debit_note_per_refund",
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("credited_invoice__isnull", True), ("kind", "invoice")),
                    models.Q(
                        ("credited_invoice__isnull", False),
                        ("kind__in", ["credit_note", "debit_note"]),
                    ),
                    _connector="OR",
                ),
                name="credit_note_names_its_invoice",
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind", "debit_note"),
                        ("reversed_note__isnull", False),
                        ("total_amount__lte", 0),
                    ),
                    models.Q(
                        models.Q(("kind", "debit_note"), _negated=True),
                        ("reversed_note__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="debit_note_reverses_a_credit_note",
            ),
        ),
    ]
