"""The settings history is append-only: what staff changed stays as it was recorded."""

import pytest
from django.db import DatabaseError, connection, transaction

from morpheus.db_context import system_scope
from morpheus.models import SettingChange
from morpheus.setting_changes import setting_change_record
from morpheus_testing.factories import ComicFactory


def recorded_change() -> SettingChange:
    comic = ComicFactory(price_amount=499)
    with system_scope():
        return setting_change_record(
            setting=comic,
            before={"price_amount": {"amount": 499, "currency": "EUR"}},
            after={"price_amount": {"amount": 599, "currency": "EUR"}},
            actor="staff:finance",
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE morpheus_settingchange SET actor = 'staff:someone-else' WHERE id = %s",
        "DELETE FROM morpheus_settingchange WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_a_recorded_change_cannot_be_rewritten_or_deleted_by_the_app(statement):
    change = recorded_change()

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [change.pk])

    assert SettingChange.objects.get(pk=change.pk).actor == "staff:finance"


@pytest.mark.django_db(transaction=True)
def test_a_recorded_change_is_append_only_even_for_the_tables_owner(database_urls):
    import psycopg

    change = recorded_change()

    with psycopg.connect(database_urls["owner"]) as owner:
        owner.execute(
            "SELECT set_config('morpheus.context', morpheus_sign_context('system', NULL), true)"
        )
        with pytest.raises(psycopg.DatabaseError, match="append-only"):
            owner.execute("DELETE FROM morpheus_settingchange WHERE id = %s", [change.pk])

    with system_scope():
        assert SettingChange.objects.filter(pk=change.pk).exists()
