"""A stamped copy asked for before its file's current version came out is not served: the
link answers "preparing", as for a copy never asked for, and the download asks for it again
(outside probe EJ-1: until the order's own file-update job ran, the library said "updated:
version N" and served the buyer's copy of version N-1). The file-update job then finds the
copy asked for since the version came out and leaves it as it is.

The same signature: replaced in place, its grants kept, and the previous release calls it as
it called 0021's.
"""

from django.db import migrations

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION public.delivery_download_redeem(
  p_digest text, p_counted boolean, p_may_deliver boolean, p_now timestamptz,
  p_ip inet, p_user_agent text, p_range_first bigint, p_range_last bigint,
  p_signed_in_as text DEFAULT '',
  OUT outcome text, OUT link_id bigint, OUT order_id bigint, OUT order_number text,
  OUT order_status text, OUT order_disputed boolean, OUT max_downloads integer,
  OUT storage_name text, OUT file_name text, OUT content_type text, OUT size_bytes bigint,
  OUT asset_id bigint, OUT copy_missing boolean, OUT served_event_id bigint,
  OUT served_resume_bytes bigint, OUT downloads_left integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  caller_context text := coalesce(pg_catalog.current_setting('morpheus.context', true), '');
  link_row record;
  copy_id bigint;
  copy_name text;
  copy_size bigint;
  copy_ready_at timestamptz;
  copy_requested_at timestamptz;
  copy_stale boolean;
  file_size bigint;
  resume_bytes bigint;
  resumed_event_id bigint;
BEGIN
  p_now := greatest(p_now, pg_catalog.now());
  PERFORM pg_catalog.set_config(
    'morpheus.context', public.morpheus_sign_context('system', NULL), true);
  SELECT l.id, l.order_id, l.order_item_id, l.revoked_at, l.expires_at, l.max_downloads,
         l.download_count, o.number, o.status::text AS status, o.disputed_at,
         a.id AS asset_id, a.file, a.file_name, a.content_type, a.size_bytes,
         a.version_published_at,
         (c.stamp_downloads AND a.format IN ('pdf', 'cbz')) AS stamped
    INTO link_row
    FROM public.delivery_downloadlink l
    JOIN public.orders_order o ON o.id = l.order_id
    JOIN public.catalog_comicasset a ON a.id = l.asset_id
    JOIN public.catalog_comic c ON c.id = a.comic_id
   WHERE l.token_digest = p_digest;
  IF link_row.stamped THEN
    SELECT s.id, s.storage_name, s.size_bytes, s.ready_at, s.requested_at
      INTO copy_id, copy_name, copy_size, copy_ready_at, copy_requested_at
      FROM public.delivery_stampedcopy s
     WHERE s.order_item_id = link_row.order_item_id AND s.asset_id = link_row.asset_id;
    -- A copy asked for before its file's current version is of the version before: it is
    -- made again, as one never asked for, and the link waits for it like any copy.
    copy_stale := copy_requested_at < link_row.version_published_at;
    IF copy_stale THEN
      copy_ready_at := NULL;
    END IF;
  END IF;
  file_size := CASE WHEN link_row.stamped THEN copy_size ELSE link_row.size_bytes END;
  -- A copy still being made has no size yet (NULL): neither 'unsatisfiable' nor 'probe'.
  outcome := CASE
    WHEN link_row.id IS NULL THEN 'unknown'
    WHEN link_row.revoked_at IS NOT NULL THEN 'revoked'
    WHEN link_row.status NOT IN ('paid', 'fulfilled', 'delivered')
      OR link_row.disputed_at IS NOT NULL THEN 'not_entitled'
    WHEN link_row.expires_at <= p_now THEN 'expired'
    WHEN p_counted AND p_range_first > 0 AND p_ip IS NOT NULL
      AND NOT (link_row.stamped AND copy_ready_at IS NULL) THEN 'resume'
    WHEN link_row.download_count >= link_row.max_downloads THEN 'quota'
    WHEN link_row.stamped AND copy_ready_at IS NULL THEN 'preparing'
    WHEN p_counted AND p_range_first >= file_size THEN 'unsatisfiable'
    WHEN NOT p_counted THEN 'granted'
    WHEN p_range_first = 0 AND p_range_last < least(1024, file_size - 1) THEN 'probe'
    WHEN link_row.status = 'fulfilled' AND NOT p_may_deliver THEN 'deliver_first'
    ELSE 'count'
  END;
  IF outcome = 'resume' THEN
    -- FOR UPDATE: a concurrent resume waits, then skips a download whose budget it used up.
    resume_bytes := greatest(
      least(coalesce(p_range_last, file_size - 1), file_size - 1) - p_range_first + 1, 0);
    SELECT e.id INTO resumed_event_id
      FROM public.delivery_downloadevent e
     WHERE e.link_id = link_row.id AND e.ip_address = p_ip AND NOT e.probe
       AND e.downloaded_at > p_now - interval '1 hour'
       AND e.resumed_bytes + resume_bytes <= file_size
     ORDER BY e.downloaded_at DESC, e.id DESC
     LIMIT 1
       FOR UPDATE;
    IF FOUND AND p_range_first >= file_size THEN
      outcome := 'unsatisfiable';  -- a resume of a download this address got whole
    ELSIF FOUND THEN
      UPDATE public.delivery_downloadevent e SET resumed_bytes = e.resumed_bytes + resume_bytes
       WHERE e.id = resumed_event_id;
      outcome := 'granted';
      served_event_id := resumed_event_id;
      served_resume_bytes := resume_bytes;
    ELSE  -- nothing left to resume: a download like any other
      outcome := CASE
        WHEN link_row.download_count >= link_row.max_downloads THEN 'quota'
        WHEN p_range_first >= file_size THEN 'unsatisfiable'
        WHEN link_row.status = 'fulfilled' AND NOT p_may_deliver THEN 'deliver_first'
        ELSE 'count'
      END;
    END IF;
  END IF;
  IF outcome = 'count' THEN
    UPDATE public.delivery_downloadlink l SET download_count = l.download_count + 1
     WHERE l.id = link_row.id AND l.revoked_at IS NULL AND l.expires_at > p_now
       AND l.download_count < l.max_downloads
    RETURNING l.max_downloads - l.download_count INTO downloads_left;
    IF FOUND THEN
      INSERT INTO public.delivery_downloadevent
        (link_id, downloaded_at, ip_address, user_agent, signed_in_as)
      VALUES (link_row.id, p_now, p_ip, p_user_agent, p_signed_in_as)
      RETURNING id INTO served_event_id;
      outcome := 'granted';
      IF NOT p_may_deliver THEN
        PERFORM pg_catalog.set_config('synchronous_commit', 'off', true);
      END IF;
    ELSE  -- a concurrent request changed the link first: say why it is refused now
      SELECT CASE WHEN l.revoked_at IS NOT NULL THEN 'revoked'
                  WHEN l.expires_at <= p_now THEN 'expired'
                  ELSE 'quota' END
        INTO outcome
        FROM public.delivery_downloadlink l WHERE l.id = link_row.id;
    END IF;
  END IF;
  IF outcome = 'probe' THEN
    INSERT INTO public.delivery_downloadevent
      (link_id, downloaded_at, ip_address, user_agent, signed_in_as, probe)
    SELECT link_row.id, p_now, p_ip, p_user_agent, p_signed_in_as, true
     WHERE NOT EXISTS (
       SELECT FROM public.delivery_downloadevent e
        WHERE e.link_id = link_row.id AND e.ip_address IS NOT DISTINCT FROM p_ip
          AND e.downloaded_at > p_now - interval '1 minute');
    PERFORM pg_catalog.set_config('synchronous_commit', 'off', true);
  END IF;
  PERFORM pg_catalog.set_config('morpheus.context', caller_context, true);
  link_id := link_row.id;
  order_id := link_row.order_id;
  order_number := link_row.number;
  order_status := link_row.status;
  order_disputed := link_row.disputed_at IS NOT NULL;
  max_downloads := link_row.max_downloads;
  storage_name := CASE WHEN link_row.stamped THEN copy_name ELSE link_row.file END;
  file_name := link_row.file_name;
  content_type := link_row.content_type;
  size_bytes := CASE WHEN link_row.stamped THEN copy_size ELSE link_row.size_bytes END;
  asset_id := link_row.asset_id;
  copy_missing := link_row.stamped AND (copy_id IS NULL OR coalesce(copy_stale, false));
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("delivery", "0022_stamped_copies_of_an_item")]
    operations = [migrations.RunSQL(FUNCTION_SQL, migrations.RunSQL.noop)]
