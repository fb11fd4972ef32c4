import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from accounts.selectors import username_as_stored
from morpheus_testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_username_in_any_case_is_found_as_stored():
    UserFactory(username="alice")

    assert username_as_stored(typed="Alice") == "alice"
    assert username_as_stored(typed="nobody") == "nobody"


def test_looking_a_username_up_in_any_case_reads_one_account_through_an_index():
    UserFactory(username="alice")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: a scan is cheaper

    plan = get_user_model().objects.filter(username__iexact="Alice").explain()

    assert "accounts_username_any_case" in plan
