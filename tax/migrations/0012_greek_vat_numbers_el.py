"""Greek VAT numbers typed with ISO's GR before the checkout kept them as EL (VIES knows
Greece as EL only): VIES was asked about GR…, never answered, and the number stayed
unconfirmed, or was refused for the prefix. The evidence now says EL… and VIES is asked
again, by the check job (which flags the order for Finance when VIES refuses it or never
answers). An invoice issued with GR… is frozen and keeps it: the order's history says so
(credit notes to come show EL…)."""

from django.db import migrations

from morpheus.db_context import system_scope

ACTOR = "system"
CHECKED_AGAIN = ("unverified", "invalid")


def greek_numbers_el(apps, schema_editor) -> None:
    from tax.tasks import check_vat_number  # the job as it is now: it carries the app's proof

    evidence_model = apps.get_model("tax", "OrderTaxEvidence")
    invoice_model = apps.get_model("invoicing", "Invoice")
    event_model = apps.get_model("orders", "OrderEvent")
    with system_scope():  # these tables force row-level security, on their owner too
        for evidence in evidence_model.objects.filter(vat_number__startswith="GR"):
            typed, number = evidence.vat_number, f"EL{evidence.vat_number[2:]}"
            evidence.vat_number = number
            reason = f"VAT number {typed} is {number} as VIES knows it"
            if evidence.vies_status in CHECKED_AGAIN:
                evidence.vies_status, evidence.vies_checked_at = "unverified", None
                reason += ": to be checked with VIES again"
            evidence.save(update_fields=["vat_number", "vies_status", "vies_checked_at"])
            invoices = invoice_model.objects.filter(
                order_id=evidence.order_id, buyer__vat_id=typed
            ).order_by("pk")
            if invoices:
                shown = ", ".join(invoice.number for invoice in invoices)
                reason += f" ({shown} issued with {typed}, kept as issued)"
            event_model.objects.create(
                order_id=evidence.order_id,
                type="vat",
                actor=ACTOR,
                reason=reason,
                data={"vat_number": number, "vies": evidence.vies_status},
            )
            if evidence.vies_status == "unverified":
                check_vat_number.defer(order_id=evidence.order_id)


class Migration(migrations.Migration):
    dependencies = [
        ("tax", "0011_vies_unanswered"),
        ("invoicing", "0006_invoice_line_rate_type"),
        ("orders", "0029_order_prices_include_tax"),
        ("morpheus", "0013_throttle_forgive_one"),  # the job queue
    ]
    operations = [migrations.RunPython(greek_numbers_el, migrations.RunPython.noop)]
