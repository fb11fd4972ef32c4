"""dj-stripe's bookkeeping for one signed event, written in one statement, then its handlers.

dj-stripe's own path (`WebhookEventTrigger.from_request` and `Event.process`) reads the
endpoint again, asks which account owns the API key (two reads) and whether the event
exists, inserts the trigger row, then the event, and updates the trigger, each step in a
savepoint: about twenty statements before our handlers start. Here the same rows, built by
dj-stripe's models and field conversions, are written by one INSERT: the Event row only
when its id is new (`ON CONFLICT DO NOTHING` on the unique id: a duplicate, even a racing
one, waits for the first and then runs no handler), the trigger row always. Then
dj-stripe's handler registry (`Event.invoke_webhook_handlers`, where our handlers and
dj-stripe's own mirroring are connected) runs in the same transaction, with no savepoints
and with every job it defers written together. The ingress checked the signature with the
endpoint's secret before; any exception rolls all of it back and answers 500 (the
request's transaction), so Stripe sends the event again.
"""

import functools
import json
from typing import Any

from django.db import connection, models
from django.http import HttpRequest, HttpResponse
from djstripe.models import APIKey, Event, WebhookEndpoint, WebhookEventTrigger
from djstripe.models.webhooks import get_remote_ip
from djstripe.settings import djstripe_settings

from morpheus.jobs import deferred_together
from morpheus.transactions import all_or_nothing


@functools.cache
def _owner_account_id(api_key: str) -> str | None:
    """The account dj-stripe has stored for an API key, read once per process (a key never
    changes hands). From the database only: dj-stripe's own lookup asks Stripe for a key it
    has no account for, which here would hold the webhook's transaction across the
    network. Without one (`local_account_ensure` stores localstripe's), the event is stored
    with no owner account, which none of our handlers reads."""
    return (
        APIKey.objects.filter(secret=api_key)
        .values_list("djstripe_owner_account_id", flat=True)
        .first()
    )


def _event(data: dict[str, Any], api_key: str) -> Event:
    """The Event row dj-stripe would store for `data` (its fields' own conversions; an
    event has no Stripe relations to resolve)."""
    record: dict[str, Any] = {"stripe_data": data}
    for field in Event._meta.concrete_fields:
        if field.name.startswith("djstripe_") or field.name == "stripe_data":
            continue
        value = field.stripe_to_db(data) if hasattr(field, "stripe_to_db") else data.get(field.name)
        if value is None and isinstance(field, models.CharField | models.TextField):
            value = ""
        record[field.name] = value
    event = Event(**record, djstripe_owner_account_id=_owner_account_id(api_key))
    event._attach_objects_hook(Event, data, api_key=api_key)
    return event


@functools.cache
def _inserted_fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    """Every column but a generated key."""
    return tuple(
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField | models.BigAutoField))
    )


def _insert_sql(model: type[models.Model]) -> str:
    quote = connection.ops.quote_name
    fields = _inserted_fields(model)
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model


@functools.cache
def _store_sql() -> str:
    """The event (when its id is new) and the trigger row in one statement: the same SQL
    for every event, built once per process."""
    return (
        f"WITH stored AS ({_insert_sql(Event)} ON CONFLICT (id) DO NOTHING "  # noqa: S608
        f"RETURNING djstripe_id) {_insert_sql(WebhookEventTrigger)} "
        "RETURNING id, (SELECT djstripe_id FROM stored)"
    )


def _values(instance: models.Model) -> list[Any]:
    """What `_insert_sql` inserts for `instance`, with Django's own defaults and conversions."""
    return [
        field.get_db_prep_save(field.pre_save(instance, add=True), connection)
        for field in _inserted_fields(type(instance))
    ]


def _store(event: Event, trigger: WebhookEventTrigger) -> bool:
    """Write both rows in one statement; True when the event is new."""
    with connection.cursor() as cursor:
        cursor.execute(_store_sql(), [*_values(event), *_values(trigger)])
        trigger.pk, event.pk = cursor.fetchone()
    event._state.adding = trigger._state.adding = False
    return event.pk is not None


def _api_key(endpoint: WebhookEndpoint) -> str:
    """The key dj-stripe would use for this endpoint's events."""
    owner = endpoint.djstripe_owner_account if endpoint.djstripe_owner_account_id else None
    return (owner.default_api_key if owner else None) or djstripe_settings.get_default_api_key(
        endpoint.livemode
    )


def event_receive(*, request: HttpRequest, endpoint: WebhookEndpoint) -> HttpResponse:
    """Store a signed event whose envelope was checked and run its handlers once per id;
    answers with the trigger row's id, as dj-stripe's view does."""
    body = request.body.decode("utf-8")  # checked as such (`envelope_problem`)
    data = json.loads(body)
    event = _event(data, _api_key(endpoint))
    trigger = WebhookEventTrigger(
        headers=dict(request.headers),
        body=body,
        remote_ip=get_remote_ip(request),
        stripe_trigger_account_id=endpoint.djstripe_owner_account_id,
        webhook_endpoint=endpoint,
        valid=True,
        processed=True,
        event_id=event.id,
    )
    with all_or_nothing(), deferred_together():
        if _store(event, trigger):
            event.invoke_webhook_handlers()
    return HttpResponse(str(trigger.pk))
