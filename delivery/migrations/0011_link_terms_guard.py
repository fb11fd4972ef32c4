"""A download link gives a file of the comic its order item bought, from that order, on
the terms the shop set: whoever writes the row (an injected query included), its asset
is a file of its item's comic and its item is of its order; and in a customer's (or a
guest link's, or a visitor's) session a link's terms (file, quota, count, expiry,
token) never change: that session only revokes links (a customer's fresh links).
"""

from django.db import migrations

# The second trigger's WHEN skips the system's and staff's sessions without verifying
# their context (a download's count goes up in the system's): a context merely written
# to look like theirs sees no row under row-level security, so it has nothing to update.
GUARD_SQL = """
CREATE FUNCTION public.delivery_link_file_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1
      FROM public.orders_orderitem i
      JOIN public.catalog_comicasset a ON a.comic_id = i.comic_id
     WHERE i.id = NEW.order_item_id AND i.order_id = NEW.order_id AND a.id = NEW.asset_id
  ) THEN
    RAISE EXCEPTION 'download link: file % is not of the comic order item % of order % bought',
      NEW.asset_id, NEW.order_item_id, NEW.order_id;
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION public.delivery_link_terms_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF coalesce(public.morpheus_context_scope(), '') NOT IN ('', 'staff', 'system')
     AND (NEW.order_id, NEW.order_item_id, NEW.asset_id, NEW.token_digest, NEW.expires_at,
          NEW.max_downloads, NEW.download_count)
         IS DISTINCT FROM
         (OLD.order_id, OLD.order_item_id, OLD.asset_id, OLD.token_digest, OLD.expires_at,
          OLD.max_downloads, OLD.download_count) THEN
    RAISE EXCEPTION 'download link %: its terms do not change in a customer''s session', OLD.id;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER delivery_downloadlink_file_guard
  BEFORE INSERT OR UPDATE OF order_id, order_item_id, asset_id ON public.delivery_downloadlink
  FOR EACH ROW EXECUTE FUNCTION public.delivery_link_file_guard();
CREATE TRIGGER delivery_downloadlink_terms_guard
  BEFORE UPDATE ON public.delivery_downloadlink
  FOR EACH ROW
  WHEN (coalesce(pg_catalog.current_setting('morpheus.context', true), '')
        NOT SIMILAR TO '(system|staff):%')
  EXECUTE FUNCTION public.delivery_link_terms_guard();
"""

DROP_SQL = """
DROP TRIGGER delivery_downloadlink_terms_guard ON public.delivery_downloadlink;
DROP TRIGGER delivery_downloadlink_file_guard ON public.delivery_downloadlink;
DROP FUNCTION public.delivery_link_terms_guard();
DROP FUNCTION public.delivery_link_file_guard();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0010_redeem_clock_bound"),
        ("orders", "0020_customer_session_writes"),
    ]
    operations = [migrations.RunSQL(GUARD_SQL, DROP_SQL)]
