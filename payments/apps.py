from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self) -> None:
        from payments.webhooks import handlers

        _stop_djstripe_mirroring(handlers.HANDLED_EVENT_TYPES)


def _stop_djstripe_mirroring(event_types: tuple[str, ...]) -> None:
    """dj-stripe's own receivers re-fetch each event's object (and its customer, charge,
    balance transaction...) from Stripe inside the webhook's transaction, holding our order
    lock across network calls and failing whenever the API is slow. Our handlers work from
    the signed event alone; reconciliation re-reads Stripe where it matters."""
    from djstripe import event_handlers
    from djstripe.models import Event
    from djstripe.signals import WEBHOOK_SIGNALS

    mirrors = (
        event_handlers.handle_other_event,
        event_handlers.handle_charge_event,
        event_handlers.handle_charge_dispute_event,
    )
    for event_type in event_types:
        for mirror in mirrors:
            WEBHOOK_SIGNALS[event_type].disconnect(mirror, sender=Event)
