"""Download links and stamped copies are the shop's rows: a customer's session (an injected
query included) writes none, neither un-revoking a link, nor re-inserting it with a fresh
quota, nor pointing a stamped copy at another comic's file. The services that issue and
revoke links for a customer's request write in the system scope; the count of a download
goes up inside `delivery_download_redeem`, as the tables' owner.
"""

from django.db import migrations

GUARD_SQL = """
DROP TRIGGER delivery_downloadlink_terms_guard ON public.delivery_downloadlink;
DROP FUNCTION public.delivery_link_terms_guard();

CREATE TRIGGER delivery_downloadlink_writer_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.delivery_downloadlink
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_untrusted_write();
CREATE TRIGGER delivery_stampedcopy_writer_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.delivery_stampedcopy
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_untrusted_write();
"""


class Migration(migrations.Migration):
    dependencies = [("delivery", "0011_link_terms_guard"), ("morpheus", "0009_trusted_writers")]
    operations = [migrations.RunSQL(GUARD_SQL)]
