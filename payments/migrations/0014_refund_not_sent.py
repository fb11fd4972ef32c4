"""A refund never sent to Stripe, because Stripe had paid back an earlier refund of the order
after all, has its own status, `not_sent`: it was recorded as failed, counted among the
failed refunds staff look into. Those recorded so are known by their history's words."""

from django.db import migrations, models

from morpheus.db_context import system_scope

NOT_SENT_REASON = "Refund not sent: Stripe had paid back "


def refunds_not_sent(apps, schema_editor) -> None:
    refund_model = apps.get_model("payments", "Refund")
    event_model = apps.get_model("orders", "OrderEvent")
    with system_scope():  # these tables force row-level security, on their owner too
        not_sent = event_model.objects.filter(
            type="refund", data__status="failed", reason__startswith=NOT_SENT_REASON
        ).values_list("data__refund_id", flat=True)
        refund_model.objects.filter(pk__in=list(not_sent), status="failed").update(
            status="not_sent"
        )


def refunds_failed_again(apps, schema_editor) -> None:
    with system_scope():
        apps.get_model("payments", "Refund").objects.filter(status="not_sent").update(
            status="failed"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0030_address_event"),
        ("payments", "0013_payment_next_card_check"),
    ]

    operations = [
        migrations.AlterField(
            model_name="refund",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("succeeded", "Succeeded"),
                    ("failed", "Failed"),
                    ("not_sent", "Not sent"),
                ],
                default="pending",
                max_length=16,
            ),
        ),
        migrations.RunPython(refunds_not_sent, refunds_failed_again),
    ]
