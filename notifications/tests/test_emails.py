from types import SimpleNamespace

import pytest

from morpheus_testing.factories import ComicFactory, create_order
from notifications.emails import compose
from notifications.models import EmailKind

TITLE = "The Sleepwalker's Atlas & Co <1>"
DOCUMENT = SimpleNamespace(
    number="INV-2026-000001",
    total_amount=499,
    currency="EUR",
    credited_invoice=SimpleNamespace(number="INV-2026-000001"),
)
LINK = {"title": TITLE, "url": "http://shop.test/downloads/abc/", "expires_at": None}
CONTEXTS = {
    EmailKind.ORDER_RECEIVED: {},
    EmailKind.PAYMENT_FAILED: {"reason": "Declined.", "retry_url": "http://shop.test/pay/"},
    EmailKind.DOWNLOADS_READY: {"links": [LINK]},
    EmailKind.REFUND_ISSUED: {"amount": 100},
    EmailKind.FILE_UPDATED: {
        "links": [LINK],
        "updated_title": TITLE,
        "version": 2,
        "preferences_url": "http://shop.test/account/emails/",
    },
    EmailKind.LINKS_SUSPENDED: {"reason": "Shared links & more."},
    EmailKind.PAYMENT_RECEIVED: {"document": DOCUMENT},
    EmailKind.CREDIT_NOTE: {"document": DOCUMENT},
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(EmailKind))
def test_every_email_has_an_inline_styled_html_part_and_a_text_part_without_markup(kind):
    order = create_order(comics=[ComicFactory(title=TITLE)])

    message = compose(kind=kind, order=order, **CONTEXTS[kind])

    ((html, mime),) = message.alternatives
    assert mime == "text/html"
    assert html.lstrip().startswith("<!doctype html>") and '<html lang="en">' in html
    assert "<style" not in html and 'style="' in html
    assert order.number in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    assert "<" not in message.body.replace("<1>", "")
