"""Deploy checks (`manage.py check --deploy`): a shop served over HTTPS that could not take
a payment or send an email, or would issue invoices without its VAT number, says so before
it serves anyone.

settings.py refuses values that contradict each other; these are settings a development
machine does without (localstripe's keys, mail written to files, plain-HTTP links) that a
production shop must have. They speak only when SECURE_HTTPS says this is production.
"""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Backends that keep the mail on this machine: nobody receives it.
UNSENT_MAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "notifications.mail_backends.ConsoleEmailBackend",
        "notifications.mail_backends.FileEmailBackend",
    }
)


def _stripe_mode(key: str) -> str | None:
    """ "live" or "test" from a key's prefix (sk_, rk_, pk_), None when it has neither."""
    for mode in ("live", "test"):
        if key.startswith((f"sk_{mode}_", f"rk_{mode}_", f"pk_{mode}_")):
            return mode
    return None


@register(Tags.security, deploy=True)
def stripe_keys_check(app_configs, **kwargs) -> list[CheckMessage]:
    if not settings.SECURE_HTTPS:
        return []
    missing = [
        (name, consequence)
        for name, consequence in (
            ("STRIPE_SECRET_KEY", "every payment and refund is refused"),
            ("STRIPE_PUBLISHABLE_KEY", "the pay page cannot load Stripe's card form"),
            (
                "STRIPE_WEBHOOK_SECRET",
                "register_stripe_webhook cannot store the secret Stripe's events are verified with",
            ),
        )
        if not getattr(settings, name)
    ]
    warnings = [
        Warning(f"{name} is not set: {consequence}.", id="morpheus.W001")
        for name, consequence in missing
    ]
    secret_mode = _stripe_mode(settings.STRIPE_SECRET_KEY)
    publishable_mode = _stripe_mode(settings.STRIPE_PUBLISHABLE_KEY)
    if secret_mode and publishable_mode and secret_mode != publishable_mode:
        warnings.append(
            Warning(
                f"STRIPE_SECRET_KEY is a {secret_mode} key and STRIPE_PUBLISHABLE_KEY a "
                f"{publishable_mode} one: Stripe refuses every card the pay page collects.",
                hint="Take both keys from the same mode of the Stripe dashboard.",
                id="morpheus.W002",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def email_backend_check(app_configs, **kwargs) -> list[CheckMessage]:
    if not settings.SECURE_HTTPS or settings.EMAIL_BACKEND not in UNSENT_MAIL_BACKENDS:
        return []
    return [
        Warning(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: receipts, download links and password "
            "resets stay on this server and are never sent.",
            hint="Set EMAIL_BACKEND (and EMAIL_HOST...) to your mail server or provider.",
            id="morpheus.W003",
        )
    ]


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs) -> list[CheckMessage]:
    if not settings.SECURE_HTTPS or settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL} while SECURE_HTTPS is on: the links in emails "
            "(download links, password resets) travel in plain HTTP.",
            hint="Set SITE_URL to the shop's https:// address.",
            id="morpheus.W004",
        )
    ]


@register(Tags.security, deploy=True)
def seller_vat_id_check(app_configs, **kwargs) -> list[CheckMessage]:
    """Each document freezes the seller as issued: one issued without the number keeps it
    missing for good."""
    if not settings.SECURE_HTTPS or settings.TAX_MODE != "oss" or settings.INVOICE_SELLER_VAT_ID:
        return []
    return [
        Warning(
            "INVOICE_SELLER_VAT_ID is not set: every invoice and credit note is issued without "
            "the seller's VAT number, which an EU VAT invoice must carry (Article 226(3), "
            "Council Directive 2006/112/EC), and keeps it missing.",
            hint="Set INVOICE_SELLER_VAT_ID to the shop's VAT identification number.",
            id="morpheus.W005",
        )
    ]
