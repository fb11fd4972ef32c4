"""What staff see of dj-stripe's tables: the events the webhook stored and its deliveries,
read-only. dj-stripe's own admin pages are taken off the site: an event's page asks
Stripe for the event's customer and writes dj-stripe's mirror of it from the page view
(a network call in a request's transaction, and refused by row-level security)."""

from django.contrib import admin
from djstripe.models import Event, WebhookEventTrigger

from backoffice.admin_base import ReadOnlyAdmin

for model in [model for model in admin.site._registry if model._meta.app_label == "djstripe"]:
    admin.site.unregister(model)


@admin.register(Event)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ("id", "type", "created", "livemode")
    list_filter = ("type", "livemode")
    search_fields = ("=id", "=request_id")
    fields = ("id", "type", "created", "livemode", "api_version", "request_id", "data")
    readonly_fields = fields
    show_full_result_count = False


@admin.register(WebhookEventTrigger)
class StripeWebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("id", "created", "remote_ip", "valid", "processed")
    list_filter = ("valid", "processed")
    fields = ("id", "created", "remote_ip", "valid", "processed", "exception", "body")
    readonly_fields = fields
    show_full_result_count = False
