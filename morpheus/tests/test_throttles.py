import os
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import ProgrammingError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from morpheus.client_ip import client_ip
from morpheus.env import Rate, env_rate
from morpheus.tasks import purge_throttle_buckets
from morpheus.tests.test_metrics import _metric
from morpheus.throttles import by_ip, throttle_hit, throttle_purge
from morpheus_testing.clock import YESTERDAY_NOON
from morpheus_testing.factories import UserFactory
from morpheus_testing.forkserver import run_python

START = YESTERDAY_NOON


def forwarded(remote: str, forwarded_for: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("raw", "rate"),
    [("10/15m", Rate(10, 900)), ("30/h", Rate(30, 3600)), (" 5 / 2d ", Rate(5, 172800))],
)
def test_rates_read_from_the_environment(monkeypatch, raw, rate):
    monkeypatch.setenv("THROTTLE_TEST", raw)

    assert env_rate("THROTTLE_TEST", "1/s") == rate


@pytest.mark.parametrize(
    ("rate", "words", "window"),
    [
        (Rate(60, 3600), "an hour", "hour"),
        (Rate(10, 900), "every 15 minutes", "15 minutes"),
        (Rate(5, 172800), "every 2 days", "2 days"),
        (Rate(3, 90), "every 90 seconds", "90 seconds"),
        (Rate(1, 1), "a second", "second"),
    ],
)
def test_a_rate_tells_its_window_in_words(rate, words, window):
    assert (rate.per_period(), rate.period()) == (words, window)


def test_default_limits_are_the_documented_ones(settings):
    assert {
        "signin_account": Rate(10, 15 * 60),
        "signin_ip": Rate(30, 15 * 60),
        "password_reset_address": Rate(10, 15 * 60),
        "password_reset_ip": Rate(30, 15 * 60),
        "signup_ip": Rate(10, 3600),
        "signup_refused_ip": Rate(30, 3600),
        "guest_checkout_ip": Rate(10, 3600),
        "guest_checkout_refused_ip": Rate(30, 3600),
        "setup_intent_account": Rate(10, 3600),
        "setup_intent_ip": Rate(30, 3600),
        "payment_order": Rate(10, 3600),
        "payment_account": Rate(20, 3600),
        "authentication_account": Rate(60, 3600),
        "api_order_create": Rate(30, 3600),
        "checkout_account": Rate(30, 3600),
        "api_download_link": Rate(30, 3600),
        "free_order_account": Rate(5, 3600),
        "library_download": Rate(60, 3600),
        "document_resend": Rate(1, 60),
        "email_resend_account": Rate(5, 3600),
        "email_resend_address": Rate(10, 3600),
        "discount_code_ip": Rate(30, 3600),
        "discount_code_visitor": Rate(10, 3600),
        "discount_code_all_ip": Rate(100, 3600),
    } == settings.THROTTLE_RATES
    assert settings.TRUSTED_PROXY_COUNT == 0


@pytest.mark.parametrize("raw", ["10", "10/0m", "ten/m", "10/15y", "0/h", "0/15m"])
def test_a_malformed_rate_stops_the_start(monkeypatch, raw):
    monkeypatch.setenv("THROTTLE_TEST", raw)

    with pytest.raises(ImproperlyConfigured):
        env_rate("THROTTLE_TEST", "1/s")


