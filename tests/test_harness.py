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


def test_tests_without_a_database_run_first(request):
    uses_database = [pytest_plugin.uses_database(item) for item in request.session.items]

    assert uses_database == sorted(uses_database)
    assert not pytest_plugin.uses_database(request.node)
