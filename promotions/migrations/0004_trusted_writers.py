"""The shop's rows in this app are written in the system or staff scope only: a customer's
session (an injected query included) writes none (morpheus 0009)."""

from django.db import migrations

GUARD_SQL = """
CREATE TRIGGER promotions_discountuse_writer_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.promotions_discountuse
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_untrusted_write();
"""
DROP_SQL = "DROP TRIGGER promotions_discountuse_writer_guard ON public.promotions_discountuse;"


class Migration(migrations.Migration):
    dependencies = [
        ("promotions", "0003_promo_bundles_in_cart"),
        ("morpheus", "0009_trusted_writers"),
    ]
    operations = [migrations.RunSQL(GUARD_SQL, DROP_SQL)]
