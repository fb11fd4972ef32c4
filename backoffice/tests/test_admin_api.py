"""Customers' API tokens in the back office: only staff who may change them revoke them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_issue
from morpheus.db_context import system_scope
from morpheus_testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def revoke_through_the_list(client, staff) -> ApiToken:
    with system_scope():
        token = api_token_issue(user=UserFactory(), name="reader app").token
    client.force_login(staff)
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    with system_scope():
        return ApiToken.objects.get(pk=token.pk)


def staff_with(*codenames: str):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return staff


def test_staff_who_may_only_view_tokens_cannot_revoke_one(client):
    token = revoke_through_the_list(client, staff_with("view_apitoken"))
    assert token.revoked_at is None


def test_staff_who_may_change_tokens_revoke_one(client):
    token = revoke_through_the_list(client, staff_with("view_apitoken", "change_apitoken"))
    assert token.revoked_at is not None
