import os
import subprocess

import pytest

from morpheus_testing.forkserver import run_python

REFUSED = "row-level security would not keep one customer's rows from another's requests"


def _run(database_url: str, *command: str) -> subprocess.CompletedProcess:
    return run_python(
        *command,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "morpheus.settings",
        },
        timeout=60,
    )


def _web_starts(database_url: str) -> subprocess.CompletedProcess:
    """What gunicorn and runserver do first: load the WSGI application."""
    return _run(database_url, "-c", "import morpheus.wsgi")


@pytest.mark.parametrize("login", ["admin", "owner"])
def test_the_web_refuses_to_start_as_a_superuser_or_the_tables_owner(database_urls, login):
    started = _web_starts(database_urls[login])

    assert started.returncode != 0
    assert REFUSED in started.stderr
    expected = "is a superuser" if login == "admin" else "owns tables under row-level security"
    assert expected in started.stderr


def test_the_job_worker_refuses_to_start_as_a_superuser(database_urls):
    started = _run(database_urls["admin"], "manage.py", "procrastinate", "worker")

    assert started.returncode != 0
    assert "is a superuser" in started.stderr


def test_the_web_starts_as_the_app_role(database_urls):
    started = _web_starts(database_urls["app"])

    assert started.returncode == 0, started.stderr


def test_the_web_starts_while_the_database_is_down():
    started = _web_starts("postgres://morpheus_app@127.0.0.1:1/morpheus")

    assert started.returncode == 0, started.stderr
