import pytest
from django.core.cache import cache
from django.test import override_settings

from api.tests import api_settings

# Applied when this conftest loads, before any test module imports the API's views: DRF
# views read REST_FRAMEWORK into class attributes at import time.
override_settings(
    ROOT_URLCONF="api.tests.urls",
    **{name: getattr(api_settings, name) for name in dir(api_settings) if name.isupper()},
).enable()


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
