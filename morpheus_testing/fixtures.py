"""Session fixtures: a real PostgreSQL with the production role split, for every test run.

With DATABASE_URL set it must be a superuser URL of a server on which we may create roles
and a `morpheus_test` database; otherwise a throwaway embedded server is started.
"""

import hashlib
import os
from pathlib import Path

import pytest

from morpheus_testing import djstripe_schema, pytest_plugin

# Several checkouts may share one DATABASE_URL server, each with its own test database.
TEST_DATABASE = os.environ.get("MORPHEUS_TEST_DATABASE", "morpheus_test") + (
    f"_{os.environ['PYTEST_XDIST_WORKER']}" if "PYTEST_XDIST_WORKER" in os.environ else ""
)


def _admin_url() -> str:
    if pytest_plugin.ADMIN_URL:
        return pytest_plugin.ADMIN_URL
    return pytest_plugin.start_test_server()


def _point_default_at(url: str, *, acting_as: str | None = None) -> None:
    """Django's connection logs in with `url`; with `acting_as`, each session starts as that
    role (`SET ROLE` at connection), and may switch back to the login role."""
    import dj_database_url
    from django.db import connections

    connection = connections["default"]
    connection.close()
    parsed = dj_database_url.parse(url)
    for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT"):
        connection.settings_dict[key] = parsed[key]
    options = connection.settings_dict.setdefault("OPTIONS", {})
    if acting_as:
        options["options"] = f"-c role={acting_as}"
    else:
        options.pop("options", None)


# procrastinate's tables are not Django-managed, so Django's flush leaves them alone.
JOB_TABLES = (
    "procrastinate_jobs",
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_workers",
)


# What data migrations create (the staff groups and their permissions, the VAT rates)
# outlives the flushes, as it would in production: tests see the migrated database, not a
# helper's copy.
KEPT_BY_FLUSH = frozenset(
    {
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
        "tax_taxrule",
    }
)

# Empties `tables` and, as TRUNCATE ... CASCADE would, every table that references one of
# them. DELETE with triggers off (`session_replication_role = replica`: no foreign key checks,
# no append-only guard) instead of TRUNCATE, which gives every truncated table and index new
# files: a test writes a few rows, and a flush by TRUNCATE took 0.2-0.4 s where these
# deletes took 60-70 ms. A table that has never held a row has no pages: it is skipped.
DELETE_FLUSHED_TABLES = """
DO $$
DECLARE
    flushed regclass;
BEGIN
    SET LOCAL session_replication_role = replica;
    FOR flushed IN
        WITH RECURSIVE closure(rel) AS (
            SELECT to_regclass(format('%I', t)) FROM unnest({}::text[]) t
            UNION
            SELECT c.conrelid::regclass
            FROM pg_constraint c JOIN closure ON c.confrelid = closure.rel
            WHERE c.contype = 'f'
        )
        SELECT rel FROM closure WHERE rel IS NOT NULL AND pg_relation_size(rel) > 0
    LOOP
        EXECUTE format('DELETE FROM %s', flushed);
    END LOOP;
END
$$
"""


def _flush_as_superuser(admin_url: str) -> None:
    """Transactional tests are cleaned up by the superuser: the app role rightly has no
    privilege to empty every table, and only a role past row-level security sees every row.

    Django's flush then sends `post_migrate`, whose receivers (content types, permissions)
    only add rows missing from tables the flush keeps (KEPT_BY_FLUSH): it is not sent."""
    import psycopg
    from django.core.management.commands import flush
    from django.db.backends.postgresql.operations import DatabaseOperations
    from psycopg import sql

    def sql_flush_keeping_migrated_data(self, style, tables, **kwargs):
        flushed = [*(t for t in tables if t not in KEPT_BY_FLUSH), *JOB_TABLES]
        return [sql.SQL(DELETE_FLUSHED_TABLES).format(sql.Literal(flushed))]

    superuser = []  # one connection for the process's flushes: a new one cost 20 ms a flush

    def execute_sql_flush(self, sql_list):
        if not superuser or superuser[0].closed:
            superuser[:] = [psycopg.connect(admin_url, dbname=TEST_DATABASE, autocommit=True)]
        for statement in sql_list:
            superuser[0].execute(statement)

    DatabaseOperations.sql_flush = sql_flush_keeping_migrated_data
    DatabaseOperations.execute_sql_flush = execute_sql_flush
    flush.emit_post_migrate_signal = lambda *args, **kwargs: None


def migrations_digest() -> str:
    """Changes whenever a migration of ours, the SQL or transition table they are written
    from, or the version of a package an installed app comes from changes."""
    from importlib.metadata import packages_distributions, version

    from django.apps import apps

    root = Path(__file__).resolve().parent.parent
    distributions = packages_distributions()
    packages = {
        distribution
        for config in apps.get_app_configs()
        if not Path(config.path).is_relative_to(root)
        for distribution in distributions.get(config.name.partition(".")[0], ())
    }
    digest = hashlib.sha256()
    for package in sorted(packages):
        digest.update(f"{package}=={version(package)}".encode())
    for path in sorted(root.glob("*/migrations/*.py")):
        digest.update(path.read_bytes())
    for path in sorted(root.glob("*/*sql.py")):
        digest.update(path.read_bytes())
    digest.update((root / "orders" / "transitions.py").read_bytes())
    digest.update(djstripe_schema.PATH.read_bytes())
    return digest.hexdigest()[:16]


