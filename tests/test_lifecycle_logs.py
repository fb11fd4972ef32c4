"""A whole purchase, as the logs see it: nothing secret may reach them."""

import re
from pathlib import Path

import pytest
from django.core import mail

from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.stripe_fixtures import TEST_WEBHOOK_SECRET, intent_event
from payments.services import refund_create
from payments.tests.helpers import intent_json, reload, started_payment


@pytest.mark.django_db
def test_logs_of_a_full_lifecycle_hold_no_key_client_secret_or_download_token(
    stripe_settings, send_event, client, log_output
):
    order, payment = started_payment()
    intent = intent_json(payment)
    assert send_event(intent_event("payment_intent.succeeded", intent)).status_code == 200
    run_queued_jobs()
    bodies = "\n".join(message.body for message in mail.outbox)
    tokens = re.findall(r"/downloads/([A-Za-z0-9_-]{40,})/", bodies)
    assert client.get(f"/downloads/{tokens[0]}/").status_code == 200
    assert client.get(f"/downloads/{'x' * 43}/").status_code == 404
    refund_create(order=reload(order), amount=100, reason="goodwill", actor="staff:ada")
    run_queued_jobs()

    output = log_output.getvalue()
    assert '"stripe_event_id"' in output
    assert f'"order_number": "{order.number}"' in output
    for secret in (
        stripe_settings.STRIPE_SECRET_KEY,
        TEST_WEBHOOK_SECRET,
        intent["client_secret"],
        *tokens,
    ):
        assert secret not in output


DOWNLOAD_TOKEN = re.compile(r"/downloads/([A-Za-z0-9_-]{40,})/")


def _pay_and_fulfil(send_event) -> None:
    """A purchase up to the email with the download links."""
    _, payment = started_payment()
    event = intent_event("payment_intent.succeeded", intent_json(payment))
    assert send_event(event).status_code == 200
    run_queued_jobs()


@pytest.mark.django_db
def test_with_the_default_mail_backend_download_links_reach_files_and_never_the_output(
    stripe_settings,
    send_event,
    client,
    log_output,
    capfd,
    tmp_path,
):
    stripe_settings.EMAIL_BACKEND = "notifications.mail_backends.FileEmailBackend"
    stripe_settings.EMAIL_FILE_PATH = str(tmp_path)
    _pay_and_fulfil(send_event)
    mailed = "".join(path.read_text() for path in Path(tmp_path).iterdir())
    tokens = DOWNLOAD_TOKEN.findall(mailed)
    assert tokens
    assert client.get(f"/downloads/{tokens[0]}/").status_code == 200

    captured = capfd.readouterr()
    output = log_output.getvalue() + captured.out + captured.err
    assert all(token not in output for token in tokens)


@pytest.mark.django_db
def test_with_the_console_mail_backend_the_output_holds_no_full_download_token(
    stripe_settings, send_event, client, log_output, capfd
):
    stripe_settings.EMAIL_BACKEND = "notifications.mail_backends.ConsoleEmailBackend"
    _pay_and_fulfil(send_event)

    captured = capfd.readouterr()
    output = log_output.getvalue() + captured.out + captured.err
    assert "/downloads/[redacted]/" in output
    assert not DOWNLOAD_TOKEN.search(output)
