import pytest

from morpheus_testing.stripe_signing import build_event
from payments.tests.helpers import intent_json, issue_download_links, reload, started_payment


@pytest.fixture
def paid(stripe_webhook, send_event):
    """A fulfilled order (download links issued) paid through localstripe."""
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    return reload(order), payment
