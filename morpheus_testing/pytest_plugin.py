"""pytest plugin loaded with `-p` (pyproject), so it runs before Django reads settings:
the test environment's variables. The fixtures live in `morpheus_testing.fixtures`.
"""

import atexit
import gc
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

_TEST_ENV = {
    "SECRET_KEY": "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "DJANGO_DEBUG": "false",
    "SECURE_COOKIES": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "LOG_LEVEL": "WARNING",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "STRIPE_CALL_IN_TRANSACTION": "raise",
    # The browser tests' pages follow a payment five times as often as a customer's: a
    # checkout waited up to a second for each next look (three of the browser test modules
    # took 58 s instead of 46 s).
    "STATUS_POLL_MS": "200",
    # The tests of a Stripe out of reach waited stripe's half second and second between its
    # three tries: 18 s of the suite's worker time, idle.
    "STRIPE_RETRY_WAIT_SECONDS": "0.01",
    # The browser test of a stamped copy waited for its page's next reload, idle: up to 5 s.
    "STAMPED_COPY_REFRESH_SECONDS": "1",
    # No job asks the ECB (the tests of its fetch serve the file themselves).
    "ECB_RATES_URL": "",
}
# pytest-xdist workers inherit the controller's environment: the server it started and a
# database name of their own (see `morpheus_testing.fixtures`).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
ADMIN_URL = os.environ.pop("DATABASE_URL", "") or os.environ.get("MORPHEUS_TEST_ADMIN_URL", "")
for _key, _value in _TEST_ENV.items():
    os.environ.setdefault(_key, _value)


def _temporary_dir(prefix: str) -> Path:
    """A folder of this process's, deleted when it exits (it held files of the run only)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


if XDIST_WORKER or "MORPHEUS_VAR_DIR" not in os.environ:
    os.environ["MORPHEUS_VAR_DIR"] = str(_temporary_dir("morpheus-test-var-"))


# Two workers, their servers and a browser share 2 cores: how fast Hypothesis generates
# inputs is not what the property tests check, and its timing checks made them flaky in CI.
hypothesis_settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("suite")

_template_build: subprocess.Popen | None = None


def pytest_configure(config) -> None:
    """With workers (`-n`), the controller starts the one embedded server they share (unless
    DATABASE_URL names one) and starts building the migrated template while they start up:
    it is on the critical path, since every worker waits for it."""
    global ADMIN_URL, _template_build
    if XDIST_WORKER or not getattr(config.option, "numprocesses", None):
        return
    ADMIN_URL = ADMIN_URL or start_test_server()
    os.environ["MORPHEUS_TEST_ADMIN_URL"] = ADMIN_URL
    _template_build = subprocess.Popen(
        [sys.executable, "-m", "morpheus_testing.template"], cwd=Path(__file__).parent.parent
    )


def pytest_unconfigure(config) -> None:
    if _template_build is not None and _template_build.poll() is None:
        _template_build.terminate()  # the run ended early (the workers wait for a build)
        _template_build.wait()


def start_test_server() -> str:
    """A throwaway embedded server, deleted when this process exits; its superuser URL."""
    from morpheus_testing.embedded_db import skip_durability, start_embedded_server

    pgdata = _temporary_dir("morpheus-test-pg-") / "data"
    admin_url = start_embedded_server(pgdata, keep_data=False)
    skip_durability(admin_url)
    return admin_url


# Tests that start processes, browsers or servers, or fuzz, each take seconds: run first, they
# leave no worker finishing one alone at the end while the other has nothing left to do.
LONG_TESTS_FIRST = (
    "tests/",
    "api/tests/test_schema_schemathesis.py",
    "morpheus/tests/test_settings_production.py",
    "ops/tests/test_backup.py",
    "demo/tests/test_demo_purchase.py",
    "payments/tests/test_webhooks_live_server.py",
)


# A test with none of these fixtures and no django_db mark does not wait for the template.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_setup", "database_urls"}
)


def uses_database(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES.intersection(fixtures)
    )


# Python's cycle collector ran about 3,400 times a worker over `backoffice/tests` and scanned,
# at each full collection, every object Django, the libraries and the collected tests made:
# about 4 s of each worker's 65. Those live for the whole run: frozen once collected, they are
# never scanned again, and the collector runs less often (about 2 s).
GARBAGE_THRESHOLDS = (10_000, 20, 20)


def pytest_collection_finish(session) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GARBAGE_THRESHOLDS)


def pytest_collection_modifyitems(items) -> None:
    """Tests without a database run first, while the migrated template is being built
    (see `pytest_configure`); then the long ones. The database tests keep their order: run
    after the browser tests, payments/tests/test_webhooks_live_server.py failed once
    (`asyncio.run() cannot be called from a running event loop`, Playwright's loop)."""
    items.sort(
        key=lambda item: (
            uses_database(item),
            not item.nodeid.startswith(LONG_TESTS_FIRST),
        )
    )
