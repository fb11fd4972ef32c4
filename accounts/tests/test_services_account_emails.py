"""Recording an account email that went (`account_email_record`)."""

import pytest

from accounts.models import AccountEmailKind
from accounts.privacy import erasure_request
from accounts.services import account_email_record
from morpheus_testing.factories import UserFactory
from morpheus_testing.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db


def test_an_email_that_went_to_an_account_erased_since_is_recorded_with_the_erased_address():
    user = UserFactory(email="gone@example.com")
    erasure_request(user=user)
    run_queued_jobs(names=["accounts.tasks.erase_account"])

    row = account_email_record(
        user_id=user.pk, kind=AccountEmailKind.PASSWORD_RESET, recipient="gone@example.com"
    )

    assert row.recipient == f"erased-{user.pk}@erased.invalid"
