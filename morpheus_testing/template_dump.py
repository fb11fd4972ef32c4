"""The migrated template database as pg_dump wrote it, committed beside this module: a test
run restores it in about half a second where migrating takes about 12 s of a run's start.
`python -m morpheus_testing.template_dump` writes it again after a migration, a transition
or an installed app's package changes (the test in tests/test_harness.py says when it is
due). A run whose migrations are not the dump's, or on a server of another major version,
migrates as before; production, `make prod-check` and `make upgrade-check` always migrate."""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

PATH = Path(__file__).resolve().parent / "migrated_template.sql"
# pg_dump writes a random key around its output unless given one; a fixed one keeps the
# file the same for the same migrations.
RESTRICT_KEY = "morpheustemplate"
_DATABASE = re.compile(r"^CREATE DATABASE (\w+) ", re.MULTILINE)
_SERVER = re.compile(r"^-- Dumped from database version (\d+)\.", re.MULTILINE)


def dumped_database() -> tuple[str, int] | None:
    """The template the dump creates and the server's major version it was dumped from."""
    if not PATH.exists():
        return None
    with PATH.open(encoding="utf-8") as dump:
        head = dump.read(4096)
    database, server = _DATABASE.search(head), _SERVER.search(head)
    if not database or not server:
        return None
    return database.group(1), int(server.group(1))


def restore(admin_url: str, name: str) -> bool:
    """Creates the template `name` from the dump when the dump is of it and of this server's
    major version; False (and nothing left behind) otherwise."""
    import psycopg

    from morpheus_testing.embedded_db import drop_database
    from ops.backup import client

    with psycopg.connect(admin_url) as conn:
        major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    if dumped_database() != (name, major):
        return False
    psql = [client(admin_url, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    restored = subprocess.run(  # noqa: S603 - PostgreSQL's own client, our file
        [*psql, "-d", admin_url, "-f", str(PATH)], stdout=subprocess.DEVNULL, check=False
    )
    if restored.returncode != 0:
        print(f"{PATH.name} did not restore; migrating instead", file=sys.stderr)
        drop_database(admin_url, name)
        return False
    return True


def write() -> None:
    """Migrates a database on a throwaway embedded server and dumps it to PATH."""
    import django

    from morpheus_testing import fixtures  # sets the test environment too
    from morpheus_testing.embedded_db import (
        Roles,
        ensure_roles,
        start_embedded_server,
        with_database,
    )
    from ops.backup import client

    django.setup()
    with tempfile.TemporaryDirectory() as folder:
        admin_url = start_embedded_server(Path(folder) / "pgdata", keep_data=False)
        roles = Roles()
        name = fixtures.template_name()
        ensure_roles(admin_url, roles)
        fixtures.migrate_into(admin_url, roles, name)
        subprocess.run(  # noqa: S603 - PostgreSQL's own client, our arguments
            [
                client(admin_url, "pg_dump"),
                "--create",
                f"--restrict-key={RESTRICT_KEY}",
                # Derived from SECRET_KEY; each test database installs its own.
                "--exclude-table-data=public.morpheus_rls_context_key",
                f"--file={PATH}",
                f"--dbname={with_database(admin_url, name)}",
            ],
            check=True,
        )


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morpheus.settings")
    write()
