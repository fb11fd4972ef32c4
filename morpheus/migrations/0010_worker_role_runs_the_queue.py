"""Only the job worker's role changes procrastinate's queue.

SQL injected into a web request runs as the app role. Were the queue's tables writable to
it, it could delete a queued fulfilment, put a finished job back, fake a worker's heartbeat,
or hold jobs back: a waiting job far in the future holding a lock, or a periodic task's
queueing lock. The app role keeps SELECT (health, the admin) and INSERT on the jobs (the
insert trigger writes procrastinate's event row), and a trigger refuses a job it adds that
is not a plain waiting one. The worker's role, a member of the app role (so its jobs see
and write what the app does), takes, finishes, retries and deletes jobs and keeps its
heartbeat. It must exist before this migration (README, "Database roles").
"""

from django.conf import settings
from django.db import migrations

QUEUE_TABLES = (
    "procrastinate_jobs",
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_workers",
)

REFUSE_HELD_JOB_SQL = """
CREATE FUNCTION public.morpheus_refuse_held_job() RETURNS trigger
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

CREATE TRIGGER morpheus_refuse_held_job BEFORE INSERT ON procrastinate_jobs
FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_held_job();
"""

DROP_SQL = """
DROP TRIGGER morpheus_refuse_held_job ON procrastinate_jobs;
DROP FUNCTION public.morpheus_refuse_held_job();
"""


def _roles(schema_editor) -> tuple[str, str]:
    app, worker = settings.DATABASE_APP_ROLE, settings.DATABASE_WORKER_ROLE
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(%s, %s, 'USAGE') FROM pg_roles WHERE rolname = %s",
            [worker, app, worker],
        )
        found = cursor.fetchone()
    if not found or not found[0]:
        raise RuntimeError(
            f"The job worker's role {worker} must exist and be a member of {app}: "
            f"CREATE ROLE {worker} LOGIN PASSWORD '...' NOBYPASSRLS IN ROLE {app}; "
            "(README, Database roles)"
        )
    quote = schema_editor.quote_name
    return quote(app), quote(worker)


def hand_the_queue_to_the_worker(apps, schema_editor):
    app, worker = _roles(schema_editor)
    tables = ", ".join(QUEUE_TABLES)
    for statement in (
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {tables} FROM {app}",
        f"GRANT INSERT ON procrastinate_jobs, procrastinate_events TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {worker}",
        REFUSE_HELD_JOB_SQL.replace(
            "{worker}", "'" + settings.DATABASE_WORKER_ROLE.replace("'", "''") + "'"
        ),
    ):
        schema_editor.execute(statement)


def give_the_queue_back(apps, schema_editor):
    app, worker = _roles(schema_editor)
    tables = ", ".join(QUEUE_TABLES)
    schema_editor.execute(DROP_SQL)
    schema_editor.execute(f"REVOKE ALL ON {tables} FROM {worker}")
    schema_editor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {app}")


class Migration(migrations.Migration):
    dependencies = [
        ("morpheus", "0009_trusted_writers"),
        ("procrastinate", "0041_post_retry_failed_job"),
    ]
    operations = [migrations.RunPython(hand_the_queue_to_the_worker, give_the_queue_back)]