def test_without_trusted_proxies_the_client_is_the_peer_and_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(forwarded("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the client wrote the left part
        (2, "198.51.100.66, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "203.0.113.9", "192.0.2.1"),  # fewer hops than proxies: only the peer is known
        (1, "not-an-address", "192.0.2.1"),
        (1, "", "192.0.2.1"),
    ],
)
def test_behind_trusted_proxies_the_client_is_the_nth_forwarded_address_from_the_right(
    settings, proxies, forwarded_for, client
):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_ip(forwarded("192.0.2.1", forwarded_for)) == client


def test_ipv6_clients_count_by_their_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    first = by_ip(forwarded("2001:db8:1:2::1"), {})
    neighbour = by_ip(forwarded("2001:db8:1:2:ffff::9"), {})

    assert first == neighbour == "2001:db8:1:2::/64"


@pytest.mark.django_db
def test_a_limit_refuses_the_request_after_the_allowed_count_until_the_window_ends(throttle_rates):
    throttle_rates("signin_account", 3, seconds=900)

    with time_machine.travel(START, tick=False) as clock:
        allowed = [throttle_hit(limit="signin_account", value="alice").allowed for _ in range(5)]
        clock.shift(timedelta(minutes=14))
        still_refused = throttle_hit(limit="signin_account", value="alice")
        other_account = throttle_hit(limit="signin_account", value="bob")
        clock.shift(timedelta(minutes=1))
        after_window = throttle_hit(limit="signin_account", value="alice")

    assert allowed == [True, True, True, False, False]
    assert (still_refused.allowed, still_refused.retry_after_seconds) == (False, 60)
    assert still_refused.message == (
        "Too many password attempts for this account. Please try again in 1 minute. Or reset "
        "your password (“Forgot your password?”): the new one signs you in at once."
    )
    assert other_account.allowed
    assert after_window.allowed


@pytest.mark.django_db(transaction=True)
def test_the_count_is_shared_by_every_database_connection(throttle_rates):
    """Web processes each have their own connection: 40 parallel hits on 8 connections
    are allowed exactly as often as the limit says."""
    throttle_rates("setup_intent_account", 5, seconds=3600)

    def hit(_: int) -> bool:
        try:
            return throttle_hit(limit="setup_intent_account", value="42").allowed
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = list(pool.map(hit, range(40)))

    assert allowed.count(True) == 5
    assert not throttle_hit(limit="setup_intent_account", value="42").allowed


HITS_IN_ANOTHER_PROCESS = """
import django
django.setup()
from morpheus.throttles import throttle_hit
print([throttle_hit(limit="setup_intent_account", value="7").allowed for _ in range(3)])
"""


@pytest.mark.django_db(transaction=True)
def test_another_process_sees_this_process_count(throttle_rates, database_urls):
    throttle_rates("setup_intent_account", 4, seconds=3600)
    here = [throttle_hit(limit="setup_intent_account", value="7").allowed for _ in range(2)]
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "morpheus.settings",
        "DATABASE_URL": database_urls["app"],
        "THROTTLE_SETUP_INTENT_ACCOUNT": "4/h",
    }

    there = run_python("-c", HITS_IN_ANOTHER_PROCESS, env=environment, check=True)

    assert here == [True, True]
    assert there.stdout.strip() == "[True, True, False]"


@pytest.mark.django_db
def test_the_app_role_cannot_read_or_reset_the_counters_directly():
    for statement in (
        "SELECT count(*) FROM morpheus_throttlebucket",
        "DELETE FROM morpheus_throttlebucket",
        "UPDATE morpheus_throttlebucket SET hits = 0",
    ):
        with pytest.raises(ProgrammingError, match="permission denied"), transaction.atomic():
            connection.cursor().execute(statement)


@pytest.mark.django_db
def test_the_counting_functions_run_as_their_owner_with_a_fixed_search_path():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, prosecdef, proconfig FROM pg_proc "
            "WHERE proname LIKE 'morpheus_throttle_%' ORDER BY proname"
        )
        functions = cursor.fetchall()

    assert functions == [
        ("morpheus_throttle_forgive_one", True, ["search_path=pg_catalog, public, pg_temp"]),
        ("morpheus_throttle_hit", True, ["search_path=pg_catalog, public, pg_temp"]),
        ("morpheus_throttle_purge", True, ["search_path=pg_catalog, public, pg_temp"]),
        ("morpheus_throttle_reset", True, ["search_path=pg_catalog, public, pg_temp"]),
    ]


