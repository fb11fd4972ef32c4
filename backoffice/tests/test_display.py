from datetime import UTC, datetime

import pytest

from accounts.services import guest_account_create
from backoffice.display import ActorNames, when
from morpheus_testing.factories import UserFactory


def test_times_show_the_minutes_even_on_the_hour():
    assert when(datetime(2026, 11, 29, 18, 0, tzinfo=UTC)) == "2026-11-29 18:00"
    assert when(None) is None


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("stripe:evt_1Q2w3e", "Stripe webhook"),
        ("stripe:pi_123", "Stripe (payment checked)"),
        ("stripe:re_123", "Stripe (refund confirmed)"),
        ("stripe:refund-refused", "Stripe (refund refused)"),
        ("system", "Worker"),
        ("system:reconcile_payments", "Worker (payment check)"),
        ("system:vat_evidence", "VAT evidence check"),
        ("download-link:17", "Download link #17"),
        ("database:morpheus_app", "Database (morpheus_app)"),
        ("something:new", "something:new"),
    ],
)
def test_systems_are_named_as_staff_know_them(db, raw, label):
    actor = ActorNames([raw])(raw)
    assert (actor.label, actor.raw) == (label, raw)


def test_people_are_named_by_their_name_or_username_and_role(db):
    alice = UserFactory(username="alice", first_name="Alice", last_name="Dreamer")
    bob = UserFactory(username="bob")
    sam = UserFactory(username="sam", first_name="Support", last_name="Sam", is_staff=True)
    # Outside probe FW-2: a guest read "guest:1573… (customer)", the list "Guest".
    guest = guest_account_create(email="guest@example.com")
    raws = [
        f"customer:{alice.pk}",
        f"customer:{bob.pk}",
        "staff:sam",
        "customer:999999",
        f"customer:{guest.pk}",
    ]
    names = ActorNames(raws)
    assert [names(raw).label for raw in raws] == [
        "Alice Dreamer (customer)",
        "bob (customer)",
        f"Staff: {sam.get_full_name()}",
        "A customer (customer)",
        "Guest (customer)",
    ]


def test_names_are_read_in_one_query_per_kind(db, django_assert_num_queries):
    users = [UserFactory() for _ in range(5)]
    raws = [f"customer:{user.pk}" for user in users] + ["staff:a", "staff:b", "stripe:evt_1"]
    with django_assert_num_queries(2):
        names = ActorNames(raws)
    with django_assert_num_queries(0):
        [names(raw) for raw in raws]
