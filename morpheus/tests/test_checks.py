import pytest
from django.core.checks import Tags, run_checks


@pytest.fixture
def production(settings):
    settings.SECURE_HTTPS = True
    settings.SITE_URL = "https://shop.morpheus.example"
    settings.STRIPE_SECRET_KEY = "sk_live_morpheus"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_live_morpheus"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_morpheus"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.INVOICE_SELLER_VAT_ID = "IE6388047V"
    return settings


def _shop_warnings() -> list[str]:
    return [
        message.msg
        for message in run_checks(tags=[Tags.security], include_deployment_checks=True)
        if message.id.startswith("morpheus.")
    ]


def test_a_complete_production_configuration_draws_no_warning(production):
    assert _shop_warnings() == []


def test_invoices_without_the_sellers_vat_number_are_warned_about(production):
    """Outside probe BA (BA-8): left at its default, every invoice went out without it."""
    production.INVOICE_SELLER_VAT_ID = ""

    assert _shop_warnings() == [
        "INVOICE_SELLER_VAT_ID is not set: every invoice and credit note is issued without the "
        "seller's VAT number, which an EU VAT invoice must carry (Article 226(3), Council "
        "Directive 2006/112/EC), and keeps it missing."
    ]
    production.TAX_MODE = "none"
    assert _shop_warnings() == []


def test_a_live_secret_key_with_a_test_publishable_key_is_warned_about(production):
    production.STRIPE_PUBLISHABLE_KEY = "pk_test_morpheus"

    assert _shop_warnings() == [
        "STRIPE_SECRET_KEY is a live key and STRIPE_PUBLISHABLE_KEY a test one: Stripe "
        "refuses every card the pay page collects."
    ]


def test_no_stripe_keys_at_all_are_warned_about_one_by_one(production):
    production.STRIPE_SECRET_KEY = ""
    production.STRIPE_PUBLISHABLE_KEY = ""
    production.STRIPE_WEBHOOK_SECRET = ""

    assert _shop_warnings() == [
        "STRIPE_SECRET_KEY is not set: every payment and refund is refused.",
        "STRIPE_PUBLISHABLE_KEY is not set: the pay page cannot load Stripe's card form.",
        "STRIPE_WEBHOOK_SECRET is not set: register_stripe_webhook cannot store the secret "
        "Stripe's events are verified with.",
    ]


@pytest.mark.parametrize(
    "backend",
    [
        "notifications.mail_backends.FileEmailBackend",
        "notifications.mail_backends.ConsoleEmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    ],
)
def test_mail_that_never_leaves_the_server_is_warned_about(production, backend):
    production.EMAIL_BACKEND = backend

    assert _shop_warnings() == [
        f"EMAIL_BACKEND is {backend}: receipts, download links and password resets stay on "
        "this server and are never sent."
    ]


def test_plain_http_links_behind_https_are_warned_about(production):
    production.SITE_URL = "http://shop.morpheus.example"

    assert _shop_warnings() == [
        "SITE_URL is http://shop.morpheus.example while SECURE_HTTPS is on: the links in "
        "emails (download links, password resets) travel in plain HTTP."
    ]


def test_a_development_machine_without_https_draws_no_warning(settings):
    settings.SECURE_HTTPS = False
    settings.STRIPE_SECRET_KEY = ""
    settings.EMAIL_BACKEND = "notifications.mail_backends.FileEmailBackend"
    settings.SITE_URL = "http://127.0.0.1:8000"

    assert _shop_warnings() == []
