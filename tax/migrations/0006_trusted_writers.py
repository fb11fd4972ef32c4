"""VAT evidence and item tax are the shop's rows: a customer's session (an injected query
included) writes none (morpheus 0009); checkout records them in the system scope."""

from django.db import migrations

GUARD_SQL = """
CREATE TRIGGER tax_ordertaxevidence_writer_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.tax_ordertaxevidence
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_untrusted_write();
CREATE TRIGGER tax_itemtax_writer_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.tax_itemtax
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_untrusted_write();
"""
DROP_SQL = """
DROP TRIGGER tax_itemtax_writer_guard ON public.tax_itemtax;
DROP TRIGGER tax_ordertaxevidence_writer_guard ON public.tax_ordertaxevidence;
"""


class Migration(migrations.Migration):
    dependencies = [("tax", "0005_geoip_ip_country"), ("morpheus", "0009_trusted_writers")]
    operations = [migrations.RunSQL(GUARD_SQL, DROP_SQL)]
