"""The shop's rows in this app are written in the system or staff scope only: a customer's
session (an injected query included) writes none (morpheus 0009)."""

from django.db import migrations

GUARD_SQL = """
CREATE TRIGGER payments_payment_writer_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.payments_payment
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_untrusted_write();
"""
DROP_SQL = "DROP TRIGGER payments_payment_writer_guard ON public.payments_payment;"


class Migration(migrations.Migration):
    dependencies = [("payments", "0010_payment_method"), ("morpheus", "0009_trusted_writers")]
    operations = [migrations.RunSQL(GUARD_SQL, DROP_SQL)]