@pytest.mark.django_db
def test_purging_removes_only_counters_whose_window_ended(throttle_rates):
    throttle_rates("signup_ip", 1, seconds=600)
    with time_machine.travel(START, tick=False) as clock:
        throttle_hit(limit="signup_ip", value="192.0.2.1")
        throttle_hit(limit="signup_ip", value="192.0.2.2")
        clock.shift(timedelta(minutes=5))
        throttle_hit(limit="signup_ip", value="192.0.2.3")
        clock.shift(timedelta(minutes=6))
        purged = throttle_purge(before=timezone.now())
        kept = throttle_hit(limit="signup_ip", value="192.0.2.3")
        clock.shift(timedelta(minutes=5))
        purge_throttle_buckets(timestamp=0)
        left_for_later = throttle_purge(before=timezone.now())

    assert purged == 2
    assert not kept.allowed
    assert left_for_later == 0


def test_ended_windows_are_purged_every_hour():
    periodic = next(
        entry
        for entry in app.periodic_registry.periodic_tasks.values()
        if entry.task is purge_throttle_buckets
    )

    assert periodic.cron == "17 * * * *"


@pytest.mark.django_db(transaction=True)
def test_the_store_keeps_keyed_digests_not_usernames_or_addresses(database_urls):
    throttle_hit(limit="signin_account", value="alice")
    throttle_hit(limit="signin_ip", value="203.0.113.7")

    with psycopg.connect(database_urls["owner"]) as owner:
        buckets = [row[0] for row in owner.execute("SELECT bucket FROM morpheus_throttlebucket")]

    assert len(buckets) == 2
    assert not any("alice" in bucket or "203.0.113.7" in bucket for bucket in buckets)
    assert {bucket.split(":")[0] for bucket in buckets} == {"signin_account", "signin_ip"}


@pytest.mark.django_db
def test_refusals_are_counted_in_metrics_by_limit(client, throttle_rates, settings):
    settings.METRICS_TOKEN = "metrics-test-token-0123456789"
    throttle_rates("signin_account", 1)
    sample = 'morpheus_throttled_requests_total{limit="signin_account"}'
    user = UserFactory()
    before = _metric(client, settings.METRICS_TOKEN, sample)

    for _ in range(4):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})

    assert _metric(client, settings.METRICS_TOKEN, sample) == before + 3


@pytest.mark.django_db
def test_a_time_from_beyond_the_databases_clock_neither_resets_nor_purges_a_live_window(
    throttle_rates,
):
    """What SQL run as the app role could pass: a far future, or "infinity"."""
    throttle_rates("signin_account", 1, seconds=900)
    throttle_hit(limit="signin_account", value="alice")

    with time_machine.travel(timezone.now() + timedelta(days=365), tick=False):
        from_the_future = throttle_hit(limit="signin_account", value="alice")
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.morpheus_throttle_purge('infinity')")
        (purged,) = cursor.fetchone()

    assert not from_the_future.allowed
    assert purged == 0
    assert not throttle_hit(limit="signin_account", value="alice").allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("referer", "way_back"),
    [
        ("http://testserver/accounts/login/?next=/library/", "/accounts/login/?next=/library/"),
        ("http://elsewhere.example/accounts/login/", None),
        ("http://testserver//elsewhere.example/accounts/login/", None),
        ("", None),
    ],
)
def test_a_refused_form_leads_back_to_its_page_on_this_site(
    client, throttle_rates, referer, way_back
):
    """Found by an outside probe: the refusal offered only "Back to the comics", away from
    the form the customer was filling in. A page of another site (or a path that names one)
    is no way back: the comics are."""
    throttle_rates("signin_account", 1)
    user = UserFactory()
    form = {"username": user.username, "password": "wrong"}
    client.post("/accounts/login/", form)

    refused = client.post("/accounts/login/", form, headers={"referer": referer})

    assert refused.status_code == 429
    links = re.findall(r'<a class="button" href="([^"]+)"[^>]*>([^<]+)</a>', refused.text)
    if way_back is None:
        assert links == [(reverse("catalog:list"), "Back to the comics")]
    else:
        assert links == [(way_back, "Back to the page you were on")]
