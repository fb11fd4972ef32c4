"""The shop as a customer's browser sees it: a live server wired to localstripe's webhooks."""

import copy
from collections.abc import Iterator

import pytest

from morpheus_testing.jobs import background_worker
from morpheus_testing.stripe_fixtures import TEST_WEBHOOK_SECRET
from morpheus_testing.waiting import CommittedWrites, committed_writes


@pytest.fixture
def shop(live_server, stripe_settings, localstripe, django_db_blocker):
    """The live server's URL, with localstripe sending its signed events to its webhook and
    a job worker running (fulfilment is a background job)."""
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
    _admit_in_content_security_policy(stripe_settings, localstripe.base_url)
    with background_worker():
        yield live_server.url
    localstripe.unregister_webhook(LOCAL_WEBHOOK_NAME)  # nothing reaches the next test


@pytest.fixture
def job_writes(database_urls) -> Iterator[CommittedWrites]:
    """Wakes `wait_until` each time a job is queued, taken or finished: what a finished job
    did (an email sent, a payment's card recorded) is there to see."""
    with committed_writes(database_urls["owner"], "procrastinate_jobs") as writes:
        yield writes


def _admit_in_content_security_policy(settings, origin: str) -> None:
    """What settings derive from STRIPE_API_BASE at startup, for a localstripe started later."""
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    for directive in ("script-src", "connect-src"):
        policy["DIRECTIVES"][directive] = [*policy["DIRECTIVES"][directive], origin]
    settings.CONTENT_SECURITY_POLICY = policy
