"""morpheus.settings plus the API's settings and URLs, for running the API's tests with
`--ds api.tests.settings` until both move into morpheus/ (then this module goes away).
DRF reads REST_FRAMEWORK into class attributes at import, so a late override is not enough."""

from api.tests.api_settings import *  # noqa: F403
from morpheus.settings import *  # noqa: F403

ROOT_URLCONF = "api.tests.urls"
