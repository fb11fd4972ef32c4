"""Staff edit a customer's account: the name as sign-up takes it."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from backoffice.admin import StaffUserChangeForm
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import waits_for_a_lock
from morpheus_testing.factories import UserFactory

pytestmark = pytest.mark.django_db

RAHUL = "\u0930\u093e\u0939\u0941\u0932"  # Hindi, with vowel signs


def _form_fields(user, **changes) -> dict:
    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-12-01",
        "date_joined_1": "10:00:00",
        **changes,
    }


def _saved(client, user, **changes):
    return client.post(
        reverse("admin:auth_user_change", args=[user.pk]), _form_fields(user, **changes)
    )


def test_staff_save_a_customer_whose_name_has_vowel_signs(superuser_client):
    """Outside probe GZ-2: Django's check of a name refuses every combining mark, so such a
    customer's account could not be saved in the back office."""
    customer = UserFactory(username=RAHUL, email="rahul@example.com")

    answer = _saved(superuser_client, customer, first_name="Rahul")

    assert answer.status_code == 302
    customer.refresh_from_db()
    assert (customer.username, customer.first_name) == (RAHUL, "Rahul")


def test_staff_cannot_name_a_customer_as_another_account_in_any_case(superuser_client):
    UserFactory(username="alice")
    customer = UserFactory(username="bob")

    answer = _saved(superuser_client, customer, username="ALICE")

    assert answer.status_code == 200
    assert "A user with that username already exists." in answer.text
    assert get_user_model().objects.filter(username="bob").exists()


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("aIice", "it is drawn like one taken or reserved"),  # a capital I for the l
        ("\u0430lice", "it is drawn like one taken or reserved"),  # a Cyrillic a
        ("\u0440\u0430ypal", "its letters are drawn like those of another alphabet"),
    ],
)
def test_staff_cannot_name_a_customer_as_another_account_is_drawn(superuser_client, name, said):
    """Outside probe HA-5: staff could rename an account to a look-alike of another's name,
    which sign-up refuses."""
    UserFactory(username="alice")
    customer = UserFactory(username="bob")

    answer = _saved(superuser_client, customer, username=name)

    assert said in answer.text
    customer.refresh_from_db()
    assert customer.username == "bob"


def test_staff_may_change_the_case_of_a_customers_own_name(superuser_client):
    customer = UserFactory(username="alice")

    answer = _saved(superuser_client, customer, username="Alice")

    assert answer.status_code == 302
    customer.refresh_from_db()
    assert customer.username == "Alice"


@pytest.mark.parametrize("name", ["Guest", "erased-5"])
def test_staff_cannot_give_a_customer_a_reserved_name(superuser_client, name):
    """Outside probe HA-5: renamed "Guest", a customer's orders read as a guest's."""
    customer = UserFactory(username="bob")

    answer = _saved(superuser_client, customer, username=name)

    assert "This name is reserved. Please choose another." in answer.text
    customer.refresh_from_db()
    assert customer.username == "bob"


def test_the_name_fields_help_says_what_a_name_may_hold(superuser_client):
    """Outside probe HA-6: it said "Letters, digits and @/./+/-/_ only" beside a Hindi name."""
    customer = UserFactory(username=RAHUL, email="rahul@example.com")

    page = superuser_client.get(reverse("admin:auth_user_change", args=[customer.pk])).text

    assert "letters of any alphabet with their accents and vowel signs" in page
    assert "Letters, digits and @/./+/-/_ only" not in page


@pytest.mark.django_db(transaction=True)
def test_a_rename_waits_for_one_to_a_name_drawn_alike_under_way_and_is_then_refused(
    superuser_client,
):
    """Outside probe HB-1: two staff renames at the same moment, to "lily" and "IiIy", both
    saved: each was checked before the other was."""
    carol, bob = UserFactory(username="carol"), UserFactory(username="bob")
    fields = _form_fields(carol, username="lily", date_joined="2026-12-01 10:00:00")
    renamed = StaffUserChangeForm(instance=carol, data=fields)

    def look_alike():
        return _saved(superuser_client, bob, username="IiIy")

    with transaction.atomic():
        assert renamed.is_valid(), renamed.errors
        renamed.save()
        waited = waits_for_a_lock(look_alike)
    answer = look_alike()

    assert waited
    assert "it is drawn like one taken or reserved" in answer.text
    with system_scope():
        names = set(get_user_model().objects.values_list("username", flat=True))
    assert {"lily", "bob"} <= names and "IiIy" not in names
