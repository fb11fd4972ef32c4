"""Staff's Cancel and Abort on the job queue's list stop the jobs at once.

Asked of a worker, they came too late: a busy worker took the waiting job it was asked to
cancel before the request (outside probe BH-5). `morpheus_stop_jobs` is procrastinate's own
cancel (a waiting job cancelled; with `abort`, a running one not retried if it fails) for
a transaction whose verified context is staff's (`/admin/`): SQL injected into any other
request cannot call it, and it only ever stops jobs. SECURITY DEFINER, owned by the
tables' owner, a fixed search_path; the app role may only execute it. The job events its
change writes are the owner's, which 0011's trigger let through for the worker alone.
"""

from django.conf import settings
from django.db import migrations

FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION public.morpheus_refuse_forged_job_event() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF pg_catalog.pg_has_role(current_user, {worker}, 'USAGE')
     OR pg_catalog.pg_has_role(
          current_user, (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE')
  THEN
    RETURN NEW;
  END IF;
  IF NEW.type NOT IN ('deferred', 'scheduled') THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = 'only the job worker writes a job''s ' || NEW.type || ' event';
  END IF;
  NEW.id := pg_catalog.nextval('public.procrastinate_events_id_seq'::regclass);
  NEW.at := pg_catalog.now();
  RETURN NEW;
END
$$;

CREATE FUNCTION public.morpheus_stop_jobs(p_job_ids bigint[], p_abort boolean)
RETURNS TABLE (job_id bigint, job_status procrastinate_job_status, job_abort_requested boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  v_id bigint;
BEGIN
  IF public.morpheus_context_scope() IS DISTINCT FROM 'staff' THEN
    RAISE EXCEPTION 'only staff stop jobs' USING ERRCODE = 'insufficient_privilege';
  END IF;
  FOR v_id IN
    SELECT j.id FROM public.procrastinate_jobs j WHERE j.id = ANY(p_job_ids)
    ORDER BY j.id FOR UPDATE
  LOOP
    PERFORM public.procrastinate_cancel_job_v1(v_id, p_abort, false);
  END LOOP;
  RETURN QUERY
    SELECT j.id, j.status, j.abort_requested FROM public.procrastinate_jobs j
    WHERE j.id = ANY(p_job_ids) ORDER BY j.id;
END
$$;

REVOKE ALL ON FUNCTION public.morpheus_stop_jobs(bigint[], boolean) FROM PUBLIC;
"""

PREVIOUS_SQL = """
DROP FUNCTION public.morpheus_stop_jobs(bigint[], boolean);

CREATE OR REPLACE FUNCTION public.morpheus_refuse_forged_job_event() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF pg_catalog.pg_has_role(current_user, {worker}, 'USAGE') THEN
    RETURN NEW;
  END IF;
  IF NEW.type NOT IN ('deferred', 'scheduled') THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = 'only the job worker writes a job''s ' || NEW.type || ' event';
  END IF;
  NEW.id := pg_catalog.nextval('public.procrastinate_events_id_seq'::regclass);
  NEW.at := pg_catalog.now();
  RETURN NEW;
END
$$;
"""


def _with_worker_role(statements: str):
    def run(apps, schema_editor):
        worker = "'" + settings.DATABASE_WORKER_ROLE.replace("'", "''") + "'"
        schema_editor.execute(statements.replace("{worker}", worker))

    return run


def grant(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(
        f"GRANT EXECUTE ON FUNCTION public.morpheus_stop_jobs(bigint[], boolean) TO {role}"
    )


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0013_throttle_forgive_one")]
    operations = [
        migrations.RunPython(_with_worker_role(FUNCTIONS_SQL), _with_worker_role(PREVIOUS_SQL)),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
