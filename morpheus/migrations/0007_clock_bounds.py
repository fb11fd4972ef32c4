"""The functions the app role may call take the time from the app (so the app's clock, and
a test's, rule), but SQL run as the app role could pass any time: "infinity" to purge
every abuse counter or every session, a far future to reset a counter's window, the past
to load an expired session. Each now bounds the caller's time by the database's clock, on
the side that cannot widen what the caller gets: a purge never reaches a window or a
session that has not ended by the database's clock, a hit never opens a window later
than now, a session never loads once the database's clock says it expired.
"""

from django.db import migrations

BOUNDED_SQL = """
CREATE OR REPLACE FUNCTION public.morpheus_session_load(p_key text, p_now timestamptz) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT s.session_data FROM public.django_session s
  WHERE s.session_key = p_key AND s.expire_date > greatest(p_now, pg_catalog.now())
$$;

CREATE OR REPLACE FUNCTION public.morpheus_session_clear_expired(p_now timestamptz) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  DELETE FROM public.django_session
  WHERE expire_date < least(p_now, pg_catalog.now())
$$;

CREATE OR REPLACE FUNCTION public.morpheus_throttle_hit(
  p_bucket text, p_at timestamptz, p_window_seconds integer
)
RETURNS TABLE (hits integer, window_ends_at timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH at AS (SELECT least(p_at, pg_catalog.now()) AS moment)
  INSERT INTO public.morpheus_throttlebucket AS b (bucket, hits, window_ends_at)
  SELECT p_bucket, 1, at.moment + make_interval(secs => p_window_seconds) FROM at
  ON CONFLICT (bucket) DO UPDATE SET
    hits = CASE WHEN b.window_ends_at <= (SELECT moment FROM at) THEN 1
                ELSE least(b.hits, 1000000000) + 1 END,
    window_ends_at = CASE WHEN b.window_ends_at <= (SELECT moment FROM at)
                          THEN excluded.window_ends_at ELSE b.window_ends_at END
  RETURNING b.hits, b.window_ends_at
$$;

CREATE OR REPLACE FUNCTION public.morpheus_throttle_purge(p_before timestamptz) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH gone AS (
    DELETE FROM public.morpheus_throttlebucket
    WHERE window_ends_at < least(p_before, pg_catalog.now()) RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;
"""

PREVIOUS_SQL = """
CREATE OR REPLACE FUNCTION public.morpheus_session_load(p_key text, p_now timestamptz) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT s.session_data FROM public.django_session s
  WHERE s.session_key = p_key AND s.expire_date > p_now
$$;

CREATE OR REPLACE FUNCTION public.morpheus_session_clear_expired(p_now timestamptz) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  DELETE FROM public.django_session WHERE expire_date < p_now
$$;

CREATE OR REPLACE FUNCTION public.morpheus_throttle_hit(
  p_bucket text, p_at timestamptz, p_window_seconds integer
)
RETURNS TABLE (hits integer, window_ends_at timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  INSERT INTO public.morpheus_throttlebucket AS b (bucket, hits, window_ends_at)
  VALUES (p_bucket, 1, p_at + make_interval(secs => p_window_seconds))
  ON CONFLICT (bucket) DO UPDATE SET
    hits = CASE WHEN b.window_ends_at <= p_at THEN 1 ELSE least(b.hits, 1000000000) + 1 END,
    window_ends_at = CASE WHEN b.window_ends_at <= p_at
                          THEN excluded.window_ends_at ELSE b.window_ends_at END
  RETURNING b.hits, b.window_ends_at
$$;

CREATE OR REPLACE FUNCTION public.morpheus_throttle_purge(p_before timestamptz) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH gone AS (
    DELETE FROM public.morpheus_throttlebucket WHERE window_ends_at < p_before RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0006_perf_enter_context")]
    operations = [migrations.RunSQL(BOUNDED_SQL, PREVIOUS_SQL)]
