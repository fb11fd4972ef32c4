"""A job or event row the app role adds takes its id from the table's sequence, and a job
it adds has arguments by name (a JSON object: a worker could not start one with other
arguments, and left it running for ever).

With an id of its own choosing, SQL injected into a web request could fill the ids just
ahead of the sequence: every later job or event would then collide with one of them, so no
order could be placed and the worker would stop at its next periodic defer. The app role's
rows get the sequence's next id whatever they say (one extra sequence value each), and its
events are only those inserting a job writes: `deferred` and `scheduled`, at the time of
the insert. Rows the worker's role writes (see 0010) are left as they are.
"""

from django.conf import settings
from django.db import migrations

FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION public.morpheus_refuse_held_job() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF pg_catalog.pg_has_role(current_user, {worker}, 'USAGE') THEN
    RETURN NEW;
  END IF;
  IF NEW.status <> 'todo' OR NEW.attempts <> 0 OR NEW.lock IS NOT NULL
     OR NEW.queueing_lock IS NOT NULL OR NEW.worker_id IS NOT NULL OR NEW.abort_requested
     OR pg_catalog.jsonb_typeof(NEW.args) IS DISTINCT FROM 'object'
  THEN
    RAISE EXCEPTION 'only the job worker adds a job that is not a plain waiting one'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.id := pg_catalog.nextval('public.procrastinate_jobs_id_seq'::regclass);
  RETURN NEW;
END
$$;

CREATE FUNCTION public.morpheus_refuse_forged_job_event() RETURNS trigger
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

CREATE TRIGGER morpheus_refuse_forged_job_event BEFORE INSERT ON procrastinate_events
FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_forged_job_event();
"""

PREVIOUS_SQL = """
DROP TRIGGER morpheus_refuse_forged_job_event ON procrastinate_events;
DROP FUNCTION public.morpheus_refuse_forged_job_event();

CREATE OR REPLACE FUNCTION public.morpheus_refuse_held_job() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT pg_catalog.pg_has_role(current_user, {worker}, 'USAGE')
     AND (NEW.status <> 'todo' OR NEW.attempts <> 0 OR NEW.lock IS NOT NULL
          OR NEW.queueing_lock IS NOT NULL OR NEW.worker_id IS NOT NULL OR NEW.abort_requested)
  THEN
    RAISE EXCEPTION 'only the job worker adds a job that is not a plain waiting one'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
"""


def _with_worker_role(statements: str):
    def run(apps, schema_editor):
        worker = "'" + settings.DATABASE_WORKER_ROLE.replace("'", "''") + "'"
        schema_editor.execute(statements.replace("{worker}", worker))

    return run


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0010_worker_role_runs_the_queue")]
    operations = [
        migrations.RunPython(_with_worker_role(FUNCTIONS_SQL), _with_worker_role(PREVIOUS_SQL))
    ]
