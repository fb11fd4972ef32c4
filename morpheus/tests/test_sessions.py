"""Sessions through the owner's functions: usable by key, never listable by the app role."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from procrastinate.contrib.django import app

from morpheus.sessions import SessionStore
from morpheus.tasks import clear_expired_sessions


def saved_session(**data) -> SessionStore:
    session = SessionStore()
    session.update(data)
    session.save()
    return session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "SELECT session_key FROM django_session",
        "DELETE FROM django_session",
        "UPDATE django_session SET expire_date = now()",
    ],
)
def test_the_app_role_cannot_list_or_touch_sessions_directly(statement):
    saved_session(user="alice")

    with pytest.raises(DatabaseError, match="permission denied"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


@pytest.mark.django_db
def test_a_session_loads_back_by_its_key_only():
    session = saved_session(user="alice")

    assert SessionStore(session.session_key).load() == {"user": "alice"}
    assert SessionStore("z" * 32).load() == {}
    assert SessionStore().exists(session.session_key)


@pytest.mark.django_db
def test_changes_are_saved_and_an_expired_session_no_longer_loads():
    session = saved_session(user="alice")
    session["cart"] = 3
    session.set_expiry(60)
    session.save()

    assert SessionStore(session.session_key).load()["cart"] == 3
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert SessionStore(session.session_key).load() == {}


@pytest.mark.django_db
def test_creating_a_taken_key_or_updating_a_deleted_session_fails():
    session = saved_session(user="alice")

    with pytest.raises(CreateError):
        session.save(must_create=True)
    stale = SessionStore(session.session_key)
    stale["user"] = "bob"
    session.delete()
    with pytest.raises(UpdateError):
        stale.save()


@pytest.mark.django_db
def test_delete_and_clear_expired_remove_only_what_they_should():
    gone, expired, kept = saved_session(n=1), saved_session(n=2), saved_session(n=3)
    expired.set_expiry(timezone.now() - timedelta(seconds=1))
    expired.save()

    gone.delete()
    SessionStore.clear_expired()

    store = SessionStore()
    assert not store.exists(gone.session_key)
    assert not store.exists(expired.session_key)
    assert store.exists(kept.session_key)


@pytest.mark.django_db
def test_a_time_before_the_databases_clock_does_not_bring_an_expired_session_back():
    session = saved_session(user="alice")
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()

    with time_machine.travel(timezone.now() - timedelta(hours=1)):
        assert SessionStore(session.session_key).load() == {}


@pytest.mark.django_db
def test_clearing_with_infinity_removes_only_sessions_that_expired():
    kept = saved_session(user="alice")

    with connection.cursor() as cursor:
        cursor.execute("SELECT public.morpheus_session_clear_expired('infinity')")

    assert SessionStore().exists(kept.session_key)


@pytest.mark.django_db
def test_expired_sessions_are_cleared_every_night_by_a_job():
    expired, kept = saved_session(n=1), saved_session(n=2)
    expired.set_expiry(timezone.now() - timedelta(seconds=1))
    expired.save()
    periodic = next(
        entry
        for entry in app.periodic_registry.periodic_tasks.values()
        if entry.task is clear_expired_sessions
    )

    clear_expired_sessions(timestamp=0)

    assert periodic.cron == "23 4 * * *"
    store = SessionStore()
    assert (store.exists(expired.session_key), store.exists(kept.session_key)) == (False, True)
