"""The account emails recorded (`accounts_accountemail`): their customer reads their own,
staff and the system all."""

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from accounts.models import AccountEmail, AccountEmailKind
from accounts.services import account_email_record
from morpheus.db_context import Scope, rls_scope
from morpheus_testing.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_and_bob():
    alice, bob = UserFactory(), UserFactory()
    for user in (alice, bob):
        account_email_record(
            user_id=user.pk, kind=AccountEmailKind.PASSWORD_RESET, recipient=user.email
        )
    return alice, bob


def test_a_customer_reads_their_own_account_emails_and_not_anothers(alice_and_bob):
    alice, bob = alice_and_bob

    with rls_scope(scope=Scope.CUSTOMER, user_id=alice.pk):
        recipients = list(AccountEmail.objects.values_list("recipient", flat=True))
        bobs_changed = AccountEmail.objects.filter(user=bob).update(recipient="x@example.com")

    assert recipients == [alice.email]
    assert bobs_changed == 0


def test_a_customer_cannot_record_an_email_on_another_account(alice_and_bob):
    alice, bob = alice_and_bob

    with (
        rls_scope(scope=Scope.CUSTOMER, user_id=alice.pk),
        pytest.raises(DatabaseError, match="row-level security"),
        transaction.atomic(),
    ):
        AccountEmail.objects.create(
            user=bob,
            kind=AccountEmailKind.VERIFY_EMAIL,
            recipient=bob.email,
            sent_at=timezone.now(),
        )


def test_staff_read_every_account_email_and_an_anonymous_visitor_none(alice_and_bob):
    with rls_scope(scope=Scope.STAFF, user_id=StaffFactory().pk):
        seen_by_staff = AccountEmail.objects.count()
    with rls_scope(scope=Scope.ANONYMOUS):
        seen_anonymously = AccountEmail.objects.count()

    assert (seen_by_staff, seen_anonymously) == (2, 0)
