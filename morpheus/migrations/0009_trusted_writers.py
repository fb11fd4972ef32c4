"""Who may write the rows a customer's session must not (orders' prices, download links,
payments, tax rows): a verified staff or system context, or the tables' owner (migrations,
a console). Triggers call these functions per row, so the context is verified when the
row is written: a context changed in the middle of a statement (`set_config` in a WHERE
clause) cannot pass for the system's, as a check on its look alone could.
"""

from django.db import migrations

FUNCTIONS_SQL = """
CREATE FUNCTION public.morpheus_trusted_writer(p_table regclass) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT pg_catalog.pg_has_role(
           current_user,
           (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = p_table),
           'USAGE')
      OR coalesce(public.morpheus_context_scope(), '') IN ('staff', 'system')
$$;

CREATE FUNCTION public.morpheus_refuse_untrusted_write() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT public.morpheus_trusted_writer(TG_RELID) THEN
    RAISE EXCEPTION '% on % in a customer''s session: the shop writes these rows',
      TG_OP, TG_TABLE_NAME;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
"""

DROP_SQL = """
DROP FUNCTION public.morpheus_refuse_untrusted_write();
DROP FUNCTION public.morpheus_trusted_writer(regclass);
"""


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0008_settings_history")]
    operations = [migrations.RunSQL(FUNCTIONS_SQL, DROP_SQL)]
