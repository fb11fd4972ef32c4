"""A guest's order link sees that one order (issue 14): the signed context gets an `order`
scope, `order:<order id>:<signature>`, and the orders policy admits the order it names.
The tables under an order (items, history, payments, refunds, links, downloads, emails,
invoices...) admit a row when its order is visible, so they follow by themselves."""

from django.conf import settings
from django.db import migrations

ORDER_SCOPE_SQL = """
CREATE FUNCTION public.morpheus_context_order_id() RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT user_id FROM public.morpheus_verified_context() WHERE scope = 'order'
$$;
REVOKE ALL ON FUNCTION public.morpheus_context_order_id() FROM PUBLIC;

ALTER POLICY orders_order_isolation ON public.orders_order
  USING ((SELECT public.morpheus_context_scope() IN ('staff', 'system'))
         OR customer_id = (SELECT public.morpheus_context_customer_id())
         OR id = (SELECT public.morpheus_context_order_id()))
  WITH CHECK ((SELECT public.morpheus_context_scope() IN ('staff', 'system'))
              OR customer_id = (SELECT public.morpheus_context_customer_id())
              OR id = (SELECT public.morpheus_context_order_id()));
"""
CUSTOMER_ONLY_SQL = """
ALTER POLICY orders_order_isolation ON public.orders_order
  USING ((SELECT public.morpheus_context_scope() IN ('staff', 'system'))
         OR customer_id = (SELECT public.morpheus_context_customer_id()))
  WITH CHECK ((SELECT public.morpheus_context_scope() IN ('staff', 'system'))
              OR customer_id = (SELECT public.morpheus_context_customer_id()));

DROP FUNCTION public.morpheus_context_order_id();
"""


def grant_to_app_role(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(f"GRANT EXECUTE ON FUNCTION public.morpheus_context_order_id() TO {role}")


class Migration(migrations.Migration):
    dependencies = [("orders", "0014_arch_refund_pending"), ("morpheus", "0004_signed_context")]

    operations = [
        migrations.RunSQL(ORDER_SCOPE_SQL, CUSTOMER_ONLY_SQL),
        migrations.RunPython(grant_to_app_role, migrations.RunPython.noop),
    ]