def template_name() -> str:
    return f"morpheus_tpl_{migrations_digest()}"


def migrate_into(admin_url: str, roles, name: str) -> None:
    """A new database `name` with every migration applied (dj-stripe's schema from one
    migration of ours, `morpheus_testing.djstripe_schema`: its own take ~35 s)."""
    from django.core.management import call_command
    from django.db import connections
    from django.test import override_settings

    from morpheus_testing.embedded_db import ensure_database, role_url

    ensure_database(admin_url, name, owner=roles.owner, recreate=True)
    owner_url = role_url(admin_url, user=roles.owner, password=roles.password, database=name)
    _point_default_at(owner_url)
    with override_settings(MIGRATION_MODULES={"djstripe": djstripe_schema.MODULE}):
        call_command("migrate", interactive=False, verbosity=0)
    connections["default"].close()


def migrated_template(admin_url: str, roles) -> str:
    """A migrated database to copy for each run, kept per migration state by a server that
    outlives the run (DATABASE_URL): restored from the committed dump of these migrations
    (`morpheus_testing.template_dump`, half a second) or else migrated (about 12 s)."""
    import psycopg

    from morpheus_testing import template_dump
    from morpheus_testing.embedded_db import drop_database, ensure_roles

    name = template_name()
    # Runs and xdist workers sharing one server set it up once: the others wait here.
    with psycopg.connect(admin_url, autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(hashtext('morpheus test set-up'))")
        ensure_roles(admin_url, roles)
        done = lock.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s AND datistemplate", [name]
        ).fetchone()
        if done:
            return name
        drop_database(admin_url, name)
        if not template_dump.restore(admin_url, name):
            migrate_into(admin_url, roles, name)
        lock.execute(f'ALTER DATABASE "{name}" IS_TEMPLATE true')
    return name


def _copy_database_privileges(admin_url: str, template: str, database: str) -> None:
    """What the migrations revoked on the template's database itself (a copy starts with
    PostgreSQL's defaults): TEMPORARY, see morpheus.db_privileges."""
    import psycopg

    from morpheus.db_privileges import revoke_temporary_sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        (public_has_temp,) = conn.execute(
            "SELECT has_database_privilege('public', %s, 'TEMPORARY')", [template]
        ).fetchone()
        if not public_has_temp:
            conn.execute(revoke_temporary_sql(database))


@pytest.fixture(scope="session")
def database_urls(django_db_blocker):
    from morpheus_testing.embedded_db import Roles, ensure_database, role_url

    admin_url = _admin_url()
    roles = Roles()
    with django_db_blocker.unblock():
        template = migrated_template(admin_url, roles)
    ensure_database(admin_url, TEST_DATABASE, owner=roles.owner, recreate=True, template=template)
    _copy_database_privileges(admin_url, template, TEST_DATABASE)
    owner_url = role_url(
        admin_url, user=roles.owner, password=roles.password, database=TEST_DATABASE
    )
    _install_rls_context_key(owner_url)
    return {
        "admin": admin_url,
        "template": template,
        "owner": owner_url,
        "app": role_url(admin_url, user=roles.app, password=roles.password, database=TEST_DATABASE),
        "worker": role_url(
            admin_url, user=roles.worker, password=roles.password, database=TEST_DATABASE
        ),
    }


def _install_rls_context_key(owner_url: str) -> None:
    """What the deploy step `install_rls_context_key` does: the database verifies the
    signatures of this process's key."""
    import psycopg

    from morpheus.db_context import install_context_key

    with psycopg.connect(owner_url, autocommit=True) as conn, conn.cursor() as cursor:
        install_context_key(cursor)


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker, database_urls):

    from morpheus_testing.embedded_db import Roles

    # The tests act as the app role, on a login that can become the job worker's role as
    # the jobs a test runs need it (morpheus_testing.jobs.as_worker).
    with django_db_blocker.unblock():
        _point_default_at(database_urls["worker"], acting_as=Roles().app)
    _flush_as_superuser(database_urls["admin"])
    yield


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """See morpheus_testing.hashers; production's hashers stay listed after it."""
    from django.conf import settings
    from django.test import override_settings

    fast = "morpheus_testing.hashers.OneIterationPBKDF2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=[fast, *settings.PASSWORD_HASHERS]):
        yield


class _TestEnded(Exception):
    """Thrown into the test's own scope at its end: its savepoint is rolled back, whatever
    state the test left the transaction in (the test case's rollback follows)."""


@pytest.fixture(autouse=True)
def _system_scope_in_db_tests(request):
    """Tests that run in one wrapped transaction act as the system unless they say otherwise
    (RLS tests narrow the scope with `rls_scope`). The scope stays open for the test, as the
    request's does for a view: the factories' and services' own system scopes nested in it
    enter nothing in the database."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional or (marker is None and "db" not in request.fixturenames):
        yield
        return
    request.getfixturevalue("db")
    from django.db import connection

    from morpheus.db_context import system_scope

    scope = system_scope()
    scope.__enter__()
    # Part of the test case's wrapping, not a transaction of the app's: calls that refuse to
    # run inside one (Stripe, storage) are allowed as in the test itself.
    connection.atomic_blocks[-1]._from_testcase = True
    yield
    scope.__exit__(_TestEnded, _TestEnded(), None)
