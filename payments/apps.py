from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self) -> None:
        from payments import receivers
        from payments.webhooks import handlers  # noqa: F401 (its receivers connect on import)

        receivers.connect()
        _stop_djstripe_mirroring()


def _stop_djstripe_mirroring() -> None:
    """dj-stripe's own receivers re-fetch each event's object (and its customer, charge,
    balance transaction...) from Stripe inside the webhook's transaction, holding our order
    lock across network calls and failing whenever the API is slow. Our handlers work from
    the signed event alone; reconciliation re-reads Stripe where it matters. So none of
    them runs, for any event type (the endpoint receives every type: events we do not
    handle are stored, and nothing else)."""
    from djstripe import event_handlers
    from djstripe.models import Event
    from djstripe.signals import WEBHOOK_SIGNALS

    mirrors = [
        handler
        for name, handler in vars(event_handlers).items()
        if name.startswith("handle_") and callable(handler)
    ]
    for signal in WEBHOOK_SIGNALS.values():
        for mirror in mirrors:
            signal.disconnect(mirror, sender=Event)
