"""Settings read from the environment: a value that cannot be meant refuses to start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from morpheus.env import env_float


@pytest.mark.parametrize("raw", ["0", "-1", "soon", "nan"])
def test_a_number_of_seconds_that_is_not_more_than_zero_is_refused(monkeypatch, raw):
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", raw)

    with pytest.raises(ImproperlyConfigured, match="STRIPE_TIMEOUT_SECONDS must be"):
        env_float("STRIPE_TIMEOUT_SECONDS", 8)


def test_a_fraction_of_a_second_is_read_and_an_unset_one_is_the_default(monkeypatch):
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "0.5")
    assert env_float("STRIPE_TIMEOUT_SECONDS", 8) == 0.5
    monkeypatch.delenv("STRIPE_TIMEOUT_SECONDS")
    assert env_float("STRIPE_TIMEOUT_SECONDS", 8) == 8
