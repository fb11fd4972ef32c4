"""Querysets compiled to SQL once per process, for hot paths that run the same query with
new values on every request (a Stripe webhook reads its endpoint and locks a payment), and
saves of a few fields whose UPDATE is built once (the webhook's payment and order).

Django builds and compiles a queryset's SQL afresh each time it runs: for a select_related
read with row locks that costs more CPU than PostgreSQL spends answering it. Here the
queryset is built once with placeholder values and compiled; each run sends the same SQL
with the caller's values, in the same order, and Django's own code (the compiler's
converters, `Model.from_db`, the select_related populators) turns the rows into instances.
"""

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, connections
from django.db.models import Model, QuerySet, signals
from django.db.models.query import get_related_populators


class CompiledQuery:
    """`queryset`'s SQL, run with other values for its parameters (model instances only:
    no annotations, prefetches or deferred fields)."""

    def __init__(self, queryset: QuerySet) -> None:
        self._db = queryset.db
        self._compiler = queryset.query.get_compiler(using=self._db)
        self.sql, placeholders = self._compiler.as_sql()
        self.parameter_count = len(placeholders)
        select, klass_info = self._compiler.select, self._compiler.klass_info
        if self._compiler.annotation_col_map or queryset._prefetch_related_lookups:
            raise ValueError("Only plain model querysets (select_related allowed) compile.")
        fields = klass_info["select_fields"]
        self._model = klass_info["model"]
        self._own = slice(fields[0], fields[-1] + 1)
        self._attnames = [column[0].target.attname for column in select[self._own]]
        self._related = get_related_populators(klass_info, select, self._db)
        columns = [column[0] for column in select[: self._compiler.col_count]]
        self._converters = self._compiler.get_converters(columns)

    def fetch(self, parameters: Sequence[Any]) -> list[Model]:
        """The instances for `parameters`, values as the database takes them (what a
        field's `get_db_prep_value` gives), in the order the queryset had them."""
        if len(parameters) != self.parameter_count:
            raise ValueError(f"{self.parameter_count} parameters expected.")
        with connections[self._db].cursor() as cursor:
            cursor.execute(self.sql, parameters)
            rows = cursor.fetchall()
        if self._converters:
            rows = self._compiler.apply_converters(rows, self._converters)
        found = []
        for row in rows:
            instance = self._model.from_db(self._db, self._attnames, row[self._own])
            for populator in self._related:
                populator.populate(row, instance)
            found.append(instance)
        return found


@functools.cache
def _update_sql(model: type[Model], fields: tuple[str, ...], conditions: tuple[str, ...]) -> str:
    quote, meta = connection.ops.quote_name, model._meta
    sets = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
    where = " AND ".join(
        f"{quote(meta.get_field(name).column)} = %s" for name in (meta.pk.name, *conditions)
    )
    return f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {where}"  # noqa: S608 - names from the model


def fields_update(
    instance: Model, fields: Sequence[str], *, while_unchanged: Mapping[str, Any] | None = None
) -> int:
    """What `instance.save(update_fields=fields)` writes (each field's `pre_save`, such as
    `auto_now`, and `get_db_prep_save`), by an UPDATE built once per model and fields, not
    compiled by the ORM on every save. With `while_unchanged`, only while those columns
    still hold those values. The number of rows updated. No `pre_save`/`post_save` signal
    is sent, so a model with a receiver for either is refused."""
    model = type(instance)
    if signals.pre_save.has_listeners(model) or signals.post_save.has_listeners(model):
        raise TypeError(f"{model.__name__} has save receivers: save() it instead.")
    meta, conditions = instance._meta, while_unchanged or {}
    values = [
        meta.get_field(name).get_db_prep_save(
            meta.get_field(name).pre_save(instance, add=False), connection
        )
        for name in fields
    ]
    values.append(instance.pk)
    values += [
        meta.get_field(name).get_db_prep_value(value, connection)
        for name, value in conditions.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(_update_sql(model, tuple(fields), tuple(conditions)), values)
        return cursor.rowcount
