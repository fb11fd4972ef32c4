import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def test_production_settings_pass_djangos_deployment_checks():
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "SECURE_HTTPS": "true",
        "ALLOWED_HOSTS": "shop.morpheus.example",
        "DJANGO_DEBUG": "false",
    }
    for test_only in ("SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by the test run
        env.pop(test_only, None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_that_admits_only_stripe(client):
    response = client.get("/healthz")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self' https://js.stripe.com" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_a_heartbeat_age_limit_not_above_the_interval_is_refused():
    env = {
        **os.environ,
        "WORKER_HEARTBEAT_INTERVAL_SECONDS": "60",
        "WORKER_HEARTBEAT_MAX_AGE_SECONDS": "60",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "WORKER_HEARTBEAT_MAX_AGE_SECONDS must exceed" in result.stderr
