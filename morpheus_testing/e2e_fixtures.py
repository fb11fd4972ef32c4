"""The shop as a customer's browser sees it: a live server wired to localstripe's webhooks."""

import pytest

from morpheus_testing.stripe_fixtures import TEST_WEBHOOK_SECRET


@pytest.fixture
def shop(live_server, stripe_settings, localstripe, django_db_blocker):
    """The live server's URL, with localstripe sending its signed events to its webhook."""
    from morpheus.db_context import system_scope
    from payments.djstripe_setup import (
        LOCAL_WEBHOOK_NAME,
        local_account_ensure,
        webhook_endpoint_register,
    )

    with django_db_blocker.unblock(), system_scope():
        local_account_ensure()
        _, url = webhook_endpoint_register(base_url=live_server.url)
    localstripe.register_webhook(LOCAL_WEBHOOK_NAME, url, TEST_WEBHOOK_SECRET)
    return live_server.url
