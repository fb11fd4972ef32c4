import os
import secrets
import subprocess
from pathlib import Path

import pytest

from morpheus_testing.forkserver import run_python

BASE_DIR = Path(__file__).resolve().parents[2]


PRODUCTION = {
    "SECURE_HTTPS": "true",
    "ALLOWED_HOSTS": "shop.morpheus.example",
    "DJANGO_DEBUG": "false",
    "SITE_URL": "https://shop.morpheus.example",
    "STRIPE_SECRET_KEY": "sk_live_morpheus",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_morpheus",
    "STRIPE_WEBHOOK_SECRET": "whsec_morpheus",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.morpheus.example",
    "INVOICE_SELLER_VAT_ID": "IE6388047V",
}


def _deploy_check(**production: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(60), **production}
    for test_only in ("SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by the test run
        env.pop(test_only, None)
    return run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)


def test_production_settings_pass_djangos_deployment_checks():
    result = _deploy_check(**PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_fail_a_shop_that_cannot_take_payments_or_send_mail():
    incomplete = {
        **PRODUCTION,
        "SITE_URL": "http://shop.morpheus.example",
        "STRIPE_PUBLISHABLE_KEY": "",
        "STRIPE_WEBHOOK_SECRET": "",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }

    result = _deploy_check(**incomplete)

    assert result.returncode != 0
    report = result.stderr
    assert "STRIPE_PUBLISHABLE_KEY is not set" in report
    assert "STRIPE_WEBHOOK_SECRET is not set" in report
    assert "receipts, download links and password resets stay on this server" in report
    assert "SITE_URL is http://shop.morpheus.example while SECURE_HTTPS is on" in report


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_that_admits_only_stripe(client):
    response = client.get("/healthz")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self' https://js.stripe.com" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def _django_check(**env_overrides: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(60), **env_overrides}
    return run_python("manage.py", "check", env=env)


def test_debug_refuses_to_start_when_a_reachable_host_is_allowed():
    refused = _django_check(DJANGO_DEBUG="true", ALLOWED_HOSTS="localhost,shop.morpheus.example")
    started = _django_check(DJANGO_DEBUG="true", ALLOWED_HOSTS="127.0.0.1,localhost,::1")

    assert refused.returncode != 0
    assert "DJANGO_DEBUG is on while ALLOWED_HOSTS" in refused.stderr
    assert "shop.morpheus.example" in refused.stderr
    assert started.returncode == 0, started.stderr


def _settings_value(expression: str, **env_overrides: str) -> str:
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(60), **env_overrides}
    # set by the test run
    for name in ("EMAIL_BACKEND", "EMAIL_FILE_PATH", "MORPHEUS_VAR_DIR", "STATUS_POLL_MS"):
        if name not in env_overrides:
            env.pop(name, None)
    code = f"from django.conf import settings; print({expression})"
    result = run_python(
        "-c", code, env={**env, "DJANGO_SETTINGS_MODULE": "morpheus.settings"}, check=True
    )
    return result.stdout.strip()


def test_development_mail_goes_to_files_under_var_mail():
    assert _settings_value("settings.EMAIL_BACKEND") == (
        "notifications.mail_backends.FileEmailBackend"
    )
    assert _settings_value(
        "settings.EMAIL_BACKEND", EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend"
    ) == ("notifications.mail_backends.FileEmailBackend")
    assert _settings_value("settings.EMAIL_FILE_PATH") == str(BASE_DIR / "var" / "mail")


def test_smtp_sends_give_up_after_30_seconds_unless_configured_otherwise():
    assert _settings_value("settings.EMAIL_TIMEOUT") == "30"
    assert _settings_value("settings.EMAIL_TIMEOUT", EMAIL_TIMEOUT="5") == "5"


def test_pages_follow_a_payment_every_second_unless_configured_otherwise():
    assert _settings_value("settings.STATUS_POLL_MS") == "1000"
    assert _settings_value("settings.STATUS_POLL_MS", STATUS_POLL_MS="250") == "250"


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_status_poll_under_a_tenth_of_a_second_is_refused(value):
    result = _django_check(STATUS_POLL_MS=value)

    assert result.returncode != 0
    assert f"STATUS_POLL_MS must be at least 100, got '{value}'." in result.stderr


