"""The staff order list on a large shop: page time next to the bare SQL it runs.

    python -m benchmarks.admin_list [--count 200000] [--runs 30] [--admin-url postgres://...]

Uses an embedded PostgreSQL kept in var/admin-bench-pgdata (or --admin-url, a superuser
URL), migrates a database with the production role split, seeds it (`benchmarks.seeding`) up to
--count orders (kept for the next run) and vacuums it as autovacuum would. Then, as the app
role with the staff scope, it times the admin's order list through Django's test client
(unfiltered, status + created range, email search) and beside each page, run for run, the
statements the page ran on the orders table, executed bare; the status filter's statements
also as the superuser, whom row-level security does not apply to; the email search next to
its statements plus the same page finding nothing. Beside the status filter's page, to
show how much of it is the list: the same page finding nothing; an admin view that runs
only the page's statements and answers "ok", the floor of any page that shows their rows;
and an admin view that runs them and renders the admin's empty page around nothing, the
floor of any admin page that shows them (this module is the URLconf: the site plus those
views).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg

from benchmarks.harness import Row, print_table, settings_for_this_process

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "morpheus_admin_bench"
PGDATA = ROOT / "var" / "admin-bench-pgdata"
NO_MATCH = "nobody-at-all@example.invalid"
# Under the admin's prefix, so that the request has the staff scope.
SQL_ONLY_URL = "/admin/bench/page-sql-only/"
FRAME_URL = "/admin/bench/page-frame/"


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603 (our manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        text=True,
        capture_output=True,
        cwd=ROOT,
    ).stdout


def prepare(admin_url: str, count: int) -> dict[str, str]:
    """Migrate, seed and vacuum as the tables' owner; the app role's and the superuser's
    URLs of the benchmark database."""
    from morpheus_testing.embedded_db import Roles, ensure_database, ensure_roles, role_url

    roles = Roles()
    ensure_roles(admin_url, roles)
    ensure_database(admin_url, BENCH_DATABASE, owner=roles.owner)
    url = {
        user: role_url(admin_url, user=user, password=roles.password, database=BENCH_DATABASE)
        for user in (roles.owner, roles.app)
    }
    env = {**os.environ, "DATABASE_URL": url[roles.owner]}
    _manage(env, "migrate", "--verbosity", "0")
    have = int(_manage(env, "shell", "-c", _COUNT_SEEDED).split()[-1])
    if have < count:
        print(_manage(env, "shell", "-c", _SEED.format(count=count - have)).strip())
    with psycopg.connect(url[roles.owner], autocommit=True) as owner:
        owner.execute("VACUUM ANALYZE orders_order, payments_payment, auth_user")
    superuser = urlsplit(admin_url)
    bypass = role_url(
        admin_url,
        user=unquote(superuser.username or ""),
        password=unquote(superuser.password or ""),
        database=BENCH_DATABASE,
    )
    return {"app": url[roles.app], "bypass": bypass}


_SEED = "from benchmarks.seeding import seed_orders_reported; print(seed_orders_reported({count}))"
_COUNT_SEEDED = (
    "from morpheus.db_context import system_scope\n"
    "from orders.models import Order\n"
    "with system_scope(): print(Order.objects.filter(number__startswith='MO-S-').count())"
)


# The statements `page_sql_only` and `page_frame` run: the status filter's page's, once captured.
PAGE_STATEMENTS: list[str] = []


def page_sql_only(request):
    """The status filter's page without the list: its statements in the staff request's
    transaction (the admin's middleware, session and user), the rows read and dropped;
    answers how many rows they returned."""
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        return HttpResponse(str(_run_statements(cursor, PAGE_STATEMENTS)))


def page_frame(request):
    """The same statements, then the admin's page (the template the order list extends,
    with the site's context: header, navigation, theme) with the number of rows as its
    title and nothing in it."""
    from django.contrib import admin
    from django.db import connection
    from django.template.response import TemplateResponse

    with connection.cursor() as cursor:
        rows = _run_statements(cursor, PAGE_STATEMENTS)
    context = {**admin.site.each_context(request), "title": f"{rows} rows"}
    return TemplateResponse(request, "admin/base_site.html", context)


def __getattr__(attribute: str):
    # The URLconf of the benchmark's process; built only when Django asks for it.
    if attribute == "urlpatterns":
        from django.contrib import admin
        from django.urls import include, path

        return [
            path(SQL_ONLY_URL.lstrip("/"), admin.site.admin_view(page_sql_only)),
            path(FRAME_URL.lstrip("/"), admin.site.admin_view(page_frame)),
            path("", include("morpheus.urls")),
        ]
    raise AttributeError(attribute)


def _p50(samples: list[float]) -> float:
    return statistics.median(samples)


def _side_by_side(calls: dict[str, Callable[[], None]], runs: int) -> dict[str, float]:
    """p50 in ms of each call, the calls taking turns run after run (so a busy spell on a
    shared machine weighs on all of them alike)."""
    for call in calls.values():
        call()  # warm caches and connections
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: _p50(values) for name, values in samples.items()}


def _orders_statements(client, url: str) -> list[str]:
    """The statements a page ran on the orders table: its COUNT and its rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return [q["sql"] for q in captured.captured_queries if 'FROM "orders_order"' in q["sql"]]


def _run_statements(cursor, statements: list[str]) -> int:
    """Runs the statements; the number of rows they returned."""
    rows = 0
    for statement in statements:
        cursor.execute(statement)
        rows += len(cursor.fetchall())
    return rows


def _as_staff(statements: list[str]) -> Callable[[], None]:
    """The statements in a transaction of their own with the staff scope, as the page."""
    from django.db import connection

    from morpheus.db_context import Scope, rls_scope

    def run() -> None:
        with rls_scope(scope=Scope.STAFF, user_id=0), connection.cursor() as cursor:
            _run_statements(cursor, statements)

    return run


def _pages(email: str) -> dict[str, str]:
    from django.urls import reverse
    from django.utils import timezone

    base = reverse("admin:orders_order_changelist")
    today = timezone.localdate()
    since = today - timedelta(days=30)
    return {
        "unfiltered": base,
        "status": f"{base}?status__exact=delivered&created_at_from={since}&created_at_to={today}",
        "email": f"{base}?q={email}",
        "nothing": f"{base}?q={NO_MATCH}",
    }


def _check_sql_only_views(client, statements: list[str]) -> None:
    """The views must read what the statements read as staff (not a customer's empty view)."""
    from django.db import connection

    from morpheus.db_context import Scope, rls_scope

    with rls_scope(scope=Scope.STAFF, user_id=0), connection.cursor() as cursor:
        expected = _run_statements(cursor, statements)
    response = client.get(SQL_ONLY_URL)
    if response.status_code != 200 or response.content.decode() != str(expected):
        raise RuntimeError(f"{SQL_ONLY_URL} answered {response.status_code}: {response.content!r}")
    response = client.get(FRAME_URL)
    if response.status_code != 200 or f"{expected} rows" not in response.content.decode():
        raise RuntimeError(f"{FRAME_URL} answered {response.status_code}: no {expected} rows")


def _staff_client_and_email():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from morpheus.db_context import system_scope
    from orders.models import Order

    with system_scope():
        staff, _ = get_user_model().objects.get_or_create(
            username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
        )
        email = Order.objects.filter(number__startswith="MO-S-").order_by("pk")[1000].email
    client = Client()
    client.force_login(staff)
    return client, email


def _bypass_connection(url: str):
    """A second Django connection, as the superuser: the same client code as the app's."""
    import dj_database_url
    from django.db import connections

    parsed = dj_database_url.parse(url)
    login = {key: parsed[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
    connections.settings["bypass"] = {**connections.settings["default"], **login}
    return connections["bypass"]


def _rows(bypass_url: str, runs: int) -> list[Row]:
    from django.db import connection, transaction

    from morpheus.db_context import Scope, rls_scope

    client, email = _staff_client_and_email()
    pages = _pages(email)
    statements = {
        name: _orders_statements(client, pages[name]) for name in ("unfiltered", "status", "email")
    }

    PAGE_STATEMENTS[:] = statements["status"]
    _check_sql_only_views(client, statements["status"])

    def page(name: str) -> Callable[[], None]:
        return lambda: client.get(pages[name])

    unfiltered = _side_by_side(
        {"page": page("unfiltered"), "sql": _as_staff(statements["unfiltered"])}, runs
    )
    status = _side_by_side(
        {
            "page": page("status"),
            "sql": _as_staff(statements["status"]),
            "nothing": page("nothing"),
            "sql only": lambda: client.get(SQL_ONLY_URL),
            "frame": lambda: client.get(FRAME_URL),
        },
        runs,
    )
    email_search = _side_by_side(
        {
            "page": page("email"),
            "sql": _as_staff(statements["email"]),
            "nothing": page("nothing"),
        },
        runs,
    )
    bypass = _bypass_connection(bypass_url)
    with (
        transaction.atomic(using="bypass"),
        bypass.cursor() as bypass_cursor,
        rls_scope(scope=Scope.STAFF, user_id=0),
        connection.cursor() as staff_cursor,
    ):
        rls = _side_by_side(
            {
                "staff": lambda: _run_statements(staff_cursor, statements["status"]),
                "bypass": lambda: _run_statements(bypass_cursor, statements["status"]),
            },
            runs,
        )
    return [
        _row("staff list unfiltered: page vs its SQL", unfiltered["page"], unfiltered["sql"], 2),
        _row("staff list status+dates: SQL staff vs RLS bypass", rls["staff"], rls["bypass"], 1.5),
        _row("staff list status+dates: page vs its SQL", status["page"], status["sql"], 2),
        _row(
            "  same page vs its SQL + the page finding nothing",
            status["page"],
            status["sql"] + status["nothing"],
            None,
        ),
        _row(
            "  an admin view running only that SQL vs it", status["sql only"], status["sql"], None
        ),
        _row(
            "  the admin's empty page running that SQL vs it", status["frame"], status["sql"], None
        ),
        _row(
            "staff list email search: page vs SQL + empty page",
            email_search["page"],
            email_search["sql"] + email_search["nothing"],
            2,
        ),
    ]


def _row(path: str, figure: float, floor: float, goal_ratio: float | None) -> Row:
    return Row(path, figure, floor, unit="ms", goal_ratio=goal_ratio, higher_is_better=False)


def measure(admin_url: str | None = None, count: int = 200_000, runs: int = 30) -> list[Row]:
    settings_for_this_process()
    from morpheus_testing.embedded_db import start_embedded_server

    admin_url = admin_url or start_embedded_server(PGDATA, keep_data=True)
    urls = prepare(admin_url, count)
    os.environ["DATABASE_URL"] = urls["app"]
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = __name__
    return _rows(urls["bypass"], runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--admin-url", default="")
    args = parser.parse_args()
    print_table(measure(args.admin_url or None, args.count, args.runs))


if __name__ == "__main__":
    main()
