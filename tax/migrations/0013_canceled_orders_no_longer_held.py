"""Orders canceled before they were paid kept what only a paid order needs: a VAT conflict's
hold ("Held for Finance", its line in the order's flag) and a VIES check's flag ("could not be
checked with VIES: check it before the VAT return", "check the VAT charged"). They leave
Finance's queue, as orders canceled from now on do, each change in the order's history."""

from django.db import migrations
from django.db.models import F, Q
from django.db.models.functions import Now

from morpheus.db_context import system_scope

ACTOR = "system"
CONFLICT = "VAT evidence conflict:"
NO_LONGER_HELD = "Canceled unpaid: no longer held for Finance's decision"
NOTHING_TO_DECLARE = "Canceled unpaid: no VAT to declare, its VAT number no longer flagged"


def _vies_line(line: str, vat_number: str) -> bool:
    return bool(vat_number) and (
        line.startswith(f"VIES refused VAT number {vat_number}:")
        or line.startswith(f"VAT number {vat_number} could not be checked with VIES:")
    )


def canceled_orders_no_longer_held(apps, schema_editor) -> None:
    evidence_model = apps.get_model("tax", "OrderTaxEvidence")
    order_model = apps.get_model("orders", "Order")
    event_model = apps.get_model("orders", "OrderEvent")
    with system_scope():  # these tables force row-level security, on their owner too
        canceled = evidence_model.objects.filter(order__status="canceled").filter(
            Q(decision="held") | ~Q(order__flagged_reason="")
        )
        for evidence in canceled.select_related("order").order_by("order_id"):
            order = evidence.order
            lines = order.flagged_reason.splitlines()
            conflict = [line for line in lines if line.startswith(CONFLICT)]
            vies = [line for line in lines if _vies_line(line, evidence.vat_number)]
            reasons = []
            if conflict or evidence.decision == "held":
                reasons.append(NO_LONGER_HELD)
            if vies:
                reasons.append(NOTHING_TO_DECLARE)
            if not reasons:
                continue
            if evidence.decision == "held":
                evidence.decision = ""
                evidence.save(update_fields=["decision"])
            if conflict or vies:
                kept = [line for line in lines if line not in conflict and line not in vies]
                order_model.objects.filter(pk=order.pk).update(
                    flagged_reason="\n".join(kept), version=F("version") + 1, updated_at=Now()
                )
            for reason in reasons:
                event_model.objects.create(
                    order_id=order.pk, type="vat", actor=ACTOR, reason=reason
                )


class Migration(migrations.Migration):
    dependencies = [
        ("tax", "0012_greek_vat_numbers_el"),
        ("orders", "0030_address_event"),
    ]
    operations = [migrations.RunPython(canceled_orders_no_longer_held, migrations.RunPython.noop)]
