"""The staff order list on a large shop: page time and query count, next to the bare SQL.

    python -m benchmarks.admin_list [--count 200000] [--runs 30] [--admin-url postgres://...]

Uses an embedded PostgreSQL kept in var/admin-bench-pgdata (or --admin-url, a superuser
URL), migrates a database with the production role split, seeds it with `seed_orders` up to
--count orders (kept for the next run), then, as the app role with the staff scope, times
the admin's order list (unfiltered, status + created range, email search) through Django's
test client. Beside each page: the same SQL the page ran on the orders table, executed bare.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "morpheus_admin_bench"
PGDATA = ROOT / "var" / "admin-bench-pgdata"


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603 (our manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        text=True,
        capture_output=True,
        cwd=ROOT,
    ).stdout


def _prepare(admin_url: str, count: int) -> str:
    """Migrate and seed as the tables' owner; return the app role's URL."""
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
        print(_manage(env, "seed_orders", "--count", str(count - have)).strip())
    return url[roles.app]


_COUNT_SEEDED = (
    "from morpheus.db_context import system_scope\n"
    "from orders.models import Order\n"
    "with system_scope(): print(Order.objects.filter(number__startswith='MO-S-').count())"
)


def _timed(call, runs: int) -> list[float]:
    call()  # warm caches and connections
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _p(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(share * 100) - 1]


def _orders_sql(queries: list[dict]) -> list[str]:
    """The page's statements on the orders table: its COUNT and its rows."""
    return [q["sql"] for q in queries if 'FROM "orders_order"' in q["sql"]]


def _bench_page(client, url: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from morpheus.db_context import Scope, rls_scope

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200  # noqa: S101 (a broken page is no figure)
    statements = _orders_sql(captured.captured_queries)
    query_count = len(captured.captured_queries)  # the test client clears the log per request

    def bare_sql() -> None:
        with rls_scope(scope=Scope.STAFF, user_id=0), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()

    return {
        "page": _timed(lambda: client.get(url), runs),
        "sql": _timed(bare_sql, runs),
        "queries": query_count,
        "orders_queries": len(statements),
    }


def _pages(email: str) -> dict[str, str]:
    from django.urls import reverse
    from django.utils import timezone

    base = reverse("admin:orders_order_changelist")
    today = timezone.localdate()
    since = today - timedelta(days=30)
    last_month = f"created_at_from={since}&created_at_to={today}"
    return {
        "unfiltered": base,
        "status+created range": f"{base}?status=delivered&{last_month}",
        "search by email": f"{base}?q={email}",
    }


def _run(runs: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from morpheus.db_context import system_scope
    from orders.models import Order

    with system_scope():
        staff, _ = get_user_model().objects.get_or_create(
            username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
        )
        email = Order.objects.filter(number__startswith="MO-S-").order_by("pk")[1000].email
        total = Order.objects.count()
    client = Client()
    client.force_login(staff)
    print(f"{total} orders; {runs} runs each; times in ms")
    print(f"{'page':<22} {'p50':>7} {'p95':>7} {'SQL p50':>8} {'SQL p95':>8} {'ratio':>6}  queries")
    for name, url in _pages(email).items():
        result = _bench_page(client, url, runs)
        page50, sql50 = _p(result["page"], 0.5), _p(result["sql"], 0.5)
        print(
            f"{name:<22} {page50:7.1f} {_p(result['page'], 0.95):7.1f} {sql50:8.1f} "
            f"{_p(result['sql'], 0.95):8.1f} {page50 / sql50:6.1f}  "
            f"{result['queries']} ({result['orders_queries']} on orders)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--admin-url", default="")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morpheus.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("SECURE_COOKIES", "false")
    sys.path.insert(0, str(ROOT))
    from morpheus_testing.embedded_db import start_embedded_server

    admin_url = args.admin_url or start_embedded_server(PGDATA, keep_data=True)
    os.environ["DATABASE_URL"] = _prepare(admin_url, args.count)
    _run(args.runs)


if __name__ == "__main__":
    main()
