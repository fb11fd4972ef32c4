import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from accounts.selectors import (
    _DRAWN_AS_TAKEN,
    RESERVED_NAMES,
    name_drawings,
    username_as_stored,
)
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


def test_a_name_drawn_like_a_taken_one_is_looked_up_through_the_names_indexes():
    """The three glyphs' indexes (accounts 0007): a sign-up reads no account whose name is
    not drawn alike."""
    user = get_user_model()
    # Enough accounts that reading them all, by any index, costs more than looking one up.
    user.objects.bulk_create(user(username=f"reader-{number}") for number in range(500))
    users = connection.ops.quote_name(user._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN " + _DRAWN_AS_TAKEN.format(users=users),
            {
                "glyphs": name_drawings(typed="FlNANCE"),
                "reserved": list(RESERVED_NAMES),
                "excluding": user.objects.get(username="reader-7").pk,  # being renamed
            },
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    for index in (
        "accounts_username_glyphs",
        "accounts_username_glyphs_upper",
        "accounts_username_glyphs_lower",
    ):
        assert index in plan
    assert "Seq Scan on auth_user" not in plan
