import pytest

from morpheus.env import Rate


@pytest.fixture
def throttle_rates(settings):
    """Set one abuse limit for the test: `throttle_rates("signin_account", 3, seconds=900)`."""

    def set_rate(limit: str, count: int, seconds: int = 900) -> None:
        settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, limit: Rate(count, seconds)}

    return set_rate
