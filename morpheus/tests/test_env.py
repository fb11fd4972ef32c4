"""Settings read from the environment: a value that cannot be meant refuses to start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from morpheus.env import env_float, env_int, env_period, env_rate


@pytest.mark.parametrize("raw", ["0", "-1", "soon", "nan"])
def test_a_number_of_seconds_that_is_not_more_than_zero_is_refused(monkeypatch, raw):
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", raw)

    with pytest.raises(ImproperlyConfigured, match="STRIPE_TIMEOUT_SECONDS must be"):
        env_float("STRIPE_TIMEOUT_SECONDS", 8, maximum=3600)


def test_a_fraction_of_a_second_is_read_and_an_unset_one_is_the_default(monkeypatch):
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "0.5")
    assert env_float("STRIPE_TIMEOUT_SECONDS", 8, maximum=3600) == 0.5
    monkeypatch.delenv("STRIPE_TIMEOUT_SECONDS")
    assert env_float("STRIPE_TIMEOUT_SECONDS", 8, maximum=3600) == 8


@pytest.mark.parametrize(
    ("unit", "most"), [("seconds", 315_360_000), ("minutes", 5_256_000), ("days", 3650)]
)
def test_a_period_beyond_ten_years_is_refused_naming_its_most(monkeypatch, unit, most):
    """Periods are added to dates: one too large failed every link issue, retention run or
    expiry check instead of the start (probe AU-2)."""
    monkeypatch.setenv("A_PERIOD", str(most))
    assert env_period("A_PERIOD", 1, unit=unit) == most

    monkeypatch.setenv("A_PERIOD", str(most + 1))
    with pytest.raises(ImproperlyConfigured, match=f"A_PERIOD must be at most {most}, got"):
        env_period("A_PERIOD", 1, unit=unit)


def test_a_count_beyond_postgresqls_integer_is_refused(monkeypatch):
    monkeypatch.setenv("DOWNLOAD_LINK_MAX_DOWNLOADS", str(2**31))

    with pytest.raises(ImproperlyConfigured, match="must be at most 2147483647"):
        env_int("DOWNLOAD_LINK_MAX_DOWNLOADS", 5, minimum=1)


def test_a_stripe_timeout_over_an_hour_is_refused(monkeypatch):
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "1e9")

    with pytest.raises(ImproperlyConfigured, match="must be at most 3600, got '1e9'"):
        env_float("STRIPE_TIMEOUT_SECONDS", 8, maximum=3600)


@pytest.mark.parametrize(
    ("raw", "refusal"),
    [
        ("5/24856d", "must count over at most 3650d, got '5/24856d'"),
        ("5/3651d", "must count over at most 3650d, got '5/3651d'"),
        ("99999999999/h", "must allow at most 2147483647 requests, got '99999999999/h'"),
    ],
)
def test_a_throttle_rate_beyond_ten_years_or_postgresqls_integer_is_refused(
    monkeypatch, raw, refusal
):
    """A longer window failed every throttled request in the database, a 500 at every
    sign-in (probe AX-5)."""
    monkeypatch.setenv("THROTTLE_SIGNIN_IP", raw)

    with pytest.raises(ImproperlyConfigured, match=f"THROTTLE_SIGNIN_IP {refusal}"):
        env_rate("THROTTLE_SIGNIN_IP", "30/15m")


def test_a_throttle_rate_of_ten_years_is_read():
    assert env_rate("A_RATE_NOT_SET", "5/3650d").seconds == 3650 * 86400
