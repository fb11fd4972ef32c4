"""Fixtures shared by every app's tests (defined in morpheus_testing/)."""

from morpheus_testing.admin_fixtures import (  # noqa: F401
    finance_client,
    plain_staff_client,
    staff_groups,
    superuser_client,
    support_client,
)
from morpheus_testing.api_fixtures import token_client  # noqa: F401
from morpheus_testing.browser import browser, new_page, screenshot  # noqa: F401
from morpheus_testing.e2e_fixtures import job_writes, shop  # noqa: F401
from morpheus_testing.fixtures import (  # noqa: F401
    _fast_password_hashing,
    _system_scope_in_db_tests,
    database_urls,
    django_db_setup,
)
from morpheus_testing.live_server import (  # noqa: F401
    _live_server_answers_before_teardown,
    live_server,
)
from morpheus_testing.logging_fixtures import log_output  # noqa: F401
from morpheus_testing.s3_fixtures import s3_asset_storage, s3_server  # noqa: F401
from morpheus_testing.screens import tour  # noqa: F401
from morpheus_testing.static_files import _static_files_read_once  # noqa: F401
from morpheus_testing.stripe_fixtures import (  # noqa: F401
    localstripe,
    send_event,
    silent_stripe,
    stripe_settings,
    stripe_webhook,
)
from morpheus_testing.throttle_fixtures import throttle_rates  # noqa: F401
