"""What the test harness assumes of itself (morpheus_testing)."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from morpheus_testing import pytest_plugin
from morpheus_testing.factories import UserFactory


def test_test_passwords_are_productions_pbkdf2_at_one_iteration_which_production_verifies(db):
    user = UserFactory()
    algorithm, iterations, _salt, _hash = user.password.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "1")
    production = PBKDF2PasswordHasher()
    assert production.verify("correct-horse-battery", user.password)
    assert not production.verify("correct-horse-battery!", user.password)


def test_tests_without_a_database_run_first_then_the_longest(request):
    items = request.session.items
    uses_database = [pytest_plugin.uses_database(item) for item in items]
    database_tests = [item for item, uses in zip(items, uses_database, strict=True) if uses]
    longest = [
        item for item in database_tests if item.nodeid.startswith(pytest_plugin.LONGEST_TESTS_FIRST)
    ]

    assert uses_database == sorted(uses_database)
    assert not pytest_plugin.uses_database(request.node)
    assert database_tests[: len(longest)] == longest