# Found by an outside probe: each of these passed `manage.py check` and then broke the shop
# quietly (no downloads, every SMTP send failing, every sign-in refused, emailed links with
# no scheme), or stopped it with a traceback that did not name the variable.
@pytest.mark.parametrize(
    ("env", "refusal"),
    [
        ({"API_PAGE_SIZE": "-3"}, "API_PAGE_SIZE must be at least 1, got '-3'."),
        ({"API_MAX_PAGE_SIZE": "0"}, "API_MAX_PAGE_SIZE must be at least 1, got '0'."),
        (
            {"API_PAGE_SIZE": "500", "API_MAX_PAGE_SIZE": "100"},
            "API_PAGE_SIZE must be at most API_MAX_PAGE_SIZE (100), got 500.",
        ),
        (
            {"DOWNLOAD_LINK_MAX_DOWNLOADS": "0"},
            "DOWNLOAD_LINK_MAX_DOWNLOADS must be at least 1, got '0'.",
        ),
        (
            {"DOWNLOAD_LINK_TTL_SECONDS": "-1"},
            "DOWNLOAD_LINK_TTL_SECONDS must be at least 1, got '-1'.",
        ),
        (
            {"DOWNLOAD_LINK_TTL_SECONDS": "1000000000000"},
            "DOWNLOAD_LINK_TTL_SECONDS must be at most 315360000, got '1000000000000'.",
        ),
        (
            {"DOWNLOAD_AUDIT_RETENTION_DAYS": "99999999"},
            "DOWNLOAD_AUDIT_RETENTION_DAYS must be at most 3650, got '99999999'.",
        ),
        ({"EMAIL_TIMEOUT": "0"}, "EMAIL_TIMEOUT must be at least 1, got '0'."),
        ({"EMAIL_PORT": "70000"}, "EMAIL_PORT must be at most 65535, got '70000'."),
        (
            {"WORKER_HEARTBEAT_INTERVAL_SECONDS": "0"},
            "WORKER_HEARTBEAT_INTERVAL_SECONDS must be at least 1, got '0'.",
        ),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT must be at least 0, got '-1'."),
        (
            {"THROTTLE_SIGNIN_IP": "0/h"},
            "THROTTLE_SIGNIN_IP must allow at least 1 request, got '0/h'.",
        ),
        (
            {"SITE_URL": "shop.example.com"},
            "SITE_URL must be an absolute address such as https://shop.example.com, "
            "got 'shop.example.com'.",
        ),
        ({"SECRET_KEY": ""}, "SECRET_KEY must not be empty."),
        (
            {"LOG_LEVEL": "verbose"},
            "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'verbose'.",
        ),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be one of json, plain, got 'xml'."),
        (
            {"TAX_DEFAULT_COUNTRY": "ZZ"},
            "TAX_DEFAULT_COUNTRY must be one of AT, BE, BG, CH, CY, CZ, DE, DK, EE, ES, FI, FR, "
            "GB, GR, HR, HU, IE, IT, LT, LU, LV, MT, NL, NO, PL, PT, RO, SE, SI, SK, got 'ZZ'.",
        ),
        # Outside probe FY-3: these started a shop that failed quietly, or said nothing of
        # the variable.
        (
            {"TAX_SELLER_COUNTRY": "XX"},
            "TAX_SELLER_COUNTRY must be one of AT, BE, BG, CH, CY, CZ, DE, DK, EE, ES, FI, FR, "
            "GB, GR, HR, HU, IE, IT, LT, LU, LV, MT, NL, NO, PL, PT, RO, SE, SI, SK, got 'XX'.",
        ),
        (
            {"STRIPE_CALL_IN_TRANSACTION": "raisee"},
            "STRIPE_CALL_IN_TRANSACTION must be one of log, raise, got 'raisee'.",
        ),
        ({"INVOICE_SERIES": " "}, "INVOICE_SERIES must not be empty."),
        ({"CREDIT_NOTE_SERIES": ""}, "CREDIT_NOTE_SERIES must not be empty."),
        (
            {"GEOIP_PATH": "/nonexistent/GeoLite2-Country.mmdb"},
            "GEOIP_PATH must name a MaxMind DB file, got '/nonexistent/GeoLite2-Country.mmdb'.",
        ),
        (
            {"ECB_RATES_URL": "ftp://ecb.example/eurofxref.zip"},
            "ECB_RATES_URL is an http(s) address, or empty.",
        ),
        (
            {"DATABASE_URL": "notaurl:secret@host"},
            "DATABASE_URL must look like postgres://user:password@host:5432/name.",
        ),
    ],
)
def test_a_setting_that_would_break_the_shop_stops_the_start_naming_it(env, refusal):
    result = _django_check(**env)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {refusal}" in result.stderr
    assert "secret@host" not in result.stderr


def test_settings_in_their_bounds_start_and_a_log_level_is_read_in_any_case():
    result = _django_check(
        API_PAGE_SIZE="100", API_MAX_PAGE_SIZE="100", LOG_LEVEL="warning", TAX_DEFAULT_COUNTRY="de"
    )

    assert result.returncode == 0, result.stderr


def test_djangos_console_mail_backend_is_replaced_by_the_masking_one():
    chosen = _settings_value(
        "settings.EMAIL_BACKEND", EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    )
    assert chosen == "notifications.mail_backends.ConsoleEmailBackend"


def test_a_heartbeat_age_limit_not_above_the_interval_is_refused():
    result = _django_check(
        WORKER_HEARTBEAT_INTERVAL_SECONDS="60", WORKER_HEARTBEAT_MAX_AGE_SECONDS="60"
    )

    assert result.returncode != 0
    assert "WORKER_HEARTBEAT_MAX_AGE_SECONDS must exceed" in result.stderr
